import { clusterAndPlatform, synthPlatform, thrown } from './helpers/platform';

describe('KubernetesNamespace', () => {
  it('creates a namespace with labels and a Pod Security level, once per name', () => {
    const { app, platform } = clusterAndPlatform();
    const ns = platform.namespace({ name: 'media', labels: { team: 'home' } });
    expect(platform.namespace({ name: 'media', podSecurity: 'baseline' })).toBe(ns);
    expect(synthPlatform(app).resource.kubernetes_namespace_v1.media.metadata).toEqual({
      name: 'media',
      labels: {
        'pod-security.kubernetes.io/audit': 'baseline', 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'baseline', team: 'home',
      },
    });
  });

  it('fails when asked to create a namespace Kubernetes owns', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.namespace({ name: 'kube-system', podSecurity: 'privileged' }))).toContain("namespaces['kube-system'] is created by Kubernetes itself");
  });

  it('fails when the name is not a DNS label', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.namespace({ name: 'Media' }))).toContain("namespaces['Media'].name 'Media' is not a valid name");
  });

  it('fails when labels are given a second time', () => {
    const { platform } = clusterAndPlatform();
    platform.namespace({ name: 'media' });
    expect(thrown(() => platform.namespace({ name: 'media', labels: { a: 'b' } }))).toContain("namespaces['media'].labels are given for a namespace that already exists: give its labels where it is first declared");
  });
});
