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

export class Collector {
  /** Errors: the declaration fails with them. */
  readonly problems: Problem[] = [];
  /** Warnings: reported, and the declaration goes on. */
  readonly warnings: Problem[] = [];
  constructor(private readonly isUnresolved: (value: unknown) => boolean) {}

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** A problem that does not fail the declaration (e.g. a version newer than the library knows). */
  warn(path: string, message: string): void {
    this.warnings.push({ path, message, severity: 'warning' });
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
