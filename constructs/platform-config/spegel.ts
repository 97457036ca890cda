/**
 * Spegel, the stateless in-cluster registry mirror, on Talos. Pure data, no cdktf.
 *
 * - Talos' containerd reads registry mirror configuration from `/etc/cri/conf.d/hosts` (talos
 *   `internal/pkg/containers/cri/containerd/containerd.go`). Spegel writes to `/etc/containerd/certs.d` by default and,
 *   on containerd 2.x, skips its own check of that path, so without `spegel.containerdRegistryConfigPath` it silently
 *   mirrors nothing (spegel-org/spegel `charts/spegel/values.yaml` at v0.7.4; Spegel's compatibility notes, Talos).
 * - Spegel serves image layers out of containerd's content store, so containerd must keep layers after unpacking
 *   them (`discard_unpacked_layers = false`): the cluster's `containerd.discardUnpackedLayers: false`.
 * - Its DaemonSet mounts host paths and publishes a host port: a privileged namespace (see pod-security.ts).
 */

import { HelmValues } from './values';

/** The Spegel chart this library installs by default. Source: `oci://ghcr.io/spegel-org/helm-charts`, chart `spegel`. */
export const SPEGEL_CHART = {
  repository: 'oci://ghcr.io/spegel-org/helm-charts',
  chart: 'spegel',
  version: '0.7.4',
  namespace: 'spegel',
  releaseName: 'spegel',
} as const;

/** Where Talos' containerd reads registry mirror configuration. */
export const TALOS_CONTAINERD_REGISTRY_CONFIG_PATH = '/etc/cri/conf.d/hosts';

/** The chart values Spegel needs on Talos. */
export function spegelTalosValues(): HelmValues {
  return { spegel: { containerdRegistryConfigPath: TALOS_CONTAINERD_REGISTRY_CONFIG_PATH } };
}

/**
 * What keeps Spegel from working on a cluster, as `[path, message]` pairs: nodes that discard unpacked layers, and
 * values that point Spegel elsewhere than Talos' mirror configuration path.
 * @param nodes every node of the cluster with its resolved `discardUnpackedLayers`
 * @param values the release's merged chart values
 */
export function spegelProblems(clusterName: string, nodes: ReadonlyArray<{ hostname: string; discardUnpackedLayers?: boolean }>, values: Record<string, unknown>, path: string): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const discarding = nodes.filter((n) => n.discardUnpackedLayers !== false).map((n) => n.hostname);
  if (discarding.length > 0) {
    problems.push([path, `needs containerd to keep image layers after unpacking them, but on cluster '${clusterName}' ${discarding.join(', ')} discard${discarding.length === 1 ? 's' : ''} them (containerd's default), so Spegel would have nothing to serve: set nodeDefaults: { containerd: { discardUnpackedLayers: false } } on the cluster`]);
  }
  const spegel = values.spegel;
  const configPath = spegel !== null && typeof spegel === 'object' ? (spegel as Record<string, unknown>).containerdRegistryConfigPath : undefined;
  if (configPath !== TALOS_CONTAINERD_REGISTRY_CONFIG_PATH) {
    problems.push([`${path}.values.spegel.containerdRegistryConfigPath`, `is ${configPath === undefined ? 'unset (the chart writes to /etc/containerd/certs.d)' : `'${String(configPath)}'`}, but Talos' containerd reads mirrors from ${TALOS_CONTAINERD_REGISTRY_CONFIG_PATH}, so Spegel would silently mirror nothing: use platform.addSpegel(), which sets it, or set it to '${TALOS_CONTAINERD_REGISTRY_CONFIG_PATH}'`]);
  }
  return problems;
}
