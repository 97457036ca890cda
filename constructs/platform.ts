import { TerraformProvider, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Cilium } from './cilium';
import { EtcdBackups } from './etcd-backups';
import { GitOpsController } from './gitops-controller';
import { GpuSupport } from './gpu-support';
import { HelmRelease, HelmReleaseOptions } from './helm-release';
import type { ITalosCluster } from './i-talos-cluster';
import { KubernetesNamespace, KubernetesNamespaceOptions } from './kubernetes-namespace';
import { Problem } from './machine-config';
import { ManifestsRelease, ManifestsReleaseOptions } from './manifests-release';
import { MetalLb, MetalLbOptions } from './metallb';
import { MetalLbPool } from './metallb-pool';
import { NodeLabels, NodeLabelsOptions } from './node-labels';
import { NodeTaints, NodeTaintsOptions } from './node-taints';
import {
  Cni, EtcdBackupOptions, GitOps, S3Credentials, GpuSupportOptions, HelmValues, MetalLbPoolOptions, planCni, planGpu, SPEGEL_CHART,
} from './platform-config';
import type { PlatformContext } from './private/platform-context';
import { PlatformProviders } from './private/platform-providers';
import { checkProps, ConstructContractRoots } from './private/contract';
import { duplicatePlatformProblems } from './private/app-checks';
import { admit, deferAppCheck, deferCheck, field, freeId, isBroken, markBroken, placement, recordProblems } from './private/report';
import { TalosClusterReference } from './talos-cluster-reference';
import { Spegel, SpegelOptions } from './spegel';

/** A platform: what a cluster needs to serve, installed by Helm from its own stack. */
export interface PlatformProps {
  /**
   * The cluster: a `TalosCluster` declared in another stack (usually `<scenario>-cluster`), or a cluster another
   * app declares (`TalosClusterReference.fromAttributes()`).
   */
  readonly cluster: ITalosCluster;
  /**
   * The CNI. It must agree with the cluster: Cilium needs `kubernetes.cni: 'none'`, Flannel needs Talos' Flannel,
   * and a cluster without kube-proxy needs Cilium's kube-proxy replacement.
   * @default - derived from the cluster: Cilium when it runs `kubernetes.cni: 'none'`, otherwise nothing (Flannel)
   */
  readonly cni?: Cni;
  /**
   * GPU support for the cluster's GPU nodes, or `false` for none.
   * @default - the stack matching the GPU nodes' Talos version, when the cluster has GPU nodes
   */
  readonly gpuSupport?: GpuSupportOptions | false;
  /**
   * The MetalLB installation, used once a pool is added.
   * @default - MetalLB 0.16.1 with the values its pools need
   */
  readonly metalLb?: MetalLbOptions;
}

/**
 * Everything a Talos cluster needs to serve, in a stack of its own deployed after the cluster's: Helm and Kubernetes
 * providers configured from the cluster stack, the CNI the cluster expects, GPU support for its GPU nodes, MetalLB
 * pools, and any Helm release, each ordered after what it needs.
 *
 * @example
 * const platform = new Platform(stack, 'platform', { cluster: clusterStack.cluster });
 * platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.0.3/32'], advertisement: MetalLbAdvertisement.l2({ nodes: ['home-01-cp-0'] }) });
 * platform.addRelease({ name: 'envoy-gateway', repository: 'oci://docker.io/envoyproxy', chart: 'gateway-helm', version: 'v1.9.0' });
 */
export class Platform extends Construct {
  /** The cluster the platform serves. */
  public readonly cluster: ITalosCluster;
  /** The Helm provider, configured from the cluster's Kubernetes client configuration (escape hatch). */
  public readonly helmProvider: TerraformProvider;
  /** The Kubernetes provider, configured from the cluster's Kubernetes client configuration (escape hatch). */
  public readonly kubernetesProvider: TerraformProvider;
  /** Cilium, when the platform installs it. Every other release waits for it. */
  public readonly cilium?: Cilium;
  /** GPU support, when the cluster has GPU nodes. */
  public readonly gpuSupport?: GpuSupport;

  /** What the platform's components may ask of it (they never see the platform itself). */
  private readonly context: PlatformContext;
  private readonly namespaces = new Map<string, KubernetesNamespace>();
  private readonly releaseOwners = new Map<string, TerraformResource>();
  private readonly metalLbPools: MetalLbPoolOptions[] = [];
  /** MetalLB's options; it is installed with the first pool (or the first call of `metalLb()`). */
  private readonly metalLbOptions: MetalLbOptions;
  private metalLbInstall?: MetalLb;
  /** How many options `add*` methods were given (names stand-ins apart). */
  private admitted = 0;
  /** Options made up for rejected ones. */
  private readonly standIns = new WeakSet<object>();

  constructor(scope: Construct, id: string, props: PlatformProps) {
    const at = placement(scope, id, 'Platform');
    super(at.scope, at.id);
    // Props that break the contract are reported; the platform is then built for a stand-in cluster, with nothing
    // that reads the cluster.
    const check = checkProps('PlatformProps', props, '');
    recordProblems(this, [...at.problems, ...check.problems], check.ranges);
    const usable = check.problems.length === 0;
    if (!usable) {
      markBroken(this);
      const standIn = TalosClusterReference.fromAttributes(this, 'stand-in-cluster', {
        clusterName: 'invalid', talosVersion: '', kubernetesVersion: '', nodes: [],
        kubernetesClientConfiguration: { host: '', caCertificate: '', clientCertificate: '', clientKey: '' },
      });
      markBroken(standIn);
      props = { cluster: standIn };
    }
    this.cluster = props.cluster;
    this.metalLbOptions = props.metalLb ?? {};
    const providers = new PlatformProviders(this, 'providers', { cluster: props.cluster });
    this.helmProvider = providers.helm;
    this.kubernetesProvider = providers.kubernetes;
    const platform = this;
    this.context = {
      cluster: props.cluster,
      get cniResources() { return platform.cilium?.releaseResources ?? []; },
      get declaredReleases() { return [...platform.releaseOwners.values()]; },
      get metalLbPools() { return [...platform.metalLbPools]; },
      namespace: (options) => this.namespace(options),
      claimReleaseName: (name, owner) => this.claimReleaseName(name, owner),
      metalLb: () => this.metalLb(),
      registerMetalLbPool: (pool) => { this.metalLbPools.push(pool); },
    };

    deferAppCheck(this, 'platforms', (root) => duplicatePlatformProblems(root.node.findAll()
      .filter((c): c is Platform => c instanceof Platform && !isBroken(c))
      .map((p) => ({ construct: p.node.path, clusterName: p.cluster.clusterName, endpoint: p.cluster.endpoint }))));
    // Decide the CNI and the GPU stack up front and report every disagreement at once; not from a cluster that could
    // not be built from its props (its own problems are reported).
    if (!usable || isBroken(props.cluster)) return;
    const decl = props.cluster.declaration;
    const cni = planCni(decl.kubernetes, decl.clusterName, props.cni);
    const gpuNodes = props.cluster.gpuNodes;
    const gpuOptions = props.gpuSupport === false ? undefined : props.gpuSupport;
    const gpuWanted = props.gpuSupport !== false && (gpuNodes.length > 0 || props.gpuSupport !== undefined);
    const problems: Problem[] = [...cni.problems];
    if (gpuWanted && gpuNodes.length === 0) {
      problems.push({ path: 'gpuSupport', message: `is set, but cluster '${decl.clusterName}' has no GPU nodes: add GPU nodes, or drop gpuSupport from the platform` });
    } else if (gpuWanted) {
      problems.push(...planGpu(gpuNodes, gpuOptions ?? {}).problems);
    }
    recordProblems(this, problems);
    if (problems.length > 0) return;

    if (cni.cni.name === 'cilium') {
      this.cilium = Cilium._create(this, 'cilium', { ...cni.cni.ciliumOptions, kubeProxyReplacement: cni.kubeProxyReplacement, context: this.context });
    }
    if (gpuWanted) {
      this.gpuSupport = GpuSupport._create(this, 'gpu', { ...gpuOptions, context: this.context });
    }
  }

  /**
   * Adds a Helm chart release. Its namespace (the release name unless given) is created; it waits for the CNI and
   * for everything in `needs`.
   */
  public addRelease<V extends object = HelmValues>(options: HelmReleaseOptions<V>): HelmRelease<V> {
    options = this.admit('HelmReleaseOptions', options, 'releases', (name) => ({ name, repository: 'https://invalid.invalid', chart: 'invalid', version: '0.0.0' }) as HelmReleaseOptions<V>);
    const cluster = this.cluster;
    if (options.chart === 'coredns') {
      deferCheck(this, () => {
        const decl = cluster.declaration;
        return decl.kubernetes.coreDns !== false ? [{
          path: `releases['${options.name}']`,
          message: `installs CoreDNS, but cluster '${decl.clusterName}' runs Talos' own CoreDNS (kubernetes.coreDns defaults to true): the two would fight over the kube-dns Service; set kubernetes.coreDns: false on the cluster`,
        }] : [];
      }, [cluster]);
    }
    return this.built(options, HelmRelease._create<V>(this, freeId(this, `release-${options.name}`), { ...options, context: this.context }));
  }

  /**
   * Adds Kubernetes objects created by Helm, typically custom resources whose CRDs another release installs: list
   * that release in `needs`.
   */
  public addManifests(options: ManifestsReleaseOptions): ManifestsRelease {
    options = this.admit('ManifestsReleaseOptions', options, 'releases', (name) => ({ name, manifests: [] }));
    return this.built(options, ManifestsRelease._create(this, freeId(this, `manifests-${options.name}`), { ...options, context: this.context }));
  }

  /** Adds a MetalLB address pool and its advertisement, installing MetalLB on first use. */
  public addMetalLbPool(options: MetalLbPoolOptions): MetalLbPool {
    options = this.admit('MetalLbPoolOptions', options, 'metalLbPools', (name) => ({ name, addresses: [] }));
    if (this.metalLbPools.some((p) => p.name === options.name)) {
      this.problem(`metalLbPools['${options.name}']`, 'is declared twice: give each pool its own name');
    }
    return this.built(options, MetalLbPool._create(this, freeId(this, `metallb-pool-${options.name}`), { ...options, context: this.context }));
  }

  /**
   * Adds Spegel, the stateless in-cluster registry mirror, set up for Talos (containerd's mirror path, a privileged
   * namespace). The cluster must keep unpacked layers: `nodeDefaults: { containerd: { discardUnpackedLayers: false } }`.
   */
  public addSpegel(options: SpegelOptions = {}): Spegel {
    const check = checkProps('SpegelOptions', options, 'spegel');
    recordProblems(this, check.problems, check.ranges);
    if (check.problems.length > 0) options = {};
    this.assertReleaseNameFree(SPEGEL_CHART.releaseName);
    return Spegel._create(this, freeId(this, 'spegel'), { ...options, context: this.context });
  }

  /**
   * Sets a running node's taints from the platform stack: how a worker's taints change after it registered (a worker
   * may not change its own taints, and `registerWithTaints` only applies at registration).
   */
  public addNodeTaints(options: NodeTaintsOptions): NodeTaints {
    options = this.admit('NodeTaintsOptions', options, 'nodeTaints', (node) => ({ node, taints: {} }), 'node');
    if (this.node.tryFindChild(`node-taints-${options.node}`)) {
      this.problem(`nodeTaints['${options.node}']`, 'is declared twice: give all of the node\'s taints in one addNodeTaints()');
    }
    return this.built(options, NodeTaints._create(this, freeId(this, `node-taints-${options.node}`), { ...options, context: this.context }));
  }

  /** Sets labels on a running node from the platform stack, e.g. labels a worker may not set on itself. */
  public addNodeLabels(options: NodeLabelsOptions): NodeLabels {
    options = this.admit('NodeLabelsOptions', options, 'nodeLabels', (node) => ({ node, labels: {} }), 'node');
    if (this.node.tryFindChild(`node-labels-${options.node}`)) {
      this.problem(`nodeLabels['${options.node}']`, 'is declared twice: give all of the node\'s labels in one addNodeLabels()');
    }
    return this.built(options, NodeLabels._create(this, freeId(this, `node-labels-${options.node}`), { ...options, context: this.context }));
  }

  /**
   * Adds scheduled etcd snapshots (siderolabs/talos-backup), encrypted to an age recipient and uploaded to S3. The
   * cluster's control planes must grant the job Talos API access: `kubernetes: { etcdBackupAccess: {} }` on the cluster.
   */
  public addEtcdBackups(options: EtcdBackupOptions): EtcdBackups {
    // A stand-in that passes every check: a bucket and recipient of no one's (the recipient's private key is unknown).
    options = this.admit('EtcdBackupOptions', options, 'etcdBackups', () => ({
      s3: { bucket: 'invalid', region: 'us-east-1' }, credentials: S3Credentials.fromSecret('invalid'),
      ageRecipient: 'age1tdq4hnkkypm2zce0erdcs97sr6j8qy5ewh44u09yckhverjjzqwqvzt57x',
    }), 'schedule');
    if (this.node.tryFindChild('etcd-backups')) {
      this.problem('etcdBackups', 'is declared twice: one backup job per cluster takes every snapshot; give all its options in one addEtcdBackups()');
    }
    return this.built(options, EtcdBackups._create(this, freeId(this, 'etcd-backups'), { ...options, context: this.context }));
  }

  /**
   * Hands the cluster over to GitOps: installs Flux (`GitOps.flux()`) or Argo CD (`GitOps.argoCd()`) syncing a
   * repository, after every release and pool declared before this call. Declare it last.
   */
  public addGitOps(gitops: GitOps): GitOpsController {
    const existing = this.node.tryFindChild('gitops') as GitOpsController | undefined;
    if (existing) {
      this.problem('gitops', `is declared twice (${existing.tool === 'flux' ? 'Flux' : 'Argo CD'} first): a cluster has one GitOps controller; keep one addGitOps()`);
    }
    gitops = this.admit('GitOps', gitops, 'gitops', () => GitOps.flux({ url: 'https://invalid.invalid/repo.git', path: 'invalid' }), 'tool');
    return this.built(gitops, GitOpsController._create(this, freeId(this, 'gitops'), { gitops, context: this.context }));
  }

  /** The MetalLB installation (created on first call, from `PlatformProps.metalLb`). */
  public metalLb(): MetalLb {
    this.metalLbInstall = this.metalLbInstall ?? MetalLb._create(this, 'metallb', { ...this.metalLbOptions, context: this.context });
    return this.metalLbInstall;
  }

  /**
   * The namespace of that name, created on first use. Asking again with a Pod Security level applies it, unless the
   * namespace already has a different one.
   */
  public namespace(options: KubernetesNamespaceOptions): KubernetesNamespace {
    options = this.admit('KubernetesNamespaceOptions', options, 'namespaces', (name) => ({ name }));
    let ns = this.namespaces.get(options.name);
    if (!ns) {
      ns = new KubernetesNamespace(this, freeId(this, `namespace-${options.name}`), admit({ name: options.name, labels: options.labels }));
      this.namespaces.set(options.name, ns);
    } else if (options.labels !== undefined) {
      this.problem(`namespaces['${options.name}'].labels`, 'are given for a namespace that already exists: give its labels where it is first declared');
    }
    if (options.podSecurity !== undefined) ns.requirePodSecurity(options.podSecurity, `namespaces['${options.name}']`);
    return ns;
  }

  /** Records that a release name is taken (release names are unique in a platform, and name Terraform resources). */
  private claimReleaseName(name: string, owner: TerraformResource): void {
    const current = this.releaseOwners.get(name);
    if (current !== undefined && current !== owner) this.releaseTwice(name);
    else this.releaseOwners.set(name, owner);
  }

  private assertReleaseNameFree(name: string): void {
    if (this.releaseOwners.has(name)) this.releaseTwice(name);
  }

  private releaseTwice(name: string): void {
    this.problem(`releases['${name}']`, 'is installed twice by this platform: give each release its own name');
  }

  private problem(path: string, message: string): void {
    recordProblems(this, [{ path, message }]);
  }

  /**
   * Checks the options of an `add*` method against the contract, records what is wrong, and gives options to build
   * from: the options, or stand-ins (named apart from everything else) when they cannot be used.
   */
  private admit<O>(root: keyof ConstructContractRoots, options: O, collection: string, standIn: (name: string) => O, key = 'name'): O {
    const name = field(options, key);
    const path = typeof name === 'string' ? `${collection}['${name}']` : `${collection}[${this.admitted}]`;
    this.admitted += 1;
    const check = checkProps(root, options, path);
    recordProblems(this, check.problems, check.ranges);
    if (check.problems.length === 0) return options;
    const substitute = standIn(`rejected-${this.admitted}`);
    this.standIns.add(substitute as object);
    return substitute;
  }

  /** Marks what was built from stand-ins (see `admit`): the checks of it and under it are skipped. */
  private built<T extends Construct>(options: unknown, construct: T): T {
    if (this.standIns.has(options as object)) markBroken(construct);
    return construct;
  }
}
