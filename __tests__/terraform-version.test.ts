/**
 * Every stack declares the Terraform version it needs: constructs that use a feature raise their stack's
 * `terraform.required_version` (TERRAFORM_FEATURES has the sources of each minimum).
 */
import { Testing, TerraformStack } from 'cdktf';
import { ProxmoxConnection, StateBackend, TalosCluster, TERRAFORM_FEATURES, TerraformVersion } from '../constructs';
import { addExampleStacks } from '../stacks';
import { clusterAndPlatform, HOMELAB, lanNode, synthStacks } from './helpers/platform';
import { synthError, synthJson, testStack } from './helpers/synth';

const requiredVersion = (stack: TerraformStack): unknown => synthJson(stack).terraform.required_version;

function cluster(stack: TerraformStack, extra: Partial<ConstructorParameters<typeof TalosCluster>[2]> = {}): TalosCluster {
  const c = new TalosCluster(stack, 'home', { ...HOMELAB, ...extra });
  c.addControlPlane(lanNode('cp1', '10.0.20.11'));
  return c;
}

describe('TerraformVersion', () => {
  it('gives a cluster stack the version its providers need: plugin protocol 6 (Terraform 1.0)', () => {
    const { stack } = testStack();
    cluster(stack);
    expect(requiredVersion(stack)).toBe('>= 1.0.0');
    expect(TerraformVersion.of(stack)?.features).toEqual([TERRAFORM_FEATURES.pluginProtocol6]);
  });

  it.each([
    ['secrets.importFrom', { secrets: { importFrom: './secrets.yaml' } }],
    ['alreadyBootstrapped', { alreadyBootstrapped: true }],
  ])('raises it to 1.5.0 for the import blocks of %s', (_what, extra) => {
    const { stack } = testStack();
    cluster(stack, extra);
    expect(requiredVersion(stack)).toBe('>= 1.5.0');
    expect(synthJson(stack).import).toBeDefined();
    expect(TerraformVersion.of(stack)?.features.map((f) => f.name)).toEqual([TERRAFORM_FEATURES.pluginProtocol6.name, 'import blocks']);
  });

  it('raises it to 1.5.0 for the bpg/proxmox provider', () => {
    const { stack } = testStack();
    new ProxmoxConnection(stack, 'proxmox');
    expect(requiredVersion(stack)).toBe('>= 1.5.0');
  });

  it('raises it to 1.5.0 when VMs add the Proxmox connection by themselves', () => {
    const { stack } = testStack();
    const c = new TalosCluster(stack, 'home', { ...HOMELAB, proxmox: { diskDatastore: 'local-lvm', isoDatastore: 'local' } });
    c.addControlPlane({ hostname: 'cp1', vm: { proxmoxNode: 'pve', vmId: 100, nics: [{ addresses: ['10.0.20.11/24'] }] } });
    expect(requiredVersion(stack)).toBe('>= 1.5.0');
  });

  it('raises it to 1.10.0 for S3-native locking, and not for DynamoDB locking', () => {
    const lockfile = testStack('a').stack;
    StateBackend.s3({ bucket: 'tfstate', endpoint: 'https://minio.lan:9000' }).bind(lockfile);
    cluster(lockfile);
    expect(synthJson(lockfile).terraform.backend.s3.use_lockfile).toBe(true);
    expect(requiredVersion(lockfile)).toBe('>= 1.10.0');

    const dynamo = testStack('b').stack;
    StateBackend.s3({ bucket: 'tfstate', region: 'eu-central-1', dynamodbTable: 'tflocks' }).bind(dynamo);
    cluster(dynamo);
    expect(requiredVersion(dynamo)).toBe('>= 1.0.0');
  });

  it('declares targetVersions on the S3 backend for cdktn, unless the project declared its own', () => {
    const { stack } = testStack();
    StateBackend.s3({ bucket: 'tfstate' }).bind(stack);
    const backend = stack.node.findAll().find((c) => c.node.id === 'backend');
    expect(backend?.node.tryGetContext('targetVersions')).toEqual({ terraform: '>=1.10.0', opentofu: '>=1.10.0' });

    const app = Testing.app({ context: { targetVersions: { terraform: '>=1.11.0' } } });
    const own = new TerraformStack(app, 'own');
    StateBackend.s3({ bucket: 'tfstate' }).bind(own);
    expect(own.node.findAll().find((c) => c.node.id === 'backend')?.node.tryGetContext('targetVersions')).toEqual({ terraform: '>=1.11.0' });
  });

  it('gives a platform stack the Helm provider\'s version', () => {
    const { app } = clusterAndPlatform();
    expect(synthStacks(app).get('homelab-platform')?.terraform.required_version).toBe('>= 1.0.0');
  });

  it('counts requirements added after the constructs (rendered at synth) and keeps the newest', () => {
    const { stack } = testStack();
    cluster(stack);
    TerraformVersion.require(stack, { name: 'write-only attributes', since: '1.11.0' });
    TerraformVersion.require(stack, { name: 'moved blocks', since: '1.1.0' });
    expect(requiredVersion(stack)).toBe('>= 1.11.0');
    expect(TerraformVersion.of(stack)).toEqual({
      minimum: '1.11.0',
      constraint: '>= 1.11.0',
      features: [
        { name: TERRAFORM_FEATURES.pluginProtocol6.name, since: '1.0.0' },
        { name: 'moved blocks', since: '1.1.0' },
        { name: 'write-only attributes', since: '1.11.0' },
      ],
    });
  });

  it('leaves a stack without library constructs alone', () => {
    const { stack } = testStack();
    expect(TerraformVersion.of(stack)).toBeUndefined();
    expect(JSON.parse(Testing.synth(stack)).terraform?.required_version).toBeUndefined();
  });

  it.each(['1.5', 'v1.5.0', '1.10.0-rc1', '>= 1.5.0', 'latest'])('fails when a feature\'s version is not a release: %s', (since) => {
    const { stack } = testStack();
    TerraformVersion.require(stack, { name: 'x', since });
    expect(synthError(stack)).toContain(`[test] feature.since '${since}' (feature 'x') is not a Terraform release version: write it like '1.5.0'`);
  });
});

describe('the example stacks', () => {
  const app = Testing.app();
  addExampleStacks(app);
  const json = synthStacks(app);

  it('each declare the Terraform version of the features they use', () => {
    expect(Object.fromEntries([...json].map(([name, j]) => [name, j.terraform.required_version]))).toEqual({
      'single-node-cluster': '>= 1.0.0',
      'single-node-platform': '>= 1.0.0',
      'homelab-cluster': '>= 1.5.0',      // Proxmox VMs
      'homelab-platform': '>= 1.0.0',
      'home-ops-cluster': '>= 1.11.0',    // the 0.12 line drains with a write-only kubeconfig (and Proxmox VMs)
      'home-ops-platform': '>= 1.0.0',
      'pi-cluster': '>= 1.11.0',          // the 0.12 line drains with a write-only kubeconfig
      'pi-platform': '>= 1.0.0',
    });
  });

  it('raise every stack to at least 1.10.0 on an S3 backend with native locking', () => {
    const s3 = Testing.app();
    addExampleStacks(s3, { backend: StateBackend.s3({ bucket: 'tfstate', endpoint: 'https://minio.lan:9000' }) });
    for (const [name, j] of synthStacks(s3)) {
      expect({ name, v: j.terraform.required_version }).toEqual({ name, v: /^(home-ops|pi)-cluster$/.test(name) ? '>= 1.11.0' : '>= 1.10.0' });
    }
  });
});
