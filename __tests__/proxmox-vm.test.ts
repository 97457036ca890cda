import { parse } from 'yaml';
import { InstallDisk, ProxmoxConnection, ProxmoxVmOptions, TalosCluster, TalosClusterProps } from '../constructs';
import { synthError, synthJson, testStack } from './helpers/synth';

const base: TalosClusterProps = {
  clusterName: 'homelab',
  talosVersion: 'v1.13.9',
  kubernetesVersion: '1.36.3',
  network: { gateway: '10.0.20.1' },
  nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent', 'siderolabs/nfs-utils'] },
};

const vm = (proxmoxNode: string, vmId: number, address: string, extra: Partial<ProxmoxVmOptions> = {}): ProxmoxVmOptions => ({
  proxmoxNode, vmId, nics: [{ addresses: [address] }], ...extra,
});

function vmCluster(props: Partial<TalosClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new TalosCluster(stack, 'homelab', { ...base, ...props });
  cluster.addControlPlane({ hostname: 'cp1', vm: vm('pve1', 201, '10.0.20.11/24') });
  cluster.addWorker({ hostname: 'w1', vm: vm('pve1', 211, '10.0.20.21/24') });
  cluster.addWorker({ hostname: 'w2', vm: vm('pve2', 212, '10.0.20.22/24', { diskBus: 'virtio' }) });
  return { stack, cluster };
}

const patchesOf = (json: any, name: string): any[] => (json.data.talos_machine_configuration[name].config_patches as string[]).map((p) => parse(p));

describe('Talos nodes on Proxmox VMs', () => {
  const json = synthJson(vmCluster().stack);
  const vms = json.resource.proxmox_virtual_environment_vm;

  it('creates one VM per node, keyed by hostname, with the pitfall-avoiding defaults', () => {
    expect(Object.keys(vms).sort()).toEqual(['homelab_cp1', 'homelab_w1', 'homelab_w2']);
    expect(vms.homelab_w1).toMatchObject({
      node_name: 'pve1',
      vm_id: 211,
      name: 'w1',
      machine: 'q35',
      cpu: { cores: 2, sockets: 1, type: 'host' },
      memory: { dedicated: 4096, floating: 0 },
      stop_on_destroy: true,
      started: true,
      on_boot: true,
      scsi_hardware: 'virtio-scsi-single',
      disk: [{ interface: 'scsi0', datastore_id: 'local-lvm', size: 32, file_format: 'raw', iothread: true, discard: 'on' }],
      // q35 only has ide0 and ide2: the ISO on ide0, the cloud-init drive on ide2.
      cdrom: { interface: 'ide0' },
      boot_order: ['scsi0', 'ide0'],
      initialization: { interface: 'ide2', type: 'nocloud', datastore_id: 'local-lvm' },
      tags: ['homelab', 'talos', 'worker'],
    });
  });

  it('gives each VM its final static address at first boot through cloud-init, gateway on the first NIC', () => {
    expect(vms.homelab_w1.initialization.ip_config).toEqual([{ ipv4: { address: '10.0.20.21/24', gateway: '10.0.20.1' } }]);
  });

  it('pins each NIC\'s MAC and selects the Talos link by that MAC', () => {
    const mac: string = vms.homelab_w1.network_device[0].mac_address;
    expect(mac).toMatch(/^BC:24:11(:[0-9A-F]{2}){3}$/);
    const alias = patchesOf(json, 'homelab_w1').find((d) => d.kind === 'LinkAliasConfig');
    expect(alias).toEqual({ apiVersion: 'v1alpha1', kind: 'LinkAliasConfig', name: 'net0', selector: { match: `mac(link.permanent_addr) == "${mac.toLowerCase()}"` } });
    // Derived MACs are stable across synths and differ between nodes.
    expect(synthJson(vmCluster().stack).resource.proxmox_virtual_environment_vm.homelab_w1.network_device[0].mac_address).toBe(mac);
    expect(vms.homelab_w2.network_device[0].mac_address).not.toBe(mac);
  });

  it('enables the guest agent only when the qemu-guest-agent extension is in the node\'s image', () => {
    // Never wait for the agent's IP report (bpg/proxmox v0.111.1 waits up to agent.timeout per VM at create).
    expect(vms.homelab_w1.agent).toEqual({ enabled: true, timeout: '2m', wait_for_ip: { disabled: true } });
    const without = synthJson(vmCluster({ nodeDefaults: { extensions: ['siderolabs/nfs-utils'] } }).stack);
    expect(without.resource.proxmox_virtual_environment_vm.homelab_w1.agent).toEqual({ enabled: false });
  });

  it('derives the install disk from the disk bus: /dev/sda for SCSI, /dev/vda for VirtIO', () => {
    expect(patchesOf(json, 'homelab_w1')[0].machine.install.disk).toBe('/dev/sda');
    expect(patchesOf(json, 'homelab_w2')[0].machine.install.disk).toBe('/dev/vda');
    expect(vms.homelab_w2.disk[0].interface).toBe('virtio0');
    expect(vms.homelab_w2.scsi_hardware).toBeUndefined();
  });

  it('chains image -> download -> VM -> apply, and installs from the same schematic it booted', () => {
    const [schematicName] = Object.keys(json.resource.talos_image_factory_schematic);
    const [urlsName, urls] = Object.entries<any>(json.data.talos_image_factory_urls)[0];
    expect(urls).toMatchObject({ platform: 'nocloud', talos_version: 'v1.13.9', schematic_id: `\${talos_image_factory_schematic.${schematicName}.id}` });
    const downloads = json.resource.proxmox_download_file;
    const isoOnPve1 = Object.keys(downloads).find((k) => downloads[k].node_name === 'pve1')!;
    expect(downloads[isoOnPve1]).toMatchObject({ content_type: 'iso', datastore_id: 'local', overwrite: false, url: `\${data.talos_image_factory_urls.${urlsName}.urls.iso}` });
    expect(vms.homelab_w1.cdrom.file_id).toBe(`\${proxmox_download_file.${isoOnPve1}.id}`);
    expect(json.resource.talos_machine_configuration_apply.homelab_w1.depends_on).toEqual(['proxmox_virtual_environment_vm.homelab_w1']);
    expect(patchesOf(json, 'homelab_w1')[0].machine.install.image).toBe(`\${data.talos_image_factory_urls.${urlsName}.urls.installer}`);
  });

  it('downloads the ISO once per Proxmox host, or once for a shared datastore', () => {
    expect(Object.values<any>(json.resource.proxmox_download_file).map((d) => d.node_name).sort()).toEqual(['pve1', 'pve2']);
    const shared = synthJson(vmCluster({ proxmox: { isoDatastore: 'cephfs', sharedIsoDatastore: true } }).stack);
    expect(Object.values<any>(shared.resource.proxmox_download_file).map((d) => [d.node_name, d.datastore_id])).toEqual([['pve1', 'cephfs']]);
  });

  it('shares one schematic among nodes with the same extensions and adds one for a node with more', () => {
    expect(Object.keys(json.resource.talos_image_factory_schematic)).toHaveLength(1);
    expect(Object.values<any>(json.resource.talos_image_factory_schematic)[0].schematic).toBe(
      'customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/nfs-utils\n      - siderolabs/qemu-guest-agent\n',
    );
    const { stack, cluster } = vmCluster();
    cluster.addWorker({ hostname: 'w3', extensions: ['siderolabs/intel-ucode'], vm: vm('pve1', 213, '10.0.20.23/24') });
    const more = synthJson(stack);
    expect(Object.keys(more.resource.talos_image_factory_schematic)).toHaveLength(2);
    // The existing schematic, downloads and VMs are untouched.
    for (const type of ['talos_image_factory_schematic', 'proxmox_download_file']) {
      for (const [k, v] of Object.entries(json.resource[type])) expect(more.resource[type][k]).toEqual(v);
    }
    for (const h of ['homelab_cp1', 'homelab_w1', 'homelab_w2']) expect(more.resource.proxmox_virtual_environment_vm[h]).toEqual(vms[h]);
  });

  it('configures the Proxmox provider from the environment by default, or from sensitive variables, never from code', () => {
    expect(json.provider.proxmox).toEqual([{}]);
    expect(json.terraform.required_providers.proxmox).toEqual({ source: 'bpg/proxmox', version: '0.111.1' });
    const { stack } = testStack();
    new ProxmoxConnection(stack, 'proxmox', { credentials: 'variables' });
    const cluster = new TalosCluster(stack, 'homelab', base);
    cluster.addControlPlane({ hostname: 'cp1', vm: vm('pve1', 201, '10.0.20.11/24') });
    const withVars = synthJson(stack);
    expect(withVars.provider.proxmox).toEqual([{ endpoint: '${var.proxmox_endpoint}', api_token: '${var.proxmox_api_token}', insecure: '${var.proxmox_insecure}' }]);
    expect(withVars.variable.proxmox_api_token).toMatchObject({ type: 'string', sensitive: true });
  });

  it('fails when a VM\'s disk is smaller than the installed image', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'homelab', base);
    cluster.addControlPlane({ hostname: 'cp1', vm: vm('pve1', 201, '10.0.20.11/24', { diskSizeGiB: 8 }) });
    expect(synthError(stack)).toContain("nodes['cp1'].vm.diskSizeGiB '8' is smaller than the Talos image needs once installed (at least 10 GiB): give the disk 10 GiB or more");
  });

  it('fails when two VMs share an id or a MAC address', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'homelab', base);
    cluster.addControlPlane({ hostname: 'cp1', vm: vm('pve1', 201, '10.0.20.11/24', { nics: [{ macAddress: 'bc:24:11:00:00:01', addresses: ['10.0.20.11/24'] }] }) });
    cluster.addWorker({ hostname: 'w1', vm: vm('pve1', 201, '10.0.20.21/24', { nics: [{ macAddress: 'BC:24:11:00:00:01', addresses: ['10.0.20.21/24'] }] }) });
    const message = synthError(stack);
    expect(message).toContain("nodes['w1'].vm.vmId '201' is also nodes['cp1'].vm.vmId: VM ids are unique across the Proxmox cluster");
    expect(message).toContain("nodes['w1'].vm.nics[0].macAddress 'bc:24:11:00:00:01' is also nodes['cp1'].vm.nics[0].macAddress: every NIC needs its own MAC address");
  });

  it('fails when a node\'s static address is outside its link\'s subnet', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'homelab', base);
    cluster.addControlPlane({ hostname: 'cp1', vm: vm('pve1', 201, '10.0.30.11/24') });
    cluster.addWorker({ hostname: 'w1', vm: vm('pve1', 202, '10.0.20.21/24', { nics: [{ addresses: ['10.0.20.21/24'], gateway: '10.0.21.1' }] }) });
    const message = synthError(stack);
    expect(message).toContain("nodes['cp1'].vm.nics[0].addresses[0] '10.0.30.11/24' is outside the subnet of the cluster gateway '10.0.20.1', so the node would have no default route");
    expect(message).toContain("nodes['w1'].vm.nics[0].gateway '10.0.21.1' is not in the link's subnet 10.0.20.21/24");
  });

  it('fails when the install disk does not match the VM\'s bus, or the VM is below Talos\' minimums', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'homelab', base);
    cluster.addControlPlane({ hostname: 'cp1', installDisk: InstallDisk.path('/dev/sda'), vm: vm('pve1', 201, '10.0.20.11/24', { diskBus: 'virtio', cores: 1, memoryMiB: 1024 }) });
    const message = synthError(stack);
    expect(message).toContain("nodes['cp1'].installDisk '/dev/sda' does not match nodes['cp1']'s virtio disk, which Talos sees as /dev/vda: remove installDisk (it follows the bus) or set it to that device");
    expect(message).toContain("nodes['cp1'].vm.cores '1' is below Talos' minimum for a control plane (2 cores): give it at least 2");
    expect(message).toContain("nodes['cp1'].vm.memoryMiB '1024' is below Talos' minimum for a control plane (2048 MiB): give it at least 2048");
  });

  it('fails when an extension lacks its namespace', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'homelab', { ...base, nodeDefaults: { extensions: ['qemu-guest-agent'] } });
    cluster.addControlPlane({ hostname: 'cp1', vm: vm('pve1', 201, '10.0.20.11/24') });
    expect(synthError(stack)).toContain("nodeDefaults.extensions[0] 'qemu-guest-agent' is not an official extension name: write it with its namespace, like 'siderolabs/qemu-guest-agent'");
  });
});

describe('IPv6-only VMs', () => {
  it('give an IPv6-only NIC its address and gateway by cloud-init, and no DHCPv4', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'v6', { clusterName: 'v6', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3' });
    cluster.addControlPlane({ hostname: 'cp1', vm: { proxmoxNode: 'pve1', vmId: 301, nics: [{ addresses: ['2001:db8:20::11/64'], gateway: '2001:db8:20::1' }, { bridge: 'vmbr1', addresses: ['fd00:10::11/64'] }] } });
    const vms = synthJson(stack).resource.proxmox_virtual_environment_vm;
    expect(vms.v6_cp1.initialization.ip_config).toEqual([
      { ipv6: { address: '2001:db8:20::11/64', gateway: '2001:db8:20::1' } },
      { ipv6: { address: 'fd00:10::11/64' } },
    ]);
  });
});
