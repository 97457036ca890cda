/**
 * Credentials the platform hands to workloads (object-storage keys, Git tokens and deploy keys) without ever writing
 * them into the synthesized configuration. Two ways in:
 *
 * - a Kubernetes Secret the user names, created out of band (`kubectl create secret ...`, External Secrets, SOPS);
 *   the configuration carries only its name;
 * - sensitive references, typically the value of a Terraform variable declared `sensitive: true`: the platform
 *   creates the Secret from them, and the synthesized JSON carries only `${var.name}`.
 *
 * A literal string where a credential belongs is an error: it would land in the JSON, in Git and in plan output.
 * Pure functions, no cdktf.
 */
import { Problem } from '../machine-config';
import { dnsSubdomainProblem } from './values';

/** True for values not known until apply (cdktf tokens). */
export type IsUnresolved = (value: unknown) => boolean;

/** The default token test of the pure core: cdktf renders unresolved strings as `${...}`. */
export const containsToken: IsUnresolved = (value) => typeof value === 'string' && value.includes('${');

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;

// Kubernetes' Secret data keys: IsConfigMapKey in k8s.io/apimachinery pkg/util/validation (at most 253 characters of
// alphanumerics, '-', '_' and '.').
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** The reason a Secret data key is invalid, or undefined. */
export function secretKeyProblem(key: string): string | undefined {
  if (!SECRET_KEY.test(key) || key === '.' || key === '..') {
    return `${q(key)} is not a Secret key: at most 253 letters, digits, '-', '_' and '.', like 'AWS_SECRET_ACCESS_KEY'`;
  }
  return undefined;
}

/**
 * Problems of a value that must be a sensitive reference: empty, or a literal (resolved) string.
 * @param path where the value was declared, for messages
 * @param what what the value is, for messages (`the secret access key`)
 */
export function sensitiveValueProblems(path: string, value: string | undefined, what: string, isUnresolved: IsUnresolved): Problem[] {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return [{ path, message: `is empty: give ${what} as the value of a TerraformVariable declared with sensitive: true` }];
  }
  if (isUnresolved(value)) return [];
  return [{
    path,
    message: `is a literal value, so ${what} would be written in clear into the synthesized JSON, the Terraform state's inputs, the plan output and Git: `
      + 'pass the value of a TerraformVariable declared with sensitive: true (`new TerraformVariable(stack, \'...\', { type: \'string\', sensitive: true }).stringValue`), '
      + 'or create the Secret out of band and name it instead',
  }];
}

/** Problems of the name of a Secret the user created (or the platform creates). */
export function secretNameProblems(path: string, name: string, isUnresolved: IsUnresolved): Problem[] {
  if (isUnresolved(name)) return [];
  const problem = dnsSubdomainProblem(name, 'talos-backup-s3');
  return problem ? [{ path, message: `${problem} (it names a Secret)` }] : [];
}

/**
 * A Secret the platform creates from sensitive references. Phase 2 turns it into a `kubernetes_secret_v1` (whose data
 * the Kubernetes provider marks sensitive), never into Helm values, which Helm and Terraform would show in clear.
 */
export interface SensitiveSecret {
  /** The Secret's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /**
   * Labels (Argo CD finds repository credentials by label).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** Keys whose values are sensitive references (`${var.git_token}`), never literals. */
  readonly sensitiveData: Readonly<Record<string, string>>;
  /**
   * Keys whose values are not secret (a repository URL, a `known_hosts` line).
   * @default - none
   */
  readonly data?: Readonly<Record<string, string>>;
}
