#!/usr/bin/env node
/**
 * Runs the TypeScript cdktf app fast: `node scripts/run-app.cjs [main.ts]` is cdktf.json's `app` and `npm run synth`.
 *
 * esbuild bundles the app with everything it imports (this library, the generated bindings, cdktf) into one CommonJS
 * file, which plain node runs: no TypeScript loader, and no source maps. Loading one file costs far less than
 * resolving and compiling a few hundred. cdktf records a stack trace for every token it creates, which a loader with
 * source maps (tsx) makes several times slower to format; in the bundle it records none (see `tokenTraces`).
 *
 * The bundle lives in node_modules/.cache/cdktf-talos/app/ (or CDKTF_TALOS_APP_CACHE). It is rebuilt when a file it
 * was built from changes (the project's files are hashed on every run, installed packages' files compared by size,
 * times and inode), when a file is added to or removed from a directory holding one of the app's sources or its
 * parent (a new file can change what an import resolves to), or when esbuild, this script, or the project's
 * tsconfig.json or package.json changes. So `cdktf synth` after an edit always runs the edited code, with no build
 * step of its own. It does not type-check: `npm run typecheck` (and `npm test`) do.
 * V8's code cache for the bundle is kept beside it, so a run does not compile again what the previous one compiled.
 * This file is JavaScript, so that node runs it as it is.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const fastPaths = require('./cdktf-fast-paths.cjs');

const root = process.cwd();
const entry = path.resolve(root, process.argv[2] ?? 'main.ts');
const cacheDir = (() => {
  const dir = process.env.CDKTF_TALOS_APP_CACHE ?? path.join(root, 'node_modules', '.cache', 'cdktf-talos', 'app');
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch {
    // A read-only node_modules: keep the bundle in the temporary directory instead.
    return path.join(require('node:os').tmpdir(), 'cdktf-talos-app');
  }
})();
// Named after the project's location and the entry point: projects sharing node_modules (a symlink) keep apart.
const name = `${path.relative(root, entry).replace(/[^A-Za-z0-9]+/g, '_')}-${crypto.createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
const bundle = path.join(cacheDir, `${name}.cjs`);
const record = path.join(cacheDir, `${name}.inputs.json`);
const codeCache = path.join(cacheDir, `${name}.v8-code-cache`);
const hash = (data) => crypto.createHash('sha256').update(data).digest('hex');

const read = (file) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** What the bundle depends on besides its inputs: esbuild, this script and its fast paths, the settings esbuild reads. */
const setup = () => hash([
  require('esbuild/package.json').version, fs.readFileSync(__filename, 'utf8'),
  fs.readFileSync(path.join(__dirname, 'cdktf-fast-paths.cjs'), 'utf8'),
  read(path.join(root, 'tsconfig.json')), read(path.join(root, 'package.json')),
].join('\0'));

/**
 * The names in each directory of the project that holds a source of the app, and in its parent: a file added there
 * can change what an import resolves to without changing any input (`x.ts` added beside the `x/index.ts` it used).
 */
function listings(files) {
  const inProject = (d) => !path.relative(root, d).startsWith('..');
  const dirs = new Set();
  for (const f of files) {
    if (isDependency(f)) continue;
    const dir = path.dirname(path.resolve(root, f));
    for (const d of [dir, path.dirname(dir)]) if (inProject(d)) dirs.add(d);
  }
  return Object.fromEntries([...dirs].sort().map((d) => [d, hash(fs.readdirSync(d).sort().join('\n'))]));
}

const isDependency = (file) => file.split(/[\\/]/).includes('node_modules');

/**
 * What identifies an input's content: the hash of the project's own files; for installed packages (hundreds of
 * files, changed only by installing) their size, modification and change times and inode. An install that keeps a
 * file's size and modification time (npm sets every file's to 1985) still gives it a new change time.
 */
function versionOf(file) {
  const full = path.resolve(root, file);
  if (!isDependency(file)) return hash(fs.readFileSync(full));
  const s = fs.statSync(full, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
}

/** True when the recorded bundle was built from exactly the files as they are now. */
function upToDate() {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(record, 'utf8'));
    fs.accessSync(bundle);
  } catch {
    return false;
  }
  if (inputs.setup !== setup()) return false;
  try {
    if (JSON.stringify(listings(Object.keys(inputs.files))) !== JSON.stringify(inputs.listings)) return false;
  } catch {
    return false;
  }
  for (const [file, version] of Object.entries(inputs.files)) {
    let now;
    try {
      now = versionOf(file);
    } catch {
      return false;
    }
    if (now !== version) return false;
  }
  return true;
}

/**
 * `__dirname` and `__filename` of each module as they are in the sources, not those of the bundle: the library finds
 * its Helm chart beside its sources, and cdktf runs one of its own files as a script to zip archive assets.
 */
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
      const prelude = `var __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)};`;
      // After a shebang and a "use strict" directive (which must stay first), on their line: line numbers are kept.
      const head = /^(#![^\n]*\n)?((?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use strict\3;?)?/.exec(text)[0];
      return { contents: `${head}${prelude}${text.slice(head.length)}`, loader };
    });
  },
};

/**
 * cdktf's switch for the stack trace it records with every token it creates (tokens/private/stack-trace.js): cdktf
 * 0.21 has none, so the bundle gets one. The traces only appear in the message of a token that fails to resolve, and
 * formatting them was the largest single cost of a synth (a quarter of a large cluster's). They are off unless
 * CDKTF_TALOS_TOKEN_TRACES=1; errors keep their stack traces either way.
 */
const tokenTraces = {
  name: 'token-traces',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (!/^exports\.captureStackTrace = captureStackTrace;$/m.test(text)) {
        throw new Error(`${args.path} no longer exports captureStackTrace as cdktf 0.21 did: update scripts/run-app.cjs`);
      }
      const onlyIfAsked = 'exports.captureStackTrace = function tokenTrace(below) {\n'
        + "  return process.env.CDKTF_TALOS_TOKEN_TRACES === '1' ? captureStackTrace(below || tokenTrace) : [];\n};\n";
      return { contents: `${text}\n${onlyIfAsked}`, loader: 'js' };
    });
  },
};

async function build() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    outfile: bundle,
    write: false,
    metafile: true,
    // Minified: a third of the source to read, parse and keep in memory (V8 holds a script's source for as long as
    // its functions may be compiled lazily). Names need not survive: nothing reads a function's or class's name.
    // Stack traces of a bug then point into the bundle; `npx tsx main.ts` runs the sources for a readable one.
    keepNames: false,
    minify: true,
    // The module wrapper node would add, written around the bundle once, so running it makes no second copy of
    // the source (Module.wrap concatenates).
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '\n})' },
    logLevel: 'error',
    plugins: [tokenTraces, fastPaths.plugin, ownDirname],
  });
  const files = {};
  for (const file of Object.keys(result.metafile.inputs)) files[file] = versionOf(file);
  fs.rmSync(codeCache, { force: true });
  writeAtomically(bundle, result.outputFiles[0].contents);
  writeAtomically(record, JSON.stringify({ setup: setup(), files, listings: listings(Object.keys(files)) }));
}

/**
 * Runs the bundle as node would require it, with V8's code cache: the functions compiled by the previous run are
 * loaded instead of compiled again. V8 checks the cache against the source and ignores one that does not match.
 */
function run() {
  const source = fs.readFileSync(bundle, 'utf8');
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(source, { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the app ran, so the cache holds every function it compiled on the way.
    process.once('exit', () => {
      try {
        writeAtomically(codeCache, script.createCachedData());
      } catch {
        // A read-only cache only costs the next run its compile time.
      }
    });
  }
  // The app sees itself as the script node runs, with the arguments that followed it: `node <entry> [args]`.
  process.argv.splice(1, process.argv[2] === undefined ? 1 : 2, entry);
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

/** Written under a unique name, then renamed: a synth running at the same time never reads half a file. */
function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

async function main() {
  if (!upToDate()) {
    fs.mkdirSync(cacheDir, { recursive: true });
    await build();
  }
  run();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
