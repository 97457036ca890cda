/**
 * TalosNode as the operator lives it: the first apply on blank machines, a replaced VM, a VM edit (../shared/reference/
 * talos-facts.md, section 8). Each rule names the source it was read from.
 */
import { createHash } from 'node:crypto';
import { TerraformOutput } from 'cdktf';
import { FirstContact, InstallDisk, ProxmoxConnection, TalosCluster, TalosClusterProps, TalosNodeOptions } from '../constructs';
import { synthError, synthJson, testStack } from './helpers/synth';

const base: TalosClusterProps = {
  clusterName: 'home', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4',
  network: { gateway: '10.0.0.1' }, nodeDefaults: { nameservers: ['10.0.0.1', '1.1.1.1'] },
};
const box: TalosNodeOptions = {
  hostname: 'home-01-cp-0', links: [{ interface: 'enp1s0', addresses: ['10.0.0.2/24'] }], installDisk: InstallDisk.path('/dev/nvme0n1'),
};

function schematics(json: Record<string, any>): Record<string, string> {
  return Object.fromEntries(Object.entries<any>(json.resource.talos_image_factory_schematic).map(([k, v]) => [k, v.schematic]));
}

describe('first contact on bare metal', () => {
  // talos internal/app/machined/pkg/controllers/network/cmdline.go at v1.12.11: `ip=` gives the node its static
  // address in maintenance mode, so the first apply reaches 10.0.0.2.
  it('FirstContact.bootMedia(): the node\'s own boot media carry its address; the installer stays the shared one', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'home', base);
    const node = cluster.addControlPlane({ ...box, firstContact: FirstContact.bootMedia() });
    new TerraformOutput(stack, 'iso', { value: node.bootMedia.iso });
    const json = synthJson(stack);
    const s = schematics(json);
    expect(Object.values(s).sort()).toEqual([
      'customization:\n  extraKernelArgs:\n    - ip=10.0.0.2::10.0.0.1:24:home-01-cp-0:enp1s0:off:10.0.0.1:1.1.1.1\n',
      'customization: {}\n',
    ]);
    const urls = json.data.talos_image_factory_urls;
    const bootKey = Object.keys(s).find((k) => s[k].includes('ip='))!;
    const installKey = Object.keys(s).find((k) => !s[k].includes('ip='))!;
    // The boot media come from the schematic with the address, their URL known before any deploy: the factory's id is
    // the SHA-256 of its canonical YAML of the schematic (siderolabs/image-factory pkg/schematic/schematic.go; an
    // independent oracle here: the YAML written out by hand, hashed with node:crypto).
    const canonical = 'customization:\n    extraKernelArgs:\n        - ip=10.0.0.2::10.0.0.1:24:home-01-cp-0:enp1s0:off:10.0.0.1:1.1.1.1\n';
    const id = createHash('sha256').update(canonical).digest('hex');
    expect(json.output.iso.value).toBe(`https://factory.talos.dev/image/${id}/v1.12.11/metal-amd64.iso`);
    expect(urls[`${bootKey}_v1_12_11-metal-amd64`]).toEqual(expect.objectContaining({ platform: 'metal', talos_version: 'v1.12.11' }));
    // The first deploy registers that schematic before it waits (30 minutes) for the booted machine.
    const apply = json.resource.talos_machine_configuration_apply['home_home-01-cp-0'];
    expect(apply.depends_on).toEqual([`talos_image_factory_schematic.${bootKey}`]);
    expect(apply.timeouts).toEqual({ create: '30m' });
    // ... and the node installs from the one without it: the installed system takes its network from its configuration.
    const patch = json.data.talos_machine_configuration['home_home-01-cp-0'].config_patches[0] as string;
    expect(patch).toContain(`image: \${data.talos_image_factory_urls.${installKey}_v1_12_11-metal-amd64.urls.installer}`);
    // The apply goes to the node's final address, the first time too.
    expect(json.resource.talos_machine_configuration_apply['home_home-01-cp-0'].node).toBe('10.0.0.2');
  });

  it('FirstContact.dhcpLease(): one apply at the lease, once, then every apply at the static address', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'home', base);
    cluster.addControlPlane({ ...box, firstContact: FirstContact.dhcpLease('10.0.0.150') });
    const applies = synthJson(stack).resource.talos_machine_configuration_apply;
    expect(Object.keys(applies).sort()).toEqual(['home_home-01-cp-0', 'home_home-01-cp-0_first_contact']);
    const first = applies['home_home-01-cp-0_first_contact'];
    expect(first).toMatchObject({
      node: '10.0.0.150', endpoint: '10.0.0.150', apply_mode: 'auto',
      machine_configuration_input: '${data.talos_machine_configuration.home_home-01-cp-0.machine_configuration}',
      lifecycle: { ignore_changes: 'all' },
    });
    expect(first.depends_on).toEqual([expect.stringMatching(/^talos_image_factory_schematic\.home_[0-9a-f]{8}$/)]);
    expect(first.timeouts).toEqual({ create: '30m' });
    const regular = applies['home_home-01-cp-0'];
    expect(regular.node).toBe('10.0.0.2');
    expect(regular.depends_on).toEqual(['talos_machine_configuration_apply.home_home-01-cp-0_first_contact']);
    expect(regular.timeouts).toBeUndefined();
  });

  it('FirstContact.dhcpReservation() from the cluster: no extra resources, the shared image, known before the deploy', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'home', { ...base, firstContact: FirstContact.dhcpReservation() });
    const node = cluster.addControlPlane(box);
    new TerraformOutput(stack, 'iso', { value: node.bootMedia.iso });
    const json = synthJson(stack);
    expect(Object.keys(json.resource.talos_machine_configuration_apply)).toEqual(['home_home-01-cp-0']);
    const [key] = Object.keys(schematics(json));
    expect(schematics(json)[key]).toBe('customization: {}\n');
    // The factory's id of an empty customization: the SHA-256 of its canonical YAML.
    expect(json.output.iso.value).toBe(`https://factory.talos.dev/image/${createHash('sha256').update('customization: {}\n').digest('hex')}/v1.12.11/metal-amd64.iso`);
    const apply = json.resource.talos_machine_configuration_apply['home_home-01-cp-0'];
    expect(apply.depends_on).toEqual([`talos_image_factory_schematic.${key}`]);
    expect(apply.timeouts).toEqual({ create: '30m' });
  });

  it('fails the synth when a bare-metal node has no first contact', () => {
    const { stack } = testStack();
    new TalosCluster(stack, 'home', base).addControlPlane(box);
    expect(synthError(stack)).toContain("nodes['home-01-cp-0'].firstContact is missing");
  });
});

describe('a replaced VM is configured again', () => {
  function vms(controlPlanes: number) {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'lab', { ...base, clusterName: 'lab', network: { gateway: '10.0.20.1' }, nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent'] } });
    for (let i = 1; i <= controlPlanes; i++) cluster.addControlPlane({ hostname: `cp${i}`, vm: { proxmoxNode: 'pve', vmId: 200 + i, nics: [{ addresses: [`10.0.20.1${i}/24`] }] } });
    cluster.addWorker({ hostname: 'w1', vm: { proxmoxNode: 'pve', vmId: 211, nics: [{ addresses: ['10.0.20.21/24'] }] } });
    return synthJson(stack);
  }

  // talos_machine_configuration_apply re-applies only when its inputs change (provider v0.11.0), so a new VM would boot
  // blank and stay in maintenance mode. replace_triggered_by fires on a referenced resource's update or replacement but
  // never its create (terraform EvaluateReplaceTriggeredBy), so the trigger is a terraform_data keyed by the VM's id:
  // unknown whenever the VM is created (replaced, or recreated after it vanished), stable while it is only updated.
  it('keeps a generation marker per VM, replaced whenever the VM is created anew', () => {
    const json = vms(1);
    expect(json.resource.terraform_data['lab_cp1_vm_generation']).toMatchObject({ triggers_replace: { vm_id: '${proxmox_virtual_environment_vm.lab_cp1.id}' } });
    expect(json.resource.terraform_data['lab_w1_vm_generation']).toMatchObject({ triggers_replace: { vm_id: '${proxmox_virtual_environment_vm.lab_w1.id}' } });
  });

  it('replaces each node\'s apply with its VM\'s generation', () => {
    const applies = vms(1).resource.talos_machine_configuration_apply;
    expect(applies['lab_cp1'].lifecycle).toEqual({ replace_triggered_by: ['terraform_data.lab_cp1_vm_generation'] });
    expect(applies['lab_w1'].lifecycle).toEqual({ replace_triggered_by: ['terraform_data.lab_w1_vm_generation'] });
  });

  it('bootstraps again when the only control plane\'s VM is new (its etcd is gone)', () => {
    expect(vms(1).resource.talos_machine_bootstrap.lab.lifecycle).toEqual({ replace_triggered_by: ['terraform_data.lab_cp1_vm_generation'] });
  });

  it('never bootstraps again with several control planes: a replaced member rejoins, a second bootstrap would split etcd', () => {
    expect(vms(3).resource.talos_machine_bootstrap.lab.lifecycle).toBeUndefined();
  });
});

// bpg/proxmox v0.111.1 proxmoxtf/resource/vm/vm.go (vmFinalizePowerState): with reboot_after_update (default true) the
// provider reboots every VM whose change needs it, and any change under `initialization` does; one DNS edit would
// reboot all control planes in one apply and lose etcd quorum.
describe('a VM edit never reboots running nodes', () => {
  function vm(props: Partial<TalosClusterProps> = {}) {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'lab', { ...base, clusterName: 'lab', network: { gateway: '10.0.20.1' }, ...props });
    cluster.addControlPlane({ hostname: 'cp1', vm: { proxmoxNode: 'pve', vmId: 201, nics: [{ addresses: ['10.0.20.11/24'] }] } });
    return synthJson(stack).resource.proxmox_virtual_environment_vm.lab_cp1;
  }

  it('turns the provider\'s reboot after update off by default', () => {
    expect(vm().reboot_after_update).toBe(false);
  });

  it('lets the operator opt in', () => {
    expect(vm({ proxmox: { rebootAfterUpdate: true } }).reboot_after_update).toBe(true);
  });
});

describe('construct ids the library uses never collide with the user\'s', () => {
  it('accepts a cluster named "talos" and a Proxmox connection named "proxmox" in the same stack', () => {
    const { stack } = testStack();
    new ProxmoxConnection(stack, 'proxmox', { credentials: 'variables' });
    const cluster = new TalosCluster(stack, 'talos', { ...base, clusterName: 'talos', network: { gateway: '10.0.20.1' } });
    cluster.addControlPlane({ hostname: 'cp1', vm: { proxmoxNode: 'pve', vmId: 201, nics: [{ addresses: ['10.0.20.11/24'] }] } });
    const json = synthJson(stack);
    expect(Object.keys(json.resource.talos_machine_secrets)).toEqual(['talos']);
    expect(json.provider.proxmox).toEqual([{ endpoint: '${var.proxmox_endpoint}', api_token: '${var.proxmox_api_token}', insecure: '${var.proxmox_insecure}' }]);
  });

  it('accepts a cluster named "proxmox" when the library adds the Proxmox connection itself', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'proxmox', { ...base, clusterName: 'proxmox', network: { gateway: '10.0.20.1' } });
    cluster.addControlPlane({ hostname: 'cp1', vm: { proxmoxNode: 'pve', vmId: 201, nics: [{ addresses: ['10.0.20.11/24'] }] } });
    expect(synthJson(stack).provider.proxmox).toEqual([{}]);
  });

  // cdktf maps construct ids to Terraform names ('.' becomes '_'); the second element silently overwrote the first.
  it('fails when two clusters\' ids map to the same Terraform names', () => {
    const { stack } = testStack();
    for (const id of ['home.lab', 'home_lab']) {
      new TalosCluster(stack, id, { ...base, clusterName: id.replace(/[._]/, '-'), firstContact: FirstContact.dhcpReservation() })
        .addControlPlane({ ...box, hostname: 'cp' });
    }
    const message = synthError(stack);
    expect(message).toContain(
      "[test] test/home_lab and test/home.lab both synthesize resource.talos_machine_secrets.home_lab (and 8 more Terraform names): construct ids that differ only in characters Terraform names cannot hold (such as '.') map to the same name, and the second silently overwrites the first; rename one of them");
    // The library's own report: cdktf's advice to skip validations never reaches the user.
    expect(message).not.toContain('skipValidation');
  });
});
