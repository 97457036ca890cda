/**
 * Proxmox VM settings in Proxmox terms. A node declared with a `vm` gets its VM created, booted from the Talos
 * image of its schematic, and its final static addresses at first boot through the VM's cloud-init drive.
 */
import { createHash } from 'node:crypto';
import { Memo } from './memo';
import { NetworkLink } from './settings';

/** A virtual NIC of a VM, which is also the node's Talos link (selected by its MAC address). */
export interface ProxmoxNic extends Omit<NetworkLink, 'interface' | 'macAddress'> {
  /**
   * The Proxmox bridge.
   * @default - the cluster's `proxmox.bridge`, else `vmbr0`
   */
  readonly bridge?: string;
  /**
   * VLAN tag on the bridge port (1-4094).
   * @default - untagged
   */
  readonly vlanTag?: number;
  /**
   * The NIC's MAC address, pinned so Talos can select the link by it.
   * @default - derived from the cluster name, hostname and NIC index (stable, in Proxmox' bc:24:11 range)
   */
  readonly macAddress?: string;
  /**
   * Enable the Proxmox firewall on this NIC.
   * @default false
   */
  readonly firewall?: boolean;
}

/** A host PCI device to create a Proxmox PCI hardware mapping for. */
export interface PciMappingDevice {
  /** The device's address on the Proxmox host, e.g. `0000:01:00.0` (`lspci -D`). */
  readonly path: string;
  /** Vendor and device id, e.g. `10de:1eb8` for a Tesla T4 (`lspci -n`). */
  readonly id: string;
  /**
   * The IOMMU group; without it Proxmox marks the mapping incomplete.
   * @default - not set
   */
  readonly iommuGroup?: number;
  /**
   * Subsystem vendor and device id, e.g. `10de:12a2`; without it Proxmox marks the mapping incomplete.
   * @default - not set
   */
  readonly subsystemId?: string;
}

/**
 * A PCI device passed through to a VM, always through a cluster-wide PCI hardware mapping: Proxmox only accepts raw
 * `hostpci` ids from root@pam, never from API tokens.
 */
export class PciPassthrough {
  /** Use an existing PCI hardware mapping (Datacenter > Resource Mappings), by name. */
  public static mapping(name: string): PciPassthrough {
    return new PciPassthrough(name, undefined);
  }

  /** Create a PCI hardware mapping of this name for the device on the VM's Proxmox host, and pass it through. */
  public static createMapping(name: string, device: PciMappingDevice): PciPassthrough {
    return new PciPassthrough(name, { ...device });
  }

  private constructor(
    /** The mapping name. */
    public readonly mappingName: string,
    /** The host device, when the mapping is to be created. */
    public readonly device: PciMappingDevice | undefined,
  ) {}
}

/** The Proxmox disk bus of the VM's system disk. */
export type DiskBus = 'virtio' | 'scsi' | 'sata';

/** Proxmox settings every VM of a cluster shares unless it overrides them. */
export interface ProxmoxDefaults {
  /**
   * The bridge of NICs that name none.
   * @default 'vmbr0'
   */
  readonly bridge?: string;
  /**
   * Datastore of the VMs' disks.
   * @default 'local-lvm'
   */
  readonly diskDatastore?: string;
  /**
   * Datastore the Talos ISO is downloaded to (must allow ISO images).
   * @default 'local'
   */
  readonly isoDatastore?: string;
  /**
   * Whether `isoDatastore` is shared by all Proxmox hosts (NFS, CephFS): then the ISO is downloaded once for the
   * cluster instead of once per host.
   * @default false
   */
  readonly sharedIsoDatastore?: boolean;
  /**
   * Datastore of the cloud-init drive.
   * @default - the disk datastore
   */
  readonly cloudInitDatastore?: string;
  /**
   * CPU type. The QEMU default (`kvm64`/`qemu64`) lacks the x86-64-v2 instructions Talos needs and boot-loops.
   * @default 'host'
   */
  readonly cpuType?: string;
  /**
   * The system disk's bus; it decides the install disk (`/dev/vda` for VirtIO, `/dev/sda` for SCSI and SATA).
   * @default 'scsi'
   */
  readonly diskBus?: DiskBus;
  /**
   * Let the Proxmox provider reboot a running VM whose change needs it (bpg/proxmox `reboot_after_update`). Off by
   * default: the provider reboots every changed VM in the same apply, all control planes at once (losing etcd
   * quorum), and even a cloud-init edit (nameservers, gateway) marks a VM for reboot although Talos only reads
   * cloud-init before its configuration is applied. With it off, such changes take effect at the VM's next reboot
   * (`talosctl -n <address> reboot`, one node at a time); the provider warns which VMs wait for one.
   * @default false
   */
  readonly rebootAfterUpdate?: boolean;
}

/** A Proxmox VM for a node. */
export interface ProxmoxVmOptions extends ProxmoxDefaults {
  /** The Proxmox host (node name in the Proxmox cluster), e.g. `pve1`. */
  readonly proxmoxNode: string;
  /** The VM id, unique in the Proxmox cluster (100-999999999). */
  readonly vmId: number;
  /**
   * CPU cores.
   * @default 2
   */
  readonly cores?: number;
  /**
   * Memory in MiB.
   * @default 4096
   */
  readonly memoryMiB?: number;
  /**
   * System disk size in GiB (Talos needs at least 10).
   * @default 32
   */
  readonly diskSizeGiB?: number;
  /** The VM's NICs; the first carries the management address. Each is a Talos link selected by its MAC. */
  readonly nics: ProxmoxNic[];
  /**
   * The machine type. `q35` is required for PCIe passthrough.
   * @default 'q35'
   */
  readonly machine?: 'q35' | 'pc';
  /**
   * Let Proxmox balloon the VM's memory (floating memory equal to `memoryMiB`). Not possible with PCI passthrough.
   * @default false
   */
  readonly ballooning?: boolean;
  /**
   * Start the VM when the Proxmox host boots.
   * @default true
   */
  readonly startOnBoot?: boolean;
  /**
   * PCI devices passed through to the VM (PCIe, so the VM must be `q35`; no ballooning).
   * @default - none
   */
  readonly pciDevices?: PciPassthrough[];
  /**
   * Extra Proxmox tags (the cluster name and the node's role are always added).
   * @default - none
   */
  readonly tags?: string[];
}

/**
 * The VM settings that apply when neither the VM nor the cluster's `proxmox` defaults set them. The one place each
 * default is written.
 */
export const VM_DEFAULTS = {
  bridge: 'vmbr0',
  diskDatastore: 'local-lvm',
  isoDatastore: 'local',
  cpuType: 'host',
  diskBus: 'scsi',
  diskSizeGiB: 32,
  machine: 'q35',
  cores: 2,
  memoryMiB: 4096,
} as const;

/** A NIC with its MAC address and bridge resolved. */
export interface ResolvedNic extends ProxmoxNic {
  /** The pinned or derived MAC address, lower case. */
  readonly macAddress: string;
  /** The bridge: the NIC's, the VM's, the cluster's or `vmbr0`. */
  readonly bridge: string;
}

/** A VM with every default applied, ready to become a `proxmox_virtual_environment_vm`. */
export interface ResolvedVm {
  readonly proxmoxNode: string;
  readonly vmId: number;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskSizeGiB: number;
  readonly diskBus: DiskBus;
  readonly diskDatastore: string;
  readonly isoDatastore: string;
  readonly sharedIsoDatastore: boolean;
  readonly cloudInitDatastore: string;
  readonly cpuType: string;
  readonly machine: 'q35' | 'pc';
  readonly ballooning: boolean;
  readonly startOnBoot: boolean;
  readonly rebootAfterUpdate: boolean;
  readonly pciDevices: readonly PciPassthrough[];
  readonly tags: readonly string[];
  readonly nics: readonly ResolvedNic[];
}

/** The Linux device of the first disk on a Proxmox disk bus. */
export function diskDeviceForBus(bus: DiskBus): string {
  return bus === 'virtio' ? '/dev/vda' : '/dev/sda';
}

/** A MAC address derived from a seed, in Proxmox' OUI (bc:24:11), stable across synths. */
export function derivedMac(seed: string): string {
  return macs.get(seed, () => {
    const h = createHash('sha256').update(seed).digest();
    return ['bc', '24', '11', ...[h[0], h[1], h[2]].map((b) => b.toString(16).padStart(2, '0'))].join(':');
  });
}

/** A node's MACs are asked for several times per synth. */
const macs = new Memo<string>();

/** The VM's NICs with their MAC addresses: pinned, or derived from cluster, hostname and NIC index. */
export function resolveNics(vm: ProxmoxVmOptions, clusterName: string, hostname: string): ResolvedNic[] {
  return vm.nics.map((nic, i) => ({
    ...nic,
    macAddress: (nic.macAddress ?? derivedMac(`${clusterName}/${hostname}/${i}`)).toLowerCase(),
    bridge: nic.bridge ?? vm.bridge ?? VM_DEFAULTS.bridge,
  }));
}

/** A VM's options (with the cluster's Proxmox defaults already under them) with every default applied. */
export function resolveVm(vm: ProxmoxVmOptions, clusterName: string, hostname: string): ResolvedVm {
  const diskDatastore = vm.diskDatastore ?? VM_DEFAULTS.diskDatastore;
  return {
    proxmoxNode: vm.proxmoxNode,
    vmId: vm.vmId,
    cores: vm.cores ?? VM_DEFAULTS.cores,
    memoryMiB: vm.memoryMiB ?? VM_DEFAULTS.memoryMiB,
    diskSizeGiB: vm.diskSizeGiB ?? VM_DEFAULTS.diskSizeGiB,
    diskBus: vm.diskBus ?? VM_DEFAULTS.diskBus,
    diskDatastore,
    isoDatastore: vm.isoDatastore ?? VM_DEFAULTS.isoDatastore,
    sharedIsoDatastore: vm.sharedIsoDatastore ?? false,
    cloudInitDatastore: vm.cloudInitDatastore ?? diskDatastore,
    cpuType: vm.cpuType ?? VM_DEFAULTS.cpuType,
    machine: vm.machine ?? VM_DEFAULTS.machine,
    ballooning: vm.ballooning ?? false,
    startOnBoot: vm.startOnBoot ?? true,
    rebootAfterUpdate: vm.rebootAfterUpdate ?? false,
    pciDevices: vm.pciDevices ?? [],
    tags: vm.tags ?? [],
    nics: resolveNics(vm, clusterName, hostname),
  };
}

/**
 * What Proxmox and the bpg/proxmox provider accept for a VM's values, so a bad one fails at synth instead of at apply.
 * Sources: proxmox/pve-common `src/PVE/JSONSchema.pm` (commit f665029, 2026-08: `pve-vmid` 100..999999999,
 * `pve-tag`, `pve_verify_mac_addr`, `parse_id` for storage ids, `parse_bridge_id`) and bpg/terraform-provider-proxmox
 * v0.111.1 `proxmoxtf/resource/vm/vm.go` (cpu.cores 1..2304, memory.dedicated 64..268435456 MiB, disk.size >= 1)
 * and `proxmoxtf/resource/vm/validators.go` (`CPUTypeValidator`).
 */
export const PROXMOX_LIMITS = {
  vmId: { min: 100, max: 999_999_999 },
  cores: { max: 2304 },
  memoryMiB: { max: 268_435_456 },
  vlanTag: { min: 1, max: 4094 },
  /** hostpci0..hostpci15. */
  pciDevices: 16,
} as const;

/** A Proxmox tag (`pve-tag`): letters, digits, `_`, then also `-`, `+` and `.`. */
export const PVE_TAG = /^[a-z0-9_][a-z0-9_+.-]*$/i;

/** A Proxmox storage id (`parse_id`): at least two characters, a letter first, letters or digits last. */
export const PVE_STORAGE_ID = /^[a-z][a-z0-9_.-]*[a-z0-9]$/i;

/** The disk buses a VM's system disk may use: the CD-ROM sits on `ide0` and the cloud-init drive on `ide2`. */
export const DISK_BUSES: readonly DiskBus[] = ['virtio', 'scsi', 'sata'];

/** The VM slots the library gives the boot ISO and the cloud-init drive (see ProxmoxVm). */
export const VM_SLOTS = { cdrom: 'ide0', cloudInit: 'ide2' } as const;

/** The CPU types bpg/proxmox v0.111.1 accepts (`CPUTypeValidator`), besides `custom-<name>`. */
export const PROXMOX_CPU_TYPES: readonly string[] = [
  '486', 'Broadwell', 'Broadwell-IBRS', 'Broadwell-noTSX', 'Broadwell-noTSX-IBRS', 'Cascadelake-Server',
  'Cascadelake-Server-noTSX', 'Cascadelake-Server-v2', 'Cascadelake-Server-v4', 'Cascadelake-Server-v5', 'Conroe',
  'Cooperlake', 'Cooperlake-v2', 'EPYC', 'EPYC-Genoa', 'EPYC-IBPB', 'EPYC-Milan', 'EPYC-Rome', 'EPYC-Rome-v2',
  'EPYC-Rome-v3', 'EPYC-Rome-v4', 'EPYC-v3', 'EPYC-v4', 'Haswell', 'Haswell-IBRS', 'Haswell-noTSX',
  'Haswell-noTSX-IBRS', 'Icelake-Client', 'Icelake-Client-noTSX', 'Icelake-Server', 'Icelake-Server-noTSX',
  'Icelake-Server-v3', 'Icelake-Server-v4', 'Icelake-Server-v5', 'Icelake-Server-v6', 'IvyBridge', 'IvyBridge-IBRS',
  'KnightsMill', 'Nehalem', 'Nehalem-IBRS', 'Opteron_G1', 'Opteron_G2', 'Opteron_G3', 'Opteron_G4', 'Opteron_G5',
  'Penryn', 'SandyBridge', 'SandyBridge-IBRS', 'SapphireRapids', 'Skylake-Client', 'Skylake-Client-IBRS',
  'Skylake-Client-noTSX-IBRS', 'Skylake-Client-v4', 'Skylake-Server', 'Skylake-Server-IBRS', 'Skylake-Server-noTSX-IBRS',
  'Skylake-Server-v4', 'Skylake-Server-v5', 'Westmere', 'Westmere-IBRS', 'athlon', 'core2duo', 'coreduo', 'host',
  'kvm32', 'kvm64', 'max', 'pentium', 'pentium2', 'pentium3', 'phenom', 'qemu32', 'qemu64', 'x86-64-v2',
  'x86-64-v2-AES', 'x86-64-v3', 'x86-64-v4',
];

/**
 * CPU types without the x86-64-v2 instructions (SSE4.2, POPCNT, CX16) Talos' amd64 build needs: a VM with one of them
 * boot-loops (../shared/reference/talos-facts.md section 5; QEMU's models: qemu64/kvm64 are x86-64 baseline, Conroe and
 * Penryn lack SSE4.2, Opteron G1-G3 and Phenom lack SSSE3/SSE4.2).
 */
export const CPU_TYPES_WITHOUT_X86_64_V2: readonly string[] = [
  '486', 'pentium', 'pentium2', 'pentium3', 'athlon', 'phenom', 'coreduo', 'core2duo', 'Conroe', 'Penryn',
  'Opteron_G1', 'Opteron_G2', 'Opteron_G3', 'qemu32', 'kvm32', 'qemu64', 'kvm64',
];

/** One address family of a NIC's cloud-init configuration (bpg/proxmox `initialization.ip_config.ipv4|ipv6`). */
export interface CloudInitAddress {
  /** A static address with its prefix, or `dhcp`. */
  readonly address: string;
  /**
   * The default gateway of this family.
   * @default - none
   */
  readonly gateway?: string;
}

/** A NIC's cloud-init IP configuration: the families it has, each with its address and gateway. */
export interface CloudInitIpConfig {
  /**
   * IPv4: the NIC's first static IPv4 address, or `dhcp` when it has no static address of either family or asks for DHCP.
   * @default - none (an IPv6-only NIC gets no IPv4 configuration, so no DHCPv4 at first boot)
   */
  readonly ipv4?: CloudInitAddress;
  /**
   * IPv6: the NIC's first static IPv6 address.
   * @default - none
   */
  readonly ipv6?: CloudInitAddress;
}

/**
 * What the VM's cloud-init drive tells a NIC at first boot, before Talos has its configuration: each family's first
 * static address (with the gateway when it is of that family), and DHCPv4 only for a NIC that has no static address
 * of either family or asks for DHCP. An IPv6-only NIC gets an `ipv6` block and no `ipv4`, so it comes up at its address instead of
 * waiting for a DHCPv4 lease that never comes (bpg/proxmox v0.111.1 writes `ip=`/`gw=` from `ipv4` and `ip6=`/`gw6=`
 * from `ipv6`, proxmoxtf/resource/vm/vm.go, and omits a family that is absent).
 * @param gateway the NIC's default gateway, if it carries the node's default route
 */
export function cloudInitIpConfig(nic: Pick<ResolvedNic, 'addresses' | 'dhcp'>, gateway?: string): CloudInitIpConfig {
  const family = (a: string): string | undefined => {
    const slash = a.indexOf('/');
    const host = slash >= 0 ? a.slice(0, slash) : a;
    return host.includes(':') ? 'ipv6' : /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ipv4' : undefined;
  };
  const addresses = nic.addresses ?? [];
  const v4 = addresses.find((a) => family(a) === 'ipv4');
  const v6 = addresses.find((a) => family(a) === 'ipv6');
  const gw4 = gateway !== undefined && family(gateway) === 'ipv4' ? gateway : undefined;
  const gw6 = gateway !== undefined && family(gateway) === 'ipv6' ? gateway : undefined;
  const ipv4: CloudInitAddress | undefined = v4 !== undefined
    ? { address: v4, ...(gw4 !== undefined ? { gateway: gw4 } : {}) }
    : (v6 === undefined || nic.dhcp === true ? { address: 'dhcp' } : undefined);
  const ipv6: CloudInitAddress | undefined = v6 !== undefined ? { address: v6, ...(gw6 !== undefined ? { gateway: gw6 } : {}) } : undefined;
  return { ...(ipv4 ? { ipv4 } : {}), ...(ipv6 ? { ipv6 } : {}) };
}
