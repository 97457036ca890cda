/**
 * Address helpers over ipaddr.js: strict parsing (dotted-quad IPv4, any IPv6), subnet membership and ranges as
 * numeric intervals for overlap checks.
 */
import * as ipaddr from 'ipaddr.js';
import { Memo } from './memo';

/** An IP address (v4 or v6) with its numeric value, for ordering and interval checks. */
export interface Ip {
  readonly kind: 'ipv4' | 'ipv6';
  readonly text: string;
  readonly value: bigint;
  readonly parsed: ipaddr.IPv4 | ipaddr.IPv6;
}

/** An address with its prefix, e.g. `10.0.20.102/24`. */
export interface Cidr {
  readonly ip: Ip;
  readonly prefix: number;
  /** The first and last address of the subnet. */
  readonly first: bigint;
  readonly last: bigint;
}

/** An inclusive range of addresses. */
export interface IpRange {
  readonly kind: 'ipv4' | 'ipv6';
  readonly first: bigint;
  readonly last: bigint;
  readonly text: string;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/**
 * Parsed addresses by their text: a node's few addresses are read many times per synth (resolution, rendering,
 * validation). The results are frozen, so sharing them is safe (their ipaddr.js objects are only ever asked for their
 * range).
 */
const ips = new Memo<Ip | undefined>();
const cidrs = new Memo<Cidr | undefined>();
const frozen = <T extends object>(value: T | undefined): T | undefined => (value === undefined ? undefined : Object.freeze(value));

/** Parses an IPv4 address in dotted-quad form or an IPv6 address; undefined when invalid. */
export function parseIp(text: string): Ip | undefined {
  return typeof text === 'string' ? ips.get(text, (t) => frozen(parseIpText(t))) : undefined;
}

function parseIpText(text: string): Ip | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const parsed = ipaddr.IPv4.parse(text);
    return { kind: 'ipv4', text, value: toBigInt(parsed.toByteArray()), parsed };
  }
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) {
    const parsed = ipaddr.IPv6.parse(text);
    return { kind: 'ipv6', text, value: toBigInt(parsed.toByteArray()), parsed };
  }
  return undefined;
}

/** Parses `address/prefix`; undefined when either part is invalid. */
export function parseCidr(text: string): Cidr | undefined {
  return typeof text === 'string' ? cidrs.get(text, (t) => frozen(parseCidrText(t))) : undefined;
}

function parseCidrText(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = ip.kind === 'ipv4' ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const first = (ip.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { ip, prefix, first, last };
}

/** The subnet of a CIDR as text, network address and prefix: `10.0.20.102/24` gives `10.0.20.0/24`. */
export function networkText(cidr: Cidr): string {
  const bytes: number[] = [];
  const count = cidr.ip.kind === 'ipv4' ? 4 : 16;
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((cidr.first >> BigInt(8 * i)) & 0xffn));
  return `${ipaddr.fromByteArray(bytes).toString()}/${cidr.prefix}`;
}

/** True when `ip` lies in the subnet of `cidr` (same family). */
export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  return cidr.ip.kind === ip.kind && ip.value >= cidr.first && ip.value <= cidr.last;
}

/** Parses `first-last` or a CIDR into an inclusive range; undefined when invalid or reversed. */
export function parseRange(text: string): IpRange | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    return cidr ? { kind: cidr.ip.kind, first: cidr.first, last: cidr.last, text } : undefined;
  }
  const parts = text.split('-').map((p) => p.trim());
  if (parts.length !== 2) return undefined;
  const [a, b] = parts.map(parseIp);
  if (!a || !b || a.kind !== b.kind || a.value > b.value) return undefined;
  return { kind: a.kind, first: a.value, last: b.value, text };
}

/** True when the two ranges share at least one address. */
export function rangesOverlap(a: { kind: string; first: bigint; last: bigint }, b: { kind: string; first: bigint; last: bigint }): boolean {
  return a.kind === b.kind && a.first <= b.last && b.first <= a.last;
}

/** True when the range contains the address. */
export function rangeContains(range: IpRange, ip: Ip): boolean {
  return range.kind === ip.kind && ip.value >= range.first && ip.value <= range.last;
}

/** Normalizes a MAC address to lower-case colon form; undefined when invalid. */
export function normalizeMac(text: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([0-9a-fA-F]{2})([:-])([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})$/.exec(text);
  if (!m) return undefined;
  return [m[1], m[3], m[4], m[5], m[6], m[7]].join(':').toLowerCase();
}

/**
 * Why an address cannot be a host's (a node's, a VIP, a gateway, a DNS server), or undefined when it can: the
 * unspecified, loopback, multicast and limited-broadcast addresses never can, nor the network or broadcast address of
 * a subnet it lies in. On /31 and /32 (IPv4, RFC 3021) and /127 and /128 (IPv6, RFC 6164) every address is a host's;
 * IPv6 has no broadcast, but its all-zeros host address is the subnet-router anycast address (RFC 4291 2.6.1).
 * @param subnets the subnets the address may lie in (the nodes' subnets); only those that contain it count
 */
export function notHostReason(ip: Ip, subnets: readonly Cidr[] = []): string | undefined {
  const range = ip.parsed.range();
  if (range === 'unspecified' && (ip.kind === 'ipv6' || ip.value === 0n)) return 'the unspecified address';
  if (range === 'unspecified') return "in 0.0.0.0/8, which means 'this network'";
  if (range === 'loopback') return 'a loopback address';
  if (range === 'multicast') return 'a multicast address';
  if (range === 'broadcast') return 'the limited broadcast address';
  for (const s of subnets) {
    if (!cidrContains(s, ip)) continue;
    const hostBits = (ip.kind === 'ipv4' ? 32 : 128) - s.prefix;
    if (hostBits <= 1) continue;
    if (ip.value === s.first) return ip.kind === 'ipv4' ? `the network address of ${networkText(s)}` : `the subnet-router anycast address of ${networkText(s)}`;
    if (ip.kind === 'ipv4' && ip.value === s.last) return `the broadcast address of ${networkText(s)}`;
  }
  return undefined;
}

/** True when the MAC address (any form {@link normalizeMac} takes) is unicast: the I/G bit of its first octet is 0. */
export function isUnicastMac(mac: string): boolean {
  const n = normalizeMac(mac);
  return n !== undefined && (parseInt(n.slice(0, 2), 16) & 1) === 0;
}

/** An http(s) URL checked whole, or why it is not one. */
export type HttpUrlResult = { readonly url: URL } | { readonly problem: string };

/**
 * Parses an http(s) URL as a whole: the WHATWG parser (Node's `URL`) after refusing what it would silently drop or
 * rewrite (whitespace and control characters anywhere, backslashes), so nothing is accepted for its prefix alone.
 * Credentials, queries and fragments have no place in the URLs this library takes.
 */
export function parseHttpUrl(text: string, schemes: ReadonlyArray<'http' | 'https'> = ['http', 'https']): HttpUrlResult {
  if (typeof text !== 'string' || /[\s\\\u0000-\u001f\u007f]/.test(text)) return { problem: 'has whitespace, a control character or a backslash in it' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not a URL' };
  }
  if (!schemes.includes(url.protocol.slice(0, -1) as 'http' | 'https')) return { problem: `is not ${schemes.map((s) => `an ${s}`).join(' or ')} URL` };
  if (url.hostname === '') return { problem: 'has no host' };
  if (url.username !== '' || url.password !== '') return { problem: 'carries credentials (user:password@), which would be written into the configuration in clear' };
  if (url.search !== '' || text.includes('?')) return { problem: 'has a query (?...)' };
  if (url.hash !== '' || text.includes('#')) return { problem: 'has a fragment (#...)' };
  return { url };
}
