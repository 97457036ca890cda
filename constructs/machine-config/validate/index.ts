/**
 * Validation of a whole cluster declaration, split by concern (cluster, network, settings, vm, gpu, contract). Every
 * rule returns problems with the path of the field, the value it received and the fix; all are reported together.
 */
import { Problem } from '../problems';
import { withoutShadowedRanges } from '../contract';
import { ClusterDeclaration } from '../model';
import { IpRange, parseRange, rangeContains } from '../net';
import { ConfigContract, configContract, KUBERNETES_SUPPORT, kubernetesSupported, parseKubernetesVersion, PROVIDER_TALOS_SDK } from '../versions';
import { ValidateOptions, q, Collector, defaultTokenCheck } from './collector';
import { DNS_LABEL, validateExtensions, validateSubnetSelectors, validateInstallerImage, validateLabelDeletions, validateSettings, validateKubernetes, validateNodeRestriction } from './settings';
import { nodeSubnets, notHost, validateClusterSubnets, validateFirstContact, validateLinks, validateNameserverHosts, validateNodeAddressHost, validateNodeReachability } from './network';
import { validateBoard, validateInstallDiskPresent, validateProxmoxDefaults, validateVm } from './vm';
import { validateGpu } from './gpu';
import { validateForContract } from './contract';
import { validateText } from './text';
import { unknownReleaseWarning } from '../releases';
import { checkTalosVersion, validateEndpoint, validateTalosconfigEndpoints, validateVip } from './cluster';
import { validateRolling } from './rolling';
import { etcdBackupAccessProblems } from '../talos-api-access';

/** What validation found in a declaration: errors, which fail it, and warnings, which do not. */
export interface ClusterReview {
  /** Problems that fail the declaration. Empty when it is valid. */
  readonly problems: Problem[];
  /** Problems worth knowing that do not fail it (severity 'warning'), e.g. a release newer than the library knows. */
  readonly warnings: Problem[];
}

/** Every error of a cluster declaration. Empty when it is valid. Warnings come from {@link reviewCluster}. */
export function validateCluster(decl: ClusterDeclaration, options: ValidateOptions = {}): Problem[] {
  return reviewCluster(decl, options).problems;
}

/** Every error and every warning of a cluster declaration. */
export function reviewCluster(decl: ClusterDeclaration, options: ValidateOptions = {}): ClusterReview {
  const c = new Collector(options.isUnresolved ?? defaultTokenCheck);
  validateText(c, decl);
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
  const unknownK8s = k8s ? unknownReleaseWarning('Kubernetes', k8s.text) : undefined;
  if (unknownK8s) c.warn('kubernetesVersion', `${q(decl.kubernetesVersion)} ${unknownK8s}`);
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
  // The nodes' subnets: the network and broadcast addresses of each are no host's.
  const lan = nodeSubnets(decl);
  if (gateway) notHost(c, 'network.gateway', decl.network.gateway, gateway, lan, "use the router's address on the nodes' network, like '10.0.20.1'");
  for (const [path, s] of [['nodeDefaults', decl.nodeDefaults], ['controlPlane', decl.controlPlane], ['worker', decl.worker]] as const) {
    validateNameserverHosts(c, path, s, lan);
  }

  // --- settings at cluster and role level ---
  validateSettings(c, 'nodeDefaults', decl.nodeDefaults);
  validateSettings(c, 'controlPlane', decl.controlPlane);
  validateSettings(c, 'worker', decl.worker);
  validateKubernetes(c, decl.kubernetes);
  validateProxmoxDefaults(c, decl);
  for (const p of etcdBackupAccessProblems(decl.kubernetes, (v) => c.unresolved(v))) c.add(p.path, p.message);

  // --- nodes ---
  const controlPlanes = decl.nodes.filter((n) => n.role === 'controlplane');
  if (controlPlanes.length === 0) {
    c.add('nodes', 'has no control-plane node: add one with addControlPlane() (three for high availability)');
  } else if (controlPlanes.length % 2 === 0 && decl.allowEvenControlPlanes !== true) {
    c.add('nodes', `has ${controlPlanes.length} control-plane nodes (${controlPlanes.map((n) => n.hostname).join(', ')}): etcd needs an odd number to keep quorum (an even number tolerates no more failures than one fewer); add or remove one, or set allowEvenControlPlanes: true`);
  }

  const vmIds = new Map<number, string>();
  const hostnames = new Map<string, string>();
  const addresses = new Map<string, string>();
  const macs = new Map<string, string>();
  const firstContactLeases = new Map<string, string>();
  const extensionsReported = new Set<string>();
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
    if (nodeMinor) validateExtensions(c, decl, node, nodeMinor, extensionsReported);
    validateLinks(c, node, gateway, dhcp, addresses, macs);
    validateSettings(c, p, node.settings);
    validateNameserverHosts(c, p, node.settings, lan);
    validateNodeAddressHost(c, node, lan);
    validateBoard(c, node);
    validateInstallDiskPresent(c, decl, node);
    validateSubnetSelectors(c, decl, node);
    validateInstallerImage(c, decl, node);
    if (node.vm) validateVm(c, decl, node, vmIds);
    validateNodeReachability(c, decl, node, gateway);
    if (node.gpu) validateGpu(c, node, node.talosVersion ?? decl.talosVersion);
    if (contract) validateForContract(c, decl, node, contract);
    validateFirstContact(c, decl, node, firstContactLeases);
  }
  validateNodeRestriction(c, decl);
  validateLabelDeletions(c, decl);
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

  // --- the roll: options and version skew between nodes ---
  validateRolling(c, decl, minorsInUse);

  validateClusterSubnets(c, decl, gateway);

  // --- endpoint and VIP ---
  validateEndpoint(c, decl, lan);
  validateTalosconfigEndpoints(c, decl, lan);
  validateVip(c, decl, controlPlanes, gateway, dhcp, lan);
  // What the contract found soft in the declared values, where no rule of the field's own spoke (contract.ts).
  return { problems: [...c.problems, ...withoutShadowedRanges(decl.contractRanges ?? [], c.problems)], warnings: c.warnings };
}

export { ValidateOptions } from './collector';
export {
  KUBELET_SETTABLE_LABELS, KUBELET_SETTABLE_NAMESPACES, labelKeyProblem, labelProblems, nodeMayNotSetLabel, taintProblems,
  TALOS_OWNED_APISERVER_ARGS,
} from './settings';
export { ClusterSubnet, clusterSubnets, DEFAULT_POD_SUBNETS, DEFAULT_SERVICE_SUBNETS, MTU_RANGE, NODE_CIDR_MASK, SERVICE_SUBNET_MAX_HOST_BITS, UINT32_MAX } from './network';
export { TALOS_MINIMUMS } from './vm';
export { GO_DURATION, IMAGE_REFERENCE, KUBELET_DURATION_FIELDS } from './settings';
