import { TerraformStack } from 'cdktf';
import { Platform, PlatformProps } from '../constructs';
import { clusterAndPlatform, lanNode, releaseValues, synthPlatform, synthStacks, thrown } from './helpers/platform';

/** A cluster whose workers are GPU nodes (Tesla T4) at the given Talos versions, and a platform for it built afterwards. */
function gpuCluster(talosVersions: string[], platformProps: Omit<PlatformProps, 'cluster'> = {}, clusterVersion = 'v1.12.11') {
  const { app, cluster } = clusterAndPlatform({ talosVersion: clusterVersion, kubernetesVersion: '1.34.1' }, { workers: [] }, { gpuSupport: false });
  // One platform per cluster: the helper's own goes, this one is built below.
  app.node.tryRemoveChild('homelab-platform');
  // The platform reads the cluster's GPU nodes when it is built, so they are added before.
  for (const [i, v] of talosVersions.entries()) {
    cluster.addGpuWorker({ ...lanNode(`gpu${i + 1}`, `10.0.20.${31 + i}`, { talosVersion: v }), gpu: { model: 'Tesla T4' } });
  }
  const platform = new Platform(new TerraformStack(app, 'gpu-platform'), 'platform', { cluster, ...platformProps });
  return { app, platform, json: () => synthStacks(app).get('gpu-platform')! };
}

const GPU_SELECTOR = { gpu: 'true', 'nvidia.com/gpu.present': 'true' };
const GPU_TOLERATION = [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }];

describe('GpuSupport', () => {
  it('installs nothing without GPU nodes', () => {
    const { app, platform } = clusterAndPlatform();
    expect(platform.gpuSupport).toBeUndefined();
    expect(synthPlatform(app).resource).toBeUndefined();
  });

  it('on Talos 1.12: RuntimeClass nvidia and the device plugin with it, only on GPU nodes, tolerating their taint', () => {
    const { platform, json } = gpuCluster(['v1.12.11']);
    expect(platform.gpuSupport?.stack).toBe('device-plugin');
    const j = json();
    expect(j.resource.kubernetes_runtime_class_v1.nvidia).toMatchObject({ handler: 'nvidia', metadata: { name: 'nvidia' } });
    expect(j.resource.helm_release['nvidia-device-plugin']).toMatchObject({
      repository: 'https://nvidia.github.io/k8s-device-plugin', chart: 'nvidia-device-plugin', version: '0.20.0', namespace: 'nvidia-device-plugin',
      depends_on: ['kubernetes_namespace_v1.nvidia-device-plugin', 'kubernetes_runtime_class_v1.nvidia'],
    });
    expect(j.resource.kubernetes_namespace_v1['nvidia-device-plugin'].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(releaseValues(j, 'nvidia-device-plugin')).toEqual({ runtimeClassName: 'nvidia', nodeSelector: GPU_SELECTOR, tolerations: GPU_TOLERATION });
    expect(j.resource.helm_release['gpu-operator']).toBeUndefined();
  });

  it('on Talos 1.13: the GPU Operator with driver and toolkit off, driver root /usr/local, privileged namespace, GPU nodes only', () => {
    const { platform, json } = gpuCluster(['v1.13.9'], {}, 'v1.13.9');
    expect(platform.gpuSupport?.stack).toBe('gpu-operator');
    const j = json();
    expect(j.resource.helm_release['gpu-operator']).toMatchObject({
      repository: 'https://helm.ngc.nvidia.com/nvidia', chart: 'gpu-operator', version: 'v26.3.3', namespace: 'gpu-operator',
    });
    expect(j.resource.kubernetes_namespace_v1['gpu-operator'].metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged',
    });
    expect(releaseValues(j, 'gpu-operator')).toEqual({
      driver: { enabled: false },
      toolkit: { enabled: false },
      hostPaths: { driverInstallDir: '/usr/local' },
      operator: { nodeSelector: GPU_SELECTOR, tolerations: GPU_TOLERATION },
      daemonsets: { tolerations: GPU_TOLERATION },
      'node-feature-discovery': { worker: { nodeSelector: GPU_SELECTOR, tolerations: GPU_TOLERATION } },
    });
    expect(j.resource.kubernetes_runtime_class_v1).toBeUndefined();
    expect(j.resource.helm_release['nvidia-device-plugin']).toBeUndefined();
  });

  it('on Talos 1.14 too: the GPU Operator', () => {
    const { platform } = gpuCluster(['v1.14.0'], {}, 'v1.14.0');
    expect(platform.gpuSupport?.stack).toBe('gpu-operator');
  });

  it('takes a stack, a version and values explicitly', () => {
    const { json } = gpuCluster(['v1.13.9', 'v1.12.11'], { gpuSupport: { stack: 'gpu-operator', version: 'v26.3.2', values: { dcgmExporter: { enabled: false } } } }, 'v1.13.9');
    const j = json();
    expect(j.resource.helm_release['gpu-operator'].version).toBe('v26.3.2');
    expect(releaseValues(j, 'gpu-operator').dcgmExporter).toEqual({ enabled: false });
  });

  it('fails when GPU nodes run Talos on both sides of 1.13 and no stack is chosen', () => {
    expect(thrown(() => gpuCluster(['v1.12.11', 'v1.13.9'], {}, 'v1.13.9'))).toContain(
      "gpuSupport GPU nodes run Talos on both sides of 1.13 (device plugin: gpu1 (v1.12.11); GPU Operator: gpu2 (v1.13.9)): finish the upgrade, or pick one stack with gpuSupport: { stack: 'device-plugin' | 'gpu-operator' }");
  });

  it('fails when the GPU Operator is older than v26.3.1 on Talos 1.13', () => {
    expect(thrown(() => gpuCluster(['v1.13.9'], { gpuSupport: { version: 'v25.10.1' } }, 'v1.13.9'))).toContain(
      "gpuSupport.version 'v25.10.1' is older than v26.3.1, the first GPU Operator that works with Talos 1.13's driver and toolkit extensions");
  });

  it('fails when the GPU Operator is a pre-release of v26.3.1 (semver: older than the release)', () => {
    expect(thrown(() => gpuCluster(['v1.13.9'], { gpuSupport: { version: 'v26.3.1-rc.1' } }, 'v1.13.9'))).toContain(
      "gpuSupport.version 'v26.3.1-rc.1' is older than v26.3.1, the first GPU Operator that works with Talos 1.13's driver and toolkit extensions");
  });

  it('fails when GPU support is asked for but the cluster has no GPU nodes', () => {
    expect(thrown(() => clusterAndPlatform({}, {}, { gpuSupport: { stack: 'device-plugin' } }))).toContain(
      "gpuSupport is set, but cluster 'homelab' has no GPU nodes: add GPU nodes, or drop gpuSupport from the platform");
  });

  it('can be turned off', () => {
    const { platform } = gpuCluster(['v1.12.11'], { gpuSupport: false });
    expect(platform.gpuSupport).toBeUndefined();
  });
});
