/**
 * The GitOps handoff: after the platform stack has installed what must exist first (the CNI, MetalLB, the controller
 * itself), a GitOps controller takes over everything else from a Git repository. Flux (the flux-operator chart and a
 * `FluxInstance`) or Argo CD (its chart and a root `Application`). Options, checks and rendered objects; pure
 * functions, no cdktf.
 *
 * Sources: controlplaneio-fluxcd/flux-operator v0.58.1 (`config/crd/bases/fluxcd.controlplane.io_fluxinstances.yaml`,
 * `docs/api/v1/fluxinstance.md`), controlplaneio-fluxcd/charts (chart `flux-operator`, published at
 * `oci://ghcr.io/controlplaneio-fluxcd/charts`, versioned like the operator), argoproj/argo-helm `argo-cd-10.1.1`
 * (`charts/argo-cd`, Argo CD v3.4.4, CRD `templates/crds/crd-application.yaml`), argoproj/argo-cd
 * `docs/operator-manual/declarative-setup.md` (repository Secrets). The tests validate the rendered objects against
 * the CRDs vendored under `oracles/`.
 *
 * Interfaces tagged `@inline` are documented where they are used (typedoc), so the package entry point names only the
 * value classes users import.
 */
import { Problem } from '../machine-config';
import { containsToken, IsUnresolved, secretNameProblems, sensitiveValueProblems, SensitiveSecret } from './credentials';
import { KubernetesManifest } from './manifest';
import { chartVersionProblem, HelmValues, PodSecurityLevel } from './values';

/**
 * The flux-operator chart. Its Pods (operator) and the Flux controllers it installs run as non-root with every
 * capability dropped and the runtime's seccomp profile (chart `values.yaml` `securityContext`; flux-operator
 * `config/data/flux/v2.9.4/*.yaml`), so the namespace enforces `restricted`.
 */
export const FLUX_OPERATOR_CHART = {
  repository: 'oci://ghcr.io/controlplaneio-fluxcd/charts',
  chart: 'flux-operator',
  version: '0.58.1',
  namespace: 'flux-system',
  releaseName: 'flux-operator',
  podSecurity: 'restricted' as PodSecurityLevel,
} as const;

/**
 * The Flux distribution the operator installs, pinned to one release (the operator also accepts ranges like `2.9.x`,
 * which upgrade Flux behind Terraform's back). v2.9.4 is the newest the operator v0.58.1 ships manifests for
 * (`config/data/flux/v2.9.4`).
 */
export const FLUX_DISTRIBUTION = { version: '2.9.4', registry: 'ghcr.io/fluxcd' } as const;

/** The Flux controllers `flux bootstrap` installs by default, in the order the FluxInstance CRD lists them. */
export const FLUX_DEFAULT_COMPONENTS: readonly FluxComponent[] = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'];

/**
 * A Flux controller the operator can install (the `components` enum of the FluxInstance CRD at v0.58.1).
 * @inline
 */
export type FluxComponent = 'source-controller' | 'kustomize-controller' | 'helm-controller' | 'notification-controller'
  | 'image-reflector-controller' | 'image-automation-controller' | 'source-watcher';

/**
 * The Argo CD chart. The namespace stays at Talos' default `baseline`: the chart's defaults run its components
 * without privileges, but the library has not checked every optional component against `restricted`.
 */
export const ARGO_CD_CHART = {
  repository: 'https://argoproj.github.io/argo-helm',
  chart: 'argo-cd',
  version: '10.1.1',
  namespace: 'argocd',
  // The chart's nameOverride is `argocd`, so this release name gives the usual object names (`argocd-server`, ...).
  releaseName: 'argocd',
  podSecurity: 'baseline' as PodSecurityLevel,
} as const;

/** The API server as Argo CD names its own cluster. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * A token or password for HTTPS repositories, as sensitive references.
 * @inline
 */
export interface GitTokenValues {
  /** The token (GitHub: a fine-grained personal access token or deploy token): a sensitive reference, never a literal. */
  readonly token: string;
  /**
   * The user name sent with it.
   * @default 'git'
   */
  readonly username?: string;
  /**
   * The name of the Secret the platform creates.
   * @default 'gitops-repository'
   */
  readonly secretName?: string;
}

/**
 * An SSH deploy key, as a sensitive reference, with the server's host keys.
 * @inline
 */
export interface GitSshKeyValues {
  /** The private key (PEM/OpenSSH text): a sensitive reference, never a literal. */
  readonly privateKey: string;
  /** The server's public host keys in `known_hosts` format, e.g. the output of `ssh-keyscan github.com` (not secret). */
  readonly knownHosts: string;
  /**
   * The name of the Secret the platform creates.
   * @default 'gitops-repository'
   */
  readonly secretName?: string;
}

/** How the GitOps controller authenticates to a private repository: never with literal values. */
export class GitCredentials {
  /**
   * An existing Secret in the controller's namespace, created out of band in the format the controller reads:
   * Flux: `username`/`password` or `identity`/`known_hosts`; Argo CD: label `argocd.argoproj.io/secret-type: repository`
   * with `type: git`, `url` and `username`/`password` or `sshPrivateKey`.
   */
  public static fromSecret(name: string): GitCredentials {
    return new GitCredentials('secret', name, undefined, undefined);
  }

  /** A token for an HTTPS repository, given as a sensitive reference; the platform creates the Secret. */
  public static token(values: GitTokenValues): GitCredentials {
    return new GitCredentials('token', values.secretName ?? 'gitops-repository', { ...values }, undefined);
  }

  /** An SSH deploy key, given as a sensitive reference; the platform creates the Secret. */
  public static sshKey(values: GitSshKeyValues): GitCredentials {
    return new GitCredentials('ssh', values.secretName ?? 'gitops-repository', undefined, { ...values });
  }

  private constructor(
    /** `secret` (existing), `token` or `ssh` (created by the platform). */
    public readonly kind: 'secret' | 'token' | 'ssh',
    /** The Secret's name. */
    public readonly secretName: string,
    /** The token, for `token`. */
    public readonly tokenValues: GitTokenValues | undefined,
    /** The key, for `ssh`. */
    public readonly sshValues: GitSshKeyValues | undefined,
  ) {}
}

/**
 * The repository the GitOps controller applies.
 * @inline
 */
export interface GitRepositoryOptions {
  /**
   * The repository, e.g. `https://github.com/tscibilia/home-ops.git` or `ssh://git@github.com/org/fleet.git`
   * (Flux needs the `ssh://` form; Argo CD also takes `git@github.com:org/fleet.git`).
   */
  readonly url: string;
  /**
   * The branch to follow.
   * @default 'main'
   */
  readonly branch?: string;
  /** The directory the controller applies, relative to the repository root, e.g. `kubernetes/flux/cluster`. */
  readonly path: string;
  /**
   * Credentials for a private repository.
   * @default - none (a public repository)
   */
  readonly credentials?: GitCredentials;
}

/**
 * Flux, installed by the flux-operator, syncing one repository.
 * @inline
 */
export interface FluxOptions extends GitRepositoryOptions {
  /**
   * The flux-operator chart version, pinned.
   * @default '0.58.1'
   */
  readonly operatorVersion?: string;
  /**
   * The Flux version the operator installs, pinned to one release.
   * @default '2.9.4'
   */
  readonly fluxVersion?: string;
  /**
   * The Flux controllers to run.
   * @default - source, kustomize, helm and notification controllers
   */
  readonly components?: FluxComponent[];
  /**
   * How often Flux checks the repository, e.g. `'5m'`.
   * @default - the operator's default (1m)
   */
  readonly interval?: string;
  /**
   * Values for the flux-operator chart, merged over the library's (none).
   * @default - the chart's defaults
   */
  readonly values?: HelmValues;
}

/**
 * Argo CD with one root `Application` (the app-of-apps) pointing at the repository.
 * @inline
 */
export interface ArgoCdOptions extends GitRepositoryOptions {
  /**
   * The argo-cd chart version, pinned.
   * @default '10.1.1'
   */
  readonly version?: string;
  /**
   * The root Application's name.
   * @default 'root'
   */
  readonly applicationName?: string;
  /**
   * The namespace the root Application deploys into (app-of-apps repositories hold Applications, which live in
   * Argo CD's namespace).
   * @default 'argocd'
   */
  readonly destinationNamespace?: string;
  /**
   * Delete objects that were removed from the repository.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Revert changes made to the cluster outside Git.
   * @default true
   */
  readonly selfHeal?: boolean;
  /**
   * Values for the argo-cd chart, merged over the library's (SSH known hosts, when given).
   * @default - the chart's defaults
   */
  readonly values?: HelmValues;
}

/** The GitOps controller a platform hands over to: Flux or Argo CD. */
export class GitOps {
  /** Flux via the flux-operator and a `FluxInstance` syncing the repository. */
  public static flux(options: FluxOptions): GitOps {
    return new GitOps('flux', { ...options }, undefined);
  }

  /** Argo CD via its chart and a root `Application` syncing the repository. */
  public static argoCd(options: ArgoCdOptions): GitOps {
    return new GitOps('argocd', undefined, { ...options });
  }

  private constructor(
    /** Which controller. */
    public readonly tool: 'flux' | 'argocd',
    /** Flux's options, for `flux`. */
    public readonly fluxOptions: FluxOptions | undefined,
    /** Argo CD's options, for `argocd`. */
    public readonly argoCdOptions: ArgoCdOptions | undefined,
  ) {}

  /** The repository options, whichever the controller. */
  public get repository(): GitRepositoryOptions {
    const options = this.fluxOptions ?? this.argoCdOptions;
    if (!options) throw new Error('GitOps has neither Flux nor Argo CD options');
    return options;
  }
}

/** The chart a GitOps choice installs, with the version in effect. */
export interface GitOpsChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly releaseName: string;
  readonly podSecurity: PodSecurityLevel;
}

/** The chart of a GitOps choice. */
export function gitOpsChart(gitops: GitOps): GitOpsChart {
  if (gitops.tool === 'flux') return { ...FLUX_OPERATOR_CHART, version: gitops.fluxOptions?.operatorVersion ?? FLUX_OPERATOR_CHART.version };
  return { ...ARGO_CD_CHART, version: gitops.argoCdOptions?.version ?? ARGO_CD_CHART.version };
}

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;

/** A repository URL taken apart. */
interface ParsedRepoUrl {
  readonly transport: 'https' | 'http' | 'ssh' | 'scp';
}

const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;

/** Parses a Git repository URL; returns a problem message instead when it is not one the controllers accept. */
function parseRepoUrl(url: string, tool: 'flux' | 'argocd'): ParsedRepoUrl | string {
  const fix = 'write it like \'https://github.com/org/fleet.git\' or \'ssh://git@github.com/org/fleet.git\'';
  if (url !== url.trim() || /\s/.test(url)) return `${q(url)} has white space: ${fix}`;
  if (SCP_LIKE.test(url)) {
    if (tool === 'flux') {
      // fluxcd/source-controller api/v1 GitRepositorySpec.URL: +kubebuilder:validation:Pattern="^(http|https|ssh)://.*$".
      const [userHost, path] = [url.slice(0, url.indexOf(':')), url.slice(url.indexOf(':') + 1)];
      return `${q(url)} is in scp form, which Flux rejects (its GitRepository takes http, https or ssh URLs only): write it as ${q(`ssh://${userHost}/${path}`)}`;
    }
    return { transport: 'scp' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${q(url)} is not a repository URL: ${fix}`;
  }
  const transport = parsed.protocol.replace(/:$/, '');
  if (transport !== 'https' && transport !== 'http' && transport !== 'ssh') return `${q(url)} uses ${q(parsed.protocol)}, which neither Flux nor Argo CD clone from: ${fix}`;
  if (parsed.password !== '' || (transport !== 'ssh' && parsed.username !== '')) {
    return `${q(url)} carries credentials in the URL, which would be written in clear into the synthesized JSON: remove them and use credentials: GitCredentials.token({...}) or GitCredentials.fromSecret('...')`;
  }
  if (parsed.hostname === '' || parsed.pathname === '/' || parsed.pathname === '') return `${q(url)} names no repository on the server: ${fix}`;
  if (parsed.search !== '' || parsed.hash !== '') return `${q(url)} has a query or fragment, which Git does not use: ${fix}`;
  return { transport };
}

/**
 * The reason a branch name is not a valid Git branch, or undefined (the rules of `git check-ref-format` for
 * `refs/heads/<branch>`, plus no leading '-', which `git branch` refuses).
 */
export function branchProblem(branch: string): string | undefined {
  const fix = 'write a branch name like \'main\' or \'release/v1\'';
  if (branch === '') return `is empty: ${fix}`;
  if (branch.startsWith('refs/')) return `${q(branch)} is a full ref: give the branch name alone, like ${q(branch.replace(/^refs\/heads\//, ''))}`;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(branch)) return `${q(branch)} has a character Git does not allow in branch names (space, control characters, ~ ^ : ? * [ \\): ${fix}`;
  if (branch.includes('..') || branch.includes('@{') || branch === '@') return `${q(branch)} contains '..' or '@{' (or is '@'), which Git does not allow in branch names: ${fix}`;
  if (branch.startsWith('-') || branch.startsWith('/') || branch.endsWith('/') || branch.includes('//') || branch.endsWith('.')) {
    return `${q(branch)} starts with '-' or '/', ends with '/' or '.', or has '//', which Git does not allow: ${fix}`;
  }
  if (branch.split('/').some((c) => c.startsWith('.') || c.endsWith('.lock'))) return `${q(branch)} has a component starting with '.' or ending with '.lock', which Git does not allow: ${fix}`;
  return undefined;
}

/** The reason a path inside the repository is unusable, or undefined. */
export function repositoryPathProblem(path: string): string | undefined {
  const fix = 'write a directory relative to the repository root, like \'kubernetes/flux/cluster\' (or \'.\' for the root)';
  if (path.trim() === '') return `is empty: ${fix}`;
  if (path.startsWith('/')) return `${q(path)} is absolute: ${fix}`;
  if (path.includes('\\')) return `${q(path)} uses '\\', and paths in Git use '/': ${fix}`;
  if (path.split('/').some((s) => s === '..')) return `${q(path)} climbs out of the repository with '..': ${fix}`;
  return undefined;
}

/** Options of {@link gitOpsProblems}. */
export interface GitOpsCheckOptions {
  /** Where the handoff was declared, for messages: `gitops`. */
  readonly path: string;
  /**
   * True for values not known until apply (cdktf tokens); those are skipped.
   * @default - strings containing `${`
   */
  readonly isUnresolved?: IsUnresolved;
}

const INTERVAL = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** Every problem of a GitOps declaration. Empty when it is fine. */
export function gitOpsProblems(gitops: GitOps, check: GitOpsCheckOptions): Problem[] {
  const problems: Problem[] = [];
  const unresolved = check.isUnresolved ?? containsToken;
  const add = (field: string, message: string | undefined): void => { if (message !== undefined) problems.push({ path: `${check.path}.${field}`, message }); };
  const repo = gitops.repository;
  const toolName = gitops.tool === 'flux' ? 'Flux' : 'Argo CD';

  let transport: ParsedRepoUrl['transport'] | undefined;
  if (!unresolved(repo.url)) {
    const parsed = parseRepoUrl(repo.url, gitops.tool);
    if (typeof parsed === 'string') add('url', parsed);
    else transport = parsed.transport;
  }
  const branch = repo.branch ?? 'main';
  if (!unresolved(branch)) add('branch', branchProblem(branch));
  if (!unresolved(repo.path)) add('path', repositoryPathProblem(repo.path));

  const creds = repo.credentials;
  if (creds) {
    problems.push(...secretNameProblems(`${check.path}.credentials.secretName`, creds.secretName, unresolved));
    const ssh = transport === 'ssh' || transport === 'scp';
    if (creds.kind === 'token') {
      problems.push(...sensitiveValueProblems(`${check.path}.credentials.token`, creds.tokenValues?.token, 'the Git token', unresolved));
      if (ssh) add('credentials', `is a token, but ${q(repo.url)} is an SSH URL, where tokens do not apply: use GitCredentials.sshKey({...}), or an https:// URL`);
    }
    if (creds.kind === 'ssh') {
      problems.push(...sensitiveValueProblems(`${check.path}.credentials.privateKey`, creds.sshValues?.privateKey, 'the SSH private key', unresolved));
      const hosts = creds.sshValues?.knownHosts ?? '';
      if (!unresolved(hosts) && !/^\S+ (ssh-|ecdsa-|sk-)\S+ \S+/m.test(hosts)) {
        add('credentials.knownHosts', `${q(hosts)} has no host key line ('<host> <key type> <key>'): paste the output of 'ssh-keyscan <git server>', so ${toolName} can verify the server`);
      }
      if (transport !== undefined && !ssh) add('credentials', `is an SSH key, but ${q(repo.url)} is not an SSH URL: use GitCredentials.token({...}), or an ssh:// URL`);
    }
  } else if (transport === 'ssh' || transport === 'scp') {
    add('credentials', `are missing, and ${q(repo.url)} is an SSH URL, which always needs a key: give credentials: GitCredentials.sshKey({...}) or GitCredentials.fromSecret('...'), or use an https:// URL for a public repository`);
  }

  if (gitops.tool === 'flux') {
    const flux = gitops.fluxOptions as FluxOptions;
    const operator = flux.operatorVersion ?? FLUX_OPERATOR_CHART.version;
    if (!unresolved(operator)) add('operatorVersion', chartVersionProblem(operator));
    const version = flux.fluxVersion ?? FLUX_DISTRIBUTION.version;
    if (!unresolved(version) && !/^v?\d+\.\d+\.\d+$/.test(version)) {
      add('fluxVersion', `${q(version)} is not one Flux release (a range like '2.9.x' lets the operator upgrade Flux without a change here): pin one, like '${FLUX_DISTRIBUTION.version}'`);
    }
    if (flux.components !== undefined) {
      if (!flux.components.includes('source-controller') || !flux.components.includes('kustomize-controller')) {
        add('components', `${q(flux.components)} lacks source-controller or kustomize-controller, without which Flux cannot fetch and apply the repository: keep both`);
      }
      const seen = new Set<string>();
      flux.components.forEach((c, i) => { if (seen.has(c)) add(`components[${i}]`, `${q(c)} is listed twice: list each controller once`); seen.add(c); });
    }
    if (flux.interval !== undefined && !unresolved(flux.interval) && !INTERVAL.test(flux.interval)) {
      add('interval', `${q(flux.interval)} is not a duration Flux accepts: write it like '1m', '5m' or '1h30m'`);
    }
  } else {
    const argo = gitops.argoCdOptions as ArgoCdOptions;
    const version = argo.version ?? ARGO_CD_CHART.version;
    if (!unresolved(version)) add('version', chartVersionProblem(version));
    const name = argo.applicationName ?? 'root';
    if (!unresolved(name) && (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253)) {
      add('applicationName', `${q(name)} is not an object name: lower-case letters, digits, '-' and '.', like 'root'`);
    }
    const ns = argo.destinationNamespace ?? ARGO_CD_CHART.namespace;
    if (!unresolved(ns) && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) {
      add('destinationNamespace', `${q(ns)} is not a namespace name: lower-case letters, digits and '-', like 'argocd'`);
    }
  }
  return problems;
}

/** Flux's `sync.ref` for a branch. */
function branchRef(gitops: GitOps): string {
  return `refs/heads/${gitops.repository.branch ?? 'main'}`;
}

/**
 * The `FluxInstance` (`fluxcd.controlplane.io/v1`): the operator accepts exactly one, named `flux`, in its own
 * namespace (CRD validation "the only accepted name for a FluxInstance is 'flux'"). `sync` makes the operator create a
 * `GitRepository` and a `Kustomization`, both named after the namespace (`flux-system`), as `flux bootstrap` does.
 */
export function renderFluxInstance(gitops: GitOps): KubernetesManifest {
  const flux = gitops.fluxOptions;
  if (!flux) throw new Error('renderFluxInstance needs GitOps.flux()');
  return {
    apiVersion: 'fluxcd.controlplane.io/v1',
    kind: 'FluxInstance',
    metadata: { name: 'flux', namespace: FLUX_OPERATOR_CHART.namespace },
    spec: {
      distribution: { version: flux.fluxVersion ?? FLUX_DISTRIBUTION.version, registry: FLUX_DISTRIBUTION.registry },
      components: [...(flux.components ?? FLUX_DEFAULT_COMPONENTS)],
      sync: {
        kind: 'GitRepository',
        url: flux.url,
        ref: branchRef(gitops),
        path: flux.path,
        ...(flux.credentials ? { pullSecret: flux.credentials.secretName } : {}),
        ...(flux.interval !== undefined ? { interval: flux.interval } : {}),
      },
    },
  };
}

/**
 * The root `Application` (`argoproj.io/v1alpha1`) in Argo CD's namespace. It has no
 * `resources-finalizer.argocd.argoproj.io` finalizer on purpose: removing the handoff from the platform stack then
 * leaves everything the repository deployed running, instead of deleting the cluster's workloads in cascade.
 * Argo CD finds a private repository's credentials by URL among Secrets labelled
 * `argocd.argoproj.io/secret-type: repository`, so the Application names none.
 */
export function renderArgoCdApplication(gitops: GitOps): KubernetesManifest {
  const argo = gitops.argoCdOptions;
  if (!argo) throw new Error('renderArgoCdApplication needs GitOps.argoCd()');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: argo.applicationName ?? 'root', namespace: ARGO_CD_CHART.namespace },
    spec: {
      project: 'default',
      source: { repoURL: argo.url, targetRevision: argo.branch ?? 'main', path: argo.path },
      destination: { server: IN_CLUSTER, namespace: argo.destinationNamespace ?? ARGO_CD_CHART.namespace },
      syncPolicy: { automated: { prune: argo.prune ?? true, selfHeal: argo.selfHeal ?? true } },
    },
  };
}

/** The custom resources of the handoff, created after the chart that brings their CRDs. */
export function renderGitOpsResources(gitops: GitOps): KubernetesManifest[] {
  return [gitops.tool === 'flux' ? renderFluxInstance(gitops) : renderArgoCdApplication(gitops)];
}

/** The label Argo CD finds repository Secrets by (argo-cd `docs/operator-manual/declarative-setup.md`). */
export const ARGO_CD_REPOSITORY_LABEL = { 'argocd.argoproj.io/secret-type': 'repository' } as const;

/**
 * The Secret the platform creates from sensitive Git credentials, in the format the controller reads, or undefined
 * for none or an existing Secret. Flux: `username`/`password` or `identity`/`known_hosts` (flux-operator
 * `docs/api/v1/fluxinstance.md`, "Sync configuration"). Argo CD: the repository label, `type: git`, `url`, and
 * `username`/`password` or `sshPrivateKey` (known hosts go to the chart's `configs.ssh.extraHosts`).
 */
export function gitCredentialsSecret(gitops: GitOps): SensitiveSecret | undefined {
  const repo = gitops.repository;
  const creds = repo.credentials;
  const namespace = gitOpsChart(gitops).namespace;
  const token = creds?.tokenValues;
  const ssh = creds?.sshValues;
  if (gitops.tool === 'flux') {
    if (token) return { name: creds.secretName, namespace, sensitiveData: { password: token.token }, data: { username: token.username ?? 'git' } };
    if (ssh) return { name: creds.secretName, namespace, sensitiveData: { identity: ssh.privateKey }, data: { known_hosts: ssh.knownHosts } };
    return undefined;
  }
  const labels = { ...ARGO_CD_REPOSITORY_LABEL };
  const common = { type: 'git', url: repo.url };
  if (token) return { name: creds.secretName, namespace, labels, sensitiveData: { password: token.token }, data: { ...common, username: token.username ?? 'git' } };
  if (ssh) return { name: creds.secretName, namespace, labels, sensitiveData: { sshPrivateKey: ssh.privateKey }, data: common };
  return undefined;
}

/** The library's chart values for the controller, before the user's `values`. */
export function gitOpsValues(gitops: GitOps): HelmValues {
  const ssh = gitops.repository.credentials?.sshValues;
  if (gitops.tool === 'argocd' && ssh) return { configs: { ssh: { extraHosts: ssh.knownHosts } } };
  return {};
}
