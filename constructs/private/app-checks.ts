/**
 * Collisions no single construct can see, checked over the whole app: identities derived or pinned in different
 * clusters (MAC addresses; VM ids and PCI hardware mapping names on one Proxmox endpoint), and two platforms for one
 * cluster. Each cluster's own collisions are `validateCluster`'s; these compare clusters (and, for PCI mappings,
 * nodes) with each other. Not part of the public API.
 */
import type { ClusterDeclaration, Problem } from '../machine-config';

/** A cluster of the app, as the checks see it. */
export interface ClusterFacts {
  /** The construct's path, e.g. `homelab-cluster/homelab`. */
  readonly construct: string;
  /** Its declaration. */
  readonly declaration: ClusterDeclaration;
  /**
   * Which Proxmox endpoint its VMs are created on, as far as the synth can tell: stacks whose connection reads the
   * environment share it (one `PROXMOX_VE_ENDPOINT`); otherwise undefined (unknown: not compared).
   */
  readonly proxmoxEndpoint?: string;
}

/** The MACs, VM ids and PCI mapping names that two clusters (or two nodes, for mappings) of one app share. */
export function crossClusterProblems(clusters: readonly ClusterFacts[]): Problem[] {
  const problems: Problem[] = [];
  const macs = new Map<string, { cluster: ClusterFacts; at: string }>();
  const vmIds = new Map<string, { cluster: ClusterFacts; at: string }>();
  const mappings = new Map<string, { cluster: ClusterFacts; node: string; at: string }>();
  const where = (c: ClusterFacts, at: string): string => `${at} of cluster '${c.declaration.clusterName}' (${c.construct})`;
  for (const cluster of clusters) {
    for (const node of cluster.declaration.nodes) {
      const links = node.linksPath ?? `${node.path}.links`;
      node.links.forEach((link, i) => {
        if (typeof link.macAddress !== 'string') return;
        const at = `${links}[${i}].macAddress`;
        const key = link.macAddress.toLowerCase();
        const seen = macs.get(key);
        if (seen && seen.cluster !== cluster) {
          problems.push({ construct: cluster.construct, path: at, message: `'${link.macAddress}' is also ${where(seen.cluster, seen.at)}: every NIC needs its own MAC address (two on one network make both unreachable); pin another one` });
        } else if (!seen) {
          macs.set(key, { cluster, at });
        }
      });
      const vm = node.vm;
      if (vm === undefined || cluster.proxmoxEndpoint === undefined) continue;
      const idKey = `${cluster.proxmoxEndpoint}\u0000${vm.vmId}`;
      const seenId = vmIds.get(idKey);
      if (seenId && seenId.cluster !== cluster) {
        problems.push({ construct: cluster.construct, path: `${node.path}.vm.vmId`, message: `'${vm.vmId}' is also ${where(seenId.cluster, seenId.at)}, on the same Proxmox endpoint: VM ids are unique across the Proxmox cluster; pick another` });
      } else if (!seenId) {
        vmIds.set(idKey, { cluster, at: `${node.path}.vm.vmId` });
      }
      for (const device of vm.pciDevices ?? []) {
        if (device.device === undefined) continue;
        const mapKey = `${cluster.proxmoxEndpoint}\u0000${device.mappingName}`;
        const seenMap = mappings.get(mapKey);
        const at = `${node.path}.vm.pciDevices`;
        if (seenMap && (seenMap.cluster !== cluster || seenMap.node !== node.path)) {
          problems.push({
            construct: cluster.construct, path: at,
            message: `create the PCI hardware mapping '${device.mappingName}', which ${where(seenMap.cluster, seenMap.at)} creates too, on the same Proxmox endpoint: mapping names are unique across the Proxmox cluster; create it once with PciPassthrough.createMapping() and pass it elsewhere with PciPassthrough.mapping('${device.mappingName}')`,
          });
        } else if (!seenMap) {
          mappings.set(mapKey, { cluster, node: node.path, at });
        }
      }
    }
  }
  return problems;
}

/** A platform of the app, as the check sees it. */
export interface PlatformFacts {
  /** The platform's construct path. */
  readonly construct: string;
  /** The cluster it serves: its name and API endpoint identify it (a reference and the cluster itself alike). */
  readonly clusterName: string;
  readonly endpoint: string;
}

/** A second platform for a cluster that already has one. */
export function duplicatePlatformProblems(platforms: readonly PlatformFacts[]): Problem[] {
  const first = new Map<string, PlatformFacts>();
  const problems: Problem[] = [];
  for (const p of platforms) {
    const key = `${p.clusterName}\u0000${p.endpoint}`;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, p);
      continue;
    }
    problems.push({
      construct: p.construct, path: 'cluster',
      message: `'${p.clusterName}' already has a platform (${seen.construct}): two platforms would install the same releases, pools and namespaces twice and fight over them; use one platform per cluster`,
    });
  }
  return problems;
}
