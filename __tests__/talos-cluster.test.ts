import { parse } from 'yaml';
import { TerraformOutput } from 'cdktf';
import { FirstContact, InstallDisk, TalosCluster, TalosClusterProps } from '../constructs';
import { synthError, synthJson, testStack } from './helpers/synth';

const base: TalosClusterProps = {
  clusterName: 'homelab',
  talosVersion: 'v1.13.9',
  kubernetesVersion: '1.36.3',
  network: { gateway: '10.0.20.1' },
  firstContact: FirstContact.dhcpReservation(),
  nodeDefaults: { installDisk: InstallDisk.path('/dev/sda') },
};

function threeNodeCluster(props: Partial<TalosClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new TalosCluster(stack, 'homelab', { ...base, ...props });
  cluster.addControlPlane({ hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }] });
  cluster.addWorker({ hostname: 'w1', links: [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }] });
  cluster.addWorker({ hostname: 'w2', links: [{ interface: 'eth0', addresses: ['10.0.20.22/24'] }], installDisk: InstallDisk.path('/dev/vda') });
  return { stack, cluster };
}

describe('TalosCluster', () => {
  it('creates guarded secrets, one configuration and apply per node keyed by hostname, and pins the provider', () => {
    const { stack } = threeNodeCluster();
    const json = synthJson(stack);
    expect(json.terraform.required_providers.talos).toEqual({ source: 'siderolabs/talos', version: '0.11.0' });
    expect(json.resource.talos_machine_secrets.homelab).toMatchObject({ lifecycle: { prevent_destroy: true }, talos_version: 'v1.13' });
    expect(Object.keys(json.resource.talos_machine_configuration_apply).sort()).toEqual(['homelab_cp1', 'homelab_w1', 'homelab_w2']);
    expect(Object.keys(json.data.talos_machine_configuration).sort()).toEqual(['homelab_cp1', 'homelab_w1', 'homelab_w2']);
  });

  it('wires each apply to its own configuration, the secrets\' client configuration and the node address', () => {
    const json = synthJson(threeNodeCluster().stack);
    expect(json.resource.talos_machine_configuration_apply.homelab_w1).toMatchObject({
      node: '10.0.20.21',
      endpoint: '10.0.20.21',
      apply_mode: 'auto',
      client_configuration: '${talos_machine_secrets.homelab.client_configuration}',
      machine_configuration_input: '${data.talos_machine_configuration.homelab_w1.machine_configuration}',
    });
    expect(json.data.talos_machine_configuration.homelab_w1).toMatchObject({
      cluster_name: 'homelab',
      cluster_endpoint: 'https://10.0.20.11:6443',
      machine_type: 'worker',
      machine_secrets: '${talos_machine_secrets.homelab.machine_secrets}',
      talos_version: 'v1.13.9',
      kubernetes_version: '1.36.3',
      docs: false,
      examples: false,
    });
  });

  it('bootstraps exactly once, on the first control plane, after its apply; kubeconfig after bootstrap', () => {
    const json = synthJson(threeNodeCluster().stack);
    expect(Object.keys(json.resource.talos_machine_bootstrap)).toEqual(['homelab']);
    expect(json.resource.talos_machine_bootstrap.homelab).toMatchObject({
      node: '10.0.20.11', endpoint: '10.0.20.11', depends_on: ['talos_machine_configuration_apply.homelab_cp1'],
    });
    expect(json.resource.talos_cluster_kubeconfig.homelab).toMatchObject({ node: '10.0.20.11', depends_on: ['talos_machine_bootstrap.homelab'] });
    expect(json.resource.terraform_data.homelab_ready.depends_on).toEqual(['talos_cluster_kubeconfig.homelab']);
  });

  it('writes a talosconfig whose endpoints are control-plane addresses, never the VIP', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'main', { ...base, vip: '10.0.20.10' });
    for (const [i, h] of ['m1', 'm2', 'm3'].entries()) cluster.addControlPlane({ hostname: h, links: [{ interface: 'eth0', addresses: [`10.0.20.1${i + 1}/24`] }] });
    cluster.addWorker({ hostname: 'w1', links: [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }] });
    const json = synthJson(stack);
    expect(json.data.talos_client_configuration.main).toMatchObject({
      cluster_name: 'homelab', endpoints: ['10.0.20.11', '10.0.20.12', '10.0.20.13'], nodes: ['10.0.20.11', '10.0.20.12', '10.0.20.13', '10.0.20.21'],
    });
    // The Kubernetes endpoint is the VIP by default.
    expect(json.data.talos_machine_configuration.main_m2.cluster_endpoint).toBe('https://10.0.20.10:6443');
  });

  it('sets the installer image explicitly, from the node\'s Image Factory schematic and Talos version, never the provider default', () => {
    const json = synthJson(threeNodeCluster().stack);
    const patches: string[] = json.data.talos_machine_configuration.homelab_w2.config_patches;
    const v1alpha1 = parse(patches[0]);
    const [urlsName, urls] = Object.entries<any>(json.data.talos_image_factory_urls)[0];
    expect(v1alpha1.machine.install).toEqual({ disk: '/dev/vda', image: `\${data.talos_image_factory_urls.${urlsName}.urls.installer}` });
    expect(urls).toMatchObject({ talos_version: 'v1.13.9', platform: 'metal', architecture: 'amd64' });
    // Without extensions, the schematic is the factory's empty one; all three nodes share it.
    expect(Object.values<any>(json.resource.talos_image_factory_schematic)).toEqual([expect.objectContaining({ schematic: 'customization: {}\n' })]);
    expect(urls.schematic_id).toBe(`\${talos_image_factory_schematic.${Object.keys(json.resource.talos_image_factory_schematic)[0]}.id}`);
  });

  it('lets an explicit installer image win over the factory one', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'homelab', base);
    cluster.addControlPlane({ hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }], installerImage: 'registry.lan/talos/installer:v1.13.9' });
    const v1alpha1 = parse(synthJson(stack).data.talos_machine_configuration.homelab_cp1.config_patches[0]);
    expect(v1alpha1.machine.install.image).toBe('registry.lan/talos/installer:v1.13.9');
  });

  it('renders the patches of each node for its own Talos version', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'homelab', { ...base, talosVersion: 'v1.12.11', kubernetesVersion: '1.34.1' });
    cluster.addControlPlane({ hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }] });
    cluster.addWorker({ hostname: 'old', talosVersion: 'v1.11.6', links: [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }] });
    const json = synthJson(stack);
    const kinds = (h: string): unknown[] => (json.data.talos_machine_configuration[h].config_patches as string[]).map((p) => parse(p).kind);
    expect(kinds('homelab_cp1')).toContain('LinkConfig');
    expect(kinds('homelab_old')).not.toContain('LinkConfig');
    expect(json.data.talos_machine_configuration.homelab_old.talos_version).toBe('v1.11.6');
  });

  it('adds a health check that waits for every apply and skips Kubernetes checks without a CNI', () => {
    const { stack } = threeNodeCluster({ healthCheck: true, kubernetes: { cni: 'none' } });
    const json = synthJson(stack);
    expect(json.data.talos_cluster_health.homelab).toMatchObject({
      control_plane_nodes: ['10.0.20.11'], worker_nodes: ['10.0.20.21', '10.0.20.22'], endpoints: ['10.0.20.11'], skip_kubernetes_checks: true,
    });
    expect(json.data.talos_cluster_health.homelab.depends_on).toEqual([
      'talos_cluster_kubeconfig.homelab',
      'talos_machine_configuration_apply.homelab_cp1', 'talos_machine_configuration_apply.homelab_w1', 'talos_machine_configuration_apply.homelab_w2',
    ]);
    expect(json.resource.terraform_data.homelab_ready.depends_on).toEqual(['talos_cluster_kubeconfig.homelab', 'data.talos_cluster_health.homelab']);
  });

  it('imports existing secrets from a talosctl secrets.yaml when asked', () => {
    const { stack } = threeNodeCluster({ secrets: { importFrom: './secrets.yaml' } });
    const json = synthJson(stack);
    expect(json.import).toEqual([{ to: 'talos_machine_secrets.homelab', id: './secrets.yaml' }]);
  });

  it('imports the bootstrap instead of running it when the cluster already runs (adoption, lost state)', () => {
    const { stack } = threeNodeCluster({ secrets: { importFrom: './secrets.yaml' }, alreadyBootstrapped: true });
    expect(synthJson(stack).import).toEqual([
      { to: 'talos_machine_secrets.homelab', id: './secrets.yaml' },
      { to: 'talos_machine_bootstrap.homelab', id: 'bootstrapped' },
    ]);
  });

  it('bounds the health check\'s wait, because data sources are also read during plan and destroy', () => {
    const json = synthJson(threeNodeCluster({ healthCheck: true }).stack);
    expect(json.data.talos_cluster_health.homelab.timeouts).toEqual({ read: '10m' });
    expect(json.data.talos_cluster_health.homelab.skip_kubernetes_checks).toBeUndefined();
  });

  it('never sets on_destroy on applies (unknown values there crash provider v0.11; graceful resets block the last etcd member)', () => {
    const json = synthJson(threeNodeCluster().stack);
    for (const apply of Object.values<any>(json.resource.talos_machine_configuration_apply)) expect(apply.on_destroy).toBeUndefined();
  });

  it('exposes credentials only as references, never as values', () => {
    const { stack, cluster } = threeNodeCluster();
    new TerraformOutput(stack, 'kubeconfig', { value: cluster.kubeconfig, sensitive: true });
    new TerraformOutput(stack, 'host', { value: cluster.kubernetesClientConfiguration.host });
    const json = synthJson(stack);
    expect(json.output.kubeconfig).toEqual({ value: '${talos_cluster_kubeconfig.homelab.kubeconfig_raw}', sensitive: true });
    expect(json.output.host.value).toBe('${talos_cluster_kubeconfig.homelab.kubernetes_client_configuration.host}');
  });

  it('adding a node changes no other resource\'s address and no other node\'s configuration', () => {
    const before = synthJson(threeNodeCluster().stack);
    const { stack, cluster } = threeNodeCluster();
    cluster.addWorker({ hostname: 'w3', links: [{ interface: 'eth0', addresses: ['10.0.20.23/24'] }] });
    const after = synthJson(stack);
    for (const h of ['homelab_cp1', 'homelab_w1', 'homelab_w2']) {
      expect(after.data.talos_machine_configuration[h]).toEqual(before.data.talos_machine_configuration[h]);
      expect(after.resource.talos_machine_configuration_apply[h]).toEqual(before.resource.talos_machine_configuration_apply[h]);
    }
    expect(after.resource.talos_machine_bootstrap).toEqual(before.resource.talos_machine_bootstrap);
    expect(after.resource.talos_machine_secrets).toEqual(before.resource.talos_machine_secrets);
  });

  it('fails when the declaration is invalid, with every problem and its fix in one error', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'bad', { ...base, talosVersion: 'v1.9.6' });
    cluster.addWorker({ hostname: 'w1', links: [{ interface: 'eth0', addresses: ['10.0.20.321/24'] }] });
    const message = synthError(stack);
    expect(message).toContain("talosVersion 'v1.9.6' is a Talos version this library does not support");
    expect(message).toContain('nodes has no control-plane node: add one with addControlPlane()');
    expect(message).toContain("nodes['w1'].links[0].addresses[0] '10.0.20.321/24' is not an address with a prefix length: write it like '10.0.20.102/24'");
  });
});
