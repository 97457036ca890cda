/**
 * The declaration of a whole cluster as plain data, and its resolution into one fully merged description per node.
 * Nothing here knows about cdktf: the constructs build a {@link ClusterDeclaration} and hand it to the validator and
 * the renderer.
 */
import { FirstContact } from './first-contact';
import { gpuNodeInfo, GpuNodeInfo, GpuOptions, gpuPreset, gpuTalosMinor } from './gpu';
import { Architecture, Board, ImageSpec } from './image';
import { networkText, parseCidr, parseIp } from './net';
import {
  ClusterNetworkSettings, InstallDisk, KernelModule, KubernetesSettings, MachineSettings, NetworkLink, RegistryMirror,
} from './settings';
import { diskDeviceForBus, ProxmoxDefaults, ProxmoxVmOptions, ResolvedVm, resolveVm } from './vm';
import { ConfigContract, configContract, parseKubernetesVersion, parseTalosVersion, PROVIDER_TALOS_SDK, supportedMinor } from './versions';
import type { UpgradeOptions } from './rolling';
import type { Problem } from './problems';
import type { TalosProviderLine } from './upgrade';

/** A node's role in the cluster. */
export type NodeRole = 'controlplane' | 'worker';

/** One node as declared. */
export interface NodeDeclaration {
  readonly hostname: string;
  readonly role: NodeRole;
  /** The node's links. */
  readonly links: NetworkLink[];
  /**
   * The address Terraform reaches the node at.
   * @default - the first static address of the node's management link (see {@link managementAddress})
   */
  readonly address?: string;
  /**
   * The node's Talos version when it differs from the cluster's.
   * @default - the cluster's
   */
  readonly talosVersion?: string;
  /** Node-level machine settings (the most specific level). */
  readonly settings: MachineSettings;
  /**
   * The single-board computer the node is.
   * @default - not a board
   */
  readonly board?: Board;
  /**
   * The node's CPU architecture, as declared.
   * @default - the board's, else amd64
   */
  readonly architecture?: Architecture;
  /**
   * The Proxmox VM the node runs in, as declared, over the cluster's Proxmox defaults.
   * @default - an existing machine
   */
  readonly vm?: ProxmoxVmOptions;
  /**
   * The node's GPU, for GPU nodes: its preset is the level between the role and the node.
   * @default - no GPU
   */
  readonly gpu?: GpuOptions;
  /**
   * How Terraform reaches the (bare-metal) node before its configuration is applied.
   * @default - the cluster's firstContact
   */
  readonly firstContact?: FirstContact;
  /**
   * The installer from the node's Image Factory schematic (a Terraform reference), used unless set explicitly.
   * @default - the stock installer of the node's Talos version
   */
  readonly factoryInstallerImage?: string;
  /** Where the node's settings were declared, for messages: `nodes['k8s-node2']`. */
  readonly path: string;
  /**
   * Links given next to a VM (ignored there: a VM's NICs are its links), kept so the validator can say so.
   * @default - none
   */
  readonly vmLinks?: NetworkLink[];
  /** Where the node's links were declared, for messages. @default `${path}.links` */
  readonly linksPath?: string;
}

/** A whole cluster as declared. */
export interface ClusterDeclaration {
  /**
   * What the contract found soft in the values `declareCluster` was given (numbers out of range, values not among a
   * field's choices); `validateCluster` reports those no rule of the field's own reports.
   */
  readonly contractRanges?: readonly Problem[];
  readonly clusterName: string;
  /** The Kubernetes API endpoint, `https://host:port`; undefined when it is to be derived. */
  readonly endpoint?: string;
  readonly talosVersion: string;
  readonly kubernetesVersion: string;
  readonly vip?: string;
  readonly network: ClusterNetworkSettings;
  readonly kubernetes: KubernetesSettings;
  readonly nodeDefaults: MachineSettings;
  readonly controlPlane: MachineSettings;
  readonly worker: MachineSettings;
  /** Accept an even number of control-plane nodes (etcd then tolerates no more failures than with one fewer). */
  readonly allowEvenControlPlanes?: boolean;
  /** The Talos SDK minor of the provider in use: the newest contract a node is rendered for. */
  readonly providerSdk?: ConfigContract;
  /** The siderolabs/talos provider line the cluster is managed with. */
  readonly providerLine?: TalosProviderLine;
  /** How the cluster rolls changes through its nodes. */
  readonly upgrades?: UpgradeOptions;
  /** This deploy moves the cluster from the 0.11 line's resources to the 0.12 line's. */
  readonly migrateFrom011?: boolean;
  /** Endpoints written into the talosconfig, when not the control planes' addresses. */
  readonly talosconfigEndpoints?: string[];
  /** How bare-metal nodes that set none are reached before their configuration is applied. */
  readonly firstContact?: FirstContact;
  /** The cluster already runs (adopted, or state lost): its nodes are configured and reachable at their addresses. */
  readonly alreadyBootstrapped?: boolean;
  /** Proxmox settings shared by the cluster's VMs. */
  readonly proxmox?: ProxmoxDefaults;
  readonly nodes: NodeDeclaration[];
}

/** A node with every level merged and every default resolved, ready to render. */
export interface ResolvedNode {
  readonly hostname: string;
  readonly role: NodeRole;
  readonly talosVersion: string;
  readonly contract: ConfigContract;
  readonly kubernetesVersion: string;
  readonly address: string;
  readonly links: NetworkLink[];
  readonly settings: MachineSettings;
  readonly kubernetes: KubernetesSettings;
  /** The VIP and the index of the link that carries it (control planes only). */
  readonly vip?: { readonly ip: string; readonly linkIndex: number };
  /** The subnets etcd advertises from (control planes only), when pinned. */
  readonly etcdAdvertisedSubnets?: string[];
  /** What the node's image is made of: the extensions and kernel arguments of every level, and the board. */
  readonly image: ImageSpec;
  /** The CPU architecture: the board's, the declared one, or amd64. */
  readonly architecture: Architecture;
  /** The node's VM with every default applied. */
  readonly vm?: ResolvedVm;
  /** What the platform needs to know about the node's GPU. */
  readonly gpu?: GpuNodeInfo;
}

function mergeRecords<T>(levels: Array<Record<string, T> | undefined>): Record<string, T> | undefined {
  const present = levels.filter((l): l is Record<string, T> => l !== undefined);
  if (present.length === 0) return undefined;
  return Object.assign({}, ...present) as Record<string, T>;
}

function lastDefined<T>(levels: Array<T | undefined>): T | undefined {
  for (let i = levels.length - 1; i >= 0; i--) if (levels[i] !== undefined) return levels[i];
  return undefined;
}

/** Normalizes a kernel-module entry. */
export function kernelModule(entry: string | KernelModule): KernelModule {
  return typeof entry === 'string' ? { name: entry } : entry;
}

/**
 * Merges machine settings, least specific first (cluster, role, GPU preset, node). Maps merge key by key (later
 * levels win); scalars and lists are taken from the most specific level that sets them; kernel modules merge by name;
 * extensions and kernel arguments add up (each once); extra documents and patches concatenate.
 */
export function mergeSettings(...levels: MachineSettings[]): MachineSettings {
  const modules = new Map<string, KernelModule>();
  for (const level of levels) for (const entry of level.kernelModules ?? []) {
    const m = kernelModule(entry);
    modules.set(m.name, m);
  }
  const kubeletLevels = levels.map((l) => l.kubelet);
  const hasKubelet = kubeletLevels.some((k) => k !== undefined);
  const extraDocuments = levels.flatMap((l) => l.extraDocuments ?? []);
  const patches = levels.flatMap((l) => l.patches ?? []);
  const extensions = [...new Set(levels.flatMap((l) => l.extensions ?? []))].sort();
  const kernelArgs: string[] = [];
  for (const a of levels.flatMap((l) => l.extraKernelArgs ?? [])) if (!kernelArgs.includes(a)) kernelArgs.push(a);
  const merged: MachineSettings = {
    nameservers: lastDefined(levels.map((l) => l.nameservers)),
    registryMirrors: mergeRecords<RegistryMirror>(levels.map((l) => l.registryMirrors)),
    sysctls: mergeRecords(levels.map((l) => l.sysctls)),
    kernelModules: modules.size > 0 ? [...modules.values()] : undefined,
    kubelet: hasKubelet ? {
      extraConfig: mergeRecords(kubeletLevels.map((k) => k?.extraConfig)),
      extraArgs: mergeRecords(kubeletLevels.map((k) => k?.extraArgs)),
      nodeIpSubnets: lastDefined(kubeletLevels.map((k) => k?.nodeIpSubnets)),
    } : undefined,
    nodeLabels: mergeRecords(levels.map((l) => l.nodeLabels)),
    nodeTaints: mergeRecords(levels.map((l) => l.nodeTaints)),
    registerWithTaints: mergeRecords(levels.map((l) => l.registerWithTaints)),
    containerd: levels.some((l) => l.containerd !== undefined)
      ? { discardUnpackedLayers: lastDefined(levels.map((l) => l.containerd?.discardUnpackedLayers)) }
      : undefined,
    installDisk: lastDefined(levels.map((l) => l.installDisk)),
    installerImage: lastDefined(levels.map((l) => l.installerImage)),
    extraDocuments: extraDocuments.length > 0 ? extraDocuments : undefined,
    patches: patches.length > 0 ? patches : undefined,
    extensions: extensions.length > 0 ? extensions : undefined,
    extraKernelArgs: kernelArgs.length > 0 ? kernelArgs : undefined,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as MachineSettings;
}

/**
 * The levels a node's machine settings merge from, least specific first, each with the path it was declared at:
 * the cluster's `nodeDefaults`, the node's role (`controlPlane` or `worker`), a GPU node's preset (what its card and
 * Talos version need), the node itself.
 */
export function settingLevels(decl: ClusterDeclaration, node: NodeDeclaration): Array<[string, MachineSettings]> {
  const levels: Array<[string, MachineSettings]> = [
    ['nodeDefaults', decl.nodeDefaults],
    node.role === 'controlplane' ? ['controlPlane', decl.controlPlane] : ['worker', decl.worker],
  ];
  if (node.gpu) levels.push([`${node.path}.gpu`, gpuPreset(node.gpu, gpuTalosMinor(node.talosVersion ?? decl.talosVersion), node.role)]);
  levels.push([node.path, node.settings]);
  return levels;
}

/**
 * Where the node's own address comes from: the first link (or VLAN on it) that has an address source, static or
 * DHCP. A node whose management link takes its address from DHCP has no static primary address: Terraform reaches it
 * at `address` (its DHCP reservation), never at an address of a later link such as a storage network.
 */
export interface ManagementAddress {
  /** The link's index. */
  readonly link: number;
  /** The VLAN's index on that link, when the address source is a VLAN. */
  readonly vlan?: number;
  /** The first static address with its prefix, when the source has one; undefined for a DHCP-only source. */
  readonly address?: string;
  /** The index of that address in its `addresses`. */
  readonly addressIndex?: number;
}

/** The node's management address source ({@link ManagementAddress}); undefined when no link has an address source. */
export function managementAddress(node: NodeDeclaration): ManagementAddress | undefined {
  for (const [li, link] of node.links.entries()) {
    const a = firstParsed(link.addresses);
    if (a) return { link: li, address: a.text, addressIndex: a.index };
    if (link.dhcp === true) return { link: li };
    for (const [vi, vlan] of (link.vlans ?? []).entries()) {
      const va = firstParsed(vlan.addresses);
      if (va) return { link: li, vlan: vi, address: va.text, addressIndex: va.index };
      if (vlan.dhcp === true) return { link: li, vlan: vi };
    }
  }
  return undefined;
}

function firstParsed(addresses: string[] | undefined): { text: string; index: number } | undefined {
  const index = (addresses ?? []).findIndex((a) => parseCidr(a) !== undefined);
  return index >= 0 ? { text: addresses![index], index } : undefined;
}

/**
 * The address Terraform reaches the node at, without its prefix: `address` when given, else the first static address
 * of its management link ({@link managementAddress}); undefined when that link takes its address from DHCP.
 */
export function primaryAddress(node: NodeDeclaration): string | undefined {
  if (node.address !== undefined) return node.address;
  const m = managementAddress(node);
  return m?.address !== undefined ? parseCidr(m.address)?.ip.text : undefined;
}

/** The index of the link whose subnet contains `ip`, or -1. */
export function linkIndexForIp(links: NetworkLink[], ip: string): number {
  const parsed = parseIp(ip);
  if (!parsed) return -1;
  return links.findIndex((l) => (l.addresses ?? []).some((a) => {
    const c = parseCidr(a);
    return c !== undefined && c.ip.kind === parsed.kind && parsed.value >= c.first && parsed.value <= c.last;
  }));
}

/**
 * The link that carries the VIP on a control plane: the link whose subnet contains it, else a management link that
 * takes its address from DHCP (its subnet is not known here; the VIP must be on it), else none (-1).
 */
export function vipLinkIndex(node: NodeDeclaration, links: NetworkLink[], vip: string): number {
  const index = linkIndexForIp(links, vip);
  if (index >= 0) return index;
  const m = managementAddress(node);
  return m !== undefined && m.address === undefined && m.vlan === undefined ? m.link : -1;
}

/** The cluster's effective API endpoint: the declared one, else the VIP, else the first control plane's address. */
export function resolveEndpoint(decl: ClusterDeclaration): string | undefined {
  if (decl.endpoint !== undefined) return decl.endpoint;
  const host = decl.vip ?? firstControlPlaneAddress(decl);
  if (host === undefined) return undefined;
  return `https://${host.includes(':') ? `[${host}]` : host}:6443`;
}

/** The address of the first control-plane node in declaration order. */
export function firstControlPlaneAddress(decl: ClusterDeclaration): string | undefined {
  const cp = decl.nodes.find((n) => n.role === 'controlplane');
  return cp ? primaryAddress(cp) : undefined;
}

/**
 * Resolves one node: merges settings cluster -> role -> node, applies the cluster gateway to the primary link,
 * picks the VIP link, and computes the config contract. Total on invalid input (the validator reports it).
 */
/** The Talos and Kubernetes versions a node is rendered for. */
export interface NodeVersions {
  /** Canonical (`v1.13.9`), or as given when it does not parse (the validator names it). */
  readonly talosVersion: string;
  /** Canonical (`1.36.3`), or as given when it does not parse. */
  readonly kubernetesVersion: string;
}

/** A node's versions: its own Talos version or the cluster's, and the cluster's Kubernetes version. */
export function nodeVersions(
  decl: Pick<ClusterDeclaration, 'talosVersion' | 'kubernetesVersion'>,
  node: Pick<NodeDeclaration, 'talosVersion'>,
): NodeVersions {
  const talosText = node.talosVersion ?? decl.talosVersion;
  return {
    talosVersion: parseTalosVersion(talosText)?.text ?? talosText,
    kubernetesVersion: parseKubernetesVersion(decl.kubernetesVersion)?.text ?? decl.kubernetesVersion,
  };
}

export function resolveNode(decl: ClusterDeclaration, node: NodeDeclaration): ResolvedNode {
  const talosText = node.talosVersion ?? decl.talosVersion;
  const talos = parseTalosVersion(talosText);
  const minor = talos ? supportedMinor(talos) : undefined;
  // Resolution never throws: tokens are resolved before validations run, and an unsupported version must reach the
  // validator (which names it) rather than crash here. Such a node is rendered for the provider's contract meanwhile.
  const providerSdk = decl.providerSdk ?? PROVIDER_TALOS_SDK;
  const merged = mergeSettings(...settingLevels(decl, node).map(([, level]) => level));
  // A multi-homed node pins Kubernetes and etcd to the subnet Terraform reaches it on, never e.g. its storage network:
  // without it the kubelet and etcd take the first address they find (talos internal/app/machined/pkg/controllers/
  // etcd/spec.go at v1.13.9 advertises `advertisedIPs[:1]` when no subnet is set).
  const ownSubnet = multiHomed(node) ? primarySubnet(node) : undefined;
  const vm = node.vm ? resolveVm(node.vm, decl.clusterName, node.hostname) : undefined;
  const kubelet = merged.kubelet?.nodeIpSubnets === undefined && ownSubnet !== undefined
    ? { ...merged.kubelet, nodeIpSubnets: [ownSubnet] }
    : merged.kubelet;
  const settings: MachineSettings = {
    ...merged,
    ...(kubelet !== undefined ? { kubelet } : {}),
    installDisk: merged.installDisk ?? defaultInstallDisk(node, decl, vm),
    // Never leave the installer to the provider's default, which follows the provider's SDK, not the node's version.
    installerImage: merged.installerImage ?? node.factoryInstallerImage ?? defaultInstallerImage(talos?.text ?? talosText),
  };
  const links = applyClusterGateway(node.links, decl.network.gateway);
  const vipIndex = node.role === 'controlplane' && decl.vip !== undefined ? vipLinkIndex(node, links, decl.vip) : -1;
  const etcdAdvertisedSubnets = node.role === 'controlplane'
    ? decl.kubernetes.etcdAdvertisedSubnets ?? (ownSubnet !== undefined ? [ownSubnet] : undefined)
    : undefined;
  return {
    hostname: node.hostname,
    role: node.role,
    ...nodeVersions(decl, node),
    contract: minor ? configContract(minor, providerSdk) : providerSdk,
    kubernetesVersion: nodeVersions(decl, node).kubernetesVersion,
    address: primaryAddress(node) ?? '',
    links,
    settings,
    kubernetes: decl.kubernetes,
    vip: vipIndex >= 0 && decl.vip !== undefined ? { ip: decl.vip, linkIndex: vipIndex } : undefined,
    etcdAdvertisedSubnets,
    image: imageOf(node, merged),
    architecture: node.board?.architecture ?? node.architecture ?? 'amd64',
    vm,
    gpu: node.gpu ? gpuNodeInfo(node.gpu, node.hostname, talos?.text ?? talosText, merged.nodeLabels ?? {}) : undefined,
  };
}

/** What a node's image is made of: the extensions and kernel arguments of every level, and its board. */
function imageOf(node: NodeDeclaration, merged: MachineSettings): ImageSpec {
  return { extensions: merged.extensions ?? [], extraKernelArgs: merged.extraKernelArgs ?? [], board: node.board };
}

/** The node's image spec (extensions and kernel arguments merged over every level), without resolving the rest. */
export function nodeImage(decl: ClusterDeclaration, node: NodeDeclaration): ImageSpec {
  return imageOf(node, mergeSettings(...settingLevels(decl, node).map(([, level]) => level)));
}

/** True when the node has more than one address: several static addresses, or DHCP next to another address. */
export function multiHomed(node: NodeDeclaration): boolean {
  let count = 0;
  for (const link of node.links) {
    count += (link.addresses ?? []).length + (link.dhcp === true ? 1 : 0);
    for (const v of link.vlans ?? []) count += (v.addresses ?? []).length + (v.dhcp === true ? 1 : 0);
  }
  return count > 1;
}

/** The subnet (network address and prefix, e.g. `192.168.5.0/24`) of the node's own address, when a link carries it. */
export function primarySubnet(node: NodeDeclaration): string | undefined {
  const address = primaryAddress(node);
  const ip = address !== undefined ? parseIp(address) : undefined;
  if (!ip) return undefined;
  for (const link of node.links) {
    for (const a of link.addresses ?? []) {
      const cidr = parseCidr(a);
      if (cidr && cidr.ip.kind === ip.kind && ip.value >= cidr.first && ip.value <= cidr.last) return networkText(cidr);
    }
  }
  return undefined;
}

/** The install disk that follows from the node's hardware: the VM's disk bus or the board's own disk. */
export function defaultInstallDisk(
  node: NodeDeclaration,
  decl: Pick<ClusterDeclaration, 'clusterName'>,
  /** The node's VM, when the caller has resolved it already. */
  vm: ResolvedVm | undefined = node.vm ? resolveVm(node.vm, decl.clusterName, node.hostname) : undefined,
): InstallDisk | undefined {
  if (vm) return InstallDisk.path(diskDeviceForBus(vm.diskBus));
  if (node.board) return InstallDisk.path(node.board.installDisk);
  return undefined;
}

/** The stock Talos installer of a version, used when no Image Factory schematic or image is given. */
export function defaultInstallerImage(talosVersion: string): string {
  return `ghcr.io/siderolabs/installer:${talosVersion}`;
}

/** True when the link declares a default route, by `gateway` or by a `0.0.0.0/0` / `::/0` route. */
export function hasDefaultRoute(link: NetworkLink): boolean {
  return link.gateway !== undefined || (link.routes ?? []).some((r) => r.network === '0.0.0.0/0' || r.network === '::/0');
}

/**
 * Gives the cluster gateway to the first link whose subnet contains it, unless some link already declares a
 * default route.
 */
function applyClusterGateway(links: NetworkLink[], gateway: string | undefined): NetworkLink[] {
  if (gateway === undefined || links.some(hasDefaultRoute)) return links;
  const index = linkIndexForIp(links, gateway);
  if (index < 0) return links;
  return links.map((l, i) => (i === index ? { ...l, gateway } : l));
}
