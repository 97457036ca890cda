import {
  ARGO_CD_CHART, branchProblem, FLUX_OPERATOR_CHART, GitCredentials, gitCredentialsSecret, GitOps, gitOpsChart, gitOpsProblems,
  gitOpsValues, renderArgoCdApplication, renderFluxInstance, renderGitOpsResources, repositoryPathProblem,
} from '../../constructs/platform-config/gitops';
import { CRD_FILES, customResourceErrors, servedKinds } from '../helpers/crd-oracle';
import { readSources } from '../../scripts/oracles';

const TOKEN = '${var.git_token}';
const DEPLOY_KEY = '${var.git_deploy_key}';
const KNOWN_HOSTS = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

/** home-ops (seed 003): Flux on the onedr0p cluster-template layout, a public repository. */
const HOME_OPS = GitOps.flux({ url: 'https://github.com/tscibilia/home-ops.git', path: 'kubernetes/flux/cluster' });
/** pi (seeds 000/004): Argo CD from a private repository over HTTPS. */
const PI = GitOps.argoCd({ url: 'https://github.com/example/pi-apps.git', path: 'apps', credentials: GitCredentials.token({ token: TOKEN }) });

const problems = (g: GitOps): string[] => gitOpsProblems(g, { path: 'gitops' }).map((p) => `${p.path} ${p.message}`);

describe('vendored CRD oracles', () => {
  it('are listed in oracles/sources.json (whose hashes __tests__/oracles.test.ts checks)', () => {
    const sources = readSources();
    for (const [folder, file] of CRD_FILES) expect([folder, file, sources[folder]?.files[file]?.sha256]).toEqual([folder, file, expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('serve the kinds the library renders', () => {
    expect(servedKinds()).toEqual(['argoproj.io/v1alpha1/Application', 'fluxcd.controlplane.io/v1/FluxInstance', 'talos.dev/v1alpha1/ServiceAccount']);
  });
});

describe('Flux', () => {
  it('renders the FluxInstance for home-ops: pinned Flux, the bootstrap controllers, the branch as a ref', () => {
    expect(renderFluxInstance(HOME_OPS)).toEqual({
      apiVersion: 'fluxcd.controlplane.io/v1',
      kind: 'FluxInstance',
      metadata: { name: 'flux', namespace: 'flux-system' },
      spec: {
        distribution: { version: '2.9.4', registry: 'ghcr.io/fluxcd' },
        components: ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'],
        sync: { kind: 'GitRepository', url: 'https://github.com/tscibilia/home-ops.git', ref: 'refs/heads/main', path: 'kubernetes/flux/cluster' },
      },
    });
  });

  it('validates against the FluxInstance CRD of flux-operator v0.58.1, and is named flux (the CRD\'s CEL rule)', () => {
    const withEverything = GitOps.flux({ url: 'ssh://git@github.com/org/fleet.git', branch: 'prod', path: './clusters/home', interval: '5m', components: ['source-controller', 'kustomize-controller'], credentials: GitCredentials.fromSecret('fleet-deploy-key') });
    for (const g of [HOME_OPS, withEverything]) {
      const fi = renderFluxInstance(g);
      expect(customResourceErrors(fi)).toEqual([]);
      expect(fi.metadata.name).toBe('flux');
    }
    expect((renderFluxInstance(withEverything).spec as any).sync).toEqual({ kind: 'GitRepository', url: 'ssh://git@github.com/org/fleet.git', ref: 'refs/heads/prod', path: './clusters/home', pullSecret: 'fleet-deploy-key', interval: '5m' });
    expect(customResourceErrors({ ...renderFluxInstance(HOME_OPS), spec: { sync: { kind: 'GitRepository' } } })).toEqual([
      'FluxInstance/flux/spec must have required property \'distribution\' {"missingProperty":"distribution"}',
      'FluxInstance/flux/spec/sync must have required property \'path\' {"missingProperty":"path"}',
      'FluxInstance/flux/spec/sync must have required property \'ref\' {"missingProperty":"ref"}',
      'FluxInstance/flux/spec/sync must have required property \'url\' {"missingProperty":"url"}',
    ]);
  });

  it('installs the flux-operator chart pinned, into flux-system, enforcing restricted', () => {
    expect(gitOpsChart(HOME_OPS)).toEqual({ repository: 'oci://ghcr.io/controlplaneio-fluxcd/charts', chart: 'flux-operator', version: '0.58.1', namespace: 'flux-system', releaseName: 'flux-operator', podSecurity: 'restricted' });
    expect(gitOpsChart(GitOps.flux({ url: HOME_OPS.repository.url, path: '.', operatorVersion: '0.57.0' })).version).toBe('0.57.0');
    expect(FLUX_OPERATOR_CHART.podSecurity).toBe('restricted');
  });

  it('fails when the URL is in scp form, which Flux rejects, suggesting the ssh:// form', () => {
    expect(problems(GitOps.flux({ url: 'git@github.com:org/fleet.git', path: '.', credentials: GitCredentials.fromSecret('key') }))).toEqual([
      'gitops.url \'git@github.com:org/fleet.git\' is in scp form, which Flux rejects (its GitRepository takes http, https or ssh URLs only): write it as \'ssh://git@github.com/org/fleet.git\'',
    ]);
  });

  it('fails when the Flux version is a range, or the chart is not pinned', () => {
    expect(problems(GitOps.flux({ url: HOME_OPS.repository.url, path: '.', fluxVersion: '2.9.x', operatorVersion: 'latest' }))).toEqual([
      'gitops.operatorVersion \'latest\' is not an exact chart version (ranges, wildcards and partial versions float to new releases): pin one release, like \'1.18.2\'',
      'gitops.fluxVersion \'2.9.x\' is not one Flux release (a range like \'2.9.x\' lets the operator upgrade Flux without a change here): pin one, like \'2.9.4\'',
    ]);
  });

  it('fails when the components cannot fetch and apply the repository, list one twice, or the interval is not a duration', () => {
    expect(problems(GitOps.flux({ url: HOME_OPS.repository.url, path: '.', components: ['helm-controller', 'helm-controller'], interval: '5 minutes' }))).toEqual([
      'gitops.components \'["helm-controller","helm-controller"]\' lacks source-controller or kustomize-controller, without which Flux cannot fetch and apply the repository: keep both',
      'gitops.components[1] \'helm-controller\' is listed twice: list each controller once',
      'gitops.interval \'5 minutes\' is not a duration Flux accepts: write it like \'1m\', \'5m\' or \'1h30m\'',
    ]);
  });

  it('creates the credentials Secret in the format Flux reads: username/password, or identity/known_hosts', () => {
    expect(gitCredentialsSecret(GitOps.flux({ url: 'https://github.com/org/private.git', path: '.', credentials: GitCredentials.token({ token: TOKEN }) }))).toEqual({
      name: 'gitops-repository', namespace: 'flux-system', sensitiveData: { password: TOKEN }, data: { username: 'git' },
    });
    expect(gitCredentialsSecret(GitOps.flux({ url: 'ssh://git@github.com/org/private.git', path: '.', credentials: GitCredentials.sshKey({ privateKey: DEPLOY_KEY, knownHosts: KNOWN_HOSTS, secretName: 'fleet' }) }))).toEqual({
      name: 'fleet', namespace: 'flux-system', sensitiveData: { identity: DEPLOY_KEY }, data: { known_hosts: KNOWN_HOSTS },
    });
    expect(renderFluxInstance(GitOps.flux({ url: 'https://github.com/org/private.git', path: '.', credentials: GitCredentials.token({ token: TOKEN }) })).spec).toMatchObject({ sync: { pullSecret: 'gitops-repository' } });
  });
});

describe('Argo CD', () => {
  it('renders the root Application for pi: in-cluster, automated sync with prune and self-heal, no cascading finalizer', () => {
    const app = renderArgoCdApplication(PI);
    expect(app).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'root', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/example/pi-apps.git', targetRevision: 'main', path: 'apps' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(app.metadata).not.toHaveProperty('finalizers');
  });

  it('validates against the Application CRD of the argo-cd chart 10.1.1', () => {
    const custom = GitOps.argoCd({ url: 'git@github.com:org/apps.git', branch: 'prod', path: '.', applicationName: 'cluster-apps', destinationNamespace: 'apps', prune: false, selfHeal: false, credentials: GitCredentials.sshKey({ privateKey: DEPLOY_KEY, knownHosts: KNOWN_HOSTS }) });
    expect(customResourceErrors(renderArgoCdApplication(PI))).toEqual([]);
    expect(customResourceErrors(renderArgoCdApplication(custom))).toEqual([]);
    expect(renderArgoCdApplication(custom).spec).toMatchObject({ source: { targetRevision: 'prod' }, destination: { namespace: 'apps' }, syncPolicy: { automated: { prune: false, selfHeal: false } } });
    expect(customResourceErrors({ ...renderArgoCdApplication(PI), spec: { project: 'default', destination: {}, source: { repoUrl: 'x' } } })).toEqual([
      'Application/root/spec/source must have required property \'repoURL\' {"missingProperty":"repoURL"}',
      'Application/root/spec/source must NOT have additional properties {"additionalProperty":"repoUrl"}',
    ]);
  });

  it('installs the argo-cd chart pinned, into argocd, at Talos\' default baseline', () => {
    expect(gitOpsChart(PI)).toEqual({ repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '10.1.1', namespace: 'argocd', releaseName: 'argocd', podSecurity: 'baseline' });
    expect(ARGO_CD_CHART.podSecurity).toBe('baseline');
  });

  it('accepts scp-form URLs, which Argo CD clones', () => {
    expect(problems(GitOps.argoCd({ url: 'git@github.com:org/apps.git', path: '.', credentials: GitCredentials.sshKey({ privateKey: DEPLOY_KEY, knownHosts: KNOWN_HOSTS }) }))).toEqual([]);
  });

  it('creates a repository Secret Argo CD finds by label and URL; known hosts go to the chart values', () => {
    expect(gitCredentialsSecret(PI)).toEqual({
      name: 'gitops-repository', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repository' },
      sensitiveData: { password: TOKEN }, data: { type: 'git', url: 'https://github.com/example/pi-apps.git', username: 'git' },
    });
    const ssh = GitOps.argoCd({ url: 'ssh://git@github.com/org/apps.git', path: '.', credentials: GitCredentials.sshKey({ privateKey: DEPLOY_KEY, knownHosts: KNOWN_HOSTS }) });
    expect(gitCredentialsSecret(ssh)).toEqual({
      name: 'gitops-repository', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repository' },
      sensitiveData: { sshPrivateKey: DEPLOY_KEY }, data: { type: 'git', url: 'ssh://git@github.com/org/apps.git' },
    });
    expect(gitOpsValues(ssh)).toEqual({ configs: { ssh: { extraHosts: KNOWN_HOSTS } } });
    expect(gitOpsValues(PI)).toEqual({});
  });

  it('fails when the chart version is not pinned or the names are invalid', () => {
    expect(problems(GitOps.argoCd({ url: PI.repository.url, path: '.', version: '10.x', applicationName: 'Root', destinationNamespace: 'Apps_NS' }))).toEqual([
      'gitops.version \'10.x\' is not an exact chart version (ranges, wildcards and partial versions float to new releases): pin one release, like \'1.18.2\'',
      'gitops.applicationName \'Root\' is not an object name: lower-case letters, digits, \'-\' and \'.\', like \'root\'',
      'gitops.destinationNamespace \'Apps_NS\' is not a namespace name: lower-case letters, digits and \'-\', like \'argocd\'',
    ]);
  });
});

describe('repository, branch and path checks', () => {
  it('accept the examples', () => {
    expect(problems(HOME_OPS)).toEqual([]);
    expect(problems(PI)).toEqual([]);
  });

  it('fail when the URL carries credentials, and never repeat the token back as fine', () => {
    const found = problems(GitOps.flux({ url: 'https://x-access-token:ghp_abc@github.com/org/fleet.git', path: '.' }));
    expect(found).toEqual(['gitops.url \'https://x-access-token:ghp_abc@github.com/org/fleet.git\' carries credentials in the URL, which would be written in clear into the synthesized JSON: remove them and use credentials: GitCredentials.token({...}) or GitCredentials.fromSecret(\'...\')']);
    expect(problems(GitOps.argoCd({ url: 'https://user@github.com/org/apps.git', path: '.' }))[0]).toMatch(/carries credentials in the URL/);
  });

  it('fail when the URL is not an http(s) or ssh repository', () => {
    expect(problems(GitOps.flux({ url: 'ftp://github.com/org/fleet.git', path: '.' }))[0]).toMatch(/^gitops.url 'ftp:\/\/github.com\/org\/fleet.git' uses 'ftp:', which neither Flux nor Argo CD clone from/);
    expect(problems(GitOps.flux({ url: 'https://github.com', path: '.' }))[0]).toMatch(/names no repository on the server/);
    expect(problems(GitOps.flux({ url: 'github.com/org/fleet', path: '.' }))[0]).toMatch(/is not a repository URL/);
    expect(problems(GitOps.flux({ url: 'https://github.com/org/fleet.git#main', path: '.' }))[0]).toMatch(/has a query or fragment/);
  });

  it('fail when an SSH URL has no key, or the credentials do not fit the transport', () => {
    expect(problems(GitOps.flux({ url: 'ssh://git@github.com/org/fleet.git', path: '.' }))).toEqual([
      'gitops.credentials are missing, and \'ssh://git@github.com/org/fleet.git\' is an SSH URL, which always needs a key: give credentials: GitCredentials.sshKey({...}) or GitCredentials.fromSecret(\'...\'), or use an https:// URL for a public repository',
    ]);
    expect(problems(GitOps.flux({ url: 'ssh://git@github.com/org/fleet.git', path: '.', credentials: GitCredentials.token({ token: TOKEN }) }))[0]).toMatch(/^gitops.credentials is a token, but 'ssh:\/\/git@github.com\/org\/fleet.git' is an SSH URL/);
    expect(problems(GitOps.flux({ url: 'https://github.com/org/fleet.git', path: '.', credentials: GitCredentials.sshKey({ privateKey: DEPLOY_KEY, knownHosts: KNOWN_HOSTS }) }))[0]).toMatch(/^gitops.credentials is an SSH key, but 'https:\/\/github.com\/org\/fleet.git' is not an SSH URL/);
  });

  it('fail when a token or key is a literal, or known hosts are missing', () => {
    const literal = problems(GitOps.flux({ url: 'https://github.com/org/fleet.git', path: '.', credentials: GitCredentials.token({ token: 'ghp_literal' }) }));
    expect(literal).toHaveLength(1);
    expect(literal[0]).toMatch(/^gitops.credentials.token is a literal value, so the Git token would be written in clear/);
    expect(literal[0]).not.toContain('ghp_literal');
    // The header of a key, built at run time so no scan for committed keys mistakes this test for one.
    const keyHeader = ['-----BEGIN OPENSSH', 'PRIVATE KEY-----'].join(' ');
    expect(problems(GitOps.flux({ url: 'ssh://git@github.com/org/fleet.git', path: '.', credentials: GitCredentials.sshKey({ privateKey: keyHeader, knownHosts: '' }) }))).toEqual([
      expect.stringMatching(/^gitops.credentials.privateKey is a literal value, so the SSH private key would be written in clear/),
      'gitops.credentials.knownHosts \'\' has no host key line (\'<host> <key type> <key>\'): paste the output of \'ssh-keyscan <git server>\', so Flux can verify the server',
    ]);
    expect(problems(GitOps.flux({ url: 'https://github.com/org/fleet.git', path: '.', credentials: GitCredentials.fromSecret('Bad_Name') }))[0]).toMatch(/^gitops.credentials.secretName 'Bad_Name' is not a valid object name/);
  });

  it('accept valid branch names and fail on each rule of git check-ref-format', () => {
    for (const b of ['main', 'release/v1', 'feature-x', 'v1.2.3']) expect([b, branchProblem(b)]).toEqual([b, undefined]);
    expect(branchProblem('refs/heads/main')).toBe('\'refs/heads/main\' is a full ref: give the branch name alone, like \'main\'');
    for (const b of ['my branch', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b']) expect(branchProblem(b)).toMatch(/has a character Git does not allow/);
    for (const b of ['a..b', 'a@{1}', '@']) expect(branchProblem(b)).toMatch(/contains '\.\.' or '@\{'/);
    for (const b of ['-x', '/x', 'x/', 'a//b', 'x.']) expect(branchProblem(b)).toMatch(/starts with '-' or '\/', ends with '\/' or '\.', or has '\/\/'/);
    for (const b of ['.hidden', 'a/.b', 'x.lock']) expect(branchProblem(b)).toMatch(/has a component starting with '\.' or ending with '\.lock'/);
    expect(branchProblem('')).toMatch(/^is empty/);
  });

  it('accept relative paths and fail on absolute, parent or backslash paths', () => {
    for (const p of ['.', './clusters/home', 'kubernetes/flux/cluster']) expect(repositoryPathProblem(p)).toBeUndefined();
    expect(repositoryPathProblem('/clusters')).toBe('\'/clusters\' is absolute: write a directory relative to the repository root, like \'kubernetes/flux/cluster\' (or \'.\' for the root)');
    expect(repositoryPathProblem('clusters/../secrets')).toMatch(/climbs out of the repository with '\.\.'/);
    expect(repositoryPathProblem('clusters\\home')).toMatch(/uses '\\', and paths in Git use '\/'/);
    expect(repositoryPathProblem(' ')).toMatch(/^is empty/);
  });

  it('skip values not known until apply', () => {
    expect(problems(GitOps.flux({ url: '${var.repo}', branch: '${var.branch}', path: '${var.path}' }))).toEqual([]);
  });
});

describe('credentials never in the rendered objects', () => {
  it('keeps tokens and keys out of every FluxInstance and Application', () => {
    const all = [
      GitOps.flux({ url: 'https://github.com/org/fleet.git', path: '.', credentials: GitCredentials.token({ token: TOKEN }) }),
      GitOps.flux({ url: 'ssh://git@github.com/org/fleet.git', path: '.', credentials: GitCredentials.sshKey({ privateKey: DEPLOY_KEY, knownHosts: KNOWN_HOSTS }) }),
      PI,
      GitOps.argoCd({ url: 'ssh://git@github.com/org/apps.git', path: '.', credentials: GitCredentials.sshKey({ privateKey: DEPLOY_KEY, knownHosts: KNOWN_HOSTS }) }),
    ];
    for (const g of all) {
      const rendered = JSON.stringify([renderGitOpsResources(g), gitOpsValues(g)]);
      expect(rendered).not.toContain(TOKEN);
      expect(rendered).not.toContain(DEPLOY_KEY);
    }
  });

  it('creates no Secret for a public repository or one made out of band', () => {
    expect(gitCredentialsSecret(HOME_OPS)).toBeUndefined();
    expect(gitCredentialsSecret(GitOps.argoCd({ url: PI.repository.url, path: '.', credentials: GitCredentials.fromSecret('apps-repo') }))).toBeUndefined();
  });
});
