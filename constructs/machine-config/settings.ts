/**
 * What users declare about their machines, in Talos vocabulary. These types carry no Talos version: the renderer
 * turns them into the documents of each node's config contract.
 */

/** One mirror of a container registry (`RegistryMirrorConfig` / `machine.registries.mirrors`). */
export interface RegistryMirror {
  /** Mirror endpoints, tried in order, e.g. `['http://10.0.20.10:5000']`. */
  readonly endpoints: string[];
  /**
   * Do not fall back to the upstream registry when every mirror fails.
   * @default false
   */
  readonly skipFallback?: boolean;
  /**
   * Use the endpoint path as is, without appending `/v2/` (for mirrors served under a path, e.g. Harbor proxies).
   * @default false
   */
  readonly overridePath?: boolean;
}

/** A kernel module to load at boot (`KernelModuleConfig` / `machine.kernel.modules`). */
export interface KernelModule {
  /** Module name, e.g. `nvidia_uvm`. */
  readonly name: string;
  /**
   * Module parameters, e.g. `['NVreg_OpenRmEnableUnsupportedGpus=1']`.
   * @default - none
   */
  readonly parameters?: string[];
}

/** Kubelet settings. */
export interface KubeletSettings {
  /**
   * Fields merged into the kubelet's KubeletConfiguration (`machine.kubelet.extraConfig` / `KubeletConfig.config`),
   * e.g. `{ serializeImagePulls: false, maxParallelImagePulls: 50 }`.
   * @default - none
   */
  readonly extraConfig?: Record<string, unknown>;
  /**
   * Extra kubelet command-line flags without the leading dashes.
   * @default - none
   */
  readonly extraArgs?: Record<string, string>;
  /**
   * The subnets kubelet picks the node IP from (`nodeIP.validSubnets`), so Kubernetes uses the management address
   * of a multi-homed node, never e.g. its storage network.
   * @default - on a node with more than one address, the subnet of its own address (the one Terraform reaches);
   * otherwise Talos' default
   */
  readonly nodeIpSubnets?: string[];
}

/** containerd settings (Talos' CRI). */
export interface ContainerdSettings {
  /**
   * Discard image layers once they are unpacked. In-cluster registry mirrors such as Spegel serve layers from
   * containerd's content store, so they need `false` (containerd's CRI option `discard_unpacked_layers`).
   * @default - containerd's default (Talos keeps it on: layers are discarded)
   */
  readonly discardUnpackedLayers?: boolean;
}

/** Disk selection for the Talos installation. Use {@link InstallDisk.path} or {@link InstallDisk.selector}. */
export interface InstallDiskSelector {
  /**
   * Disk size with an optional comparison, in Talos' form: `'>= 100GB'`, `'<= 2TB'`, `'512GB'`.
   * @default - any
   */
  readonly size?: string;
  /**
   * Disk model, e.g. `'Samsung SSD 980 PRO 1TB'`.
   * @default - any
   */
  readonly model?: string;
  /**
   * Disk serial number.
   * @default - any
   */
  readonly serial?: string;
  /**
   * Disk WWID.
   * @default - any
   */
  readonly wwid?: string;
  /**
   * Disk type.
   * @default - any
   */
  readonly type?: 'ssd' | 'hdd' | 'nvme' | 'sd';
  /**
   * Bus path, e.g. `'/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0'`.
   * @default - any
   */
  readonly busPath?: string;
}

/** Where Talos installs itself: a device path or a selector. */
export class InstallDisk {
  /** Install to this device path, e.g. `/dev/vda` (VirtIO), `/dev/sda` (SCSI/SATA), `/dev/nvme0n1`. */
  public static path(devicePath: string): InstallDisk {
    return new InstallDisk(devicePath, undefined);
  }

  /** Install to the one disk matching every given field. */
  public static selector(selector: InstallDiskSelector): InstallDisk {
    return new InstallDisk(undefined, { ...selector });
  }

  private constructor(
    /** The device path, when chosen by path. */
    public readonly devicePath: string | undefined,
    /** The selector, when chosen by selector. */
    public readonly diskSelector: InstallDiskSelector | undefined,
  ) {}

  /** A short human description used in messages. */
  public toString(): string {
    return this.devicePath !== undefined ? this.devicePath : `selector ${JSON.stringify(this.diskSelector)}`;
  }
}

/**
 * Machine settings that merge cluster -> role -> node. For maps (sysctls, labels, taints, mirrors) later levels
 * add and override keys; scalars and lists (nameservers) are replaced by the most specific level that sets them;
 * kernel modules are merged by name; extra documents and patches are concatenated in level order.
 */
export interface MachineSettings {
  /**
   * DNS servers, e.g. `['10.0.20.101', '1.1.1.1']`.
   * @default - the nameservers DHCP provides, or Talos' defaults (1.1.1.1, 8.8.8.8)
   */
  readonly nameservers?: string[];
  /**
   * Registry mirrors keyed by registry host, e.g. `{ 'docker.io': { endpoints: ['http://10.0.20.10:5000'] } }`.
   * @default - none
   */
  readonly registryMirrors?: Record<string, RegistryMirror>;
  /**
   * Kernel parameters, e.g. `{ 'fs.inotify.max_user_watches': 1048576 }`. Numbers are written as strings.
   * @default - none
   */
  readonly sysctls?: Record<string, string | number>;
  /**
   * Kernel modules to load, by name or with parameters.
   * @default - none
   */
  readonly kernelModules?: Array<string | KernelModule>;
  /**
   * Kubelet settings.
   * @default - Talos' defaults
   */
  readonly kubelet?: KubeletSettings;
  /**
   * Kubernetes node labels. A `null` value removes a label Talos sets by default, e.g.
   * `{ 'node.kubernetes.io/exclude-from-external-load-balancers': null }`.
   * @default - none
   */
  readonly nodeLabels?: Record<string, string | null>;
  /**
   * Kubernetes node taints that Talos keeps on the node (`machine.nodeTaints` / `KubeNodeConfig.taints`), in Talos'
   * form `value:Effect` (or `:Effect` without a value), e.g. `{ 'dedicated': 'storage:NoSchedule' }`.
   *
   * Control planes only: a worker applies its taints with its own kubelet identity, which Kubernetes' NodeRestriction
   * admission forbids (and with them, its labels). Taint workers with `registerWithTaints`.
   * @default - none
   */
  readonly nodeTaints?: Record<string, string>;
  /**
   * Taints the kubelet puts on the node when it first registers with Kubernetes (KubeletConfiguration
   * `registerWithTaints`), in the same `value:Effect` form, e.g. `{ 'nvidia.com/gpu': 'true:NoSchedule' }`. This is how
   * workers get taints; a change reaches only nodes that register afterwards (a new or rebuilt node), so change a
   * running node's taints with the platform stack's `addNodeTaints()`.
   * @default - none
   */
  readonly registerWithTaints?: Record<string, string>;
  /**
   * containerd settings.
   * @default - Talos' defaults
   */
  readonly containerd?: ContainerdSettings;
  /**
   * Official system extensions of the node's image (its Image Factory schematic), e.g.
   * `['siderolabs/qemu-guest-agent', 'siderolabs/nfs-utils']`. The levels add up: a node's image carries the
   * extensions of `nodeDefaults`, of its role and its own (and a GPU node's driver).
   * @default - none
   */
  readonly extensions?: string[];
  /**
   * Extra kernel arguments of the node's image. The levels add up in order, each argument once.
   * @default - none
   */
  readonly extraKernelArgs?: string[];
  /**
   * The disk Talos installs to.
   * @default - for Proxmox VMs the disk of the VM's bus; otherwise required
   */
  readonly installDisk?: InstallDisk;
  /**
   * The installer image, e.g. `factory.talos.dev/installer/<schematic>:v1.13.9`.
   * @default - the Image Factory installer of the node's schematic and Talos version
   */
  readonly installerImage?: string;
  /**
   * Extra Talos config documents (typed documents with `apiVersion` and `kind`), rendered after the library's own.
   * @default - none
   */
  readonly extraDocuments?: Array<Record<string, unknown>>;
  /**
   * Raw strategic-merge patches (YAML text or an object), applied last. The escape hatch for anything the typed
   * settings do not cover; prefer typed settings, which are rendered for each Talos version.
   * @default - none
   */
  readonly patches?: Array<string | Record<string, unknown>>;
}

/** A static route. */
export interface Route {
  /** Destination in CIDR form; `0.0.0.0/0` for the default route. */
  readonly network: string;
  /** The next hop. */
  readonly gateway: string;
  /**
   * Route metric.
   * @default - Talos' default (1024)
   */
  readonly metric?: number;
}

/** A VLAN on top of a link. */
export interface Vlan {
  /** VLAN id, 1-4094. */
  readonly vlanId: number;
  /**
   * Static addresses in CIDR form.
   * @default - none
   */
  readonly addresses?: string[];
  /**
   * Static routes.
   * @default - none
   */
  readonly routes?: Route[];
  /**
   * MTU.
   * @default - the parent link's MTU
   */
  readonly mtu?: number;
  /**
   * Use DHCP on the VLAN.
   * @default false
   */
  readonly dhcp?: boolean;
}

/**
 * A network link of a node, selected by interface name or by MAC address (exactly one of the two).
 * Selecting by MAC is robust against interface renaming and is what Proxmox VMs use.
 */
export interface NetworkLink {
  /**
   * Interface name, e.g. `eth0` or `enp1s0`.
   * @default - none; then `macAddress` selects the link
   */
  readonly interface?: string;
  /**
   * Hardware address, e.g. `bc:24:11:a9:a3:43`.
   * @default - none; then `interface` selects the link
   */
  readonly macAddress?: string;
  /**
   * Static addresses in CIDR form, e.g. `['192.168.5.201/24']`.
   * @default - none (use `dhcp`)
   */
  readonly addresses?: string[];
  /**
   * The default gateway: shorthand for a `0.0.0.0/0` route.
   * @default - the cluster's `network.gateway` on the node's primary link, when it lies in the link's subnet
   */
  readonly gateway?: string;
  /**
   * Static routes.
   * @default - none
   */
  readonly routes?: Route[];
  /**
   * MTU, 576-9216.
   * @default - the link's default (1500)
   */
  readonly mtu?: number;
  /**
   * Use DHCP on the link.
   * @default false
   */
  readonly dhcp?: boolean;
  /**
   * VLANs on this link.
   * @default - none
   */
  readonly vlans?: Vlan[];
}

/** OpenID Connect authentication for the Kubernetes API server. */
export interface OidcSettings {
  /** The issuer URL; must be https, e.g. `https://auth.example.com/application/o/kubernetes/`. */
  readonly issuerUrl: string;
  /** The client id (audience), e.g. `kubernetes`. */
  readonly clientId: string;
  /**
   * The JWT claim used as the user name.
   * @default 'sub'
   */
  readonly usernameClaim?: string;
  /**
   * Prefix for user names, e.g. `'oidc:'`.
   * @default - none for `email`, otherwise the issuer URL followed by `#` (Kubernetes' default)
   */
  readonly usernamePrefix?: string;
  /**
   * The JWT claim holding the user's groups.
   * @default - no groups
   */
  readonly groupsClaim?: string;
  /**
   * Prefix for group names.
   * @default - none
   */
  readonly groupsPrefix?: string;
}

/** API-server audit logging: the policy and how long its log is kept. */
export interface AuditSettings {
  /**
   * The audit policy (an `audit.k8s.io/v1` Policy object).
   * @default - Talos' default policy (metadata level for everything)
   */
  readonly policy?: Record<string, unknown>;
  /**
   * Days to keep rotated audit logs (`audit-log-maxage`).
   * @default - Talos' default
   */
  readonly maxAgeDays?: number;
  /**
   * Rotated audit log files to keep (`audit-log-maxbackup`).
   * @default - Talos' default
   */
  readonly maxBackups?: number;
  /**
   * Size in megabytes at which the audit log is rotated (`audit-log-maxsize`).
   * @default - Talos' default
   */
  readonly maxSizeMiB?: number;
}

/** Kubernetes API-server settings (rendered on control-plane nodes). */
export interface ApiServerSettings {
  /**
   * Extra API-server flags without the leading dashes. OIDC and audit retention have typed settings; use those.
   * @default - none
   */
  readonly extraArgs?: Record<string, string>;
  /**
   * OpenID Connect authentication.
   * @default - no OIDC
   */
  readonly oidc?: OidcSettings;
  /**
   * Audit policy and log retention.
   * @default - Talos' defaults
   */
  readonly audit?: AuditSettings;
  /**
   * Extra subject alternative names for the API-server certificate.
   * @default - none
   */
  readonly certSans?: string[];
}

/** The cluster's CNI. */
export type CniName = 'flannel' | 'none';

/**
 * Talos API access for etcd backups taken from Kubernetes (the platform's `addEtcdBackups()`): pods in one namespace
 * may obtain Talos credentials with the role `os:etcd:backup`, which can take etcd snapshots and nothing else.
 */
export interface EtcdBackupAccess {
  /**
   * The namespace the backup job runs in: the only namespace granted access. Give the job a namespace of its own.
   * @default 'talos-backup'
   */
  readonly namespace?: string;
}

/** Kubernetes settings of the whole cluster. */
export interface KubernetesSettings {
  /**
   * Run workloads on control-plane nodes (removes the control-plane NoSchedule taint).
   * @default false
   */
  readonly allowSchedulingOnControlPlanes?: boolean;
  /**
   * API-server settings.
   * @default - Talos' defaults
   */
  readonly apiServer?: ApiServerSettings;
  /**
   * The CNI Talos installs: `flannel`, or `none` when you install one yourself (e.g. Cilium from the platform
   * stack). With `none` the cluster has no pod network until you do.
   * @default 'flannel'
   */
  readonly cni?: CniName;
  /**
   * Run kube-proxy. Turn it off when the CNI replaces it (Cilium with `kubeProxyReplacement`).
   * @default true
   */
  readonly kubeProxy?: boolean;
  /**
   * Run Talos' built-in CoreDNS. Turn it off when the platform stack installs CoreDNS itself (e.g. by Helm).
   * @default true
   */
  readonly coreDns?: boolean;
  /**
   * The subnets etcd advertises its peer address from (`cluster.etcd.advertisedSubnets`). Without them etcd
   * advertises the first address it finds, which on a multi-homed control plane may be the storage network.
   * @default - on a control plane with more than one address, the subnet of its own address (the one Terraform
   * reaches); otherwise Talos' default
   */
  readonly etcdAdvertisedSubnets?: string[];
  /**
   * Let etcd backups run from the platform stack: the control planes grant Talos API access with the role
   * `os:etcd:backup` to pods in exactly this namespace, and nothing broader (`machine.features.kubernetesTalosAPIAccess`
   * up to Talos 1.13, the `KubeTalosAPIAccessConfig` document from 1.14). Applied without a reboot.
   * @default - no access: no pod may obtain Talos API credentials
   */
  readonly etcdBackupAccess?: EtcdBackupAccess;
  /**
   * Pod subnets.
   * @default ['10.244.0.0/16']
   */
  readonly podSubnets?: string[];
  /**
   * Service subnets.
   * @default ['10.96.0.0/12']
   */
  readonly serviceSubnets?: string[];
}

/** Facts about the LAN the nodes live on, used to pick defaults and to catch collisions before apply. */
export interface ClusterNetworkSettings {
  /**
   * The default gateway of the nodes' primary links, e.g. `10.0.20.1`.
   * @default - none; links without a gateway or route get no default route
   */
  readonly gateway?: string;
  /**
   * The router's DHCP range, as `first-last` (`10.0.0.100-10.0.0.200`) or CIDR. Static node addresses, the VIP and
   * load-balancer pools must stay outside it.
   * @default - unknown; no check
   */
  readonly dhcpRange?: string;
}

/**
 * Labels Talos writes into the generated machine config, per role. A `null` label deletes one of them; deleting a
 * key the base config does not have fails at apply (`patch delete: ... lookup failed`), so deletions of labels the
 * role does not carry are dropped (the label is absent anyway).
 */
export const DEFAULT_NODE_LABELS: Readonly<Record<'controlplane' | 'worker', readonly string[]>> = {
  controlplane: ['node.kubernetes.io/exclude-from-external-load-balancers'],
  worker: [],
};

const SIZE = /^\s*(>=|<=|>|<|==)?\s*(\d+)\s*(B|kB|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)?\s*$/;

/** Parses a Talos disk-size expression (`'>= 100GB'`); undefined when malformed. */
export function parseDiskSize(text: string): { op: string; amount: string; unit: string } | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  return { op: m[1] ?? '==', amount: m[2], unit: m[3] === 'KB' ? 'kB' : (m[3] ?? 'B') };
}
