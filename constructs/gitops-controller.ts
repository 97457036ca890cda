import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease, IPlatformComponent } from './helm-release';
import { ManifestsRelease } from './manifests-release';
import { containsToken, gitCredentialsSecret, GitOps, gitOpsChart, gitOpsProblems, gitOpsValues, renderGitOpsResources } from './platform-config';
import type { PlatformContext } from './private/platform-context';
import { recordProblems } from './private/report';
import { createSensitiveSecret } from './private/sensitive-secret';

/** Props of {@link GitOpsController}: created by `platform.addGitOps()`. */
export interface GitOpsControllerProps {
  /** The controller and the repository it syncs. */
  readonly gitops: GitOps;
  /** The platform the controller belongs to (namespaces, release names, the releases to wait for). */
  readonly context: PlatformContext;
}

/** The release names of the sync objects (`FluxInstance`, root `Application`), beside the controller chart's. */
const SYNC_RELEASE = { flux: 'flux-instance', argocd: 'argocd-root' } as const;

/**
 * The GitOps handoff: the controller (Flux through the flux-operator and a `FluxInstance`, or Argo CD and a root
 * `Application`) installed from the platform stack, syncing a branch and directory of a Git repository, which owns
 * everything the platform stack does not.
 *
 * The controller's chart waits for every release and pool the platform declared before `addGitOps()` (the CNI, MetalLB
 * and its pools, cert-manager, ...), since what the repository deploys may need them; the sync object follows the
 * chart, which brings its CRD. A private repository's credentials come from a Secret the user names, or from
 * sensitive references the platform turns into a `kubernetes_secret_v1`, never from Helm values. The root Application
 * has no cascading finalizer: removing the handoff leaves the workloads running.
 *
 * @example
 * platform.addGitOps(GitOps.flux({ url: 'https://github.com/tscibilia/home-ops.git', path: 'kubernetes/flux/cluster' }));
 */
export class GitOpsController extends Construct implements IPlatformComponent {
  /** Which controller: `flux` or `argocd`. */
  public readonly tool: 'flux' | 'argocd';
  /** The controller's namespace (`flux-system` or `argocd`). */
  public readonly namespace: string;
  /** The controller's chart release: flux-operator or argo-cd (escape hatch). */
  public readonly release: HelmRelease;
  /** The release holding the `FluxInstance` or the root `Application` (escape hatch). */
  public readonly sync: ManifestsRelease;
  /** The repository credentials Secret, when the platform creates it from sensitive references (`kubernetes_secret_v1`). */
  public readonly credentialsSecret?: TerraformResource;

  /**
   * Created by `platform.addGitOps()`, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: GitOpsControllerProps): GitOpsController {
    return new GitOpsController(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: GitOpsControllerProps) {
    const { gitops, context } = props;
    const problems = gitOpsProblems(gitops, { path: 'gitops', isUnresolved: (v) => Token.isUnresolved(v) || containsToken(v) });
    super(scope, id);
    recordProblems(this, problems);
    const chart = gitOpsChart(gitops);
    this.tool = gitops.tool;
    this.namespace = chart.namespace;
    // Everything declared so far: what the repository deploys may need any of it (and the CNI is among it).
    const before = [...context.declaredReleases];

    this.release = HelmRelease._create(this, 'chart', {
      context,
      name: chart.releaseName,
      namespace: chart.namespace,
      podSecurity: chart.podSecurity,
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      needs: [{ releaseResources: before }],
    });
    this.release.addValues(gitOpsValues(gitops));
    const userValues = gitops.fluxOptions?.values ?? gitops.argoCdOptions?.values;
    if (userValues !== undefined) this.release.addValues(userValues);

    const secret = gitCredentialsSecret(gitops);
    if (secret) this.credentialsSecret = createSensitiveSecret(this, 'credentials', secret, context.namespace({ name: chart.namespace }));
    const credentials = this.credentialsSecret;
    this.sync = ManifestsRelease._create(this, 'sync', {
      context,
      name: SYNC_RELEASE[gitops.tool],
      namespace: chart.namespace,
      manifests: renderGitOpsResources(gitops),
      needs: [this.release, ...(credentials ? [{ releaseResources: [credentials] }] : [])],
    });
  }

  /** The controller's chart and its sync object. */
  public get releaseResources(): readonly TerraformResource[] {
    return [...this.release.releaseResources, ...this.sync.releaseResources];
  }
}
