/**
 * Validation of a whole cluster declaration, split by concern (cluster, network, settings, vm, gpu, contract). Every
 * rule returns problems with the path of the field, the value it received and the fix; all are reported together.
 */
import { Problem } from '../problems';
import { ClusterDeclaration } from '../model';
import { IpRange, parseIp, parseRange, rangeContains } from '../net';
import { ConfigContract, configContract, KUBERNETES_SUPPORT, kubernetesSupported, parseKubernetesVersion, PROVIDER_TALOS_SDK } from '../versions';
import { ValidateOptions, q, Collector, defaultTokenCheck } from './collector';
import { DNS_LABEL, validateSettings, validateKubernetes, validateNodeRestriction } from './settings';
import { validateNodeReachability, validateLinks, validateFirstContact } from './network';
import { validateVm, validateBoard } from './vm';
import { validateGpu } from './gpu';
import { validateForContract } from './contract';
import { checkTalosVersion, validateEndpoint, validateVip } from './cluster';
import { etcdBackupAccessProblems } from '../talos-api-access';

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
    validateBoard(c, node);
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

export { ValidateOptions } from './collector';
export {
  KUBELET_SETTABLE_LABELS, KUBELET_SETTABLE_NAMESPACES, labelKeyProblem, labelProblems, nodeMayNotSetLabel, taintProblems,
  TALOS_OWNED_APISERVER_ARGS,
} from './settings';
export { MTU_RANGE } from './network';
export { TALOS_MINIMUMS } from './vm';
