/** The collector every validation rule reports to: problems with their path, and the token check. */
import { Problem, quote } from '../problems';
import { Cidr, Ip, parseCidr, parseIp } from '../net';

/** Options of {@link validateCluster}. */
export interface ValidateOptions {
  /**
   * True for values not known until apply (cdktf tokens); those are skipped.
   * @default - strings that contain a Terraform reference (`${`)
   */
  readonly isUnresolved?: (value: unknown) => boolean;
}

export const q = quote;

/** A path with any control character in its keys written as an escape, as {@link quote} writes values. */
export function escapePath(path: string): string {
  return quote(path).slice(1, -1);
}

export class Collector {
  /** Errors: the declaration fails with them. */
  readonly problems: Problem[] = [];
  /** Warnings: reported, and the declaration goes on. */
  readonly warnings: Problem[] = [];
  constructor(private readonly isUnresolved: (value: unknown) => boolean) {}

  /** Paths already reported for control characters: other rules on the same field add nothing to that. */
  private readonly controlPaths = new Set<string>();

  add(path: string, message: string): void {
    const at = escapePath(path);
    if (this.controlPaths.has(at)) return;
    this.problems.push({ path: at, message });
  }

  /** A value or key with control characters: reported first, and the only problem reported at its path. */
  controlCharacter(path: string, message: string): void {
    const key = escapePath(path);
    if (this.controlPaths.has(key)) return;
    this.problems.push({ path: key, message });
    this.controlPaths.add(key);
  }

  /** A problem that does not fail the declaration (e.g. a version newer than the library knows). */
  warn(path: string, message: string): void {
    this.warnings.push({ path: escapePath(path), message, severity: 'warning' });
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

export function defaultTokenCheck(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}
