/**
 * Helm vocabulary shared by the platform constructs: values, pinned chart versions, release and namespace names.
 * Pure functions, no cdktf.
 */
import * as semver from 'semver';
import { stringify } from 'yaml';

/** A JSON-like value as Helm charts take them. */
export type HelmValue = string | number | boolean | null | HelmValue[] | { [key: string]: HelmValue | undefined };

/** Chart values: a JSON-like object, e.g. `{ controller: { replicaCount: 2 } }`. */
export type HelmValues = { [key: string]: HelmValue | undefined };

/** Pod Security Admission levels a namespace can enforce. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Namespaces Kubernetes creates itself: the platform never creates or labels them. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;

/** The reason a chart version is not pinned to one release, or undefined when it is. */
export function chartVersionProblem(version: string | undefined): string | undefined {
  if (version === undefined || version.trim() === '') {
    return 'is missing: pin the chart to an exact release, like \'1.18.2\' (an unpinned chart upgrades whenever the repository publishes one)';
  }
  // An exact SemVer 2.0 version (semver.valid), optionally with a leading `v` (the GPU Operator's chart versions are
  // `v26.3.3`), and nothing semver would tolerate around it (whitespace, `=`).
  if (!/^v?\d/.test(version) || version.trim() !== version || semver.valid(version) === null) {
    return `${q(version)} is not an exact chart version (ranges, wildcards and partial versions float to new releases): pin one release, like '1.18.2'`;
  }
  return undefined;
}

/** True when a version names exactly one release (SemVer 2.0, optional leading `v`): no range, wildcard or tag like `latest`. */
export function isPinnedVersion(version: string): boolean {
  return chartVersionProblem(version) === undefined;
}

/**
 * Compares two pinned versions by SemVer precedence (`semver.compare`): a pre-release is older than its release
 * (`v26.3.1-rc.1` < `v26.3.1`), build metadata is ignored.
 */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The reason a Helm release name is invalid (Helm: a DNS-1123 label of at most 53 characters), or undefined. */
export function releaseNameProblem(name: string): string | undefined {
  if (!DNS_LABEL.test(name) || name.length > 53) {
    return `${q(name)} is not a valid Helm release name: at most 53 characters, lower-case letters, digits and '-', starting and ending alphanumeric, like 'ingress-nginx'`;
  }
  return undefined;
}

/** The reason a namespace or object name is invalid (a DNS-1123 label of at most 63 characters), or undefined. */
export function dnsLabelProblem(name: string, example: string): string | undefined {
  if (!DNS_LABEL.test(name) || name.length > 63) {
    return `${q(name)} is not a valid name: at most 63 characters, lower-case letters, digits and '-', starting and ending alphanumeric, like '${example}'`;
  }
  return undefined;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The reason an object name that Kubernetes checks as a DNS-1123 subdomain (Secret, ServiceAccount, CronJob and most
 * other names: at most 253 characters, lower-case alphanumerics, '-' and '.') is invalid, or undefined.
 */
export function dnsSubdomainProblem(name: string, example: string): string | undefined {
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    return `${q(name)} is not a valid object name: at most 253 characters, lower-case letters, digits, '-' and '.', starting and ending alphanumeric, like '${example}'`;
  }
  return undefined;
}

/** The reason a chart repository is not an http(s) or OCI URL, or undefined. */
export function repositoryProblem(repository: string): string | undefined {
  if (!/^(https?|oci):\/\/[^\s]+$/.test(repository)) {
    return `${q(repository)} is not a chart repository URL: write it like 'https://metallb.github.io/metallb' or 'oci://ghcr.io/spegel-org/helm-charts'`;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Merges chart values the way Helm merges values files: objects merge key by key, later levels win, lists and
 * scalars are replaced, `undefined` leaves the earlier value. (Helm's `null` deletes a key; here `null` is kept
 * and passed on, so Helm still deletes it.)
 */
export function mergeValues<T extends Record<string, unknown>>(...levels: Array<Record<string, unknown> | undefined>): T {
  const out: Record<string, unknown> = {};
  for (const level of levels) {
    if (level === undefined) continue;
    for (const [key, value] of Object.entries(level)) {
      if (value === undefined) continue;
      const current = out[key];
      out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
    }
  }
  return out as T;
}

/** Sorts object keys recursively, so rendered values are the same whatever order they were declared in. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

/** Chart values as the YAML document `helm_release.values` takes (keys sorted, no line folding). */
export function valuesYaml(values: Record<string, unknown>): string {
  return stringify(sortKeys(values), { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** The Pod Security Admission labels of a namespace at one level: enforce, audit and warn. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/audit': level,
    'pod-security.kubernetes.io/warn': level,
  };
}
