/** Rules of the cluster as a whole: versions, endpoint, VIP. */
import { ClusterDeclaration, NodeDeclaration, vipLinkIndex } from '../model';
import { Ip, IpRange, parseCidr, rangeContains } from '../net';
import { ConfigContract, CONFIG_CONTRACTS, parseTalosVersion, supportedMinor } from '../versions';
import { q, Collector } from './collector';

export function checkTalosVersion(c: Collector, path: string, value: string): ConfigContract | undefined {
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

export function validateEndpoint(c: Collector, decl: ClusterDeclaration): void {
  if (decl.endpoint === undefined || c.unresolved(decl.endpoint)) return;
  const m = /^https:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(decl.endpoint);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    c.add('endpoint', `${q(decl.endpoint)} is not an https URL with a port: write it like 'https://10.0.20.100:6443'`);
  }
}

export function validateVip(c: Collector, decl: ClusterDeclaration, controlPlanes: NodeDeclaration[], gateway: Ip | undefined, dhcp: IpRange | undefined): void {
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
    if (cp.links.length > 0 && vipLinkIndex(cp, cp.links, decl.vip) < 0 && cp.links.some((l) => (l.addresses ?? []).length > 0)) {
      c.add('vip', `${q(decl.vip)} is not in the subnet of any link of control plane ${cp.path}: the VIP is announced by ARP, so it must be in the control planes' shared subnet`);
    }
  }
}
