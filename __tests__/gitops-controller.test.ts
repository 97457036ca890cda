/**
 * `platform.addGitOps()`: Flux (flux-operator chart and a FluxInstance) or Argo CD (argo-cd chart and a root
 * Application) after the platform's other releases, credentials only as references (docs/day2-research.md).
 */
import { TerraformVariable } from 'cdktf';
import { GitCredentials, GitOps } from '../constructs';
import { customResourceErrors } from './helpers/crd-oracle';
import { clusterAndPlatform, releaseValues, synthPlatform, thrown } from './helpers/platform';

const HOME_OPS = GitOps.flux({ url: 'https://github.com/tscibilia/home-ops.git', path: 'kubernetes/flux/cluster' });
const KNOWN_HOSTS = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const POD_SECURITY = (level: string): Record<string, string> => ({
  'pod-security.kubernetes.io/audit': level, 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': level,
});

describe('GitOps handoff to Flux', () => {
  it('installs the flux-operator chart, pinned, into flux-system enforcing restricted, then the FluxInstance', () => {
    const { app, platform } = clusterAndPlatform();
    const gitops = platform.addGitOps(HOME_OPS);
    expect([gitops.tool, gitops.namespace]).toEqual(['flux', 'flux-system']);
    const json = synthPlatform(app);
    expect(json.resource.helm_release['flux-operator']).toMatchObject({
      repository: 'oci://ghcr.io/controlplaneio-fluxcd/charts', chart: 'flux-operator', version: '0.58.1', namespace: 'flux-system',
      depends_on: ['kubernetes_namespace_v1.flux-system'],
    });
    expect(json.resource.kubernetes_namespace_v1['flux-system'].metadata.labels).toEqual(POD_SECURITY('restricted'));
    expect(json.resource.helm_release['flux-instance'].depends_on).toEqual(['kubernetes_namespace_v1.flux-system', 'helm_release.flux-operator']);
    const [instance] = releaseValues(json, 'flux-instance').manifests;
    expect(instance.spec.sync).toEqual({ kind: 'GitRepository', url: 'https://github.com/tscibilia/home-ops.git', ref: 'refs/heads/main', path: 'kubernetes/flux/cluster' });
    expect(customResourceErrors(instance)).toEqual([]);
  });

  it('is installed after the CNI and every release and pool declared before it', () => {
    const { app, platform } = clusterAndPlatform({ kubernetes: { cni: 'none' } });
    const certManager = platform.addRelease({ name: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' });
    platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.240/29'] });
    platform.addGitOps(HOME_OPS);
    // Declared after the handoff: it may need what GitOps brings (CRDs), so the controller does not wait for it.
    platform.addRelease({ name: 'late', repository: 'https://charts.example.com', chart: 'late', version: '1.0.0', needs: [certManager] });
    const releases = synthPlatform(app).resource.helm_release;
    expect(releases['flux-operator'].depends_on).toEqual([
      'kubernetes_namespace_v1.flux-system', 'helm_release.cilium', 'helm_release.cert-manager', 'helm_release.metallb', 'helm_release.metallb-pool-lan',
    ]);
    expect(releases.late.depends_on).not.toContain('helm_release.flux-operator');
  });

  it('names a private repository\'s Secret in the FluxInstance, creating it from a sensitive token', () => {
    const { app, platformStack, platform } = clusterAndPlatform();
    const token = new TerraformVariable(platformStack, 'git_token', { type: 'string', sensitive: true });
    const gitops = platform.addGitOps(GitOps.flux({ url: 'https://github.com/org/fleet.git', path: 'clusters/home', credentials: GitCredentials.token({ token: token.stringValue }) }));
    expect(gitops.credentialsSecret).toBeDefined();
    const json = synthPlatform(app);
    expect(json.resource.kubernetes_secret_v1['flux-system_gitops-repository']).toEqual({
      metadata: { name: 'gitops-repository', namespace: 'flux-system' },
      data: { password: '${var.git_token}', username: 'git' },
      depends_on: ['kubernetes_namespace_v1.flux-system'],
    });
    expect(releaseValues(json, 'flux-instance').manifests[0].spec.sync.pullSecret).toBe('gitops-repository');
    expect(json.resource.helm_release['flux-instance'].depends_on).toContain('kubernetes_secret_v1.flux-system_gitops-repository');
  });

  it('fails when the repository URL is in scp form, with the ssh:// rewrite', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.addGitOps(GitOps.flux({ url: 'git@github.com:org/fleet.git', path: '.', credentials: GitCredentials.fromSecret('deploy-key') })))).toContain(
      "gitops.url 'git@github.com:org/fleet.git' is in scp form, which Flux rejects (its GitRepository takes http, https or ssh URLs only): write it as 'ssh://git@github.com/org/fleet.git'");
  });
});

describe('GitOps handoff to Argo CD', () => {
  it('installs the argo-cd chart into argocd (labelled baseline), then the root Application, without a cascading finalizer', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addGitOps(GitOps.argoCd({ url: 'https://github.com/example/pi-apps.git', path: 'apps' }));
    const json = synthPlatform(app);
    expect(json.resource.helm_release.argocd).toMatchObject({ repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '10.1.1', namespace: 'argocd' });
    expect(json.resource.kubernetes_namespace_v1.argocd.metadata.labels).toEqual(POD_SECURITY('baseline'));
    expect(json.resource.helm_release['argocd-root'].depends_on).toEqual(['kubernetes_namespace_v1.argocd', 'helm_release.argocd']);
    const [root] = releaseValues(json, 'argocd-root').manifests;
    expect(root).toEqual({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'root', namespace: 'argocd' },
      spec: {
        project: 'default', source: { repoURL: 'https://github.com/example/pi-apps.git', targetRevision: 'main', path: 'apps' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' }, syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(customResourceErrors(root)).toEqual([]);
  });

  it('creates the repository Secret Argo CD finds by label, from a sensitive deploy key, and the host keys as chart values', () => {
    const { app, platformStack, platform } = clusterAndPlatform();
    const key = new TerraformVariable(platformStack, 'git_deploy_key', { type: 'string', sensitive: true });
    platform.addGitOps(GitOps.argoCd({
      url: 'ssh://git@github.com/example/pi-apps.git', path: 'apps',
      credentials: GitCredentials.sshKey({ privateKey: key.stringValue, knownHosts: KNOWN_HOSTS }), values: { server: { replicas: 2 } },
    }));
    const json = synthPlatform(app);
    expect(json.resource.kubernetes_secret_v1['argocd_gitops-repository']).toEqual({
      metadata: { name: 'gitops-repository', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      data: { sshPrivateKey: '${var.git_deploy_key}', type: 'git', url: 'ssh://git@github.com/example/pi-apps.git' },
      depends_on: ['kubernetes_namespace_v1.argocd'],
    });
    expect(releaseValues(json, 'argocd')).toEqual({ configs: { ssh: { extraHosts: KNOWN_HOSTS } }, server: { replicas: 2 } });
    expect(JSON.stringify(json.resource.helm_release)).not.toContain('var.git_deploy_key');
  });

  it('fails when the chart version is not pinned', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.addGitOps(GitOps.argoCd({ url: 'https://github.com/example/pi-apps.git', path: 'apps', version: '10.x' })))).toContain("gitops.version '10.x' is not an exact chart version");
  });
});

describe('one handoff per platform', () => {
  it('fails when a second controller is declared, naming the first', () => {
    const { platform } = clusterAndPlatform();
    platform.addGitOps(HOME_OPS);
    expect(thrown(() => platform.addGitOps(GitOps.argoCd({ url: 'https://github.com/example/pi-apps.git', path: 'apps' })))).toContain(
      'gitops is declared twice (Flux first): a cluster has one GitOps controller; keep one addGitOps()');
  });

  it('fails when a token is a literal, without repeating it', () => {
    const { platform } = clusterAndPlatform();
    const message = thrown(() => platform.addGitOps(GitOps.flux({ url: 'https://github.com/org/fleet.git', path: '.', credentials: GitCredentials.token({ token: 'ghp_exampletoken' }) })));
    expect(message).toContain('gitops.credentials.token is a literal value, so the Git token would be written in clear into the synthesized JSON');
    expect(message).not.toContain('ghp_exampletoken');
  });
});
