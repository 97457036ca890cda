/** Rules of the cluster as a whole: versions, endpoint, VIP. */
import { ClusterDeclaration, NodeDeclaration, vipLinkIndex } from '../model';
import { Cidr, Ip, IpRange, parseCidr, parseIp, rangeContains } from '../net';
import { ConfigContract, CONFIG_CONTRACTS, parseTalosVersion, supportedMinor } from '../versions';
import { q, Collector } from './collector';
import { unknownReleaseWarning } from '../releases';
import { notHost } from './network';

export function checkTalosVersion(c: Collector, path: string, value: string): ConfigContract | undefined {
  if (c.unresolved(value)) return undefined;
  const v = parseTalosVersion(value);
  if (!v) {
    c.add(path, `${q(value)} is not a Talos release version: pin a full version like 'v1.13.9'`);
    return undefined;
  }
  const minor = supportedMinor(v);
  if (!minor) c.add(path, `${q(value)} is a Talos version this library does not support: use Talos ${CONFIG_CONTRACTS.join(', ')} (e.g. 'v1.13.9')`);
  const unknown = minor ? unknownReleaseWarning('Talos', v.text) : undefined;
  if (unknown) c.warn(path, `${q(value)} ${unknown}`);
  return minor;
}

/**
 * The Kubernetes API endpoint: an https URL with a port, checked whole (WHATWG URL parsing after the whole text
 * matched, so nothing follows the port); an IP host must be a host's address.
 */
export function validateEndpoint(c: Collector, decl: ClusterDeclaration, lan: readonly Cidr[] = []): void {
  if (decl.endpoint === undefined || c.unresolved(decl.endpoint)) return;
  const m = /^https:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(decl.endpoint);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    c.add('endpoint', `${q(decl.endpoint)} is not an https URL with a port: write it like 'https://10.0.20.100:6443'`);
    return;
  }
  const ip = parseIp(m[1].replace(/^\[|\]$/g, ''));
  if (ip) notHost(c, 'endpoint', decl.endpoint, ip, lan, "point it at the VIP, a control plane's address or a DNS name, like 'https://10.0.20.100:6443'");
}

/** Endpoints of the talosconfig: an address or host name, with an optional port from 1 to 65535; never the VIP. */
export function validateTalosconfigEndpoints(c: Collector, decl: ClusterDeclaration, lan: readonly Cidr[] = []): void {
  (decl.talosconfigEndpoints ?? []).forEach((e, i) => {
    const ep = `talosconfigEndpoints[${i}]`;
    if (c.unresolved(e)) return;
    const m = /^(\[([0-9a-fA-F:.]+)\]|[^:[\]]+|[0-9a-fA-F:.]+)(?::(\d{1,5}))?$/.exec(e);
    const bracketed = m?.[2];
    const hostText = bracketed ?? (m && parseIp(e) ? e : m?.[1]);
    const port = m && !(parseIp(e)?.kind === 'ipv6') ? m[3] : undefined;
    const ip = hostText !== undefined ? parseIp(hostText) : undefined;
    if (decl.vip !== undefined && (hostText === decl.vip || e.replace(/:\d+$/, '') === decl.vip)) {
      c.add(ep, `${q(e)} is the VIP: the VIP only answers while etcd and a control plane are healthy, so talosctl could not reach a cluster that needs repair; use the control planes' addresses (the default) or a DNS name resolving to all of them`);
    } else if (!m || (!ip && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(hostText ?? ''))) {
      c.add(ep, `${q(e)} is not an address or host name: write it like '10.0.20.11' or 'talos.example.com'`);
    } else if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
      c.add(ep, `${q(e)} has port ${port}, outside 1 to 65535: the Talos API listens on 50000; leave the port out`);
    } else if (ip) {
      notHost(c, ep, e, ip, lan, "use a control plane's address");
    }
  });
}

export function validateVip(c: Collector, decl: ClusterDeclaration, controlPlanes: NodeDeclaration[], gateway: Ip | undefined, dhcp: IpRange | undefined, lan: readonly Cidr[] = []): void {
  if (decl.vip === undefined) return;
  const vip = c.ip('vip', decl.vip, '192.168.5.200');
  if (!vip) return;
  if (notHost(c, 'vip', decl.vip, vip, lan, "pick a free host address in the control planes' subnet")) return;
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
