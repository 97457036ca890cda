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
const run = (entry = 'main.ts', env: NodeJS.ProcessEnv = {}, args: string[] = []): string =>
  execFileSync(process.execPath, [path.join(repo, 'scripts', 'run-app.cjs'), entry, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const bundles = (): string[] => {
  const cache = path.join(dir, 'node_modules', '.cache', 'cdktf-talos', 'app');
  const hash = require('node:crypto').createHash('sha256').update(fs.realpathSync(dir)).digest('hex').slice(0, 8);
  return fs.readdirSync(cache).filter((f) => f.endsWith(`${hash}.cjs`)).map((f) => `${fs.statSync(path.join(cache, f)).mtimeMs}`);
};

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-run-app-')));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  // esbuild, cdktf and constructs from this repository, as the app's own node_modules would have them.
  for (const pkg of ['esbuild', 'cdktf', 'constructs']) fs.symlinkSync(path.join(repo, 'node_modules', pkg), path.join(dir, 'node_modules', pkg), 'dir');
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

  it('records no stack trace per cdktf token unless CDKTF_TALOS_TOKEN_TRACES=1 (errors keep theirs)', () => {
    write('tokens.ts', [
      "import { Lazy } from 'cdktf';",
      "import { TokenMap } from 'cdktf/lib/tokens/private/token-map';",
      "const token = Lazy.stringValue({ produce: () => 'x' });",
      "const lazy = TokenMap.instance().lookupString(token) as unknown as { creationStack: string[] };",
      "console.log(lazy.creationStack.length > 0, (new Error('e').stack ?? '').split('\\n').length > 1);",
    ].join('\n'));
    expect(run('tokens.ts')).toBe('false true');
    expect(run('tokens.ts', { CDKTF_TALOS_TOKEN_TRACES: '1' })).toBe('true true');
  });

  it('writes every example stack byte for byte as cdktf does without the fast paths (scripts/cdktf-fast-paths.cjs)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-fast-paths-'));
    try {
      const synth = (fastPaths: '0' | '1'): Map<string, string> => {
        const outdir = path.join(out, fastPaths);
        execFileSync(process.execPath, [path.join(repo, 'scripts', 'run-app.cjs'), 'main.ts'], {
          cwd: repo, env: { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_TALOS_FAST_PATHS: fastPaths }, stdio: 'ignore',
        });
        const files = new Map<string, string>();
        const walk = (dir: string): void => {
          for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(file);
            else files.set(path.relative(outdir, file), fs.readFileSync(file, 'utf8'));
          }
        };
        walk(outdir);
        return files;
      };
      const fast = synth('1');
      const slow = synth('0');
      // Both fast paths are in the bundle that ran (each reads the switch once in its code).
      const cache = path.join(repo, 'node_modules', '.cache', 'cdktf-talos', 'app');
      const hash = require('node:crypto').createHash('sha256').update(repo).digest('hex').slice(0, 8);
      const bundle = fs.readFileSync(path.join(cache, `main_ts-${hash}.cjs`), 'utf8');
      expect(bundle.split('CDKTF_TALOS_FAST_PATHS').length - 1).toBe(2);
      expect([...fast.keys()].filter((f) => f.endsWith('cdk.tf.json')).length).toBeGreaterThanOrEqual(8);
      expect(fast).toEqual(slow);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('passes the app its arguments as node would (`node <entry> [args]`)', () => {
    write('args.ts', "console.log(JSON.stringify(process.argv.slice(1).map((a) => a.replace(process.cwd(), '.'))));\n");
    expect(run('args.ts', {}, ['--runs', '5'])).toBe('["./args.ts","--runs","5"]');
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
