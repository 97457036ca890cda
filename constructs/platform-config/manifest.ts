/** Kubernetes manifests as plain data. */

/** One Kubernetes object, e.g. a MetalLB `IPAddressPool` or a cert-manager `ClusterIssuer`. */
export interface KubernetesManifest {
  /** `group/version`, e.g. `metallb.io/v1beta1`. */
  readonly apiVersion: string;
  /** The kind, e.g. `IPAddressPool`. */
  readonly kind: string;
  /** Name, namespace, labels, annotations. */
  readonly metadata: {
    /** The object's name. */
    readonly name: string;
    /**
     * The object's namespace.
     * @default - the namespace of the release that creates it (namespaced kinds only)
     */
    readonly namespace?: string;
    /**
     * Labels.
     * @default - none
     */
    readonly labels?: Record<string, string>;
    /**
     * Annotations.
     * @default - none
     */
    readonly annotations?: Record<string, string>;
  };
  /** The rest of the object (`spec`, `data`, ...). */
  readonly [field: string]: unknown;
}

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;

/** Problems of one manifest's identity (apiVersion, kind, metadata.name), as `[field, message]` pairs. */
export function manifestProblems(m: KubernetesManifest): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (typeof m.apiVersion !== 'string' || !/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(m.apiVersion)) {
    problems.push(['apiVersion', `${q(m.apiVersion)} is not an API version: write it like 'metallb.io/v1beta1' or 'v1'`]);
  } else if (m.apiVersion === 'external-secrets.io/v1beta1') {
    // external-secrets serves v1 since v0.16.0 and stopped serving v1beta1 in v0.17.0 (`served: false` in
    // config/crds/bases/external-secrets.io_externalsecrets.yaml); 2.x brings it back only with the chart value
    // `crds.unsafeServeV1Beta1`, a flag due for removal (helm-chart-2.9.0, deploy/charts/external-secrets/values.yaml).
    problems.push(['apiVersion', `${q(m.apiVersion)} is not served by external-secrets 0.17 and newer (2.x included): write 'external-secrets.io/v1', served since 0.16`]);
  }
  if (typeof m.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(m.kind)) {
    problems.push(['kind', `${q(m.kind)} is not a kind: write it like 'IPAddressPool'`]);
  }
  const name = m.metadata?.name;
  if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
    problems.push(['metadata.name', `${q(name)} is not an object name: lower-case letters, digits, '-' and '.', like 'lan'`]);
  }
  return problems;
}
