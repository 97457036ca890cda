import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE, failure } from './helpers/catalogue';

describe('the catalogue of bad input', () => {
  it('has at least 25 classes', () => expect(CATALOGUE.length).toBeGreaterThanOrEqual(25));

  it.each(CATALOGUE)('fails when: %s', (_name, declaration, message) => {
    expect(failure(declaration)).toContain(message);
  });

  it('is listed in the README, one example message per class', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const missing = CATALOGUE.filter(([name, , message]) => !readme.includes(`| ${name} |`) || !readme.includes(message.replace(/\|/g, '\\|')));
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});
