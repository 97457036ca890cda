/**
 * Spegel on Talos (../shared/reference/talos-facts.md, section 8): containerd's mirror path, layers kept unpacked, a
 * privileged namespace.
 */
import { clusterAndPlatform, releaseValues, synthPlatform, synthStacksError, thrown } from './helpers/platform';

const keepLayers = { nodeDefaults: { containerd: { discardUnpackedLayers: false } } };

describe('Spegel', () => {
  // talos internal/pkg/containers/cri/containerd/containerd.go: containerd reads mirrors from /etc/cri/conf.d/hosts;
  // spegel-org/spegel charts/spegel/values.yaml at v0.7.4 defaults to /etc/containerd/certs.d.
  it('installs Spegel 0.7.4 with Talos\' containerd mirror path, in a privileged namespace', () => {
    const { app, platform } = clusterAndPlatform(keepLayers);
    platform.addSpegel();
    const json = synthPlatform(app);
    expect(json.resource.helm_release.spegel).toMatchObject({
      repository: 'oci://ghcr.io/spegel-org/helm-charts', chart: 'spegel', version: '0.7.4', namespace: 'spegel',
      depends_on: ['kubernetes_namespace_v1.spegel'],
    });
    expect(releaseValues(json, 'spegel')).toEqual({ spegel: { containerdRegistryConfigPath: '/etc/cri/conf.d/hosts' } });
    // charts/spegel/templates/daemonset.yaml at v0.7.4: hostPath mounts and a hostPort, which `baseline` rejects.
    expect(json.resource.kubernetes_namespace_v1.spegel.metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged',
    });
  });

  it('keeps the user\'s values over its own, and its version when given', () => {
    const { app, platform } = clusterAndPlatform(keepLayers);
    platform.addSpegel({ version: '0.7.3', values: { spegel: { mirrorResolveTimeout: '50ms' } } });
    const json = synthPlatform(app);
    expect(json.resource.helm_release.spegel.version).toBe('0.7.3');
    expect(releaseValues(json, 'spegel')).toEqual({ spegel: { containerdRegistryConfigPath: '/etc/cri/conf.d/hosts', mirrorResolveTimeout: '50ms' } });
  });

  it('fails when the cluster\'s nodes discard unpacked layers, naming them and the setting', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addSpegel();
    expect(synthStacksError(app)).toContain(
      "releases['spegel'] needs containerd to keep image layers after unpacking them, but on cluster 'homelab' cp1, w1, w2 discard them (containerd's default), so Spegel would have nothing to serve: set nodeDefaults: { containerd: { discardUnpackedLayers: false } } on the cluster");
  });

  it('fails when a generic release of the spegel chart keeps the chart\'s mirror path', () => {
    const { app, platform } = clusterAndPlatform(keepLayers);
    platform.addRelease({ name: 'spegel', repository: 'oci://ghcr.io/spegel-org/helm-charts', chart: 'spegel', version: '0.7.4' });
    expect(synthStacksError(app)).toContain(
      "releases['spegel'].values.spegel.containerdRegistryConfigPath is unset (the chart writes to /etc/containerd/certs.d), but Talos' containerd reads mirrors from /etc/cri/conf.d/hosts, so Spegel would silently mirror nothing: use platform.addSpegel(), which sets it, or set it to '/etc/cri/conf.d/hosts'");
  });

  it('accepts a generic release of the spegel chart with the right path, and gives it a privileged namespace', () => {
    const { app, platform } = clusterAndPlatform(keepLayers);
    platform.addRelease({
      name: 'mirror', repository: 'oci://ghcr.io/spegel-org/helm-charts', chart: 'spegel', version: '0.7.4',
      values: { spegel: { containerdRegistryConfigPath: '/etc/cri/conf.d/hosts' } },
    });
    expect(synthPlatform(app).resource.kubernetes_namespace_v1.mirror.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  it('fails when Spegel is added twice', () => {
    const { platform } = clusterAndPlatform(keepLayers);
    platform.addSpegel();
    expect(thrown(() => platform.addSpegel())).toContain("releases['spegel'] is installed twice by this platform");
  });
});
