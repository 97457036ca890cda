/**
 * Address helpers over ipaddr.js: strict parsing (dotted-quad IPv4, any IPv6), subnet membership and ranges as
 * numeric intervals for overlap checks.
 */
import * as ipaddr from 'ipaddr.js';

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

/** Parses an IPv4 address in dotted-quad form or an IPv6 address; undefined when invalid. */
export function parseIp(text: string): Ip | undefined {
  if (typeof text !== 'string') return undefined;
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
  if (typeof text !== 'string') return undefined;
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
