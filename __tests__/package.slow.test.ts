/**
 * The consumer test: the packed npm package, installed into a fresh TypeScript project outside this repository,
 * declares a cluster by importing `cdktf-talos`, type-checks under `strict` and synthesizes. In the slow tier
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
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { parse } from 'yaml';

const repo = resolve(__dirname, '..');
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** npm as the test runner was started with (`npm test` sets npm_execpath), else from PATH. */
const npm = (args: string[], cwd: string): string =>
  process.env.npm_execpath?.endsWith('.js') === true ? run(process.execPath, [process.env.npm_execpath, ...args], cwd) : run('npm', args, cwd);

const CONSUMER_MAIN = `
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { InstallDisk, StateBackend, TalosCluster } from 'cdktf-talos';

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

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, outDir: 'out', rootDir: '.',
    types: ['node'], skipLibCheck: false, noUnusedLocals: true,
  },
  include: ['main.ts', 'deep.ts'],
};

describe('the npm package, used from another project', () => {
  let dir: string;
  let tarball: string;
  let synthesized: Record<string, any>;

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

    run(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', project], project);
    run(process.execPath, [join(project, 'out', 'main.js')], project, { ...process.env, CDKTF_OUTDIR: join(project, 'cdktf.out') });
    synthesized = JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', 'edge-cluster', 'cdk.tf.json'), 'utf8'));
  }, 180_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('ships only the compiled library and the generated bindings it uses', () => {
    const files = run('tar', ['-tzf', tarball], dir).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files.filter((f) => !/^dist\/(constructs|\.gen\/providers\/(talos|proxmox))\//.test(f)).sort()).toEqual([
      'LICENSE', 'README.md',
      'charts/manifests/Chart.yaml', 'charts/manifests/templates/manifests.yaml', 'charts/manifests/values.schema.json', 'charts/manifests/values.yaml',
      'package.json',
    ]);
    expect(files).toEqual(expect.arrayContaining(['dist/constructs/index.js', 'dist/constructs/index.d.ts', 'dist/.gen/providers/talos/machine-secrets/index.d.ts']));
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
});

