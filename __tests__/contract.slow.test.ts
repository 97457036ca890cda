/**
 * The runtime contract is the TypeScript types: regenerating it from them gives the committed schema and validators
 * byte for byte (`npm run contract` writes them). Slow: it builds a TypeScript program of the whole library.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CONTRACT, generate } from '../scripts/contract';

describe('the runtime contract', () => {
  it('is what the types give: regenerating changes nothing (run npm run contract after changing a public type)', () => {
    const generated = generate();
    expect(readFileSync(join(__dirname, '..', CONTRACT.file), 'utf8')).toBe(generated.schema);
    expect(readFileSync(join(__dirname, '..', CONTRACT.validators), 'utf8')).toBe(generated.validators);
  }, 120_000);
});
