/** Rules of a node's hardware: Proxmox VMs (ids, sizes, passthrough, disk bus) and boards. */
import { ClusterDeclaration, NodeDeclaration, settingLevels } from '../model';
import { VM_DEFAULTS } from '../vm';
import { q, Collector } from './collector';

/** Talos' minimum resources per role (docs: getting-started/system-requirements). */
export const TALOS_MINIMUMS = {
  controlplane: { cores: 2, memoryMiB: 2048 },
  worker: { cores: 1, memoryMiB: 1024 },
  diskGiB: 10,
} as const;

export function validateVm(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, vmIds: Map<number, string>): void {
  const vm = node.vm!;
  const vp = `${node.path}.vm`;
  if (!c.unresolved(vm.proxmoxNode) && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(vm.proxmoxNode)) {
    c.add(`${vp}.proxmoxNode`, `${q(vm.proxmoxNode)} is not a Proxmox node name: use the host's name as Proxmox shows it, like 'pve1'`);
  }
  if (!c.unresolved(vm.vmId)) {
    if (!Number.isInteger(vm.vmId) || vm.vmId < 100 || vm.vmId > 999999999) {
      c.add(`${vp}.vmId`, `${q(vm.vmId)} is not a valid VM id: Proxmox VM ids are integers from 100 to 999999999`);
    } else {
      const other = vmIds.get(vm.vmId);
      if (other !== undefined) c.add(`${vp}.vmId`, `${q(vm.vmId)} is also ${other}: VM ids are unique across the Proxmox cluster`);
      else vmIds.set(vm.vmId, vp + '.vmId');
    }
  }
  const min = TALOS_MINIMUMS[node.role];
  const role = node.role === 'controlplane' ? 'a control plane' : 'a worker';
  if (vm.cores !== undefined && !c.unresolved(vm.cores) && (!Number.isInteger(vm.cores) || vm.cores < min.cores)) {
    c.add(`${vp}.cores`, `${q(vm.cores)} is below Talos' minimum for ${role} (${min.cores} cores): give it at least ${min.cores}`);
  }
  if (vm.memoryMiB !== undefined && !c.unresolved(vm.memoryMiB) && (!Number.isInteger(vm.memoryMiB) || vm.memoryMiB < min.memoryMiB)) {
    c.add(`${vp}.memoryMiB`, `${q(vm.memoryMiB)} is below Talos' minimum for ${role} (${min.memoryMiB} MiB): give it at least ${min.memoryMiB}`);
  }
  if (vm.diskSizeGiB !== undefined && !c.unresolved(vm.diskSizeGiB) && (!Number.isInteger(vm.diskSizeGiB) || vm.diskSizeGiB < TALOS_MINIMUMS.diskGiB)) {
    c.add(`${vp}.diskSizeGiB`, `${q(vm.diskSizeGiB)} is smaller than the Talos image needs once installed (at least ${TALOS_MINIMUMS.diskGiB} GiB): give the disk ${TALOS_MINIMUMS.diskGiB} GiB or more`);
  }
  if (vm.nics.length === 0) c.add(`${vp}.nics`, 'is empty: give the VM at least one NIC, like { bridge: \'vmbr0\', addresses: [\'10.0.20.102/24\'] }');
  vm.nics.forEach((nic, i) => {
    if (nic.vlanTag !== undefined && !c.unresolved(nic.vlanTag) && (!Number.isInteger(nic.vlanTag) || nic.vlanTag < 1 || nic.vlanTag > 4094)) {
      c.add(`${vp}.nics[${i}].vlanTag`, `${q(nic.vlanTag)} is out of range: VLAN tags are integers from 1 to 4094`);
    }
    if (nic.bridge !== undefined && !c.unresolved(nic.bridge) && !/^[A-Za-z0-9_.-]{1,15}$/.test(nic.bridge)) {
      c.add(`${vp}.nics[${i}].bridge`, `${q(nic.bridge)} is not a bridge name: like 'vmbr0'`);
    }
  });
  const pci = vm.pciDevices ?? [];
  if (pci.length > 0) {
    if ((vm.machine ?? 'q35') !== 'q35') c.add(`${vp}.machine`, `${q(vm.machine)} cannot pass PCIe devices through: use 'q35' (the default)`);
    if (vm.ballooning === true) c.add(`${vp}.ballooning`, 'is true on a VM with PCI passthrough: passed-through devices need all guest memory pinned, so Proxmox cannot balloon it; remove ballooning');
    if (pci.length > 16) c.add(`${vp}.pciDevices`, `has ${pci.length} devices: Proxmox passes through at most 16 (hostpci0-15)`);
  }
  const mappingNames = new Set<string>();
  pci.forEach((d, i) => {
    const dp = `${vp}.pciDevices[${i}]`;
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(d.mappingName)) c.add(`${dp}.mappingName`, `${q(d.mappingName)} is not a mapping name: letters, digits, '-' and '_', starting with a letter, like 'gpu-t4'`);
    if (mappingNames.has(d.mappingName)) c.add(`${dp}.mappingName`, `${q(d.mappingName)} is passed through twice: each device once`);
    mappingNames.add(d.mappingName);
    if (d.device) {
      if (!/^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/.test(d.device.path)) c.add(`${dp}.path`, `${q(d.device.path)} is not a PCI address: write it like '0000:01:00.0' (lspci -D on the Proxmox host)`);
      if (!/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/.test(d.device.id)) c.add(`${dp}.id`, `${q(d.device.id)} is not a vendor:device id: write it like '10de:1eb8' (lspci -n)`);
      if (d.device.subsystemId !== undefined && !/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/.test(d.device.subsystemId)) c.add(`${dp}.subsystemId`, `${q(d.device.subsystemId)} is not a subsystem id: write it like '10de:12a2'`);
    }
  });
  // The install disk must be the disk the VM's bus presents.
  const bus = vm.diskBus ?? VM_DEFAULTS.diskBus;
  const explicit = settingLevels(decl, node).reverse().find(([, s]) => s.installDisk !== undefined);
  const path = explicit?.[1].installDisk?.devicePath;
  if (explicit && path !== undefined && !c.unresolved(path)) {
    const expected = bus === 'virtio' ? /^\/dev\/vd[a-z]$/ : /^\/dev\/sd[a-z]$/;
    if (!expected.test(path)) {
      c.add(`${explicit[0]}.installDisk`, `${q(path)} does not match ${node.path}'s ${bus} disk, which Talos sees as ${bus === 'virtio' ? '/dev/vda' : '/dev/sda'}: remove installDisk (it follows the bus) or set it to that device`);
    }
  }
}

/** A board's facts against the node's: a board is bare metal and has its own architecture. */
export function validateBoard(c: Collector, node: NodeDeclaration): void {
  const board = node.board;
  if (!board) return;
  if (node.architecture !== undefined && node.architecture !== board.architecture) {
    c.add(`${node.path}.architecture`, `${q(node.architecture)} does not match the board ${board.overlayName}, which is ${board.architecture}: remove architecture`);
  }
  if (node.vm) c.add(`${node.path}.board`, 'is set on a Proxmox VM: boards are bare-metal single-board computers; remove board or vm');
}
