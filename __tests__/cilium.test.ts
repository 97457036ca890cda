import { Cni } from '../constructs';
import { clusterAndPlatform, lanNode, releaseValues, synthPlatform, thrown } from './helpers/platform';

const TALOS_VALUES = {
  ipam: { mode: 'kubernetes' },
  k8sServiceHost: 'localhost',
  k8sServicePort: 7445,
  cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
  securityContext: {
    capabilities: {
      ciliumAgent: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
      cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
    },
  },
};

const THREE_CONTROL_PLANES = { controlPlanes: [lanNode('m1', '10.0.20.11'), lanNode('m2', '10.0.20.12'), lanNode('m3', '10.0.20.13')], workers: [] };

describe('Cilium and the cluster\'s CNI', () => {
  it('installs nothing for Talos\' Flannel', () => {
    const { app, platform } = clusterAndPlatform();
    expect(platform.cilium).toBeUndefined();
    expect(synthPlatform(app).resource).toBeUndefined();
  });

  it('derives Cilium replacing kube-proxy from a cluster without CNI and kube-proxy (seed 003), with the Talos values', () => {
    const { app, platform } = clusterAndPlatform({ kubernetes: { cni: 'none', kubeProxy: false } }, THREE_CONTROL_PLANES);
    expect(platform.cilium?.kubeProxyReplacement).toBe(true);
    const json = synthPlatform(app);
    expect(json.resource.helm_release.cilium).toMatchObject({
      repository: 'https://helm.cilium.io/', chart: 'cilium', version: '1.19.5', namespace: 'kube-system', wait: true,
    });
    expect(json.resource.helm_release.cilium.depends_on).toBeUndefined();
    expect(releaseValues(json, 'cilium')).toEqual({ ...TALOS_VALUES, kubeProxyReplacement: true });
  });

  it('keeps kube-proxy when the cluster runs it, and runs one operator on a single node', () => {
    const { app } = clusterAndPlatform({ kubernetes: { cni: 'none' } }, { controlPlanes: [lanNode('m1', '10.0.20.11')], workers: [] });
    expect(releaseValues(synthPlatform(app), 'cilium')).toEqual({ ...TALOS_VALUES, kubeProxyReplacement: false, operator: { replicas: 1 } });
  });

  it('takes a pinned version and values over the Talos values', () => {
    const { app } = clusterAndPlatform({ kubernetes: { cni: 'none', kubeProxy: false } }, THREE_CONTROL_PLANES, {
      cni: Cni.cilium({ version: '1.18.1', values: { hubble: { relay: { enabled: true } }, ipam: { mode: 'kubernetes' } } }),
    });
    const json = synthPlatform(app);
    expect(json.resource.helm_release.cilium.version).toBe('1.18.1');
    expect(releaseValues(json, 'cilium').hubble).toEqual({ relay: { enabled: true } });
  });

  it('installs every other release after Cilium', () => {
    const { app, platform } = clusterAndPlatform({ kubernetes: { cni: 'none', kubeProxy: false } }, THREE_CONTROL_PLANES);
    platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'] });
    platform.addRelease({ name: 'app', namespace: 'kube-system', repository: 'https://charts.example.com', chart: 'app', version: '1.0.0' });
    const r = synthPlatform(app).resource.helm_release;
    for (const name of ['metallb', 'metallb-pool-lan', 'app']) expect(r[name].depends_on).toContain('helm_release.cilium');
  });

  it('fails when Cilium is requested but the cluster uses Flannel', () => {
    expect(thrown(() => clusterAndPlatform({}, {}, { cni: Cni.cilium() }))).toContain(
      "cni is Cilium, but cluster 'homelab' runs Talos' Flannel (kubernetes.cni defaults to 'flannel'): two CNIs fight over pod networking; set kubernetes.cni: 'none' on the cluster");
  });

  it('fails when the cluster has no CNI and the platform installs none', () => {
    expect(thrown(() => clusterAndPlatform({ kubernetes: { cni: 'none' } }, {}, { cni: Cni.flannel() }))).toContain(
      "cni is Flannel (nothing to install), but cluster 'homelab' runs without a built-in CNI (kubernetes.cni 'none'), so no pod could start: use Cni.cilium()");
  });

  it('fails when kube-proxy is disabled but nothing replaces it', () => {
    expect(thrown(() => clusterAndPlatform({ kubernetes: { cni: 'none', kubeProxy: false } }, {}, { cni: Cni.cilium({ kubeProxyReplacement: false }) }))).toContain(
      "cni.kubeProxyReplacement is false, but cluster 'homelab' disables kube-proxy (kubernetes.kubeProxy false), so nothing would implement Services");
    expect(thrown(() => clusterAndPlatform({ kubernetes: { kubeProxy: false } }))).toContain(
      "cni is Flannel, but cluster 'homelab' disables kube-proxy (kubernetes.kubeProxy false) and Flannel does not replace it");
  });

  it('fails when Cilium would replace a kube-proxy the cluster still runs', () => {
    expect(thrown(() => clusterAndPlatform({ kubernetes: { cni: 'none' } }, {}, { cni: Cni.cilium({ kubeProxyReplacement: true }) }))).toContain(
      "cni.kubeProxyReplacement is true, but cluster 'homelab' still runs kube-proxy");
  });

  it('fails when the Cilium version is a range', () => {
    expect(thrown(() => clusterAndPlatform({ kubernetes: { cni: 'none' } }, {}, { cni: Cni.cilium({ version: '1.18.x' }) }))).toContain(
      "releases['cilium'].version '1.18.x' is not an exact chart version");
  });
});
