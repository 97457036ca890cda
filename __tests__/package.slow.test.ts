/**
 * The consumer test: the packed npm package, installed into a fresh TypeScript project outside this repository,
 * declares a cluster by importing `cdktf-talos`, type-checks under `strict` and synthesizes; its `cdktf-talos` bin
 * synthesizes the project and previews a commit of it (`npx cdktf-talos preview --base HEAD~1`). In the slow tier
 * (`npm run test:slow`): it packs, compiles and synthesizes in fresh processes.
 *
 * The tarball is unpacked into the project's node_modules exactly as npm would, and only the dependencies and peer
 * dependencies the packed package.json declares (plus the consumer's own TypeScript) are linked from this repository's
 * node_modules. Why not `npm install --offline`: `npm ci` fills the npm cache with tarballs only, not the registry
 * metadata npm needs to resolve a new project's dependencies, so on a clean machine an offline install fails
 * (ENOTCACHED), and an online one would make the test depend on the network. Linking also keeps it fast. An
 * undeclared runtime dependency still fails here: the project lives outside the repository, so nothing else resolves.
 */
import { execFileSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { parse } from 'yaml';

const repo = resolve(__dirname, '..');
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** npm as the test runner was started with (`npm test` sets npm_execpath), else from PATH. */
const npm = (args: string[], cwd: string): string =>
  process.env.npm_execpath?.endsWith('.js') === true ? run(process.execPath, [process.env.npm_execpath, ...args], cwd) : run('npm', args, cwd);
const git = (args: string[], cwd: string): string => run('git', [
  '-c', 'user.name=consumer test', '-c', 'user.email=consumer@test.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args,
], cwd);

const CONSUMER_MAIN = `
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { FirstContact, InstallDisk, StateBackend, TalosCluster } from 'cdktf-talos';

const app = new App();
const stack = new TerraformStack(app, 'edge-cluster');
StateBackend.s3({ bucket: 'edge-tfstate', endpoint: 'https://minio.lan:9000' }).bind(stack);

const cluster = new TalosCluster(stack, 'edge', {
  clusterName: 'edge',
  talosVersion: 'v1.12.11',
  kubernetesVersion: '1.35.4',
  network: { gateway: '10.1.0.1' },
  kubernetes: { allowSchedulingOnControlPlanes: true },
  nodeDefaults: { sysctls: { 'vm.swappiness': '10' } },
});
cluster.addControlPlane({
  hostname: 'edge-cp-0',
  links: [{ interface: 'enp1s0', addresses: ['10.1.0.2/24'] }],
  installDisk: InstallDisk.path('/dev/sda'),
  firstContact: FirstContact.bootMedia(),
});
const endpoint: string = cluster.endpoint;
new TerraformOutput(stack, 'endpoint', { value: endpoint });
new TerraformOutput(stack, 'kubeconfig', { value: cluster.kubeconfig, sensitive: true });
app.synth();
`;

/** Internals are not part of the package's exports: a deep import must not resolve. */
const CONSUMER_DEEP_IMPORT = `
// @ts-expect-error -- private modules and generated bindings are not exported
import { MachineSecrets } from 'cdktf-talos/dist/constructs/private/providers';
export const unused = MachineSecrets;
`;

/** The pure core on its own subpath: declare, validate and render a node's Talos documents without cdktf. */
const CONSUMER_CORE = `
import { declareCluster, renderNode, resolveNode, validateCluster, FirstContact, InstallDisk } from 'cdktf-talos/core';

const decl = declareCluster({
  clusterName: 'edge', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.1.0.1' },
  firstContact: FirstContact.dhcpReservation(),
}, [{ role: 'controlplane', hostname: 'edge-cp-0', links: [{ interface: 'enp1s0', addresses: ['10.1.0.2/24'] }], installDisk: InstallDisk.path('/dev/sda'), sysctls: { 'vm.swappiness': 10 } }]);
const problems = validateCluster(decl);
const rendered = renderNode(resolveNode(decl, decl.nodes[0]));
process.stdout.write(JSON.stringify({ problems, patches: rendered.patches }));
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, outDir: 'out', rootDir: '.',
    types: ['node'], skipLibCheck: false, noUnusedLocals: true,
  },
  include: ['main.ts', 'deep.ts', 'core.ts'],
};

describe('the npm package, used from another project', () => {
  let dir: string;
  let tarball: string;
  let synthesized: Record<string, any>;
  const project = (): string => join(dir, 'consumer');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdktf-talos-consumer-'));
    // What `npm publish` would upload (its prepack script runs the same build).
    npm(['run', 'build'], repo);
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], repo)) as Array<{ filename: string }>;
    tarball = join(dir, packed[0].filename);

    const project = join(dir, 'consumer');
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, 'cdktf-talos'), { recursive: true });
    run('tar', ['-xzf', tarball, '-C', join(modules, 'cdktf-talos'), '--strip-components=1'], dir);
    const manifest = JSON.parse(readFileSync(join(modules, 'cdktf-talos', 'package.json'), 'utf8'));
    const linked = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), 'typescript', '@types/node'];
    for (const name of linked) {
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(join(repo, 'node_modules', name), join(modules, name), 'dir');
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({
      name: 'consumer', private: true,
      dependencies: { 'cdktf-talos': `file:${tarball}`, cdktf: manifest.peerDependencies.cdktf, constructs: manifest.peerDependencies.constructs },
    }, null, 2));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    writeFileSync(join(project, 'main.ts'), CONSUMER_MAIN);
    writeFileSync(join(project, 'deep.ts'), CONSUMER_DEEP_IMPORT);
    writeFileSync(join(project, 'core.ts'), CONSUMER_CORE);

    run(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', project], project);
    run(process.execPath, [join(project, 'out', 'main.js')], project, { ...process.env, CDKTF_OUTDIR: join(project, 'cdktf.out') });
    synthesized = JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', 'edge-cluster', 'cdk.tf.json'), 'utf8'));

    // The bin, linked as npm links it (node_modules/.bin, executable), and the consumer's own tsx to run the app.
    const bin = join(modules, '.bin');
    mkdirSync(bin, { recursive: true });
    const entry = (manifest.bin as Record<string, string>)['cdktf-talos'];
    chmodSync(join(modules, 'cdktf-talos', entry), 0o755);
    symlinkSync(join('..', 'cdktf-talos', entry), join(bin, 'cdktf-talos'));
    symlinkSync(join(repo, 'node_modules', 'tsx'), join(modules, 'tsx'), 'dir');
    symlinkSync(join('..', 'tsx', 'dist', 'cli.mjs'), join(bin, 'tsx'));
    writeFileSync(join(project, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx tsx main.ts' }));
    writeFileSync(join(project, '.gitignore'), 'node_modules\nout\ncdktf.out\n');
    git(['init', '--quiet'], project);
    git(['add', '-A'], project);
    git(['commit', '--quiet', '-m', 'edge cluster'], project);
    writeFileSync(join(project, 'main.ts'), CONSUMER_MAIN.replace("'vm.swappiness': '10'", "'vm.swappiness': '20'"));
    git(['commit', '--quiet', '-am', 'more swap'], project);
  }, 180_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('ships only the compiled library and the generated bindings it uses', () => {
    const files = run('tar', ['-tzf', tarball], dir).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files.filter((f) => !/^dist\/(constructs|cli|\.gen\/providers\/(talos|talos-0-12|proxmox))\//.test(f)).sort()).toEqual([
      'CHANGELOG.md', 'LICENSE', 'README.md',
      'charts/manifests/Chart.yaml', 'charts/manifests/templates/manifests.yaml', 'charts/manifests/values.schema.json', 'charts/manifests/values.yaml',
      // The cdktf-talos/core subpath for resolvers that ignore `exports` (node10).
      'core/package.json',
      'package.json',
      'templates/workflows/pull-request-comment.yml', 'templates/workflows/pull-request.yml',
    ]);
    expect(files).toEqual(expect.arrayContaining([
      'dist/constructs/index.js', 'dist/constructs/index.d.ts', 'dist/.gen/providers/talos/machine-secrets/index.d.ts', 'dist/cli/main.js',
    ]));
    // The 0.12 line ships only what private/providers.ts exports from it: its provider and the two new resources.
    expect(files.filter((f) => f.startsWith('dist/.gen/providers/talos-0-12/')).sort()).toEqual([
      'dist/.gen/providers/talos-0-12/cluster/index.d.ts', 'dist/.gen/providers/talos-0-12/cluster/index.js',
      'dist/.gen/providers/talos-0-12/machine/index.d.ts', 'dist/.gen/providers/talos-0-12/machine/index.js',
      'dist/.gen/providers/talos-0-12/provider/index.d.ts', 'dist/.gen/providers/talos-0-12/provider/index.js',
    ]);
    expect(files.some((f) => f.startsWith('dist/stacks/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toBe(false);
  });

  it('synthesizes the declared cluster with the chosen backend', () => {
    expect(synthesized.terraform.required_providers.talos).toEqual({ source: 'siderolabs/talos', version: '0.11.0' });
    expect(synthesized.terraform.backend.s3).toMatchObject({ bucket: 'edge-tfstate', key: 'cdktf-talos/edge-cluster.tfstate', use_lockfile: true });
    expect(Object.keys(synthesized.resource.talos_machine_configuration_apply)).toEqual(['edge_edge-cp-0']);
    expect(synthesized.output.endpoint.value).toBe('https://10.1.0.2:6443');
    expect(synthesized.output.kubeconfig).toEqual({ value: '${talos_cluster_kubeconfig.edge.kubeconfig_raw}', sensitive: true });
  });

  it('renders the node\'s Talos configuration from the declaration', () => {
    const patches = (synthesized.data.talos_machine_configuration['edge_edge-cp-0'].config_patches as string[]).map((p) => parse(p));
    const v1alpha1 = patches.find((p) => p.machine !== undefined);
    expect(v1alpha1.machine.sysctls).toEqual({ 'vm.swappiness': '10' });
    expect(v1alpha1.machine.install.disk).toBe('/dev/sda');
    expect(patches.find((p) => p.kind === 'HostnameConfig')).toMatchObject({ hostname: 'edge-cp-0' });
  });

  it('renders a node from the pure core on its own subpath (cdktf-talos/core), without cdktf', () => {
    const out = JSON.parse(run(process.execPath, [join(project(), 'out', 'core.js')], project())) as { problems: unknown[]; patches: string[] };
    expect(out.problems).toEqual([]);
    const docs = out.patches.map((p) => parse(p));
    expect(docs.find((d) => d.kind === 'HostnameConfig')).toMatchObject({ hostname: 'edge-cp-0' });
    expect(docs[0].machine.sysctls).toEqual({ 'vm.swappiness': '10' });
    expect(docs[0].machine.install.image).toBe('ghcr.io/siderolabs/installer:v1.13.9');
  });

  it('runs its bin: synth with the app of cdktf.json, and the offline preview of the last commit', () => {
    expect(npm(['exec', '--', 'cdktf-talos', '--version'], project()).trim()).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
    expect(npm(['exec', '--', 'cdktf-talos', 'synth', '--outdir', 'bin.out'], project())).toBe('synthesized 1 stack into bin.out: edge-cluster\n');
    expect(JSON.parse(readFileSync(join(project(), 'bin.out', 'stacks', 'edge-cluster', 'cdk.tf.json'), 'utf8')).terraform.required_version).toBe('>= 1.10.0');
    const base = git(['rev-parse', 'HEAD~1'], project()).trim().slice(0, 12);
    expect(npm(['exec', '--', 'cdktf-talos', 'preview', '--base', 'HEAD~1'], project())).toBe([
      `cdktf-talos preview: HEAD~1 (${base}) -> working tree`,
      '1 stack changed, 0 unchanged',
      '',
      '~ stack edge-cluster',
      '  ~ node edge-cp-0',
      '    ~ Talos configuration (data.talos_machine_configuration.edge_edge-cp-0)',
      '        ~ machine.sysctls["vm.swappiness"]: "10" -> "20"',
      '',
    ].join('\n'));
  }, 120_000);

  it('writes the pull-request workflows into the consumer repository', () => {
    const out = npm(['exec', '--', 'cdktf-talos', 'init-workflows'], project());
    expect(out).toContain('written   .github/workflows/pull-request.yml');
    expect(readFileSync(join(project(), '.github', 'workflows', 'pull-request-comment.yml'), 'utf8'))
      .toBe(readFileSync(join(repo, 'templates', 'workflows', 'pull-request-comment.yml'), 'utf8'));
    expect(JSON.parse(readFileSync(join(project(), 'package.json'), 'utf8')).scripts).toEqual({ synth: 'cdktf-talos synth', preview: 'cdktf-talos preview', plan: 'cdktf-talos plan' });
  }, 60_000);
});
