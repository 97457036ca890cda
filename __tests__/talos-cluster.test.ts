import { parse } from 'yaml';
import { TerraformOutput, Testing } from 'cdktf';
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

/**
 * The 0.12 provider line: talos_machine per node, talos_cluster per cluster, chained in the rolling order. Attribute
 * names and behaviour from siderolabs/terraform-provider-talos v0.12.0-alpha.5 (pkg/talos/talos_machine_resource.go,
 * talos_cluster_resource.go, talos_cluster_kubeconfig_ephemeral_resource.go; docs/upgrades-research.md).
 */
describe('TalosCluster on the 0.12 provider line', () => {
  /** Three control planes and three workers, on 0.12, with the given options. */
  function haCluster(props: Partial<TalosClusterProps> = {}) {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'main', { ...base, providerLine: '0.12', ...props });
    for (const i of [1, 2, 3]) cluster.addControlPlane({ hostname: `cp${i}`, links: [{ interface: 'eth0', addresses: [`10.0.20.1${i}/24`] }] });
    for (const i of [1, 2, 3]) cluster.addWorker({ hostname: `w${i}`, links: [{ interface: 'eth0', addresses: [`10.0.20.2${i}/24`] }] });
    return { stack, cluster };
  }

  it('manages each node with a talos_machine keyed by hostname: configuration, installer image, drain with a kubeconfig never stored', () => {
    const json = synthJson(haCluster().stack);
    expect(json.terraform.required_providers.talos).toEqual({ source: 'siderolabs/talos', version: '0.12.0-alpha.5' });
    expect(json.resource.talos_machine_configuration_apply).toBeUndefined();
    expect(json.resource.talos_machine_bootstrap).toBeUndefined();
    expect(Object.keys(json.resource.talos_machine)).toEqual(['main_cp1', 'main_cp2', 'main_cp3', 'main_w1', 'main_w2', 'main_w3']);
    const installer = json.data.talos_machine_configuration.main_w1.config_patches.join('\n').match(/image: (\$\{data\.talos_image_factory_urls\.[^}]+\.urls\.installer\})/)[1];
    const { depends_on: _d, ...machine } = json.resource.talos_machine.main_w1;
    expect(machine).toEqual({
      node: '10.0.20.21',
      endpoint: '10.0.20.21',
      client_configuration: '${talos_machine_secrets.main.client_configuration}',
      machine_configuration: '${data.talos_machine_configuration.main_w1.machine_configuration}',
      // The same installer the configuration names: a new version or schematic upgrades the node.
      image: installer,
      drain_on_upgrade: true,
      kubeconfig_wo: '${ephemeral.talos_cluster_kubeconfig.main.kubeconfig_raw}',
      reboot_mode: 'DEFAULT',
      // Kubernetes is upgraded by talos_cluster (upgrade-k8s), not pushed with the configuration.
      ignore_kubernetes_upgrade_drift: true,
      // A bare-metal node's first apply waits for a person to boot it (as on the 0.11 line).
      timeouts: { create: '30m' },
    });
    // Generated by the provider from the secrets alone (no cluster needed, nothing in state): Terraform 1.11 for the
    // write-only attribute.
    expect(json.ephemeral).toEqual({ talos_cluster_kubeconfig: { main: {
      machine_secrets: '${talos_machine_secrets.main.machine_secrets}', cluster_name: 'homelab', endpoint: 'https://10.0.20.11:6443',
    } } });
    expect(json.terraform.required_version).toBe('>= 1.11.0');
  });

  it('bootstraps and upgrades Kubernetes with one talos_cluster after every node; the kubeconfig after it', () => {
    const json = synthJson(haCluster().stack);
    expect(json.resource.talos_cluster).toEqual({ main: {
      node: '10.0.20.11', endpoint: '10.0.20.11',
      control_plane_nodes: ['10.0.20.11', '10.0.20.12', '10.0.20.13'],
      kubernetes_version: '1.36.3',
      client_configuration: '${talos_machine_secrets.main.client_configuration}',
      depends_on: ['cp1', 'cp2', 'cp3', 'w1', 'w2', 'w3'].map((h) => `talos_machine.main_${h}`),
    } });
    expect(json.resource.talos_cluster_kubeconfig.main.depends_on).toEqual(['talos_cluster.main']);
  });

  it('chains the nodes without health gates: each control plane after the one before, then workers in batches', () => {
    const json = synthJson(haCluster({ upgrades: { workerBatchSize: 2 } }).stack);
    // Bare-metal nodes also wait for their schematic to be registered (before they are booted), as on the 0.11 line.
    expect(json.resource.talos_machine.main_cp1.depends_on).toEqual(['talos_image_factory_schematic.main_37656798']);
    const deps = (h: string): string[] => (json.resource.talos_machine[`main_${h}`].depends_on as string[]).filter((d) => !d.startsWith('talos_image_factory_schematic.'));
    expect(deps('cp1')).toEqual([]);
    expect(deps('cp2')).toEqual(['talos_machine.main_cp1']);
    expect(deps('cp3')).toEqual(['talos_machine.main_cp2']);
    expect(deps('w1')).toEqual(['talos_machine.main_cp3']);
    expect(deps('w2')).toEqual(['talos_machine.main_cp3']);
    expect(deps('w3')).toEqual(['talos_machine.main_w1', 'talos_machine.main_w2']);
    expect(json.data?.talos_cluster_health).toBeUndefined();
  });

  it('with healthGates, waits for a healthy control plane after every node before the next wave, and before talos_cluster', () => {
    const json = synthJson(haCluster({ upgrades: { healthGates: true, workerBatchSize: 2, healthTimeout: '20m' } }).stack);
    const gates = json.data.talos_cluster_health;
    expect(Object.keys(gates)).toEqual(['cp1', 'cp2', 'cp3', 'w1', 'w2', 'w3'].map((h) => `main_${h}_after`));
    expect(gates.main_cp2_after).toEqual({
      client_configuration: '${talos_machine_secrets.main.client_configuration}',
      endpoints: ['10.0.20.11', '10.0.20.12', '10.0.20.13'],
      control_plane_nodes: ['10.0.20.11', '10.0.20.12', '10.0.20.13'],
      skip_kubernetes_checks: true,
      timeouts: { read: '20m' },
      depends_on: ['talos_machine.main_cp2'],
    });
    // A worker's gate also checks that worker (the Talos API answers, boot finished).
    expect(gates.main_w3_after).toMatchObject({ worker_nodes: ['10.0.20.23'], depends_on: ['talos_machine.main_w3'] });
    const deps = (h: string): string[] => (json.resource.talos_machine[`main_${h}`].depends_on as string[]).filter((d) => !d.startsWith('talos_image_factory_schematic.'));
    expect(deps('cp1')).toEqual([]);
    expect(deps('cp2')).toEqual(['data.talos_cluster_health.main_cp1_after']);
    expect(deps('cp3')).toEqual(['data.talos_cluster_health.main_cp2_after']);
    expect(deps('w1')).toEqual(['data.talos_cluster_health.main_cp3_after']);
    expect(deps('w3')).toEqual(['data.talos_cluster_health.main_w1_after', 'data.talos_cluster_health.main_w2_after']);
    expect(json.resource.talos_cluster.main.depends_on).toEqual(['cp1', 'cp2', 'cp3', 'w1', 'w2', 'w3'].flatMap((h) => [`talos_machine.main_${h}`, `data.talos_cluster_health.main_${h}_after`]));
  });

  it('orders control planes first whatever the declaration order, and adopts a running cluster without an import', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'main', { ...base, providerLine: '0.12', alreadyBootstrapped: true, firstContact: undefined });
    cluster.addWorker({ hostname: 'w1', links: [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }] });
    cluster.addControlPlane({ hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }] });
    const json = synthJson(stack);
    const schematic = 'talos_image_factory_schematic.main_37656798';
    expect(json.resource.talos_machine.main_w1.depends_on).toEqual([schematic, 'talos_machine.main_cp1']);
    expect(json.resource.talos_machine.main_cp1.depends_on).toEqual([schematic]);
    // A running cluster is adopted by talos_cluster's create (AlreadyExists is success): nothing to import.
    expect(json.import).toBeUndefined();
  });

  it('drains without a kubeconfig when drain is off, and reboots by power cycle when asked', () => {
    const json = synthJson(haCluster({ upgrades: { drain: false, rebootMode: 'powercycle' } }).stack);
    expect(json.resource.talos_machine.main_cp1).toMatchObject({ drain_on_upgrade: false, reboot_mode: 'POWERCYCLE' });
    expect(json.resource.talos_machine.main_cp1.kubeconfig_wo).toBeUndefined();
    expect(json.ephemeral).toBeUndefined();
    expect(json.terraform.required_version).toBe('>= 1.0.0');
  });

  it('bootstraps a lone control plane again when its VM is replaced (a blank etcd), as on the 0.11 line', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'lab', { ...base, providerLine: '0.12' });
    cluster.addControlPlane({ hostname: 'cp1', vm: { proxmoxNode: 'pve', vmId: 101, nics: [{ addresses: ['10.0.20.11/24'] }] } });
    const json = synthJson(stack);
    expect(json.resource.talos_cluster.lab.lifecycle).toEqual({ replace_triggered_by: ['terraform_data.lab_cp1_vm_generation'] });
    expect(json.resource.talos_machine.lab_cp1).toMatchObject({
      depends_on: ['proxmox_virtual_environment_vm.lab_cp1'],
      lifecycle: { replace_triggered_by: ['terraform_data.lab_cp1_vm_generation'] },
    });
  });

  it('applies at a DHCP lease once with the 0.11-schema resource, then the talos_machine at the static address', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'home', { ...base, providerLine: '0.12', firstContact: undefined });
    cluster.addControlPlane({ hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }], firstContact: FirstContact.dhcpLease('10.0.20.150') });
    const json = synthJson(stack);
    expect(Object.keys(json.resource.talos_machine_configuration_apply)).toEqual(['home_cp1_first_contact']);
    expect(json.resource.talos_machine.home_cp1.depends_on).toEqual(['talos_machine_configuration_apply.home_cp1_first_contact']);
  });

  it('records the declared versions for the preview in the stack\'s JSON comment, which Terraform ignores', () => {
    const { stack } = haCluster({ upgrades: { workerBatchSize: 2, healthGates: true } });
    Testing.synth(stack, true);
    const comment = (stack.toTerraform() as Record<string, any>)['//'];
    expect(comment['cdktf-talos-clusters'].main).toMatchObject({
      format: 'cdktf-talos/cluster-versions@1', cluster_name: 'homelab', provider_line: '0.12', kubernetes_version: '1.36.3',
      worker_batch_size: 2, health_gates: true,
    });
    expect(comment['cdktf-talos-clusters'].main.nodes[3]).toEqual({
      hostname: 'w1', role: 'worker', address: '10.0.20.21', talos_version: 'v1.13.9',
      installer: 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba',
    });
  });

  it('moves a 0.11 cluster: forgets the old applies and bootstrap (removed, destroy = false), keeps the secrets and the 1.13 documents', () => {
    const { stack } = haCluster({ talosVersion: 'v1.14.0', migrateFrom011: true, upgrades: { healthGates: true } });
    const json = synthJson(stack);
    expect(json.removed).toEqual([
      { from: 'talos_machine_bootstrap.main', lifecycle: { destroy: false } },
      ...['cp1', 'cp2', 'cp3', 'w1', 'w2', 'w3'].map((h) => ({ from: `talos_machine_configuration_apply.main_${h}`, lifecycle: { destroy: false } })),
    ]);
    expect(Object.keys(json.resource.talos_machine_secrets)).toEqual(['main']);
    // The same documents as the 0.11 line rendered: machine.install, not 1.14's UnattendedInstallConfig.
    const patches = json.data.talos_machine_configuration.main_cp1.config_patches.join('\n');
    expect(patches).toContain('install:');
    expect(patches).not.toContain('UnattendedInstallConfig');
    expect(json.terraform.required_version).toBe('>= 1.11.0');
  });

  it('fails when a stack mixes provider lines (both are provider "talos")', () => {
    const { stack } = testStack();
    new TalosCluster(stack, 'old', base).addControlPlane({ hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }] });
    new TalosCluster(stack, 'new', { ...base, providerLine: '0.12' }).addControlPlane({ hostname: 'cp2', links: [{ interface: 'eth0', addresses: ['10.0.20.12/24'] }] });
    expect(synthError(stack)).toContain(`providerLine '0.12' differs from the stack's siderolabs/talos provider, of the 0.11 line (test/cdktf-talos-provider-talos): both lines are provider "talos", so every cluster of a stack uses one line; give this cluster providerLine '0.11', or put it in a stack of its own`);
  });

  it('rolls a node declared at the next minor (a roll in progress), and fails when nodes are two minors apart', () => {
    const roll = haCluster({ talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4' });
    roll.cluster.addWorker({ hostname: 'w4', talosVersion: 'v1.13.9', links: [{ interface: 'eth0', addresses: ['10.0.20.24/24'] }] });
    expect(synthJson(roll.stack).data.talos_machine_configuration.main_w4.talos_version).toBe('v1.13.9');
    const { stack, cluster } = haCluster({ talosVersion: 'v1.11.6', kubernetesVersion: '1.34.1' });
    cluster.addWorker({ hostname: 'w4', talosVersion: 'v1.13.9', links: [{ interface: 'eth0', addresses: ['10.0.20.24/24'] }] });
    expect(synthError(stack)).toContain("nodes['w4'].talosVersion declares Talos 1.13 while talosVersion declares 1.11: during a roll the nodes of a cluster may be one minor apart at most, and each upgrade goes one minor at a time; bring every node to v1.12.11 (the latest 1.12) first, one deploy, then on to 1.13");
  });

  it('fails when an apply mode other than auto is set on the 0.12 line, where talos_machine ignores it', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'main', { ...base, providerLine: '0.12', applyMode: 'staged' });
    cluster.addControlPlane({ hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }] });
    cluster.addWorker({ hostname: 'w1', links: [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }], applyMode: 'no_reboot' });
    const message = synthError(stack);
    expect(message).toContain("nodes['cp1'].applyMode 'staged' (the cluster's applyMode) has no effect on the 0.12 provider line: talos_machine applies every change in auto mode, and changes that reboot go one node at a time in the rolling order (upgrades); remove it");
    expect(message).toContain("nodes['w1'].applyMode 'no_reboot' has no effect on the 0.12 provider line");
  });
});
