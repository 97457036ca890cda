/**
 * `npm run bench`: how fast synthesis and the tests are, as ratios that hold on any machine, plus the absolute figures.
 *
 * - all example stacks synthesized the way `cdktf synth` runs the app (cdktf.json's `app` command, through a shell)
 *   against an empty cdktf app (compiled JavaScript, one empty stack): time and peak memory;
 * - one cluster of 100 and of 300 Proxmox VM nodes against one of 3 (scripts/bench/cluster-app.ts, run the same way);
 * - the same for cdktf alone writing each node's four resources from constants (scripts/bench/cdktf-floor-app.ts): the
 *   part of the node ratios that is cdktf's own, whatever the library does;
 * - `npm test`, warm (its caches filled by an earlier run).
 *
 * Every command runs in fresh processes, interleaved (A B C A B C ...) so a change in the machine's load hits them all
 * alike; each figure is the median of the runs, after one unmeasured warm-up run of each. Time is wall-clock; CPU is
 * user + system time of every node process the command starts; peak memory is the largest maximum resident set size
 * among them. On a shared machine compare the ratios, and prefer the CPU ones.
 *
 *   npm run bench                 # 5 runs each, then npm test once
 *   npm run bench -- --runs 9 --no-test
 */
import { execSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(option('--runs') ?? 5);
const withTest = !process.argv.includes('--no-test');

interface Sample { readonly wallS: number; readonly cpuS: number; readonly peakMiB: number }

const work = path.join(root, 'node_modules', '.cache', 'cdktf-talos', 'bench');
fs.mkdirSync(work, { recursive: true });
// Each node process the command starts reports its own CPU time and peak memory when it exits.
const probe = path.join(work, 'probe.cjs');
fs.writeFileSync(probe, `process.on('exit', () => {
  const u = process.resourceUsage();
  require('fs').appendFileSync(process.env.BENCH_PROBE_OUT, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rss: u.maxRSS / 1024 }) + '\\n');
});
`);
const emptyApp = path.join(work, 'empty-app.js');
fs.writeFileSync(emptyApp, "const { App, TerraformStack } = require('cdktf');\nconst app = new App();\nnew TerraformStack(app, 'empty');\napp.synth();\n");

/** Runs a shell command as cdktf runs an app (in the project, with CDKTF_OUTDIR) and measures it. */
function measure(command: string, env: Record<string, string> = {}): Sample {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-bench-'));
  const probeOut = path.join(out, 'probe.jsonl');
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(command, {
      shell: true, cwd: root, encoding: 'utf8',
      env: {
        ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: path.join(out, 'cdktf.out'), BENCH_PROBE_OUT: probeOut,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim(), ...env,
      },
    });
    const wallS = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) throw new Error(`${command} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    const processes = fs.readFileSync(probeOut, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { cpu: number; rss: number });
    return { wallS, cpuS: processes.reduce((s, p) => s + p.cpu, 0), peakMiB: Math.max(...processes.map((p) => p.rss)) };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const app = (JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as { app: string }).app;
const clusterCommand = app.replace(/main\.ts\b/, 'scripts/bench/cluster-app.ts');
const floorCommand = app.replace(/main\.ts\b/, 'scripts/bench/cdktf-floor-app.ts');
const cases: Array<{ what: string; command: string; env?: Record<string, string> }> = [
  { what: 'empty cdktf app (compiled JavaScript, one empty stack)', command: `node ${path.relative(root, emptyApp)}` },
  { what: `all example stacks, as \`cdktf synth\` runs them (\`${app}\`)`, command: app },
  { what: 'a 3-node cluster (Proxmox VMs), run the same way', command: clusterCommand, env: { BENCH_NODES: '3' } },
  { what: 'a 100-node cluster', command: clusterCommand, env: { BENCH_NODES: '100' } },
  { what: 'a 300-node cluster', command: clusterCommand, env: { BENCH_NODES: '300' } },
  { what: 'cdktf alone: 3 nodes\' resources from constants (`scripts/bench/cdktf-floor-app.ts`)', command: floorCommand, env: { BENCH_NODES: '3' } },
  { what: 'cdktf alone: 100 nodes\' resources', command: floorCommand, env: { BENCH_NODES: '100' } },
  { what: 'cdktf alone: 300 nodes\' resources', command: floorCommand, env: { BENCH_NODES: '300' } },
];

const load = os.loadavg()[0];
for (const c of cases) measure(c.command, c.env); // warm-up: bundles, caches, file system
const samples = cases.map(() => [] as Sample[]);
for (let i = 0; i < runs; i++) cases.forEach((c, j) => samples[j].push(measure(c.command, c.env)));
const med = samples.map((s) => ({ wallS: median(s.map((x) => x.wallS)), cpuS: median(s.map((x) => x.cpuS)), peakMiB: median(s.map((x) => x.peakMiB)) }));

let test: Sample | undefined;
if (withTest) {
  measure('npm test --silent'); // fills jest's transform cache, the type-check's build info and the schema cache
  test = measure('npm test --silent');
}

const cpu = os.cpus();
const synthesized = (() => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-bench-'));
  try {
    execSync(app, { cwd: root, env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: out }, stdio: 'ignore' });
    return fs.readdirSync(path.join(out, 'stacks')).length;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
})();

const s = (x: number): string => `${x.toFixed(2)} s`;
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpu[0]?.model.trim() ?? 'unknown CPU'} (${cpu.length} CPUs), Node ${process.version}, `
  + `load average ${load.toFixed(1)} at start; median of ${runs} interleaved runs; ${synthesized} example stacks\n`);
console.log('| what | time | CPU | peak memory |');
console.log('|---|---|---|---|');
cases.forEach((c, j) => console.log(`| ${c.what} | ${s(med[j].wallS)} | ${s(med[j].cpuS)} | ${Math.round(med[j].peakMiB)} MiB |`));
if (test) console.log(`| \`npm test\`, warm (one run) | ${s(test.wallS)} | ${s(test.cpuS)} | ${Math.round(test.peakMiB)} MiB |`);

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
const [empty, examples, n3, n100, n300, f3, f100, f300] = med;
console.log('\n| ratio | time | CPU | goal |');
console.log('|---|---|---|---|');
console.log(`| example stacks / empty app | ${ratio(examples.wallS, empty.wallS)} | ${ratio(examples.cpuS, empty.cpuS)} | <= 2.0x |`);
console.log(`| example stacks / empty app, peak memory | ${ratio(examples.peakMiB, empty.peakMiB)} | | <= 1.5x |`);
console.log(`| 100 nodes / 3 nodes | ${ratio(n100.wallS, n3.wallS)} | ${ratio(n100.cpuS, n3.cpuS)} | <= 1.5x |`);
console.log(`| 300 nodes / 3 nodes | ${ratio(n300.wallS, n3.wallS)} | ${ratio(n300.cpuS, n3.cpuS)} | <= 2.5x |`);
console.log(`| cdktf alone, 100 nodes / 3 nodes | ${ratio(f100.wallS, f3.wallS)} | ${ratio(f100.cpuS, f3.cpuS)} | (floor) |`);
console.log(`| cdktf alone, 300 nodes / 3 nodes | ${ratio(f300.wallS, f3.wallS)} | ${ratio(f300.cpuS, f3.cpuS)} | (floor) |`);
const perNode = (a: Sample, b: Sample, n: number): string => `${((b.wallS - a.wallS) / n * 1000).toFixed(1)} ms`;
console.log(`\nper node, wall time from 3 to 300 nodes: the cluster ${perNode(n3, n300, 297)}, cdktf alone ${perNode(f3, f300, 297)}`);
