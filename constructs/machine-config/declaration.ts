/**
 * From what a user writes about a node to the node as the core sees it: the one step that derives a node's links
 * from its VM's NICs (with their MAC addresses), lays its VM options over the cluster's Proxmox defaults, and keeps its
 * GPU, board and first contact. Everything else (merged settings, image, VM defaults, GPU facts) follows from the
 * declaration in `resolveNode`.
 */
import { FirstContact } from './first-contact';
import { GpuOptions } from './gpu';
import { Architecture, Board } from './image';
import { NodeDeclaration, NodeRole } from './model';
import { MachineSettings, NetworkLink } from './settings';
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
    board,
    architecture,
    vm: vmOptions,
    gpu,
    firstContact,
  };
}
