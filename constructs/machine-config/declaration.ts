/**
 * From what a user writes about a node to the node as the core sees it: the one step that derives a node's links
 * from its VM's NICs (with their MAC addresses), lays its VM options over the cluster's Proxmox defaults, and keeps its
 * GPU, board and first contact. Everything else (merged settings, image, VM defaults, GPU facts) follows from the
 * declaration in `resolveNode`.
 */
import { FirstContact } from './first-contact';
import { GpuOptions } from './gpu';
import { Architecture, Board } from './image';
import { ClusterDeclaration, NodeDeclaration, NodeRole } from './model';
import { ClusterNetworkSettings, KubernetesSettings, MachineSettings, NetworkLink } from './settings';
import { checkContract } from './contract';
import { DeclarationError, quote } from './problems';
import { UpgradeOptions } from './rolling';
import { TALOS_PROVIDER_LINES, TalosProviderLine } from './upgrade';
import { ProxmoxDefaults, ProxmoxVmOptions, resolveNics } from './vm';

/** A node as declared: its hostname, how it is reached, what it runs on, and its own machine settings. */
export interface NodeOptions extends MachineSettings {
  /** The node's hostname, a DNS label such as `k8s-node2`. It names the node's Terraform resources. */
  readonly hostname: string;
  /**
   * The node's network links. The first static address of the first link is the address Terraform reaches it at.
   * @default - none; then `address` is required
   */
  readonly links?: NetworkLink[];
  /**
   * The address Terraform reaches the node at (its Talos API).
   * @default - the first static address of the first link
   */
  readonly address?: string;
  /**
   * The node's Talos version, when it differs from the cluster's (e.g. during a rolling upgrade).
   * @default - the cluster's talosVersion
   */
  readonly talosVersion?: string;
  /**
   * The single-board computer the node is (its Image Factory overlay), e.g. `Board.RASPBERRY_PI`. Implies arm64
   * and the board's own disk as the install disk.
   * @default - not a board
   */
  readonly board?: Board;
  /**
   * CPU architecture.
   * @default 'amd64' ('arm64' for boards)
   */
  readonly architecture?: Architecture;
  /**
   * Run the node in a Proxmox VM created for it. Its NICs are the node's links (selected by MAC), and the VM gets its
   * final static addresses at first boot through cloud-init.
   * @default - an existing machine reachable at its address
   */
  readonly vm?: ProxmoxVmOptions;
  /**
   * How Terraform reaches a bare-metal node before its configuration is applied, while it sits in maintenance mode:
   * boot media carrying its address (`FirstContact.bootMedia()`), a DHCP lease (`FirstContact.dhcpLease('10.0.0.150')`)
   * or a DHCP reservation of its final address (`FirstContact.dhcpReservation()`). Not for Proxmox VMs, which get
   * their address from cloud-init.
   * @default - the cluster's `firstContact`; one of them is required for a bare-metal node with a static address (a
   * node whose address comes from DHCP is reached there)
   */
  readonly firstContact?: FirstContact;
}

/** What the cluster contributes to a node's declaration. */
export interface NodeDeclarationContext {
  /** The cluster's name (derived MAC addresses are seeded with it). */
  readonly clusterName: string;
  /** The cluster's Proxmox defaults, under each VM's own options. */
  readonly proxmox?: ProxmoxDefaults;
}

/** A node's declaration: its options as the core sees them, with its role and, for GPU nodes, its GPU. */
export function declareNode(cluster: NodeDeclarationContext, role: NodeRole, options: NodeOptions, gpu?: GpuOptions): NodeDeclaration {
  if (!admitted.has(options)) {
    const at = typeof (options as { hostname?: unknown } | undefined)?.hostname === 'string' ? `nodes['${options.hostname}']` : 'nodes[?]';
    // Only type and shape: declareNode's values are validated with their cluster's (validateCluster).
    const problems = [
      ...checkContract('NodeDeclarationContext', cluster, { path: 'cluster' }).problems,
      ...(role === 'controlplane' || role === 'worker' ? [] : [{ path: `${at}.role`, message: `${quote(role)} is not one of 'controlplane', 'worker'` }]),
      ...checkContract('NodeOptions', options, { path: at }).problems,
      ...(gpu === undefined ? [] : checkContract('GpuOptions', gpu, { path: `${at}.gpu` }).problems),
    ];
    if (problems.length > 0) throw new DeclarationError(problems, 'node declaration');
  }
  const { hostname, links, address, talosVersion, board, architecture, vm, firstContact, ...settings } = options;
  const path = `nodes['${hostname}']`;
  // A GPU VM gets its card passed through, first among the VM's PCI devices.
  const vmPci = vm && gpu?.passthrough ? { ...vm, pciDevices: [gpu.passthrough, ...(vm.pciDevices ?? [])] } : vm;
  const vmOptions: ProxmoxVmOptions | undefined = vmPci ? { ...cluster.proxmox, ...vmPci } : undefined;
  // A VM's NICs are the node's links, each selected by its (pinned or derived) MAC address.
  const nodeLinks: NetworkLink[] = vmOptions
    ? resolveNics(vmOptions, cluster.clusterName, hostname).map(({ bridge: _b, vlanTag: _v, firewall: _f, ...link }) => link)
    : links ?? [];
  return {
    hostname,
    role,
    links: nodeLinks,
    address,
    talosVersion,
    settings,
    path,
    linksPath: vmOptions ? `${path}.vm.nics` : undefined,
    ...(vmOptions && links !== undefined ? { vmLinks: links } : {}),
    board,
    architecture,
    vm: vmOptions,
    gpu,
    firstContact,
  };
}

/** A Talos cluster as declared: its identity, versions, network facts and the settings every node shares. */
export interface ClusterOptions {
  /** The cluster name, e.g. `homelab`. It names the kubeconfig context. */
  readonly clusterName: string;
  /** The Talos version, pinned to a release, e.g. `v1.13.9`. Nodes may override it during an upgrade. */
  readonly talosVersion: string;
  /** The Kubernetes version, pinned to a release the Talos version supports, e.g. `1.36.3`. */
  readonly kubernetesVersion: string;
  /**
   * The Kubernetes API endpoint, `https://<host>:<port>`.
   * @default - `https://<vip>:6443` with a VIP, else `https://<first control plane's address>:6443`
   */
  readonly endpoint?: string;
  /**
   * A virtual IP shared by the control planes (Talos' layer-2 VIP) for a highly available endpoint. It must be a
   * free address in the control planes' subnet. It is only the Kubernetes endpoint; Talos API clients use node
   * addresses.
   * @default - no VIP
   */
  readonly vip?: string;
  /**
   * Facts about the LAN: the gateway given to every node's primary link, and the router's DHCP range that static
   * addresses must avoid.
   * @default - no default gateway, no DHCP range check
   */
  readonly network?: ClusterNetworkSettings;
  /**
   * Kubernetes settings: scheduling on control planes, API server, CNI, kube-proxy, subnets.
   * @default - Talos' defaults (Flannel, kube-proxy, no workloads on control planes)
   */
  readonly kubernetes?: KubernetesSettings;
  /**
   * Machine settings for every node (the least specific level of the cluster -> role -> node merge).
   * @default - none
   */
  readonly nodeDefaults?: MachineSettings;
  /**
   * Machine settings for control-plane nodes, over `nodeDefaults`.
   * @default - none
   */
  readonly controlPlane?: MachineSettings;
  /**
   * Machine settings for worker nodes, over `nodeDefaults`.
   * @default - none
   */
  readonly worker?: MachineSettings;
  /**
   * The endpoints written into the talosconfig (addresses or names of the Talos API, port 50000), e.g. a DNS name
   * that resolves to every control plane. Never the VIP: it only exists while etcd and a healthy control plane do,
   * so talosctl could not reach a cluster that needs repair.
   * @default - the control planes' addresses
   */
  readonly talosconfigEndpoints?: string[];
  /**
   * How bare-metal nodes are reached before their configuration is applied, for nodes that do not say: e.g.
   * `FirstContact.dhcpReservation()` when the router reserves every node's address, or `FirstContact.bootMedia()`.
   * @default - none: each bare-metal node with a static address sets its own `firstContact`
   */
  readonly firstContact?: FirstContact;
  /**
   * The cluster is already bootstrapped: import `talos_machine_bootstrap` instead of running it. Set it when adopting
   * a running cluster (with `secrets.importFrom`) or after losing Terraform state, because the provider (v0.11) fails
   * when it bootstraps etcd that already runs.
   * @default false
   */
  readonly alreadyBootstrapped?: boolean;
  /**
   * Accept an even number of control-plane nodes. etcd with 2n members tolerates no more failures than with 2n-1.
   * @default false
   */
  readonly allowEvenControlPlanes?: boolean;
  /**
   * The siderolabs/talos provider line that manages the cluster. `'0.11'` (0.11.0, stable, SDK 1.13) configures nodes
   * with `talos_machine_configuration_apply` and cannot upgrade them: `cdktf-talos upgrade-commands` prints the
   * `talosctl` commands. `'0.12'` (0.12.0-alpha.5, SDK 1.14) manages each node with `talos_machine` (configuration and
   * Talos upgrades from the installer image) and the cluster with `talos_cluster` (bootstrap, Kubernetes upgrades),
   * rolled in the order of `upgrades`. Nodes are rendered for the lower of their Talos version and the line's SDK, so
   * 1.14 nodes get the 1.14 documents only on '0.12'. Every cluster of a stack uses the same line.
   * @default '0.11'
   */
  readonly providerLine?: TalosProviderLine;
  /**
   * How changes roll through the nodes: worker batch size, health gates (0.12), drain and reboot mode (0.12).
   * @default - control planes one at a time, then workers one at a time; no health gates; drain on upgrade
   */
  readonly upgrades?: UpgradeOptions;
  /**
   * Move a cluster deployed with the 0.11 line to the 0.12 line's resources in this deploy, without rebuilding a node
   * or regenerating a secret: with `providerLine: '0.12'`, the synthesized stack forgets the old applies and bootstrap
   * (`removed` blocks with `destroy = false`) and the new `talos_machine` and `talos_cluster` adopt the running nodes.
   * Nodes stay rendered for the 0.11 line's contract (1.13 at most) for this deploy, so their configuration does not
   * change. Remove it after the deploy (README, "Moving a cluster from the 0.11 line").
   * @default false
   */
  readonly migrateFrom011?: boolean;
  /**
   * Proxmox settings shared by the nodes that run in VMs (bridge, datastores, CPU type, disk bus).
   * @default - bridge vmbr0, disks on local-lvm, ISO on local (per host), CPU type host, SCSI disks
   */
  readonly proxmox?: ProxmoxDefaults;
}


/** A node in {@link declareCluster}: its options, its role, and for GPU nodes its GPU. */
export interface ClusterNode extends NodeOptions {
  /** Control plane or worker. */
  readonly role: NodeRole;
  /**
   * The node's NVIDIA GPU.
   * @default - no GPU
   */
  readonly gpu?: GpuOptions;
}

/**
 * A whole cluster as the core sees it, from the same options the constructs take: validate it with `validateCluster`
 * and render each node with `renderNode(resolveNode(decl, node))`, without cdktf (as talhelper does from a file).
 *
 * @example
 * const decl = declareCluster({ clusterName: 'home', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4' }, [
 *   { role: 'controlplane', hostname: 'cp-0', links: [{ interface: 'enp1s0', addresses: ['10.0.0.2/24'] }] },
 * ]);
 */
export function declareCluster(options: ClusterOptions, nodes: readonly ClusterNode[] = []): ClusterDeclaration {
  // Every value checked against the contract first (a JavaScript caller or a data file has no types to help): values
  // of the wrong type or shape fail here; numbers out of range and values not among a field's choices are carried to
  // `validateCluster`, whose rules of each field speak for them first.
  const checks = [
    checkContract('ClusterOptions', options, { path: '' }),
    ...(Array.isArray(nodes) ? nodes.map((n, i) => checkContract('ClusterNode', n, {
      path: typeof (n as { hostname?: unknown } | undefined)?.hostname === 'string' ? `nodes['${n.hostname}']` : `nodes[${i}]`,
    })) : [{ problems: [{ path: 'nodes', message: `${quote(nodes)} is not a list: give the nodes as a list of ClusterNode objects` }], ranges: [] }]),
  ];
  const problems = checks.flatMap((c) => c.problems);
  if (problems.length > 0) throw new DeclarationError(problems);
  const ranges = checks.flatMap((c) => c.ranges);
  const base = clusterDeclaration(options, []);
  return {
    ...base,
    ...(ranges.length > 0 ? { contractRanges: ranges } : {}),
    nodes: nodes.map(({ role, gpu, ...n }) => declareNode({ clusterName: options.clusterName, proxmox: options.proxmox }, role, admit(n), gpu)),
  };
}

/** Options checked already (by `declareCluster`). */
const admitted = new WeakSet<object>();

function admit<T extends object>(options: T): T {
  admitted.add(options);
  return options;
}

/** The cluster's options as the core sees them, with the given nodes. */
export function clusterDeclaration(p: ClusterOptions, nodes: NodeDeclaration[]): ClusterDeclaration {
  return {
    clusterName: p.clusterName,
    endpoint: p.endpoint,
    talosVersion: p.talosVersion,
    kubernetesVersion: p.kubernetesVersion,
    vip: p.vip,
    network: p.network ?? {},
    kubernetes: p.kubernetes ?? {},
    nodeDefaults: p.nodeDefaults ?? {},
    controlPlane: p.controlPlane ?? {},
    worker: p.worker ?? {},
    allowEvenControlPlanes: p.allowEvenControlPlanes,
    // During a move from 0.11, nodes keep the 0.11 line's contract, so the adopting apply changes nothing.
    providerSdk: TALOS_PROVIDER_LINES[p.migrateFrom011 === true ? '0.11' : p.providerLine ?? '0.11'].sdk,
    providerLine: p.providerLine,
    upgrades: p.upgrades,
    migrateFrom011: p.migrateFrom011,
    talosconfigEndpoints: p.talosconfigEndpoints,
    firstContact: p.firstContact,
    alreadyBootstrapped: p.alreadyBootstrapped,
    proxmox: p.proxmox,
    nodes,
  };
}
