/**
 * `npm run bench`: how long synthesizing the example stacks takes and how much memory it needs, the way users run it
 * (the app with tsx, and precompiled JavaScript), plus what importing a provider package whole would cost. Each figure
 * is the median of several runs in fresh processes; peak memory is the process' maximum resident set size.
 *
 *   npm run bench               # 5 runs each
 *   npm run bench -- --runs 9
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const arg = process.argv.indexOf('--runs');
const runs = arg >= 0 ? Number(process.argv[arg + 1]) : 5;

interface Sample { readonly ms: number; readonly maxRssMiB: number }

/**
 * Requires `entry` in a fresh node process (after `nodeOptions`, e.g. tsx's CommonJS hook); returns wall time and
 * peak RSS (reported by the child itself).
 */
function measure(entry: string, nodeOptions: string[] = [], env: Record<string, string> = {}): Sample {
  const probe = "process.on('exit',()=>{process.stderr.write('\\nBENCH_RSS '+process.resourceUsage().maxRSS+'\\n')})";
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...nodeOptions, '--eval', `${probe};require(process.argv[1])`, entry], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${entry} failed:\n${r.stderr}`);
  const rss = /BENCH_RSS (\d+)/.exec(r.stderr);
  return { ms, maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN };
}

function median(samples: Sample[]): Sample {
  const by = <K extends keyof Sample>(k: K): number => [...samples].map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  return { ms: by('ms'), maxRssMiB: by('maxRssMiB') };
}

function repeat(f: () => Sample): Sample {
  f(); // warm the file system cache
  return median(Array.from({ length: runs }, f));
}

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-bench-'));
// Inside the project, one level down (like dist/), so the compiled app resolves node_modules and charts/.
const compiled = path.join(root, '.bench-app');
try {
  // Precompile the app (main.ts, stacks, constructs, .gen) the way a CI job would.
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', compiled, '--incremental', 'false', '--declaration', 'false'], { cwd: root, stdio: 'inherit' });

  // The probe `require`s the entry point, so tsx is loaded as a CommonJS hook for the TypeScript app.
  const viaTsx = (): Sample => measure(path.join(root, 'main.ts'), ['--require', 'tsx/cjs'], { CDKTF_OUTDIR: path.join(out, 'tsx.out') });
  const viaJs = (): Sample => measure(path.join(compiled, 'main.js'), [], { CDKTF_OUTDIR: path.join(out, 'js.out') });
  const k8sWhole = (): Sample => measure('@cdktf/provider-kubernetes');
  const k8sOne = (): Sample => measure('@cdktf/provider-kubernetes/lib/namespace-v1');

  const rows: Array<[string, Sample]> = [
    ['synth all example stacks, app run with tsx (`npm run synth`)', repeat(viaTsx)],
    ['synth all example stacks, precompiled JavaScript', repeat(viaJs)],
    ['import `@cdktf/provider-kubernetes` whole (what we avoid)', repeat(k8sWhole)],
    ['import one resource module `@cdktf/provider-kubernetes/lib/namespace-v1`', repeat(k8sOne)],
  ];
  const synthesized = fs.readdirSync(path.join(out, 'js.out', 'stacks')).length;
  console.log(`\n${synthesized} example stacks, median of ${runs} runs, ${os.cpus().length} CPUs, Node ${process.version}\n`);
  console.log('| what | time | peak memory (max RSS) |');
  console.log('|---|---|---|');
  for (const [what, s] of rows) console.log(`| ${what} | ${(s.ms / 1000).toFixed(2)} s | ${Math.round(s.maxRssMiB)} MiB |`);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(compiled, { recursive: true, force: true });
}
