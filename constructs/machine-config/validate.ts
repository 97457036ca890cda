/**
 * Validation of a whole cluster declaration. Every rule returns problems with the path of the field, the value it
 * received and the fix; all problems are reported together.
 */
import { parse as parseYaml } from 'yaml';
import { Problem, quote } from './problems';
import {
  driverSupportProblem, generationAtLeast, generationOf, GPU_GENERATIONS, gpuBranch, gpuDriver, gpuGeneration, NVIDIA_DRIVER_MAJOR, NvidiaBranch,
} from './gpu';
import { kindAvailable, kindIntroducedIn, LEGACY_FIELDS } from './kinds';
import {
  ClusterDeclaration, hasDefaultRoute, kernelModule, linkIndexForIp, mergeSettings, NodeDeclaration, primaryAddress,
  settingLevels,
} from './model';
import { Cidr, cidrContains, Ip, IpRange, normalizeMac, parseCidr, parseIp, parseRange, rangeContains } from './net';
import { DEFAULT_NODE_LABELS, parseDiskSize } from './render';
import { KubernetesSettings, MachineSettings, NetworkLink, Route } from './settings';
import {
  atLeast, ConfigContract, configContract, CONFIG_CONTRACTS, KUBERNETES_SUPPORT, kubernetesSupported, parseKubernetesVersion, parseTalosVersion,
  PROVIDER_TALOS_SDK, supportedMinor,
} from './versions';

/** Options of {@link validateCluster}. */
export interface ValidateOptions {
  /** True for values not known until apply (cdktf tokens); those are skipped. */
  readonly isUnresolved?: (value: unknown) => boolean;
}

const q = quote;

/** Minimum and maximum MTU accepted for a link (Ethernet without and with jumbo frames). */
export const MTU_RANGE = { min: 576, max: 9216 } as const;

/** API-server flags Talos sets itself: setting them fails when the API server is rendered (or is overridden). */
export const TALOS_OWNED_APISERVER_ARGS: readonly string[] = [
  'audit-log-path', 'audit-policy-file', 'authentication-config', 'authorization-config', 'client-ca-file',
  'encryption-provider-config', 'etcd-cafile', 'etcd-certfile', 'etcd-keyfile', 'etcd-servers', 'kubelet-client-certificate',
  'kubelet-client-key', 'proxy-client-cert-file', 'proxy-client-key-file', 'requestheader-client-ca-file',
  'service-account-key-file', 'service-account-signing-key-file', 'tls-cert-file', 'tls-private-key-file',
];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const SYSCTL_NAME = /^[A-Za-z0-9_-]+([./][A-Za-z0-9_-]+)+$/;
const KERNEL_MODULE = /^[A-Za-z0-9_-]+$/;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Validates a Kubernetes label or taint key (`[prefix/]name`); returns the reason it is invalid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) return `has prefix ${q(prefix)}, which is not a DNS subdomain (lower-case, like 'example.com')`;
  if (!LABEL_NAME.test(name)) return 'is not a valid label name: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric';
  return undefined;
}

class Collector {
  readonly problems: Problem[] = [];
  constructor(private readonly isUnresolved: (value: unknown) => boolean) {}

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** True when the value is a token (skip it). */
  unresolved(value: unknown): boolean {
    return this.isUnresolved(value);
  }

  ip(path: string, value: string | undefined, example: string): Ip | undefined {
    if (value === undefined || this.unresolved(value)) return undefined;
    const ip = parseIp(value);
    if (!ip) this.add(path, `${q(value)} is not an IP address: write it like '${example}'`);
    return ip;
  }

  cidr(path: string, value: string, example: string): Cidr | undefined {
    if (this.unresolved(value)) return undefined;
    const c = parseCidr(value);
    if (!c) this.add(path, `${q(value)} is not an address with a prefix length: write it like '${example}'`);
    return c;
  }
}

function defaultTokenCheck(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Every problem of a cluster declaration. Empty when it is valid. */
export function validateCluster(decl: ClusterDeclaration, options: ValidateOptions = {}): Problem[] {
  const c = new Collector(options.isUnresolved ?? defaultTokenCheck);
  const providerSdk = decl.providerSdk ?? PROVIDER_TALOS_SDK;

  // --- names and versions ---
  if (!c.unresolved(decl.clusterName) && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(decl.clusterName)) {
    c.add('clusterName', `${q(decl.clusterName)} is not a valid cluster name: use letters, digits, '-', '_' and '.', like 'homelab'`);
  }
  const clusterMinor = checkTalosVersion(c, 'talosVersion', decl.talosVersion);
  const k8s = parseKubernetesVersion(decl.kubernetesVersion);
  if (!c.unresolved(decl.kubernetesVersion) && !k8s) {
    c.add('kubernetesVersion', `${q(decl.kubernetesVersion)} is not a Kubernetes release version: pin a full version like '1.35.2'`);
  }
  const minorsInUse = new Map<ConfigContract, string>();
  if (clusterMinor) minorsInUse.set(clusterMinor, 'talosVersion');

  // --- network facts ---
  const gateway = c.ip('network.gateway', decl.network.gateway, '10.0.20.1');
  let dhcp: IpRange | undefined;
  if (decl.network.dhcpRange !== undefined && !c.unresolved(decl.network.dhcpRange)) {
    dhcp = parseRange(decl.network.dhcpRange);
    if (!dhcp) c.add('network.dhcpRange', `${q(decl.network.dhcpRange)} is not an address range: write it like '10.0.0.100-10.0.0.200' or '10.0.0.128/25'`);
  }
  if (gateway && dhcp && rangeContains(dhcp, gateway)) {
    c.add('network.gateway', `${q(gateway.text)} lies in the DHCP range ${q(dhcp.text)}: the router's own address must be outside the range it leases`);
  }

  // --- settings at cluster and role level ---
  validateSettings(c, 'nodeDefaults', decl.nodeDefaults);
  validateSettings(c, 'controlPlane', decl.controlPlane);
  validateSettings(c, 'worker', decl.worker);
  validateKubernetes(c, decl.kubernetes);

  // --- nodes ---
  const controlPlanes = decl.nodes.filter((n) => n.role === 'controlplane');
  if (controlPlanes.length === 0) {
    c.add('nodes', 'has no control-plane node: add one with addControlPlane() (three for high availability)');
  } else if (controlPlanes.length % 2 === 0 && decl.allowEvenControlPlanes !== true) {
    c.add('nodes', `has ${controlPlanes.length} control-plane nodes (${controlPlanes.map((n) => n.hostname).join(', ')}): etcd needs an odd number to keep quorum (an even number tolerates no more failures than one fewer); add or remove one, or set allowEvenControlPlanes: true`);
  }

  const vmIds = new Map<number, string>();
  const hostnames = new Map<string, string>();
  const addresses = new Map<bigint, string>();
  const macs = new Map<string, string>();
  const firstContactLeases = new Map<bigint, string>();
  for (const node of decl.nodes) {
    const p = node.path;
    if (!c.unresolved(node.hostname)) {
      if (!DNS_LABEL.test(node.hostname)) {
        c.add(`${p}.hostname`, `${q(node.hostname)} is not a valid hostname: use lower-case letters, digits and '-', at most 63 characters, like 'k8s-node2'`);
      }
      const seen = hostnames.get(node.hostname);
      if (seen !== undefined) c.add(`${p}.hostname`, `${q(node.hostname)} is already used by another node: hostnames must be unique`);
      hostnames.set(node.hostname, p);
    }
    let nodeMinor = clusterMinor;
    if (node.talosVersion !== undefined) {
      nodeMinor = checkTalosVersion(c, `${p}.talosVersion`, node.talosVersion);
      if (nodeMinor) minorsInUse.set(nodeMinor, `${p}.talosVersion`);
    }
    const contract = nodeMinor ? configContract(nodeMinor, providerSdk) : undefined;
    validateLinks(c, node, gateway, dhcp, addresses, macs);
    validateSettings(c, p, node.settings);
    validateImage(c, node);
    if (node.vm) validateVm(c, decl, node, vmIds);
    validateNodeReachability(c, decl, node, gateway);
    if (node.gpu) validateGpu(c, node, node.talosVersion ?? decl.talosVersion);
    if (contract) validateForContract(c, decl, node, contract);
    validateFirstContact(c, decl, node, firstContactLeases);
  }
  validateNodeRestriction(c, decl);
  if (decl.firstContact?.kind === 'dhcp-lease') {
    c.add('firstContact', `is ${decl.firstContact.toString()} for every node, but each node leases its own address: set FirstContact.dhcpLease() on each node`);
  }

  // --- Kubernetes version against every Talos version in use ---
  if (k8s) {
    for (const [minor, path] of minorsInUse) {
      const range = KUBERNETES_SUPPORT[minor];
      if (!kubernetesSupported(k8s, minor)) {
        c.add('kubernetesVersion', `${q(decl.kubernetesVersion)} is not supported by Talos ${minor} (${path}): Talos ${minor} runs Kubernetes 1.${range.min} to 1.${range.max}`);
      }
    }
  }

  // --- endpoint and VIP ---
  validateEndpoint(c, decl);
  (decl.talosconfigEndpoints ?? []).forEach((e, i) => {
    const ep = `talosconfigEndpoints[${i}]`;
    if (c.unresolved(e)) return;
    if (decl.vip !== undefined && e.replace(/:\d+$/, '') === decl.vip) {
      c.add(ep, `${q(e)} is the VIP: the VIP only answers while etcd and a control plane are healthy, so talosctl could not reach a cluster that needs repair; use the control planes' addresses (the default) or a DNS name resolving to all of them`);
    } else if (!parseIp(e) && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/.test(e)) {
      c.add(ep, `${q(e)} is not an address or host name: write it like '10.0.20.11' or 'talos.example.com'`);
    }
  });
  validateVip(c, decl, controlPlanes, gateway, dhcp);
  return c.problems;
}

/**
 * Labels a kubelet may set on its own Node. Kubernetes' NodeRestriction admission (always on in Talos) rejects a node
 * that modifies any other label in the `kubernetes.io` or `k8s.io` namespaces (or their subdomains), or any label in
 * `node-restriction.kubernetes.io` (kubernetes `plugin/pkg/admission/noderestriction/admission.go`,
 * `getForbiddenLabels`, and `k8s.io/kubelet/pkg/apis/well_known_labels.go`, `kubeletLabels` and
 * `kubeletLabelNamespaces`, at v1.36).
 */
export const KUBELET_SETTABLE_LABELS: readonly string[] = [
  'kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os', 'beta.kubernetes.io/arch', 'beta.kubernetes.io/os',
  'beta.kubernetes.io/instance-type', 'node.kubernetes.io/instance-type', 'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
];
/** Label namespaces (and their subdomains) a kubelet may set on its own Node. */
export const KUBELET_SETTABLE_NAMESPACES: readonly string[] = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function inNamespace(namespace: string, ns: string): boolean {
  return namespace === ns || namespace.endsWith(`.${ns}`);
}

/** True when NodeRestriction rejects a node that sets this label on itself. */
export function nodeMayNotSetLabel(key: string): boolean {
  const slash = key.indexOf('/');
  const namespace = slash >= 0 ? key.slice(0, slash) : '';
  if (inNamespace(namespace, 'node-restriction.kubernetes.io')) return true;
  if (!inNamespace(namespace, 'kubernetes.io') && !inNamespace(namespace, 'k8s.io')) return false;
  return !KUBELET_SETTABLE_LABELS.includes(key) && !KUBELET_SETTABLE_NAMESPACES.some((ns) => inNamespace(namespace, ns));
}

/**
 * A worker applies its `nodeLabels` and `nodeTaints` in one Node update with its kubelet's identity (talos
 * `internal/app/machined/pkg/controllers/k8s/node_apply.go` at v1.13.9: control planes use an admin client, workers
 * the kubelet kubeconfig). NodeRestriction rejects a node that changes its own taints or sets a forbidden label, and
 * with it the whole update: none of the node's labels arrive either. So workers get taints at registration, and
 * labels they may set.
 */
function validateNodeRestriction(c: Collector, decl: ClusterDeclaration): void {
  const workers = decl.nodes.filter((n) => n.role === 'worker');
  if (workers.length === 0) return;
  const reported = new Set<string>();
  for (const node of workers) {
    for (const [path, level] of settingLevels(decl, node)) {
      const scope = path === node.path ? `worker '${node.hostname}'` : `the workers (${workers.map((w) => w.hostname).join(', ')})`;
      for (const key of Object.keys(level.nodeTaints ?? {})) {
        const at = `${path}.nodeTaints['${key}']`;
        if (reported.has(at)) continue;
        reported.add(at);
        const alsoCp = path === 'nodeDefaults' ? '; keep control-plane taints under controlPlane.nodeTaints' : '';
        c.add(at, `would make ${scope} taint itself, which Kubernetes' NodeRestriction admission rejects, and with it every label of the node: use registerWithTaints (applied when the node registers), and the platform's addNodeTaints() to change it on a running node${alsoCp}`);
      }
      for (const [key, value] of Object.entries(level.nodeLabels ?? {})) {
        const at = `${path}.nodeLabels['${key}']`;
        if (value === null || reported.has(at) || !nodeMayNotSetLabel(key)) continue;
        reported.add(at);
        c.add(at, `cannot be set by ${scope} on itself: Kubernetes' NodeRestriction admission only lets a node set kubernetes.io and k8s.io labels under ${KUBELET_SETTABLE_NAMESPACES.map((n) => `${n}/`).join(' and ')} or from a short list (kubernetes.io/hostname, topology.kubernetes.io/zone, ...), and rejects every label of the node with it: use a key of your own, like 'example.com/role', or set it with the platform's addNodeLabels()`);
      }
    }
  }
}

/** How the node is reached before its configuration is applied (bare metal only). */
function validateFirstContact(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, leases: Map<bigint, string>): void {
  const fp = `${node.path}.firstContact`;
  const fc = node.firstContact ?? decl.firstContact;
  const chosen = fc === undefined ? '' : `${fc.toString()}${node.firstContact === undefined ? ' (the cluster\'s firstContact)' : ''}`;
  if (node.vm) {
    if (node.firstContact !== undefined) c.add(fp, `is ${node.firstContact.toString()} on a Proxmox VM: a VM gets its final address from its cloud-init drive at first boot; remove firstContact`);
    return;
  }
  // An adopted cluster's nodes are configured already and answer at their own addresses.
  if (decl.alreadyBootstrapped === true && fc === undefined) return;
  const primary = primaryAddress(node);
  const staticLink = node.links.findIndex((l) => (l.addresses ?? []).some((a) => parseCidr(a)?.ip.text === primary));
  if (fc === undefined) {
    // A node whose own address comes from DHCP is reached where DHCP puts it, in maintenance mode too.
    if (staticLink < 0 || primary === undefined) return;
    c.add(fp, `is missing: a bare-metal node boots Talos media in maintenance mode on a DHCP lease, not at ${q(primary)}, so the first apply could not reach it; choose FirstContact.bootMedia() (boot media carrying that address), FirstContact.dhcpLease('<leased address>') or FirstContact.dhcpReservation() (the router reserves ${primary} for the node), on the node or for every node on the cluster`);
    return;
  }
  if (fc.kind === 'dhcp-lease') {
    if (node.firstContact === undefined) {
      // Reported once, at the cluster, by validateCluster.
      return;
    }
    const ip = c.ip(`${fp}.address`, fc.address, '10.0.0.150');
    if (!ip) return;
    if (primary !== undefined && parseIp(primary)?.value === ip.value) {
      c.add(`${fp}.address`, `${q(fc.address)} is the node's own address: use FirstContact.dhcpReservation() when the router reserves the final address for the node`);
    }
    const other = leases.get(ip.value);
    if (other !== undefined) c.add(`${fp}.address`, `${q(fc.address)} is also ${other}: every node leases its own address`);
    else leases.set(ip.value, `${fp}.address`);
    return;
  }
  if (fc.kind === 'boot-media') {
    const link = staticLink >= 0 ? node.links[staticLink] : undefined;
    const address = link?.addresses?.find((a) => parseCidr(a)?.ip.text === primary);
    if (link === undefined || address === undefined) {
      c.add(fp, `is ${chosen}, but the node has no static address on its links to put into its boot media: give its first link a static address, or use FirstContact.dhcpReservation()`);
    } else if (parseCidr(address)?.ip.kind !== 'ipv4') {
      c.add(fp, `is ${chosen}, but the node's address ${q(address)} is IPv6: the boot media's ip= argument carries IPv4 only; use FirstContact.dhcpReservation() or FirstContact.dhcpLease()`);
    } else if (link.interface === undefined && node.links.length > 1) {
      c.add(fp, `is ${chosen}, but the link with the node's address is selected by MAC address and the node has several links: without an interface name Talos puts the boot address on the first interface by name; set that link's interface (e.g. 'enp1s0')`);
    }
  }
}

/** Talos' minimum resources per role (docs: getting-started/system-requirements). */
export const TALOS_MINIMUMS = {
  controlplane: { cores: 2, memoryMiB: 2048 },
  worker: { cores: 1, memoryMiB: 1024 },
  diskGiB: 10,
} as const;

const EXTENSION = /^[a-z0-9-]+\/[a-z0-9][a-z0-9._-]*$/;

/** The node's addresses against its DNS servers and the cluster gateway. */
function validateNodeReachability(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, gateway: Ip | undefined): void {
  const merged = mergeSettings(...settingLevels(decl, node).map(([, level]) => level));
  const lpBase = node.linksPath ?? `${node.path}.links`;
  const nameservers = (merged.nameservers ?? []).map(parseIp);
  node.links.forEach((link, li) => (link.addresses ?? []).forEach((a, ai) => {
    const cidr = parseCidr(a);
    if (!cidr) return;
    const ns = nameservers.findIndex((n) => n !== undefined && n.kind === cidr.ip.kind && n.value === cidr.ip.value);
    if (ns >= 0) c.add(`${lpBase}[${li}].addresses[${ai}]`, `${q(a)} is the address of DNS server nameservers[${ns}]: that host already uses it; pick a free address`);
  }));
  // Without a route of its own, the node's only way out is the cluster gateway, which must then be on its subnet.
  const allParsed = node.links.every((l) => (l.addresses ?? []).every((a) => parseCidr(a) !== undefined));
  if (gateway && allParsed && !node.links.some(hasDefaultRoute) && node.links.some((l) => (l.addresses ?? []).length > 0) && linkIndexForIp(node.links, gateway.text) < 0) {
    const first = node.links.flatMap((l) => l.addresses ?? [])[0];
    c.add(`${lpBase}[0].addresses[0]`, `${q(first)} is outside the subnet of the cluster gateway ${q(gateway.text)}, so the node would have no default route: fix the address or prefix, or give the link its own gateway`);
  }
}

function validateGpu(c: Collector, node: NodeDeclaration, talosVersion: string): void {
  const gpu = node.gpu!;
  const gp = `${node.path}.gpu`;
  const generation = gpuGeneration(gpu);
  if (generation === undefined) {
    if (gpu.model === undefined) c.add(gp, `names no card: set gpu.model (e.g. 'Tesla T4') or gpu.generation (one of ${GPU_GENERATIONS.join(', ')})`);
    else c.add(`${gp}.model`, `${q(gpu.model)} is not a model this library recognises: set gpu.generation to the card's architecture (one of ${GPU_GENERATIONS.join(', ')})`);
  } else if (gpu.generation !== undefined && gpu.model !== undefined) {
    const fromModel = generationOf(gpu.model);
    if (fromModel !== undefined && fromModel !== gpu.generation) c.add(`${gp}.generation`, `${q(gpu.generation)} contradicts the model ${q(gpu.model)}, which is ${fromModel}: remove generation or fix the model`);
  }
  const driver = gpuDriver(gpu);
  if (generation !== undefined && driver === 'open' && !generationAtLeast(generation, 'turing')) {
    c.add(`${gp}.driver`, `'open' does not support ${gpu.model !== undefined ? `the ${gpu.model} (${generation})` : `${generation} cards`}: NVIDIA's open kernel modules need Turing or newer; use driver: 'proprietary' (the default for this card)`);
  }
  const talos = parseTalosVersion(talosVersion);
  const minor = talos?.major === 1 ? talos.minor : undefined;
  const majors = minor !== undefined ? NVIDIA_DRIVER_MAJOR[minor] : undefined;
  if (generation !== undefined && majors) {
    const branch = gpuBranch(gpu, minor);
    const problem = driverSupportProblem(generation, driver, majors[branch]);
    const card = gpu.model !== undefined ? `the ${gpu.model} (${generation})` : `a ${generation} card`;
    const other: NvidiaBranch = branch === 'lts' ? 'production' : 'lts';
    if (problem && !(driver === 'open' && !generationAtLeast(generation, 'turing'))) {
      const fix = driverSupportProblem(generation, driver, majors[other]) === undefined
        ? `use branch: '${other}' (driver ${majors[other]})`
        : driver === 'proprietary' && driverSupportProblem(generation, 'open', majors[branch]) === undefined ? "use driver: 'open'" : 'use a card this Talos version supports';
      c.add(`${gp}.${gpu.branch !== undefined ? 'branch' : 'driver'}`, `${q(`${driver} ${branch}`)} cannot drive ${card} on Talos 1.${minor}: ${problem}; ${fix}`);
    }
  }
  if (node.vm) {
    if (gpu.passthrough === undefined && (node.vm.pciDevices ?? []).length === 0) {
      c.add(`${gp}.passthrough`, 'is missing on a Proxmox VM: the VM gets no GPU; pass it through with PciPassthrough.mapping(\'<mapping name>\') or PciPassthrough.createMapping(\'<name>\', { path: \'0000:01:00.0\', id: \'10de:1eb8\' })');
    }
  } else if (gpu.passthrough !== undefined) {
    c.add(`${gp}.passthrough`, 'is set on a bare-metal node: passthrough is for Proxmox VMs; remove it');
  }
}

function validateImage(c: Collector, node: NodeDeclaration): void {
  const img = node.image;
  if (!img) return;
  img.extensions.forEach((e) => {
    if (!EXTENSION.test(e)) {
      c.add(`${node.path}.extensions`, `${q(e)} is not an official extension name: write it with its namespace, like 'siderolabs/${e.replace(/^.*\//, '') || 'qemu-guest-agent'}'`);
    }
  });
  img.extraKernelArgs.forEach((a) => {
    if (/\s/.test(a) || a === '') c.add(`${node.path}.extraKernelArgs`, `${q(a)} is not one kernel argument: give each argument as its own entry, without spaces`);
  });
  if (img.board && node.architecture !== undefined && node.architecture !== img.board.architecture) {
    c.add(`${node.path}.architecture`, `${q(node.architecture)} does not match the board ${img.board.overlayName}, which is ${img.board.architecture}: remove architecture`);
  }
  if (img.board && node.vm) c.add(`${node.path}.board`, `is set on a Proxmox VM: boards are bare-metal single-board computers; remove board or vm`);
}

function validateVm(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, vmIds: Map<number, string>): void {
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
  const bus = vm.diskBus ?? 'scsi';
  const explicit = settingLevels(decl, node).reverse().find(([, s]) => s.installDisk !== undefined);
  const path = explicit?.[1].installDisk?.devicePath;
  if (explicit && path !== undefined && !c.unresolved(path)) {
    const expected = bus === 'virtio' ? /^\/dev\/vd[a-z]$/ : /^\/dev\/sd[a-z]$/;
    if (!expected.test(path)) {
      c.add(`${explicit[0]}.installDisk`, `${q(path)} does not match ${node.path}'s ${bus} disk, which Talos sees as ${bus === 'virtio' ? '/dev/vda' : '/dev/sda'}: remove installDisk (it follows the bus) or set it to that device`);
    }
  }
}

function checkTalosVersion(c: Collector, path: string, value: string): ConfigContract | undefined {
  if (c.unresolved(value)) return undefined;
  const v = parseTalosVersion(value);
  if (!v) {
    c.add(path, `${q(value)} is not a Talos release version: pin a full version like 'v1.13.9'`);
    return undefined;
  }
  const minor = supportedMinor(v);
  if (!minor) c.add(path, `${q(value)} is a Talos version this library does not support: use Talos ${CONFIG_CONTRACTS.join(', ')} (e.g. 'v1.13.9')`);
  return minor;
}

function validateEndpoint(c: Collector, decl: ClusterDeclaration): void {
  if (decl.endpoint === undefined || c.unresolved(decl.endpoint)) return;
  const m = /^https:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(decl.endpoint);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    c.add('endpoint', `${q(decl.endpoint)} is not an https URL with a port: write it like 'https://10.0.20.100:6443'`);
  }
}

function validateVip(c: Collector, decl: ClusterDeclaration, controlPlanes: NodeDeclaration[], gateway: Ip | undefined, dhcp: IpRange | undefined): void {
  if (decl.vip === undefined) return;
  const vip = c.ip('vip', decl.vip, '192.168.5.200');
  if (!vip) return;
  if (gateway && gateway.value === vip.value && gateway.kind === vip.kind) c.add('vip', `${q(decl.vip)} is the gateway's address: pick a free address in the control planes' subnet`);
  if (dhcp && rangeContains(dhcp, vip)) c.add('vip', `${q(decl.vip)} lies in the DHCP range ${q(dhcp.text)}: pick an address outside it, or the router may lease it to another device`);
  for (const node of decl.nodes) {
    for (const [li, link] of node.links.entries()) {
      for (const [ai, a] of (link.addresses ?? []).entries()) {
        const cidr = parseCidr(a);
        if (cidr && cidr.ip.value === vip.value && cidr.ip.kind === vip.kind) {
          c.add('vip', `${q(decl.vip)} is also ${node.linksPath ?? `${node.path}.links`}[${li}].addresses[${ai}]: the VIP must be a free address, not a node's`);
        }
      }
    }
  }
  for (const cp of controlPlanes) {
    if (cp.links.length > 0 && linkIndexForIp(cp.links, decl.vip) < 0 && cp.links.some((l) => (l.addresses ?? []).length > 0)) {
      c.add('vip', `${q(decl.vip)} is not in the subnet of any link of control plane ${cp.path}: the VIP is announced by ARP, so it must be in the control planes' shared subnet`);
    }
  }
}

function validateRoutes(c: Collector, path: string, routes: Route[], subnets: Cidr[]): void {
  routes.forEach((r, i) => {
    const rp = `${path}.routes[${i}]`;
    c.cidr(`${rp}.network`, r.network, '0.0.0.0/0');
    const gw = c.ip(`${rp}.gateway`, r.gateway, '10.0.20.1');
    if (gw && subnets.length > 0 && !subnets.some((s) => cidrContains(s, gw))) {
      c.add(`${rp}.gateway`, `${q(r.gateway)} is not in the subnet of ${subnets.map((s) => `${s.ip.text}/${s.prefix}`).join(', ')}: a gateway must be directly reachable on the link`);
    }
    if (r.metric !== undefined && !c.unresolved(r.metric) && (!Number.isInteger(r.metric) || r.metric < 0)) {
      c.add(`${rp}.metric`, `${q(r.metric)} is not a non-negative integer`);
    }
  });
}

function validateMtu(c: Collector, path: string, mtu: number | undefined): void {
  if (mtu === undefined || c.unresolved(mtu)) return;
  if (!Number.isInteger(mtu) || mtu < MTU_RANGE.min || mtu > MTU_RANGE.max) {
    c.add(path, `${q(mtu)} is out of range: an MTU is an integer from ${MTU_RANGE.min} to ${MTU_RANGE.max} (1500 standard, 9000 jumbo frames)`);
  }
}

function validateLinks(
  c: Collector, node: NodeDeclaration, gateway: Ip | undefined, dhcp: IpRange | undefined,
  addresses: Map<bigint, string>, macs: Map<string, string>,
): void {
  const p = node.path;
  const lpBase = node.linksPath ?? `${p}.links`;
  if (node.links.length === 0 && node.address === undefined && !node.vm) {
    c.add(lpBase, 'is empty: give the node at least one link with a static address, like { interface: \'eth0\', addresses: [\'10.0.0.2/24\'] }');
  }
  const linkNames = new Set<string>();
  node.links.forEach((link: NetworkLink, li) => {
    const lp = `${lpBase}[${li}]`;
    if ((link.interface === undefined) === (link.macAddress === undefined)) {
      c.add(lp, `selects its interface by ${link.interface === undefined ? 'nothing' : 'both name and MAC address'}: set exactly one of 'interface' (e.g. 'eth0') or 'macAddress' (e.g. 'bc:24:11:a9:a3:43')`);
    }
    if (link.interface !== undefined && !c.unresolved(link.interface)) {
      if (!/^[A-Za-z0-9_.:-]{1,15}$/.test(link.interface)) c.add(`${lp}.interface`, `${q(link.interface)} is not an interface name: at most 15 characters, like 'eth0' or 'enp1s0'`);
      if (linkNames.has(link.interface)) c.add(`${lp}.interface`, `${q(link.interface)} is declared twice on this node: merge the two links`);
      linkNames.add(link.interface);
    }
    if (link.macAddress !== undefined && !c.unresolved(link.macAddress)) {
      const mac = normalizeMac(link.macAddress);
      if (!mac) {
        c.add(`${lp}.macAddress`, `${q(link.macAddress)} is not a MAC address: write it like 'bc:24:11:a9:a3:43'`);
      } else {
        const other = macs.get(mac);
        if (other !== undefined) c.add(`${lp}.macAddress`, `${q(link.macAddress)} is also ${other}: every NIC needs its own MAC address`);
        else macs.set(mac, `${lp}.macAddress`);
      }
    }
    const subnets: Cidr[] = [];
    (link.addresses ?? []).forEach((a, ai) => {
      const ap = `${lp}.addresses[${ai}]`;
      const cidr = c.cidr(ap, a, '10.0.20.102/24');
      if (!cidr) return;
      subnets.push(cidr);
      if (cidr.ip.kind === 'ipv4' && cidr.prefix < 32 && (cidr.ip.value === cidr.first || cidr.ip.value === cidr.last)) {
        c.add(ap, `${q(a)} is the ${cidr.ip.value === cidr.first ? 'network' : 'broadcast'} address of its subnet: pick a host address`);
      }
      const other = addresses.get(cidr.ip.value);
      if (other !== undefined) c.add(ap, `${q(a)} is also used by ${other}: every node needs its own address`);
      else addresses.set(cidr.ip.value, ap);
      if (dhcp && rangeContains(dhcp, cidr.ip)) {
        c.add(ap, `${q(a)} lies in the DHCP range ${q(dhcp.text)}: give the node a static address outside it, or shrink the router's DHCP range, or the router may lease it to another device`);
      }
      if (gateway && cidr.ip.kind === gateway.kind && cidr.ip.value === gateway.value) {
        c.add(ap, `${q(a)} is the gateway's address: pick another address`);
      }
    });
    if (link.gateway !== undefined) {
      const gw = c.ip(`${lp}.gateway`, link.gateway, '10.0.20.1');
      if (gw && subnets.length > 0 && !subnets.some((s) => cidrContains(s, gw))) {
        c.add(`${lp}.gateway`, `${q(link.gateway)} is not in the link's subnet ${subnets.map((s) => `${s.ip.text}/${s.prefix}`).join(', ')}: use a gateway on the same network, or fix the prefix length`);
      }
    }
    validateRoutes(c, lp, link.routes ?? [], subnets);
    validateMtu(c, `${lp}.mtu`, link.mtu);
    if ((link.addresses ?? []).length === 0 && link.dhcp !== true && (link.vlans ?? []).length === 0) {
      c.add(lp, 'has neither addresses nor dhcp: give it a static address (e.g. addresses: [\'10.0.20.102/24\']) or set dhcp: true');
    }
    const vlanIds = new Set<number>();
    (link.vlans ?? []).forEach((v, vi) => {
      const vp = `${lp}.vlans[${vi}]`;
      if (!c.unresolved(v.vlanId)) {
        if (!Number.isInteger(v.vlanId) || v.vlanId < 1 || v.vlanId > 4094) c.add(`${vp}.vlanId`, `${q(v.vlanId)} is out of range: VLAN ids are integers from 1 to 4094`);
        if (vlanIds.has(v.vlanId)) c.add(`${vp}.vlanId`, `${q(v.vlanId)} is declared twice on this link`);
        vlanIds.add(v.vlanId);
      }
      const vsubnets = (v.addresses ?? []).map((a, ai) => c.cidr(`${vp}.addresses[${ai}]`, a, '10.0.30.5/24')).filter((x): x is Cidr => x !== undefined);
      validateRoutes(c, vp, v.routes ?? [], vsubnets);
      validateMtu(c, `${vp}.mtu`, v.mtu);
      if (v.mtu !== undefined && link.mtu !== undefined && v.mtu > link.mtu) c.add(`${vp}.mtu`, `${q(v.mtu)} exceeds the parent link's MTU ${link.mtu}: a VLAN cannot carry larger frames than its link`);
    });
  });
  if (node.links.filter(hasDefaultRoute).length > 1) {
    c.add(lpBase, 'declare more than one default route (gateway or 0.0.0.0/0): keep the default route on the management link only');
  }
  const address = primaryAddress(node);
  if (node.address !== undefined) {
    const ip = c.ip(`${p}.address`, node.address, '10.0.20.102');
    if (ip && dhcp && rangeContains(dhcp, ip) && node.links.every((l) => (l.addresses ?? []).length === 0)) {
      c.add(`${p}.address`, `${q(node.address)} lies in the DHCP range ${q(dhcp.text)}: the node's address may change; give it a static address outside the range`);
    }
  } else if (address === undefined && node.links.length > 0) {
    c.add(`${p}.address`, 'is unknown: the node has no static address, so Terraform cannot reach it; add a static address to its first link or set address (e.g. a DHCP reservation)');
  }
}

function validateSettings(c: Collector, path: string, s: MachineSettings): void {
  (s.nameservers ?? []).forEach((ns, i) => c.ip(`${path}.nameservers[${i}]`, ns, '1.1.1.1'));
  for (const [host, mirror] of Object.entries(s.registryMirrors ?? {})) {
    const mp = `${path}.registryMirrors['${host}']`;
    if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\*$/.test(host)) c.add(mp, `${q(host)} is not a registry host: use the registry's host name, like 'docker.io' or 'ghcr.io'`);
    if (mirror.endpoints.length === 0) c.add(`${mp}.endpoints`, 'is empty: list at least one mirror URL, like \'http://10.0.20.10:5000\'');
    mirror.endpoints.forEach((e, i) => {
      if (!c.unresolved(e) && !/^https?:\/\/[^\s/]+/.test(e)) c.add(`${mp}.endpoints[${i}]`, `${q(e)} is not an http(s) URL: write it like 'http://10.0.20.10:5000'`);
    });
  }
  for (const [name, value] of Object.entries(s.sysctls ?? {})) {
    const sp = `${path}.sysctls['${name}']`;
    if (!SYSCTL_NAME.test(name)) c.add(sp, `${q(name)} is not a sysctl name: use the dotted form, like 'net.ipv4.ip_forward'`);
    if (typeof value === 'number' && !Number.isFinite(value) && !c.unresolved(value)) c.add(sp, `${q(value)} is not a finite number`);
    if (typeof value === 'string' && /[\n\r]/.test(value)) c.add(sp, `${q(value)} contains a line break: sysctl values are single-line`);
  }
  (s.kernelModules ?? []).forEach((entry, i) => {
    const m = kernelModule(entry);
    if (!KERNEL_MODULE.test(m.name)) c.add(`${path}.kernelModules[${i}]`, `${q(m.name)} is not a kernel module name: like 'nvidia_uvm' (no path, no .ko)`);
  });
  for (const [key, value] of Object.entries(s.nodeLabels ?? {})) {
    const lp = `${path}.nodeLabels['${key}']`;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) c.add(lp, `key ${q(key)} ${keyProblem}`);
    if (value === null) {
      const defaults = [...DEFAULT_NODE_LABELS.controlplane, ...DEFAULT_NODE_LABELS.worker];
      if (!defaults.includes(key)) c.add(lp, `is null, but Talos does not set ${q(key)} by default: null only removes Talos' default labels (${defaults.join(', ')}); drop the entry`);
    } else if (!c.unresolved(value) && !LABEL_VALUE.test(value)) {
      c.add(lp, `value ${q(value)} is not a valid label value: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric`);
    }
  }
  validateTaints(c, `${path}.nodeTaints`, s.nodeTaints);
  validateTaints(c, `${path}.registerWithTaints`, s.registerWithTaints);
  if (s.registerWithTaints !== undefined && s.kubelet?.extraConfig?.registerWithTaints !== undefined) {
    c.add(`${path}.kubelet.extraConfig.registerWithTaints`, 'is set next to registerWithTaints: declare registration taints once, with registerWithTaints');
  }
  if (s.containerd?.discardUnpackedLayers !== undefined && typeof s.containerd.discardUnpackedLayers !== 'boolean') {
    c.add(`${path}.containerd.discardUnpackedLayers`, `${q(s.containerd.discardUnpackedLayers)} is not true or false`);
  }
  if (s.installDisk) {
    const dp = `${path}.installDisk`;
    const d = s.installDisk;
    if (d.devicePath !== undefined && !c.unresolved(d.devicePath) && !/^\/dev\/[A-Za-z0-9/_.:-]+$/.test(d.devicePath)) {
      c.add(dp, `${q(d.devicePath)} is not a device path: write it like '/dev/vda' (VirtIO), '/dev/sda' (SCSI/SATA) or '/dev/nvme0n1'`);
    }
    if (d.diskSelector) {
      if (Object.keys(d.diskSelector).length === 0) c.add(dp, 'has an empty selector: set at least one field, like { type: \'nvme\' }');
      if (d.diskSelector.size !== undefined && !parseDiskSize(d.diskSelector.size)) {
        c.add(`${dp}.size`, `${q(d.diskSelector.size)} is not a disk size: write it like '>= 100GB' or '<= 2TB'`);
      }
    }
  }
  if (s.installerImage !== undefined && !c.unresolved(s.installerImage) && !/^[a-z0-9.-]+(:\d+)?\/[^\s:@]+(:[^\s]+|@sha256:[0-9a-f]{64})$/.test(s.installerImage)) {
    c.add(`${path}.installerImage`, `${q(s.installerImage)} is not a pinned image reference: write it like 'factory.talos.dev/installer/<schematic>:v1.13.9'`);
  }
  (s.extraDocuments ?? []).forEach((doc, i) => {
    if (typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string') {
      c.add(`${path}.extraDocuments[${i}]`, 'has no apiVersion and kind: extra documents are typed Talos documents (e.g. { apiVersion: \'v1alpha1\', kind: \'TimeSyncConfig\', ... }); put v1alpha1 fragments in patches');
    } else if (kindIntroducedIn(doc.kind) === undefined) {
      c.add(`${path}.extraDocuments[${i}].kind`, `${q(doc.kind)} is not a Talos config document kind known to Talos ${CONFIG_CONTRACTS.join(', ')}: check the spelling`);
    }
  });
  (s.patches ?? []).forEach((patch, i) => {
    if (typeof patch !== 'string') return;
    try {
      const parsed: unknown = parseYaml(patch);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) c.add(`${path}.patches[${i}]`, 'is not a YAML mapping: a strategic-merge patch looks like a partial machine config (machine: ...)');
    } catch (err) {
      c.add(`${path}.patches[${i}]`, `is not valid YAML (${(err as Error).message.split('\n')[0]}): fix the patch text`);
    }
  });
  const kubelet = s.kubelet;
  (kubelet?.nodeIpSubnets ?? []).forEach((subnet, i) => c.cidr(`${path}.kubelet.nodeIpSubnets[${i}]`, subnet, '10.0.20.0/24'));
}

/** Problems of taints in Talos' `value:Effect` form, keyed by taint key (e.g. for the platform's node taints). */
export function taintProblems(path: string, taints: Record<string, string>, options: ValidateOptions = {}): Problem[] {
  const c = new Collector(options.isUnresolved ?? defaultTokenCheck);
  validateTaints(c, path, taints);
  return c.problems;
}

/** Problems of Kubernetes labels (keys and values), e.g. for the platform's node labels. */
export function labelProblems(path: string, labels: Record<string, string>, options: ValidateOptions = {}): Problem[] {
  const c = new Collector(options.isUnresolved ?? defaultTokenCheck);
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) c.add(`${path}['${key}']`, `key ${q(key)} ${keyProblem}`);
    if (!c.unresolved(value) && (typeof value !== 'string' || !LABEL_VALUE.test(value))) {
      c.add(`${path}['${key}']`, `value ${q(value)} is not a valid label value: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric`);
    }
  }
  return c.problems;
}

/** Taints in Talos' `value:Effect` form, keyed by taint key. */
function validateTaints(c: Collector, path: string, taints: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(taints ?? {})) {
    const tp = `${path}['${key}']`;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) c.add(tp, `key ${q(key)} ${keyProblem}`);
    if (c.unresolved(value)) continue;
    const colon = value.lastIndexOf(':');
    const effect = colon >= 0 ? value.slice(colon + 1) : value;
    const taintValue = colon >= 0 ? value.slice(0, colon) : '';
    if (!TAINT_EFFECTS.includes(effect)) {
      c.add(tp, `${q(value)} has no valid effect: write 'value:Effect' or ':Effect' with Effect one of ${TAINT_EFFECTS.join(', ')}, like 'true:NoSchedule'`);
    } else if (!LABEL_VALUE.test(taintValue)) {
      c.add(tp, `value ${q(taintValue)} is not a valid taint value: at most 63 characters, alphanumerics, -, _ and .`);
    }
  }
}

function validateKubernetes(c: Collector, k: KubernetesSettings): void {
  (k.podSubnets ?? []).forEach((s, i) => c.cidr(`kubernetes.podSubnets[${i}]`, s, '10.244.0.0/16'));
  (k.serviceSubnets ?? []).forEach((s, i) => c.cidr(`kubernetes.serviceSubnets[${i}]`, s, '10.96.0.0/12'));
  (k.etcdAdvertisedSubnets ?? []).forEach((s, i) => c.cidr(`kubernetes.etcdAdvertisedSubnets[${i}]`, s, '192.168.5.0/24'));
  // Talos' defaults take part when only one side is declared.
  const podSubnets = k.podSubnets ?? ['10.244.0.0/16'];
  const serviceSubnets = k.serviceSubnets ?? ['10.96.0.0/12'];
  podSubnets.map(parseCidr).forEach((pc, i) => serviceSubnets.map(parseCidr).forEach((sc, j) => {
    if (pc && sc && pc.ip.kind === sc.ip.kind && pc.first <= sc.last && sc.first <= pc.last) {
      c.add(`kubernetes.serviceSubnets[${j}]`, `${q(serviceSubnets[j])}${k.serviceSubnets ? '' : ' (the default)'} overlaps kubernetes.podSubnets[${i}] ${q(podSubnets[i])}${k.podSubnets ? '' : ' (the default)'}: pod and service networks must be disjoint`);
    }
  }));
  if (k.cni !== undefined && k.cni !== 'flannel' && k.cni !== 'none') c.add('kubernetes.cni', `${q(k.cni)} is not a CNI Talos installs: use 'flannel' or 'none'`);
  const api = k.apiServer;
  if (!api) return;
  for (const arg of Object.keys(api.extraArgs ?? {})) {
    const ap = `kubernetes.apiServer.extraArgs['${arg}']`;
    if (arg.startsWith('-')) c.add(ap, `${q(arg)} starts with a dash: write flags without the leading dashes, like 'audit-log-maxage'`);
    else if (TALOS_OWNED_APISERVER_ARGS.includes(arg)) c.add(ap, `${q(arg)} is set by Talos and cannot be overridden (the API server would fail to start): remove it`);
    else if (arg.startsWith('oidc-')) c.add(ap, `${q(arg)} configures OIDC by flag: use kubernetes.apiServer.oidc, which Talos 1.14 renders as structured authentication`);
    else if (['audit-log-maxage', 'audit-log-maxbackup', 'audit-log-maxsize'].includes(arg)) c.add(ap, `${q(arg)} sets audit retention by flag: use kubernetes.apiServer.audit (maxAgeDays, maxBackups, maxSizeMiB)`);
  }
  if (api.oidc) {
    const o = api.oidc;
    if (!c.unresolved(o.issuerUrl) && !/^https:\/\/[^\s/]+/.test(o.issuerUrl)) {
      c.add('kubernetes.apiServer.oidc.issuerUrl', `${q(o.issuerUrl)} is not an https URL: the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'`);
    }
    if (!c.unresolved(o.clientId) && o.clientId.trim() === '') c.add('kubernetes.apiServer.oidc.clientId', 'is empty: set the client id your identity provider issued, like \'kubernetes\'');
  }
  const a = api.audit;
  if (a) {
    for (const [field, value] of [['maxAgeDays', a.maxAgeDays], ['maxBackups', a.maxBackups], ['maxSizeMiB', a.maxSizeMiB]] as const) {
      if (value !== undefined && !c.unresolved(value) && (!Number.isInteger(value) || value < 0)) {
        c.add(`kubernetes.apiServer.audit.${field}`, `${q(value)} is not a non-negative integer`);
      }
    }
    if (a.policy !== undefined && (a.policy.kind !== 'Policy' || typeof a.policy.apiVersion !== 'string' || !a.policy.apiVersion.startsWith('audit.k8s.io/'))) {
      c.add('kubernetes.apiServer.audit.policy', `has apiVersion ${q(a.policy.apiVersion)} and kind ${q(a.policy.kind)}: an audit policy is { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [...] }`);
    }
  }
}

/** Checks that depend on the node's config contract: document kinds it knows, legacy fields in raw patches. */
function validateForContract(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, contract: ConfigContract): void {
  for (const [path, s] of settingLevels(decl, node)) {
    (s.extraDocuments ?? []).forEach((doc, i) => {
      if (typeof doc.kind === 'string' && kindIntroducedIn(doc.kind) !== undefined && !kindAvailable(doc.kind, contract)) {
        c.add(`${path}.extraDocuments[${i}].kind`, `${q(doc.kind)} needs Talos ${kindIntroducedIn(doc.kind)}, but node '${node.hostname}' is rendered for Talos ${contract} (its Talos version, capped by the provider's SDK ${decl.providerSdk ?? PROVIDER_TALOS_SDK}): the provider would fail with "not registered"; express it with a setting of this version`);
      }
    });
    (s.patches ?? []).forEach((patch, i) => {
      let parsed: unknown = patch;
      if (typeof patch === 'string') {
        try { parsed = parseYaml(patch); } catch { return; }
      }
      for (const field of LEGACY_FIELDS) {
        if (atLeast(contract, field.replacedIn) && hasPath(parsed, field.path)) {
          c.add(`${path}.patches[${i}]`, `sets ${field.path}, which Talos ${field.replacedIn}+ replaced with its own document; node '${node.hostname}' is rendered for Talos ${contract}, where it conflicts with or is overridden by that document: use the typed setting ${field.use} instead`);
        }
      }
    });
  }
}

function hasPath(value: unknown, path: string): boolean {
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in (node as Record<string, unknown>))) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
