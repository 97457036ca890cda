/** Rules of a node's network: links, addresses, routes, MTU, VLANs, reachability, and first contact with bare metal. */
import { ClusterDeclaration, managementAddress, mergeSettings, NodeDeclaration, primaryAddress, settingLevels } from '../model';
import { Cidr, cidrContains, Ip, IpRange, isUnicastMac, networkText, normalizeMac, notHostReason, parseCidr, parseIp, rangeContains, rangesOverlap } from '../net';
import { KubernetesSettings, MachineSettings, NetworkLink, Route } from '../settings';
import { q, Collector } from './collector';

/** Minimum and maximum MTU accepted for a link (Ethernet without and with jumbo frames). */
export const MTU_RANGE = { min: 576, max: 9216 } as const;

/** Every subnet a node's link or VLAN is on, as declared (unparseable addresses left out). */
export function nodeSubnets(decl: ClusterDeclaration): Cidr[] {
  return decl.nodes.flatMap((n) => n.links.flatMap((l) => [l, ...(l.vlans ?? [])]))
    .flatMap((l) => (l.addresses ?? []).map(parseCidr))
    .filter((x): x is Cidr => x !== undefined && x.prefix > 0);
}

/** Talos' pod and service subnets when the declaration sets none (talos pkg/machinery/constants). */
export const DEFAULT_POD_SUBNETS: readonly string[] = ['10.244.0.0/16'];
export const DEFAULT_SERVICE_SUBNETS: readonly string[] = ['10.96.0.0/12'];

/**
 * The node CIDR mask kube-controller-manager carves each node's pod range with: Talos sets only allocate-node-cidrs
 * (talos internal/app/machined/pkg/controllers/k8s/control_plane_static_pod.go at v1.13.9), so Kubernetes' defaults
 * apply, /24 for IPv4 and /64 for IPv6, and a cluster range may be at most 16 bits wider than that (kubernetes
 * cmd/kubeadm/app/apis/kubeadm/validation ValidatePodSubnetNodeMask, the same rule as the controller manager's
 * allocator).
 */
export const NODE_CIDR_MASK = { ipv4: 24, ipv6: 64, maxDiff: 16 } as const;

/** A service range may have at most 20 host bits (kube-apiserver validateMaxCIDRRange: /12 for IPv4, /108 for IPv6). */
export const SERVICE_SUBNET_MAX_HOST_BITS = 20;

/** A pod or service subnet of the cluster, as Kubernetes gets it. */
export interface ClusterSubnet {
  readonly kind: 'pod' | 'service';
  /** Where it was declared (`kubernetes.podSubnets[0]`), also for Talos' defaults. */
  readonly path: string;
  /** The text as declared, or Talos' default. */
  readonly text: string;
  readonly cidr: Cidr;
  /** True when it is Talos' default (nothing was declared). */
  readonly isDefault: boolean;
}

/**
 * The cluster's pod and service subnets, parsed, with Talos' defaults where none are declared: for checks elsewhere
 * that must keep other ranges out of them (a load-balancer pool, a route). Unparseable entries are left out (the
 * validator names them).
 */
export function clusterSubnets(k: KubernetesSettings): ClusterSubnet[] {
  const out: ClusterSubnet[] = [];
  for (const [field, declared, defaults, kind] of [['podSubnets', k.podSubnets, DEFAULT_POD_SUBNETS, 'pod'], ['serviceSubnets', k.serviceSubnets, DEFAULT_SERVICE_SUBNETS, 'service']] as const) {
    (declared ?? defaults).forEach((text, i) => {
      const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
      if (cidr) out.push({ kind, path: `kubernetes.${field}[${i}]`, text, cidr, isDefault: declared === undefined });
    });
  }
  return out;
}

/**
 * Pod and service subnets against Kubernetes' limits and the LAN: at most one per IP family (dual stack), a service
 * range of at most 20 host bits, a pod range that holds at least one node's range per node, and neither overlapping
 * a node's subnet, the gateway or the VIP (traffic to those would be routed into the cluster).
 */
export function validateClusterSubnets(c: Collector, decl: ClusterDeclaration, gateway: Ip | undefined): void {
  const nodeNets: Array<{ cidr: Cidr; at: string }> = [];
  for (const node of decl.nodes) {
    const lp = node.linksPath ?? `${node.path}.links`;
    node.links.forEach((l, li) => {
      (l.addresses ?? []).forEach((a, ai) => { const x = parseCidr(a); if (x && x.prefix > 0) nodeNets.push({ cidr: x, at: `${lp}[${li}].addresses[${ai}]` }); });
      (l.vlans ?? []).forEach((v, vi) => (v.addresses ?? []).forEach((a, ai) => { const x = parseCidr(a); if (x && x.prefix > 0) nodeNets.push({ cidr: x, at: `${lp}[${li}].vlans[${vi}].addresses[${ai}]` }); }));
    });
  }
  const vip = decl.vip !== undefined ? parseIp(decl.vip) : undefined;
  const seen = new Map<string, string>();
  for (const { kind, path: at, text, cidr: x, isDefault } of clusterSubnets(decl.kubernetes)) {
    if (c.unresolved(text)) continue;
    const shown = `${q(text)}${isDefault ? ' (the default)' : ''}`;
    const family = x.ip.kind === 'ipv4' ? 'IPv4' : 'IPv6';
    const bits = x.ip.kind === 'ipv4' ? 32 : 128;
    const first = seen.get(`${kind}:${x.ip.kind}`);
    if (first !== undefined) {
      c.add(at, `${shown} is a second ${family} ${kind} subnet (after ${first}): Kubernetes takes one ${kind} subnet per IP family, one IPv4 and one IPv6 for dual stack; keep one ${family} subnet`);
    } else {
      seen.set(`${kind}:${x.ip.kind}`, at);
    }
    if (kind === 'service' && bits - x.prefix > SERVICE_SUBNET_MAX_HOST_BITS) {
      c.add(at, `${shown} is too large: the API server takes a service subnet of at most ${SERVICE_SUBNET_MAX_HOST_BITS} host bits (a /${bits - SERVICE_SUBNET_MAX_HOST_BITS} or longer prefix for ${family}) and would not start; use e.g. '${x.ip.kind === 'ipv4' ? '10.96.0.0/12' : 'fd00:10:96::/112'}'`);
    }
    if (kind === 'pod') {
      const nodeMask = x.ip.kind === 'ipv4' ? NODE_CIDR_MASK.ipv4 : NODE_CIDR_MASK.ipv6;
      if (x.prefix > nodeMask) {
        c.add(at, `${shown} is smaller than one node's pod range (/${nodeMask}): the controller manager gives every node a /${nodeMask} from it; use a /${nodeMask} or larger, like '${x.ip.kind === 'ipv4' ? '10.244.0.0/16' : 'fd00:10:244::/56'}'`);
      } else if (nodeMask - x.prefix > NODE_CIDR_MASK.maxDiff) {
        c.add(at, `${shown} is more than ${NODE_CIDR_MASK.maxDiff} bits wider than a node's pod range (/${nodeMask}), which the controller manager refuses: use a /${nodeMask - NODE_CIDR_MASK.maxDiff} to /${nodeMask}`);
      } else if (x.ip.kind === 'ipv4' && 2 ** (nodeMask - x.prefix) < decl.nodes.length) {
        // The same network, widened to the smallest prefix with a node range for every node (e.g. /15 for 300 nodes).
        const wide = nodeMask - Math.ceil(Math.log2(decl.nodes.length));
        const widened = parseCidr(`${x.ip.text}/${wide}`);
        const like = widened !== undefined ? networkText(widened) : `10.244.0.0/${wide}`;
        c.add(at, `${shown} holds ${2 ** (nodeMask - x.prefix)} node pod range${nodeMask === x.prefix ? '' : 's'} (/${nodeMask} each) for ${decl.nodes.length} nodes: the nodes beyond that get no pod range and never turn Ready; use a /${wide} or larger subnet, like '${like}' (no node, router or LAN device may use it)`);
      }
    }
    const lanHit = nodeNets.find((n) => rangesOverlap({ kind: n.cidr.ip.kind, first: n.cidr.first, last: n.cidr.last }, { kind: x.ip.kind, first: x.first, last: x.last }));
    if (lanHit) {
      c.add(at, `${shown} overlaps the nodes' network ${networkText(lanHit.cidr)} (${lanHit.at}): traffic to the LAN would be routed into the cluster; pick a range no node, router or LAN device uses, like '${kind === 'pod' ? '10.244.0.0/16' : '10.96.0.0/12'}'`);
    } else if (gateway && cidrContains(x, gateway)) {
      c.add(at, `${shown} contains the gateway ${q(gateway.text)}: the nodes could not reach their router; pick a range no LAN device uses`);
    } else if (vip && cidrContains(x, vip)) {
      c.add(at, `${shown} contains the VIP ${q(decl.vip)}: the API endpoint would be routed into the cluster; pick a range no LAN device uses`);
    }
  }
}

/** DNS servers must be hosts: not the unspecified, multicast or broadcast address, nor a subnet's network address. */
export function validateNameserverHosts(c: Collector, path: string, s: MachineSettings, lan: readonly Cidr[]): void {
  (s.nameservers ?? []).forEach((ns, i) => {
    const ip = typeof ns === 'string' && !c.unresolved(ns) ? parseIp(ns) : undefined;
    // Loopback is allowed: Talos' own host DNS answers on 127.0.0.53.
    if (ip && ip.parsed.range() !== 'loopback') notHost(c, `${path}.nameservers[${i}]`, ns, ip, lan, "use a DNS server's address, like '1.1.1.1'");
  });
}

/** A node's `address` (where Terraform reaches it) must be a host's, and one the node has. */
export function validateNodeAddressHost(c: Collector, node: NodeDeclaration, lan: readonly Cidr[]): void {
  if (node.address === undefined || c.unresolved(node.address)) return;
  const ip = parseIp(node.address);
  if (!ip) return;
  if (notHost(c, `${node.path}.address`, node.address, ip, lan, "use the node's own address")) return;
  const sources = node.links.flatMap((l) => [l, ...(l.vlans ?? [])]);
  const own = sources.flatMap((l) => (l.addresses ?? []).map(parseCidr)).filter((x): x is Cidr => x !== undefined);
  if (own.length > 0 && !sources.some((l) => l.dhcp === true) && !own.some((x) => x.ip.kind === ip.kind && x.ip.value === ip.value)) {
    c.add(`${node.path}.address`, `${q(node.address)} is none of the node's addresses (${own.map((x) => x.ip.text).join(', ')}) and no link of the node uses DHCP, so the node never has it and Terraform could not reach it: remove address (the node is reached at ${own[0].ip.text}) or fix it`);
  }
}

/** The node's addresses against its DNS servers and the cluster gateway. */
export function validateNodeReachability(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, gateway: Ip | undefined): void {
  const merged = mergeSettings(...settingLevels(decl, node).map(([, level]) => level));
  const lpBase = node.linksPath ?? `${node.path}.links`;
  const nameservers = (merged.nameservers ?? []).map(parseIp);
  node.links.forEach((link, li) => (link.addresses ?? []).forEach((a, ai) => {
    const cidr = parseCidr(a);
    if (!cidr) return;
    const ns = nameservers.findIndex((n) => n !== undefined && n.kind === cidr.ip.kind && n.value === cidr.ip.value);
    if (ns >= 0) c.add(`${lpBase}[${li}].addresses[${ai}]`, `${q(a)} is the address of DNS server nameservers[${ns}]: that host already uses it; pick a free address`);
  }));
  // Without a route of its own, the node's only way out is the cluster gateway, which must then be on its subnet. A node
  // with a DHCP link or VLAN may get its default route from DHCP: nothing to check then. Only the gateway's family
  // counts: an IPv6-only node does not use an IPv4 gateway.
  if (!gateway) return;
  const sources = node.links.flatMap((l, li) => [{ l, at: `${lpBase}[${li}]` }, ...(l.vlans ?? []).map((v, vi) => ({ l: v, at: `${lpBase}[${li}].vlans[${vi}]` }))]);
  const allParsed = sources.every(({ l }) => (l.addresses ?? []).every((a) => parseCidr(a) !== undefined));
  const usesDhcp = sources.some(({ l }) => l.dhcp === true);
  const hasRoute = sources.some(({ l }) => defaultRouteFamilies(l).has(gateway.kind));
  const sameFamily = sources.flatMap(({ l, at }) => (l.addresses ?? []).map((a, ai) => ({ a, at: `${at}.addresses[${ai}]`, cidr: parseCidr(a) })))
    .filter((x) => x.cidr?.ip.kind === gateway.kind);
  if (sameFamily.length > 0 && allParsed && !usesDhcp && !hasRoute && !sameFamily.some((x) => cidrContains(x.cidr!, gateway))) {
    c.add(sameFamily[0].at, `${q(sameFamily[0].a)} is outside the subnet of the cluster gateway ${q(gateway.text)}, so the node would have no default route: fix the address or prefix, or give the link its own gateway`);
  }
}

/**
 * True when a gateway is directly reachable on a link with these subnets: inside one of them, or an IPv6 link-local
 * address (fe80::/10), which is on every IPv6 link and how IPv6 routers are usually addressed (RFC 4861).
 */
export function onLink(gw: Ip, subnets: readonly Cidr[]): boolean {
  return subnets.some((s) => cidrContains(s, gw)) || (gw.kind === 'ipv6' && gw.parsed.range() === 'linkLocal');
}

export function validateRoutes(c: Collector, path: string, routes: Route[], subnets: Cidr[]): void {
  routes.forEach((r, i) => {
    const rp = `${path}.routes[${i}]`;
    c.cidr(`${rp}.network`, r.network, '0.0.0.0/0');
    const gw = c.ip(`${rp}.gateway`, r.gateway, '10.0.20.1');
    if (gw && subnets.length > 0 && !onLink(gw, subnets)) {
      c.add(`${rp}.gateway`, `${q(r.gateway)} is not in the subnet of ${subnets.map((s) => `${s.ip.text}/${s.prefix}`).join(', ')}: a gateway must be directly reachable on the link`);
    } else if (gw) {
      notHost(c, `${rp}.gateway`, r.gateway, gw, subnets, "use the next hop router's address");
    }
    // Talos keeps a route's metric as a uint32 (siderolabs/talos pkg/machinery/config/types/network/link.go
    // RouteConfig.RouteMetric and v1alpha1 Route.RouteMetric at v1.13.9).
    if (r.metric !== undefined && !c.unresolved(r.metric) && (!Number.isInteger(r.metric) || r.metric < 0 || r.metric > UINT32_MAX)) {
      c.add(`${rp}.metric`, `${q(r.metric)} is out of range: a route metric is an integer from 0 to ${UINT32_MAX} (Talos keeps it as an unsigned 32-bit number; lower wins, Talos' default is 1024)`);
    }
  });
}

/** The families a link has a default route for: its `gateway`, and routes to 0.0.0.0/0 or ::/0. */
function defaultRouteFamilies(link: { gateway?: string; routes?: Route[] }): Set<'ipv4' | 'ipv6'> {
  const families = new Set<'ipv4' | 'ipv6'>();
  if (link.gateway !== undefined) families.add(typeof link.gateway === 'string' && link.gateway.includes(':') ? 'ipv6' : 'ipv4');
  for (const r of link.routes ?? []) {
    if (r.network === '0.0.0.0/0') families.add('ipv4');
    if (r.network === '::/0') families.add('ipv6');
  }
  return families;
}

/** The largest unsigned 32-bit integer. */
export const UINT32_MAX = 4294967295;

/**
 * Reports an address where a host's address is due (a gateway, a VIP, a DNS server, an endpoint) that is not one: the
 * unspecified, loopback, multicast or limited-broadcast address, or the network or broadcast address of a subnet.
 * @returns true when it reported a problem
 */
export function notHost(c: Collector, path: string, value: string | undefined, ip: Ip, subnets: readonly Cidr[], fix: string): boolean {
  const reason = notHostReason(ip, subnets);
  if (reason !== undefined) c.add(path, `${q(value)} is ${reason}, not a host address: ${fix}`);
  return reason !== undefined;
}

export function validateMtu(c: Collector, path: string, mtu: number | undefined): void {
  if (mtu === undefined || c.unresolved(mtu)) return;
  if (!Number.isInteger(mtu) || mtu < MTU_RANGE.min || mtu > MTU_RANGE.max) {
    c.add(path, `${q(mtu)} is out of range: an MTU is an integer from ${MTU_RANGE.min} to ${MTU_RANGE.max} (1500 standard, 9000 jumbo frames)`);
  }
}

export function validateLinks(
  c: Collector, node: NodeDeclaration, gateway: Ip | undefined, dhcp: IpRange | undefined,
  addresses: Map<string, string>, macs: Map<string, string>,
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
      } else if (!isUnicastMac(mac) || mac === '00:00:00:00:00:00') {
        // A NIC's own address is unicast and not zero; Proxmox rejects the rest (proxmox/pve-common
        // src/PVE/JSONSchema.pm pve_verify_mac_addr, commit f665029: the I/G bit must be 0).
        c.add(`${lp}.macAddress`, `${q(link.macAddress)} is ${mac === '00:00:00:00:00:00' ? 'all zeros' : 'a multicast address (the lowest bit of its first octet is 1)'}, which no NIC has: use a unicast address, whose first octet is even, like 'bc:24:11:a9:a3:43'`);
      } else {
        const other = macs.get(mac);
        if (other !== undefined) c.add(`${lp}.macAddress`, `${q(link.macAddress)} is also ${other}: every NIC needs its own MAC address`);
        else macs.set(mac, `${lp}.macAddress`);
      }
    }
    const checkAddress = (ap: string, a: string, example: string): Cidr | undefined => {
      const cidr = c.cidr(ap, a, example);
      if (!cidr) return undefined;
      const reason = cidr.prefix === 0 ? undefined : notHostReason(cidr.ip, [cidr]);
      if (cidr.prefix === 0) {
        c.add(ap, `${q(a)} has prefix length 0, which would put every address on this link: write the length of the subnet's prefix, like '${cidr.ip.text}/${cidr.ip.kind === 'ipv4' ? 24 : 64}'`);
      } else if (reason !== undefined) {
        c.add(ap, `${q(a)} is ${reason}, not a host address: pick a host address of the subnet (/31 and /32 links have no network or broadcast address)`);
      }
      // Keyed by family too: 10.0.0.1 and ::a00:1 have the same number.
      const key = `${cidr.ip.kind}:${cidr.ip.value}`;
      const other = addresses.get(key);
      if (other !== undefined) c.add(ap, `${q(a)} is also used by ${other}: every node needs its own address`);
      else addresses.set(key, ap);
      if (dhcp && rangeContains(dhcp, cidr.ip)) {
        c.add(ap, `${q(a)} lies in the DHCP range ${q(dhcp.text)}: give the node a static address outside it, or shrink the router's DHCP range, or the router may lease it to another device`);
      }
      if (gateway && cidr.ip.kind === gateway.kind && cidr.ip.value === gateway.value) {
        c.add(ap, `${q(a)} is the gateway's address: pick another address`);
      }
      return cidr;
    };
    const subnets = (link.addresses ?? []).map((a, ai) => checkAddress(`${lp}.addresses[${ai}]`, a, '10.0.20.102/24')).filter((x): x is Cidr => x !== undefined);
    if (link.gateway !== undefined) {
      const gw = c.ip(`${lp}.gateway`, link.gateway, '10.0.20.1');
      if (gw && subnets.length > 0 && !onLink(gw, subnets)) {
        c.add(`${lp}.gateway`, `${q(link.gateway)} is not in the link's subnet ${subnets.map((s) => `${s.ip.text}/${s.prefix}`).join(', ')}: use a gateway on the same network, or fix the prefix length`);
      } else if (gw) {
        notHost(c, `${lp}.gateway`, link.gateway, gw, subnets, "use the router's address on the link");
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
      const vsubnets = (v.addresses ?? []).map((a, ai) => checkAddress(`${vp}.addresses[${ai}]`, a, '10.0.30.5/24')).filter((x): x is Cidr => x !== undefined);
      validateRoutes(c, vp, v.routes ?? [], vsubnets);
      validateMtu(c, `${vp}.mtu`, v.mtu);
      if (v.mtu !== undefined && link.mtu !== undefined && v.mtu > link.mtu) c.add(`${vp}.mtu`, `${q(v.mtu)} exceeds the parent link's MTU ${link.mtu}: a VLAN cannot carry larger frames than its link`);
    });
  });
  // One default route per family: IPv4 on one link and IPv6 on another is a dual-stack node, not two default routes.
  for (const family of ['ipv4', 'ipv6'] as const) {
    if (node.links.filter((l) => defaultRouteFamilies(l).has(family)).length > 1) {
      c.add(lpBase, `declare more than one ${family === 'ipv4' ? 'IPv4' : 'IPv6'} default route (gateway or ${family === 'ipv4' ? '0.0.0.0/0' : '::/0'}): keep the default route on the management link only`);
    }
  }
  const address = primaryAddress(node);
  if (node.address !== undefined) {
    const ip = c.ip(`${p}.address`, node.address, '10.0.20.102');
    if (ip && dhcp && rangeContains(dhcp, ip) && node.links.every((l) => (l.addresses ?? []).length === 0)) {
      c.add(`${p}.address`, `${q(node.address)} lies in the DHCP range ${q(dhcp.text)}: the node's address may change; give it a static address outside the range`);
    }
  } else if (address === undefined && node.links.length > 0) {
    const m = managementAddress(node);
    if (m !== undefined && m.address === undefined) {
      const at = `${lpBase}[${m.link}]${m.vlan !== undefined ? `.vlans[${m.vlan}]` : ''}`;
      c.add(`${p}.address`, `is unknown: the node's management link ${at} takes its address from DHCP, so Terraform cannot know where to reach it; set address to the address the router reserves for the node (e.g. '10.0.20.102'), or give that link a static address`);
    } else {
      c.add(`${p}.address`, 'is unknown: the node has no static address, so Terraform cannot reach it; add a static address to its first link or set address (e.g. a DHCP reservation)');
    }
  }
}

/** How the node is reached before its configuration is applied (bare metal only). */
export function validateFirstContact(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, leases: Map<string, string>): void {
  const fp = `${node.path}.firstContact`;
  const fc = node.firstContact ?? decl.firstContact;
  const chosen = fc === undefined ? '' : `${fc.toString()}${node.firstContact === undefined ? ' (the cluster\'s firstContact)' : ''}`;
  if (node.vm) {
    if (node.firstContact !== undefined) c.add(fp, `is ${node.firstContact.toString()} on a Proxmox VM: a VM gets its final address from its cloud-init drive at first boot; remove firstContact`);
    return;
  }
  // An adopted cluster's nodes (or one moving from the 0.11 line) are configured already and answer at their own
  // addresses.
  if ((decl.alreadyBootstrapped === true || decl.migrateFrom011 === true) && fc === undefined) return;
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
    const other = leases.get(`${ip.kind}:${ip.value}`);
    if (other !== undefined) c.add(`${fp}.address`, `${q(fc.address)} is also ${other}: every node leases its own address`);
    else leases.set(`${ip.kind}:${ip.value}`, `${fp}.address`);
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
