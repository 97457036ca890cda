/**
 * scripts/run-app.cjs, which cdktf.json runs as the app: it must run the code as it is now after every edit, and
 * keep each module's own `__dirname`. Exercised on a small TypeScript app in a temporary project.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..');
let dir: string;

const write = (file: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};
const run = (): string => execFileSync(process.execPath, [path.join(repo, 'scripts', 'run-app.cjs'), 'main.ts'], { cwd: dir, encoding: 'utf8' }).trim();
const bundles = (): string[] => {
  const cache = path.join(dir, 'node_modules', '.cache', 'cdktf-talos', 'app');
  const hash = require('node:crypto').createHash('sha256').update(fs.realpathSync(dir)).digest('hex').slice(0, 8);
  return fs.readdirSync(cache).filter((f) => f.endsWith(`${hash}.cjs`)).map((f) => `${fs.statSync(path.join(cache, f)).mtimeMs}`);
};

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-run-app-')));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  // esbuild from this repository, as the app's own node_modules would have it.
  fs.symlinkSync(path.join(repo, 'node_modules', 'esbuild'), path.join(dir, 'node_modules', 'esbuild'), 'dir');
  write('main.ts', "import { greeting } from './lib/greet';\nconsole.log(greeting('world'));\n");
  write('lib/greet.ts', "import * as fs from 'node:fs';\nimport * as path from 'node:path';\nexport const greeting = (who: string): string => `${fs.readFileSync(path.join(__dirname, 'word.txt'), 'utf8').trim()}, ${who}`;\n");
  write('lib/word.txt', 'hello\n');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('scripts/run-app.cjs', () => {
  it('runs the TypeScript app, each module seeing its own __dirname', () => {
    expect(run()).toBe('hello, world');
  });

  it('runs the same bundle again while nothing changed', () => {
    const before = bundles();
    expect(run()).toBe('hello, world');
    expect(bundles()).toEqual(before);
  });

  it('runs the edited code after an edit, with no other command', () => {
    write('lib/greet.ts', fs.readFileSync(path.join(dir, 'lib/greet.ts'), 'utf8').replace('${who}', '${who}!'));
    expect(run()).toBe('hello, world!');
  });

  it('notices a new file that changes what an import resolves to', () => {
    write('parts/farewell/index.ts', "export const farewell = 'bye';\n");
    write('main.ts', "import { greeting } from './lib/greet';\nimport { farewell } from './parts/farewell';\nconsole.log(`${greeting('world')} ${farewell}`);\n");
    expect(run()).toBe('hello, world! bye');
    // `./parts/farewell` now means parts/farewell.ts, in a directory that holds no input (only parts/farewell/ did).
    write('parts/farewell.ts', "export const farewell = 'ciao';\n");
    expect(run()).toBe('hello, world! ciao');
  });

  it('fails with the compiler\'s message when the code does not parse', () => {
    write('main.ts', 'console.log(;\n');
    let stderr = '';
    try {
      run();
    } catch (err) {
      stderr = String((err as { stderr?: string }).stderr);
    }
    expect(stderr).toContain('main.ts:1:12: ERROR: Unexpected ";"');
  });
});
