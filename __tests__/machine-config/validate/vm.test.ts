import { PciPassthrough } from '../../../constructs/machine-config/vm';
import { cluster, errors, METAL_WORKER, VM_CP, vmCp, worker } from '../../helpers/declarations';

const only = (vm: Parameters<typeof vmCp>[0], extra: Parameters<typeof vmCp>[1] = {}): string[] => errors(cluster({}, [vmCp(vm, extra), METAL_WORKER]));

// Limits from proxmox/pve-common src/PVE/JSONSchema.pm (commit f665029) and bpg/terraform-provider-proxmox v0.111.1
// proxmoxtf/resource/vm/vm.go and validators.go.
describe('Proxmox VM values', () => {
  it.each([
    [99, false], [100, true], [999999999, true], [1000000000, false], [150.5, false], [NaN, false], [Infinity, false], [-200, false],
  ])('vmId %p is valid: %p (pve-vmid 100..999999999, integers only)', (vmId, ok) => {
    const m = only({ vmId });
    if (ok) expect(m).toEqual([]);
    else expect(m).toContain(`nodes['k8s-master'].vm.vmId '${vmId}' is not a valid VM id: Proxmox VM ids are integers from 100 to 999999999`);
  });

  it.each([
    ['cores', 2, null], ['cores', 2304, null],
    ['cores', 2305, "nodes['k8s-master'].vm.cores '2305' exceeds the 2304 cores the Proxmox provider accepts for a VM: give it at most 2304"],
    ['cores', 2.5, "nodes['k8s-master'].vm.cores '2.5' is not a whole number of cores: give an integer, like 4"],
    ['cores', NaN, "nodes['k8s-master'].vm.cores 'NaN' is not a whole number of cores: give an integer, like 4"],
    ['cores', -1, "nodes['k8s-master'].vm.cores '-1' is below Talos' minimum for a control plane (2 cores): give it at least 2"],
    ['memoryMiB', 268435456, null],
    ['memoryMiB', 268435457, "nodes['k8s-master'].vm.memoryMiB '268435457' exceeds the 268435456 MiB the Proxmox provider accepts for a VM: give it at most 268435456"],
    ['memoryMiB', Infinity, "nodes['k8s-master'].vm.memoryMiB 'Infinity' is not a whole number of MiB: give an integer, like 4096"],
    ['diskSizeGiB', 10, null],
    ['diskSizeGiB', 32.5, "nodes['k8s-master'].vm.diskSizeGiB '32.5' is not a whole number of GiB: give an integer, like 20"],
  ] as const)('%s %p: %s', (field, value, message) => {
    const m = only({ [field]: value });
    if (message === null) expect(m).toEqual([]);
    else expect(m).toEqual([message]);
  });

  it.each([
    [['gpu', 'rack-1', 'a+b', '_x', 'v1.2'], []],
    [['my tag'], ["nodes['k8s-master'].vm.tags[0] 'my tag' is not a Proxmox tag: letters, digits and '_' first, then also '-', '+' and '.', like 'gpu' or 'rack-1'"]],
    [['-lead'], ["nodes['k8s-master'].vm.tags[0] '-lead' is not a Proxmox tag: letters, digits and '_' first, then also '-', '+' and '.', like 'gpu' or 'rack-1'"]],
    [['ok', 'semi;colon'], ["nodes['k8s-master'].vm.tags[1] 'semi;colon' is not a Proxmox tag: letters, digits and '_' first, then also '-', '+' and '.', like 'gpu' or 'rack-1'"]],
  ])('tags %j (pve-tag)', (tags, expected) => {
    expect(only({ tags })).toEqual(expected);
  });

  it.each([
    ['local-lvm', null], ['ceph.pool-1', null], ['nfs_iso', null],
    ['l', "nodes['k8s-master'].vm.diskDatastore 'l' is not a Proxmox storage id: at least two characters, a letter first, then letters, digits, '-', '_' or '.', ending in a letter or digit, like 'local-lvm'"],
    ['1local', "nodes['k8s-master'].vm.diskDatastore '1local' is not a Proxmox storage id: at least two characters, a letter first, then letters, digits, '-', '_' or '.', ending in a letter or digit, like 'local-lvm'"],
    ['local-', "nodes['k8s-master'].vm.diskDatastore 'local-' is not a Proxmox storage id: at least two characters, a letter first, then letters, digits, '-', '_' or '.', ending in a letter or digit, like 'local-lvm'"],
  ])('diskDatastore %p', (diskDatastore, message) => {
    expect(only({ diskDatastore })).toEqual(message === null ? [] : [message]);
  });

  it('reports a bad cluster-wide Proxmox default once, at proxmox, not at every VM', () => {
    const decl = cluster({ proxmox: { isoDatastore: 'local:iso' } }, [VM_CP, { ...VM_CP, role: 'worker', hostname: 'w1', vm: { ...VM_CP.vm!, vmId: 201, nics: [{ addresses: ['10.0.20.101/24'] }] } }]);
    expect(errors(decl)).toEqual([
      "proxmox.isoDatastore 'local:iso' is not a Proxmox storage id: at least two characters, a letter first, then letters, digits, '-', '_' or '.', ending in a letter or digit, like 'local-lvm'",
    ]);
  });

  it.each([
    ['host', null], ['x86-64-v2-AES', null], ['EPYC-Rome', null], ['custom-mine', null],
    ['kvm64', "nodes['k8s-master'].vm.cpuType 'kvm64' lacks the x86-64-v2 instructions Talos needs, so the VM would boot-loop: use 'host' (the default) or 'x86-64-v2-AES'"],
    ['qemu64', "nodes['k8s-master'].vm.cpuType 'qemu64' lacks the x86-64-v2 instructions Talos needs, so the VM would boot-loop: use 'host' (the default) or 'x86-64-v2-AES'"],
    ['epyc-rome', "nodes['k8s-master'].vm.cpuType 'epyc-rome' is not a CPU type the Proxmox provider knows: write it 'EPYC-Rome'"],
    ['Zen9', "nodes['k8s-master'].vm.cpuType 'Zen9' is not a CPU type the Proxmox provider knows: use 'host' (the default), 'x86-64-v2-AES' or a QEMU model such as 'EPYC-Rome', or 'custom-<name>'"],
  ])('cpuType %p', (cpuType, message) => {
    expect(only({ cpuType })).toEqual(message === null ? [] : [message]);
  });

  it.each([
    ['ide', "nodes['k8s-master'].vm.diskBus 'ide' cannot carry the system disk: the system disk would be ide0, the boot CD-ROM's slot (ide2 is the cloud-init drive's); use 'scsi' (the default), 'virtio' or 'sata'"],
    ['nvme', "nodes['k8s-master'].vm.diskBus 'nvme' cannot carry the system disk: it is not a bus the library puts the system disk on; use 'scsi' (the default), 'virtio' or 'sata'"],
  ])('fails when the disk bus is %p', (diskBus, message) => {
    expect(only({ diskBus: diskBus as 'scsi' })).toContain(message);
  });

  it.each(['virtio', 'scsi', 'sata'] as const)('accepts the disk bus %p', (diskBus) => {
    expect(only({ diskBus })).toEqual([]);
  });

  it('fails when an IOMMU group is negative or not an integer, and accepts 0', () => {
    const gpu = (iommuGroup: number): string[] => errors(cluster({}, [VM_CP, {
      role: 'worker', hostname: 'gpu1', gpu: { model: 'Tesla T4', passthrough: PciPassthrough.createMapping('t4', { path: '0000:01:00.0', id: '10de:1eb8', iommuGroup }) },
      vm: { proxmoxNode: 'pve', vmId: 201, nics: [{ addresses: ['10.0.20.105/24'] }] },
    }]));
    expect(gpu(0)).toEqual([]);
    expect(gpu(-1)).toEqual(["nodes['gpu1'].vm.pciDevices[0].iommuGroup '-1' is not an IOMMU group: groups are numbered 0, 1, 2, ... (find it with 'ls /sys/kernel/iommu_groups/*/devices' on the Proxmox host)"]);
    expect(gpu(1.5)).toEqual(["nodes['gpu1'].vm.pciDevices[0].iommuGroup '1.5' is not an IOMMU group: groups are numbered 0, 1, 2, ... (find it with 'ls /sys/kernel/iommu_groups/*/devices' on the Proxmox host)"]);
  });
});

describe('settings a VM ignores', () => {
  it('fails when links are given next to a VM (its NICs are its links)', () => {
    expect(errors(cluster({}, [{ ...VM_CP, links: [{ interface: 'eth0', addresses: ['10.0.20.100/24'] }] }, METAL_WORKER]))).toEqual([
      "nodes['k8s-master'].links is set on a Proxmox VM, which takes its links from vm.nics (each NIC is a link, selected by its MAC address), so the links would be ignored: move the addresses to vm.nics, like nics: [{ addresses: ['10.0.20.102/24'] }]",
    ]);
  });

  it('fails when a VM is arm64, and accepts amd64', () => {
    expect(only({}, { architecture: 'arm64' })).toEqual(["nodes['k8s-master'].architecture 'arm64' is set on a Proxmox VM: the library creates x86_64 VMs, which cannot boot an arm64 image; remove architecture (VMs are amd64)"]);
    expect(only({}, { architecture: 'amd64' })).toEqual([]);
  });

  it('fails when address is none of the VM\'s addresses, and accepts its own address', () => {
    expect(only({}, { address: '10.0.20.99' })).toEqual([
      "nodes['k8s-master'].address '10.0.20.99' is none of the node's addresses (10.0.20.100) and no link of the node uses DHCP, so the node never has it and Terraform could not reach it: remove address (the node is reached at 10.0.20.100) or fix it",
    ]);
    expect(only({}, { address: '10.0.20.100' })).toEqual([]);
  });

  it('accepts an address next to a DHCP link (a reservation)', () => {
    expect(errors(cluster({}, [VM_CP, worker({ links: [{ interface: 'eth0', dhcp: true }, { interface: 'eth1', addresses: ['10.10.10.9/24'] }], address: '10.0.20.60' })]))).toEqual([]);
  });
});

import { Board } from '../../../constructs/machine-config/image';
describe('boards', () => {
  const board = (b: Board): string[] => errors(cluster({}, [VM_CP, worker({ board: b, installDisk: undefined })]));
  it('accepts the Raspberry Pi and a well-formed overlay', () => {
    expect(board(Board.RASPBERRY_PI)).toEqual([]);
    expect(board(Board.overlay('rock5b', 'siderolabs/sbc-rockchip', '/dev/mmcblk1'))).toEqual([]);
  });
  it('fails when an overlay\'s name, image or disk is malformed', () => {
    expect(board(Board.overlay('Rock 5B', 'ghcr.io/siderolabs/sbc-rockchip:v0.1.0', 'mmcblk1'))).toEqual([
      "nodes['k8s-node2'].board.overlayName 'Rock 5B' is not an Image Factory overlay name: lower-case letters, digits, '_', '-' and '.', like 'rpi_generic' or 'rock5b'",
      "nodes['k8s-node2'].board.overlayImage 'ghcr.io/siderolabs/sbc-rockchip:v0.1.0' is not an overlay image: name it without registry or tag, like 'siderolabs/sbc-rockchip'",
      "nodes['k8s-node2'].board.installDisk 'mmcblk1' is not a device path: write the board's own disk like '/dev/mmcblk0'",
    ]);
  });
});
