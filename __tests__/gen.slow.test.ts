/** In the slow tier (`npm run test:slow`): generating every binding takes several seconds. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

describe('generated provider bindings', () => {
  it('.gen/ is exactly what `npm run gen` writes from provider-schemas/ (byte for byte)', () => {
    const out = execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/gen.ts', '--check'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '' },
    });
    expect(out).toMatch(/^\.gen\/ matches provider-schemas\/ \(\d+ files\)/);
  });
});
