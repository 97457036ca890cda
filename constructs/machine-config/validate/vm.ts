/** Rules of a node's hardware: Proxmox VMs (ids, sizes, Proxmox value syntax, passthrough, disk bus) and boards. */
import { ClusterDeclaration, NodeDeclaration, settingLevels } from '../model';
import { CPU_TYPES_WITHOUT_X86_64_V2, DISK_BUSES, PROXMOX_CPU_TYPES, PROXMOX_LIMITS, ProxmoxDefaults, PVE_STORAGE_ID, PVE_TAG, VM_DEFAULTS, VM_SLOTS } from '../vm';
import { q, Collector } from './collector';

/** Talos' minimum resources per role (docs: getting-started/system-requirements). */
export const TALOS_MINIMUMS = {
  controlplane: { cores: 2, memoryMiB: 2048 },
  worker: { cores: 1, memoryMiB: 1024 },
  diskGiB: 10,
} as const;

/** The cluster's Proxmox defaults (`proxmox`): the same syntax rules as each VM's own values. */
export function validateProxmoxDefaults(c: Collector, decl: ClusterDeclaration): void {
  if (decl.proxmox) validateVmDefaults(c, 'proxmox', decl.proxmox);
}

/**
 * Syntax of the VM settings the cluster may default (bridge, datastores, CPU type, disk bus). `inherited` holds the
 * cluster's values: a VM's value equal to the cluster's is reported once, at `proxmox`.
 */
function validateVmDefaults(c: Collector, path: string, v: ProxmoxDefaults, inherited: ProxmoxDefaults = {}): void {
  const own = <K extends keyof ProxmoxDefaults>(key: K): boolean => v[key] !== undefined && v[key] !== inherited[key] && !c.unresolved(v[key]);
  if (own('bridge') && !/^[A-Za-z0-9_.-]{1,15}$/.test(v.bridge!)) {
    c.add(`${path}.bridge`, `${q(v.bridge)} is not a bridge name: like 'vmbr0'`);
  }
  for (const key of ['diskDatastore', 'isoDatastore', 'cloudInitDatastore'] as const) {
    // Proxmox storage ids: proxmox/pve-common src/PVE/JSONSchema.pm parse_id (commit f665029).
    if (own(key) && (typeof v[key] !== 'string' || !PVE_STORAGE_ID.test(v[key]!))) {
      c.add(`${path}.${key}`, `${q(v[key])} is not a Proxmox storage id: at least two characters, a letter first, then letters, digits, '-', '_' or '.', ending in a letter or digit, like 'local-lvm'`);
    }
  }
  if (own('cpuType')) {
    const t = v.cpuType!;
    if (CPU_TYPES_WITHOUT_X86_64_V2.includes(t)) {
      c.add(`${path}.cpuType`, `${q(t)} lacks the x86-64-v2 instructions Talos needs, so the VM would boot-loop: use 'host' (the default) or 'x86-64-v2-AES'`);
    } else if (!PROXMOX_CPU_TYPES.includes(t) && !/^custom-.+$/.test(t)) {
      const ci = PROXMOX_CPU_TYPES.find((x) => x.toLowerCase() === String(t).toLowerCase());
      c.add(`${path}.cpuType`, `${q(t)} is not a CPU type the Proxmox provider knows: ${ci !== undefined ? `write it '${ci}'` : "use 'host' (the default), 'x86-64-v2-AES' or a QEMU model such as 'EPYC-Rome', or 'custom-<name>'"}`);
    }
  }
  if (own('diskBus') && !DISK_BUSES.includes(v.diskBus!)) {
    const slot = String(v.diskBus) === 'ide'
      ? `the system disk would be ide0, the boot CD-ROM's slot (${VM_SLOTS.cloudInit} is the cloud-init drive's)`
      : 'it is not a bus the library puts the system disk on';
    c.add(`${path}.diskBus`, `${q(v.diskBus)} cannot carry the system disk: ${slot}; use 'scsi' (the default), 'virtio' or 'sata'`);
  }
}

/** A count of something Proxmox gives a VM: an integer from `min` (Talos' minimum for the role) to Proxmox' `max`. */
function checkVmSize(c: Collector, path: string, value: number | undefined, unit: string, min: number, minWhy: string, max: number | undefined): void {
  if (value === undefined || c.unresolved(value)) return;
  if (!Number.isInteger(value)) c.add(path, `${q(value)} is not a whole number of ${unit}: give an integer, like ${min * 2}`);
  else if (value < min) c.add(path, minWhy);
  else if (max !== undefined && value > max) c.add(path, `${q(value)} exceeds the ${max} ${unit} the Proxmox provider accepts for a VM: give it at most ${max}`);
}

export function validateVm(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, vmIds: Map<number, string>): void {
  const vm = node.vm!;
  const vp = `${node.path}.vm`;
  if (!c.unresolved(vm.proxmoxNode) && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(vm.proxmoxNode)) {
    c.add(`${vp}.proxmoxNode`, `${q(vm.proxmoxNode)} is not a Proxmox node name: use the host's name as Proxmox shows it, like 'pve1'`);
  }
  if (!c.unresolved(vm.vmId)) {
    const { min, max } = PROXMOX_LIMITS.vmId;
    if (!Number.isInteger(vm.vmId) || vm.vmId < min || vm.vmId > max) {
      c.add(`${vp}.vmId`, `${q(vm.vmId)} is not a valid VM id: Proxmox VM ids are integers from ${min} to ${max}`);
    } else {
      const other = vmIds.get(vm.vmId);
      if (other !== undefined) c.add(`${vp}.vmId`, `${q(vm.vmId)} is also ${other}: VM ids are unique across the Proxmox cluster`);
      else vmIds.set(vm.vmId, vp + '.vmId');
    }
  }
  validateVmDefaults(c, vp, vm, decl.proxmox);
  const min = TALOS_MINIMUMS[node.role];
  const role = node.role === 'controlplane' ? 'a control plane' : 'a worker';
  checkVmSize(c, `${vp}.cores`, vm.cores, 'cores', min.cores,
    `${q(vm.cores)} is below Talos' minimum for ${role} (${min.cores} cores): give it at least ${min.cores}`, PROXMOX_LIMITS.cores.max);
  checkVmSize(c, `${vp}.memoryMiB`, vm.memoryMiB, 'MiB', min.memoryMiB,
    `${q(vm.memoryMiB)} is below Talos' minimum for ${role} (${min.memoryMiB} MiB): give it at least ${min.memoryMiB}`, PROXMOX_LIMITS.memoryMiB.max);
  checkVmSize(c, `${vp}.diskSizeGiB`, vm.diskSizeGiB, 'GiB', TALOS_MINIMUMS.diskGiB,
    `${q(vm.diskSizeGiB)} is smaller than the Talos image needs once installed (at least ${TALOS_MINIMUMS.diskGiB} GiB): give the disk ${TALOS_MINIMUMS.diskGiB} GiB or more`, undefined);
  if (vm.nics.length === 0) c.add(`${vp}.nics`, 'is empty: give the VM at least one NIC, like { bridge: \'vmbr0\', addresses: [\'10.0.20.102/24\'] }');
  vm.nics.forEach((nic, i) => {
    const { min: tagMin, max: tagMax } = PROXMOX_LIMITS.vlanTag;
    if (nic.vlanTag !== undefined && !c.unresolved(nic.vlanTag) && (!Number.isInteger(nic.vlanTag) || nic.vlanTag < tagMin || nic.vlanTag > tagMax)) {
      c.add(`${vp}.nics[${i}].vlanTag`, `${q(nic.vlanTag)} is out of range: VLAN tags are integers from ${tagMin} to ${tagMax}`);
    }
    if (nic.bridge !== undefined && !c.unresolved(nic.bridge) && !/^[A-Za-z0-9_.-]{1,15}$/.test(nic.bridge)) {
      c.add(`${vp}.nics[${i}].bridge`, `${q(nic.bridge)} is not a bridge name: like 'vmbr0'`);
    }
  });
  (vm.tags ?? []).forEach((tag, i) => {
    // proxmox/pve-common src/PVE/JSONSchema.pm pve_verify_tag (commit f665029): Proxmox rejects the VM otherwise.
    if (!c.unresolved(tag) && (typeof tag !== 'string' || !PVE_TAG.test(tag))) {
      c.add(`${vp}.tags[${i}]`, `${q(tag)} is not a Proxmox tag: letters, digits and '_' first, then also '-', '+' and '.', like 'gpu' or 'rack-1'`);
    }
  });
  if (node.architecture === 'arm64') {
    c.add(`${node.path}.architecture`, "'arm64' is set on a Proxmox VM: the library creates x86_64 VMs, which cannot boot an arm64 image; remove architecture (VMs are amd64)");
  }
  if (node.vmLinks !== undefined) {
    c.add(`${node.path}.links`, `is set on a Proxmox VM, which takes its links from vm.nics (each NIC is a link, selected by its MAC address), so the links would be ignored: move the addresses to vm.nics, like nics: [{ addresses: ['10.0.20.102/24'] }]`);
  }
  const pci = vm.pciDevices ?? [];
  if (pci.length > 0) {
    if ((vm.machine ?? 'q35') !== 'q35') c.add(`${vp}.machine`, `${q(vm.machine)} cannot pass PCIe devices through: use 'q35' (the default)`);
    if (vm.ballooning === true) c.add(`${vp}.ballooning`, 'is true on a VM with PCI passthrough: passed-through devices need all guest memory pinned, so Proxmox cannot balloon it; remove ballooning');
    if (pci.length > PROXMOX_LIMITS.pciDevices) c.add(`${vp}.pciDevices`, `has ${pci.length} devices: Proxmox passes through at most ${PROXMOX_LIMITS.pciDevices} (hostpci0-15)`);
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
      if (d.device.iommuGroup !== undefined && !c.unresolved(d.device.iommuGroup) && (!Number.isInteger(d.device.iommuGroup) || d.device.iommuGroup < 0)) {
        c.add(`${dp}.iommuGroup`, `${q(d.device.iommuGroup)} is not an IOMMU group: groups are numbered 0, 1, 2, ... (find it with 'ls /sys/kernel/iommu_groups/*/devices' on the Proxmox host)`);
      }
      if (d.device.subsystemId !== undefined && !/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/.test(d.device.subsystemId)) c.add(`${dp}.subsystemId`, `${q(d.device.subsystemId)} is not a subsystem id: write it like '10de:12a2'`);
    }
  });
  // The install disk must be the disk the VM's bus presents.
  const bus = vm.diskBus ?? VM_DEFAULTS.diskBus;
  const explicit = settingLevels(decl, node).reverse().find(([, s]) => s.installDisk !== undefined);
  const path = explicit?.[1].installDisk?.devicePath;
  if (explicit && path !== undefined && !c.unresolved(path)) {
    const expected = bus === 'virtio' ? /^\/dev\/vd[a-z]+$/ : /^\/dev\/sd[a-z]+$/;
    // Only a kernel disk name of another kind is wrong; stable names (/dev/disk/by-id/...) are the user's to choose.
    const kernelName = /^\/dev\/((sd|vd|hd|xvd)[a-z]+|nvme\d+n\d+|mmcblk\d+)$/.test(path);
    if (kernelName && !expected.test(path)) {
      c.add(`${explicit[0]}.installDisk`, `${q(path)} does not match ${node.path}'s ${bus} disk, which Talos sees as ${bus === 'virtio' ? '/dev/vda' : '/dev/sda'}: remove installDisk (it follows the bus) or set it to that device`);
    }
  }
}

/**
 * A bare-metal node must name the disk Talos installs to: a VM's follows from its disk bus and a board's is its own,
 * but a machine has no default. Talos refuses a config without one in metal mode ("either install disk or
 * diskSelector should be defined", siderolabs/talos pkg/machinery/config/types/v1alpha1/v1alpha1_validation.go at
 * v1.13.9), which the node reports only at apply.
 */
export function validateInstallDiskPresent(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration): void {
  if (node.vm || node.board) return;
  if (settingLevels(decl, node).some(([, level]) => level.installDisk !== undefined)) return;
  c.add(`${node.path}.installDisk`, `is missing: '${node.hostname}' is a bare-metal node, which has no default install disk, and Talos rejects its configuration without one; set installDisk: InstallDisk.path('/dev/sda') (or '/dev/nvme0n1') or InstallDisk.selector({ type: 'nvme' }), on the node or for every node in nodeDefaults`);
}

/** A board's facts against the node's: a board is bare metal and has its own architecture. */
export function validateBoard(c: Collector, node: NodeDeclaration): void {
  const board = node.board;
  if (!board) return;
  const bp = `${node.path}.board`;
  // Board.overlay() takes these from the user; they reach the schematic and the install disk as they are.
  if (!c.unresolved(board.overlayName) && !/^[a-z0-9][a-z0-9_.-]*$/.test(board.overlayName)) {
    c.add(`${bp}.overlayName`, `${q(board.overlayName)} is not an Image Factory overlay name: lower-case letters, digits, '_', '-' and '.', like 'rpi_generic' or 'rock5b'`);
  }
  if (!c.unresolved(board.overlayImage) && !/^[a-z0-9][a-z0-9.-]*(\/[a-z0-9][a-z0-9._-]*)+$/.test(board.overlayImage)) {
    c.add(`${bp}.overlayImage`, `${q(board.overlayImage)} is not an overlay image: name it without registry or tag, like 'siderolabs/sbc-rockchip'`);
  }
  if (!c.unresolved(board.installDisk) && !/^\/dev\/[A-Za-z0-9/_.:-]+$/.test(board.installDisk)) {
    c.add(`${bp}.installDisk`, `${q(board.installDisk)} is not a device path: write the board's own disk like '/dev/mmcblk0'`);
  }
  if (node.architecture !== undefined && node.architecture !== board.architecture) {
    c.add(`${node.path}.architecture`, `${q(node.architecture)} does not match the board ${board.overlayName}, which is ${board.architecture}: remove architecture`);
  }
  if (node.vm) c.add(`${node.path}.board`, 'is set on a Proxmox VM: boards are bare-metal single-board computers; remove board or vm');
}
