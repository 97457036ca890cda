import { HelmRelease, HelmReleaseOptions } from '../constructs';
import { chartVersionProblem, compareVersions, mergeValues } from '../constructs/platform-config/values';
import { clusterAndPlatform, lanNode, releaseValues, synthPlatform, thrown } from './helpers/platform';

const chart = (name: string, extra: Partial<HelmReleaseOptions> = {}): HelmReleaseOptions => ({
  name, repository: `https://charts.example.com/${name}`, chart: name, version: '1.2.3', ...extra,
});

/** home-ops (seed 003): no built-in CNI, no kube-proxy, three control planes. */
function homeOps() {
  return clusterAndPlatform(
    {
      clusterName: 'main', kubernetes: { cni: 'none', kubeProxy: false, coreDns: false, allowSchedulingOnControlPlanes: true },
      nodeDefaults: { containerd: { discardUnpackedLayers: false } },
    },
    { controlPlanes: [lanNode('talos-m01', '10.0.20.11'), lanNode('talos-m02', '10.0.20.12'), lanNode('talos-m03', '10.0.20.13')], workers: [] },
  );
}

describe('HelmRelease', () => {
  it('installs a pinned chart into its own namespace, created first, waiting for readiness', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addRelease(chart('podinfo'));
    const json = synthPlatform(app);
    expect(json.resource.helm_release.podinfo).toMatchObject({
      name: 'podinfo', namespace: 'podinfo', repository: 'https://charts.example.com/podinfo', chart: 'podinfo', version: '1.2.3',
      wait: true, timeout: 600, depends_on: ['kubernetes_namespace_v1.podinfo'],
    });
    expect(json.resource.kubernetes_namespace_v1.podinfo.metadata).toEqual({ name: 'podinfo' });
  });

  it('labels the namespace for Pod Security Admission when asked', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addRelease(chart('node-exporter', { namespace: 'monitoring', podSecurity: 'privileged' }));
    const json = synthPlatform(app);
    expect(json.resource.kubernetes_namespace_v1.monitoring.metadata).toEqual({
      name: 'monitoring',
      labels: {
        'pod-security.kubernetes.io/audit': 'privileged',
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/warn': 'privileged',
      },
    });
  });

  it('shares one namespace between releases and never creates kube-system', () => {
    const { app, platform } = clusterAndPlatform({ kubernetes: { coreDns: false } });
    platform.addRelease(chart('a', { namespace: 'tools' }));
    platform.addRelease(chart('b', { namespace: 'tools' }));
    platform.addRelease(chart('coredns', { namespace: 'kube-system' }));
    const json = synthPlatform(app);
    expect(Object.keys(json.resource.kubernetes_namespace_v1)).toEqual(['tools']);
    expect(json.resource.helm_release.coredns.depends_on).toBeUndefined();
    expect(json.resource.helm_release.b.depends_on).toEqual(['kubernetes_namespace_v1.tools']);
  });

  it('renders typed values as one YAML document with sorted keys', () => {
    interface PodinfoValues { replicaCount?: number; ui?: { message?: string; color?: string } }
    const { app, platform } = clusterAndPlatform();
    const release: HelmRelease<PodinfoValues> = platform.addRelease<PodinfoValues>(chart('podinfo', { values: { ui: { message: 'hi', color: '#000' }, replicaCount: 2 } }));
    release.addValues({ ui: { message: 'hello' } });
    const json = synthPlatform(app);
    expect(json.resource.helm_release.podinfo.values).toEqual(['replicaCount: 2\nui:\n  color: "#000"\n  message: hello\n']);
    expect(releaseValues(json, 'podinfo')).toEqual({ replicaCount: 2, ui: { color: '#000', message: 'hello' } });
  });

  // Talos enforces Pod Security `baseline` outside kube-system (talos pkg/machinery/config/generate/init.go); charts whose
  // pods use host paths, host ports or networking, or privileged containers are never admitted there, and Helm's wait
  // times out. Each entry of the table was read from the chart's templates (see constructs/platform-config/pod-security.ts).
  describe('Pod Security by construction', () => {
    it.each(['spegel', 'metallb', 'prometheus-node-exporter', 'kube-prometheus-stack', 'longhorn', 'csi-driver-nfs', 'nvidia-device-plugin', 'gpu-operator', 'promtail', 'cilium'])(
      'gives a release of the %s chart a privileged namespace when it says nothing', (name) => {
        const { app, platform } = clusterAndPlatform({ nodeDefaults: { containerd: { discardUnpackedLayers: false } } });
        platform.addRelease({ ...chart(name), ...(name === 'spegel' ? { values: { spegel: { containerdRegistryConfigPath: '/etc/cri/conf.d/hosts' } } } : {}) });
        expect(synthPlatform(app).resource.kubernetes_namespace_v1[name].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
      });

    it('leaves other charts to the cluster default, and known charts in kube-system (exempt) unlabelled', () => {
      const { app, platform } = clusterAndPlatform();
      platform.addRelease(chart('podinfo'));
      platform.addRelease(chart('prometheus-node-exporter', { namespace: 'kube-system' }));
      const json = synthPlatform(app);
      expect(json.resource.kubernetes_namespace_v1.podinfo.metadata.labels).toBeUndefined();
      expect(Object.keys(json.resource.kubernetes_namespace_v1)).toEqual(['podinfo']);
    });

    it('fails when a level too low for the chart is asked for, and accepts privileged', () => {
      const { platform } = clusterAndPlatform();
      expect(thrown(() => platform.addRelease(chart('prometheus-node-exporter', { podSecurity: 'baseline' })))).toContain(
        "releases['prometheus-node-exporter'].podSecurity 'baseline' never admits the pods of chart 'prometheus-node-exporter' (its DaemonSet uses hostNetwork, hostPID and hostPath mounts of /proc, /sys and /), so Helm's wait would time out: use 'privileged' (the default for this chart)");
      expect(thrown(() => platform.addRelease(chart('longhorn', { podSecurity: 'restricted' })))).toContain("releases['longhorn'].podSecurity 'restricted' never admits");
      expect(() => platform.addRelease(chart('promtail', { podSecurity: 'privileged' }))).not.toThrow();
    });
  });

  it('fails when the platform installs CoreDNS while the cluster runs Talos\' own', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.addRelease(chart('coredns', { namespace: 'kube-system' })))).toContain(
      "releases['coredns'] installs CoreDNS, but cluster 'homelab' runs Talos' own CoreDNS (kubernetes.coreDns defaults to true): the two would fight over the kube-dns Service; set kubernetes.coreDns: false on the cluster");
  });

  it('orders releases like helmfile needs: cilium -> coredns -> spegel -> cert-manager -> external-secrets (seed 003)', () => {
    const { app, platform } = homeOps();
    const coredns = platform.addRelease(chart('coredns', { namespace: 'kube-system' }));
    const spegel = platform.addSpegel({ needs: [coredns] });
    const certManager = platform.addRelease(chart('cert-manager', { needs: [spegel] }));
    platform.addRelease(chart('external-secrets', { needs: [certManager] }));
    const r = synthPlatform(app).resource.helm_release;
    expect(r.cilium.depends_on).toBeUndefined();
    expect(r.coredns.depends_on).toEqual(['helm_release.cilium']);
    expect(r.spegel.depends_on).toEqual(['kubernetes_namespace_v1.spegel', 'helm_release.cilium', 'helm_release.coredns']);
    expect(r['cert-manager'].depends_on).toEqual(['kubernetes_namespace_v1.cert-manager', 'helm_release.cilium', 'helm_release.spegel']);
    expect(r['external-secrets'].depends_on).toEqual(['kubernetes_namespace_v1.external-secrets', 'helm_release.cilium', 'helm_release.cert-manager']);
  });

  it('adds needs after creation', () => {
    const { app, platform } = clusterAndPlatform();
    const a = platform.addRelease(chart('a'));
    const b = platform.addRelease(chart('b'));
    b.addNeeds(a);
    expect(synthPlatform(app).resource.helm_release.b.depends_on).toEqual(['kubernetes_namespace_v1.b', 'helm_release.a']);
  });

  it('fails when the chart version is missing', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.addRelease(chart('podinfo', { version: '' })))).toContain("releases['podinfo'].version is missing: pin the chart to an exact release, like '1.18.2'");
  });

  it.each(['^1.2.0', '~1.2', '1.2', '1.x', '>=1.0.0', '1.2.3 || 1.3.0', '*', 'latest'])('fails when the chart version is a range: %s', (version) => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.addRelease(chart('podinfo', { version })))).toContain(`releases['podinfo'].version '${version}' is not an exact chart version`);
  });

  it('accepts exact versions with or without a v, and pre-releases', () => {
    for (const v of ['1.2.3', 'v26.3.1', '0.20.0', '1.0.0-rc.1', '2.0.0+build.5']) expect(chartVersionProblem(v)).toBeUndefined();
  });

  it.each([' 1.2.3', '=1.2.3', 'V1.2.3', '01.2.3', '1.2.3-'])('fails when the chart version is not exact SemVer: %j', (version) => {
    expect(chartVersionProblem(version)).toContain('is not an exact chart version');
  });

  it('orders versions by SemVer precedence: a pre-release comes before its release', () => {
    expect(compareVersions('v26.3.1-rc.1', 'v26.3.1')).toBeLessThan(0);
    expect(compareVersions('v26.3.3', 'v26.3.1')).toBeGreaterThan(0);
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0+build.5', '2.0.0')).toBe(0);
  });

  it('fails when names, repository and chart are wrong, with every problem at once', () => {
    const { platform } = clusterAndPlatform();
    const message = thrown(() => platform.addRelease({ name: 'Bad_Name', repository: 'charts.example.com', chart: '', version: '1.0' }));
    expect(message).toContain("releases['Bad_Name'].name 'Bad_Name' is not a valid Helm release name");
    expect(message).toContain("releases['Bad_Name'].repository 'charts.example.com' is not a chart repository URL: write it like 'https://metallb.github.io/metallb'");
    expect(message).toContain("releases['Bad_Name'].chart is empty");
    expect(message).toContain("releases['Bad_Name'].version '1.0' is not an exact chart version");
  });

  it('fails when a release name is used twice', () => {
    const { platform } = clusterAndPlatform();
    platform.addRelease(chart('a'));
    expect(thrown(() => platform.addRelease(chart('a', { namespace: 'other' })))).toContain("releases['a'] is installed twice by this platform: give each release its own name");
  });

  it('fails when two releases ask one namespace for different pod security levels', () => {
    const { platform } = clusterAndPlatform();
    platform.addRelease(chart('a', { namespace: 'tools', podSecurity: 'privileged' }));
    expect(thrown(() => platform.addRelease(chart('b', { namespace: 'tools', podSecurity: 'restricted' }))))
      .toContain("namespaces['tools'].podSecurity is 'privileged', but release 'b' asks for 'restricted': use one level for the namespace, or install into separate namespaces");
  });

  it('fails when pod security is asked of a namespace Kubernetes owns', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.addRelease(chart('a', { namespace: 'kube-system', podSecurity: 'privileged' }))))
      .toContain("releases['a'].podSecurity 'privileged' cannot be applied: namespace 'kube-system' is created by Kubernetes");
  });

  it('fails when a release needs itself', () => {
    const { platform } = clusterAndPlatform();
    const a = platform.addRelease(chart('a'));
    expect(thrown(() => a.addNeeds(a), a)).toContain("releases['a'].needs lists the release itself: a release cannot wait for itself");
  });
});

describe('mergeValues', () => {
  it('merges objects key by key, replaces lists and scalars, skips undefined and keeps null', () => {
    expect(mergeValues(
      { a: { b: 1, c: [1, 2] }, d: 'x', e: 1 },
      { a: { c: [3], f: true }, d: undefined, e: null },
    )).toEqual({ a: { b: 1, c: [3], f: true }, d: 'x', e: null });
  });
});
