import { TerraformProvider, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Cilium } from './cilium';
import { EtcdBackups } from './etcd-backups';
import { GitOpsController } from './gitops-controller';
import { GpuSupport } from './gpu-support';
import { HelmRelease, HelmReleaseOptions } from './helm-release';
import type { ITalosCluster } from './i-talos-cluster';
import { KubernetesNamespace, KubernetesNamespaceOptions } from './kubernetes-namespace';
import { DeclarationError, Problem } from './machine-config';
import { ManifestsRelease, ManifestsReleaseOptions } from './manifests-release';
import { MetalLb, MetalLbOptions } from './metallb';
import { MetalLbPool } from './metallb-pool';
import { NodeLabels, NodeLabelsOptions } from './node-labels';
import { NodeTaints, NodeTaintsOptions } from './node-taints';
import {
  Cni, EtcdBackupOptions, GitOps, GpuSupportOptions, HelmValues, MetalLbPoolOptions, planCni, planGpu, SPEGEL_CHART,
} from './platform-config';
import type { PlatformContext } from './private/platform-context';
import { PlatformProviders } from './private/platform-providers';
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

  constructor(scope: Construct, id: string, props: PlatformProps) {
    super(scope, id);
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

    // Decide the CNI and the GPU stack up front and report every disagreement at once.
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
    if (problems.length > 0) throw new DeclarationError(problems, `platform for cluster '${decl.clusterName}'`);

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
    this.assertReleaseNameFree(options.name);
    const decl = this.cluster.declaration;
    if (options.chart === 'coredns' && decl.kubernetes.coreDns !== false) {
      throw new DeclarationError([{
        path: `releases['${options.name}']`,
        message: `installs CoreDNS, but cluster '${decl.clusterName}' runs Talos' own CoreDNS (kubernetes.coreDns defaults to true): the two would fight over the kube-dns Service; set kubernetes.coreDns: false on the cluster`,
      }], `platform for cluster '${decl.clusterName}'`);
    }
    return HelmRelease._create<V>(this, `release-${options.name}`, { ...options, context: this.context });
  }

  /**
   * Adds Kubernetes objects created by Helm, typically custom resources whose CRDs another release installs: list
   * that release in `needs`.
   */
  public addManifests(options: ManifestsReleaseOptions): ManifestsRelease {
    this.assertReleaseNameFree(options.name);
    return ManifestsRelease._create(this, `manifests-${options.name}`, { ...options, context: this.context });
  }

  /** Adds a MetalLB address pool and its advertisement, installing MetalLB on first use. */
  public addMetalLbPool(options: MetalLbPoolOptions): MetalLbPool {
    if (this.node.tryFindChild(`metallb-pool-${options.name}`)) {
      throw this.error(`metalLbPools['${options.name}']`, 'is declared twice: give each pool its own name');
    }
    return MetalLbPool._create(this, `metallb-pool-${options.name}`, { ...options, context: this.context });
  }

  /**
   * Adds Spegel, the stateless in-cluster registry mirror, set up for Talos (containerd's mirror path, a privileged
   * namespace). The cluster must keep unpacked layers: `nodeDefaults: { containerd: { discardUnpackedLayers: false } }`.
   */
  public addSpegel(options: SpegelOptions = {}): Spegel {
    this.assertReleaseNameFree(SPEGEL_CHART.releaseName);
    return Spegel._create(this, 'spegel', { ...options, context: this.context });
  }

  /**
   * Sets a running node's taints from the platform stack: how a worker's taints change after it registered (a worker
   * may not change its own taints, and `registerWithTaints` only applies at registration).
   */
  public addNodeTaints(options: NodeTaintsOptions): NodeTaints {
    if (this.node.tryFindChild(`node-taints-${options.node}`)) {
      throw this.error(`nodeTaints['${options.node}']`, 'is declared twice: give all of the node\'s taints in one addNodeTaints()');
    }
    return NodeTaints._create(this, `node-taints-${options.node}`, { ...options, context: this.context });
  }

  /** Sets labels on a running node from the platform stack, e.g. labels a worker may not set on itself. */
  public addNodeLabels(options: NodeLabelsOptions): NodeLabels {
    if (this.node.tryFindChild(`node-labels-${options.node}`)) {
      throw this.error(`nodeLabels['${options.node}']`, 'is declared twice: give all of the node\'s labels in one addNodeLabels()');
    }
    return NodeLabels._create(this, `node-labels-${options.node}`, { ...options, context: this.context });
  }

  /**
   * Adds scheduled etcd snapshots (siderolabs/talos-backup), encrypted to an age recipient and uploaded to S3. The
   * cluster's control planes must grant the job Talos API access: `kubernetes: { etcdBackupAccess: {} }` on the cluster.
   */
  public addEtcdBackups(options: EtcdBackupOptions): EtcdBackups {
    if (this.node.tryFindChild('etcd-backups')) {
      throw this.error('etcdBackups', 'is declared twice: one backup job per cluster takes every snapshot; give all its options in one addEtcdBackups()');
    }
    return EtcdBackups._create(this, 'etcd-backups', { ...options, context: this.context });
  }

  /**
   * Hands the cluster over to GitOps: installs Flux (`GitOps.flux()`) or Argo CD (`GitOps.argoCd()`) syncing a
   * repository, after every release and pool declared before this call. Declare it last.
   */
  public addGitOps(gitops: GitOps): GitOpsController {
    const existing = this.node.tryFindChild('gitops') as GitOpsController | undefined;
    if (existing) {
      throw this.error('gitops', `is declared twice (${existing.tool === 'flux' ? 'Flux' : 'Argo CD'} first): a cluster has one GitOps controller; keep one addGitOps()`);
    }
    return GitOpsController._create(this, 'gitops', { gitops, context: this.context });
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
    let ns = this.namespaces.get(options.name);
    if (!ns) {
      ns = new KubernetesNamespace(this, `namespace-${options.name}`, { name: options.name, labels: options.labels });
      this.namespaces.set(options.name, ns);
    } else if (options.labels !== undefined) {
      throw this.error(`namespaces['${options.name}'].labels`, 'are given for a namespace that already exists: give its labels where it is first declared');
    }
    if (options.podSecurity !== undefined) ns.requirePodSecurity(options.podSecurity, `namespaces['${options.name}']`);
    return ns;
  }

  /** Records that a release name is taken (release names are unique in a platform, and name Terraform resources). */
  private claimReleaseName(name: string, owner: TerraformResource): void {
    const current = this.releaseOwners.get(name);
    if (current !== undefined && current !== owner) throw this.releaseTwice(name);
    this.releaseOwners.set(name, owner);
  }

  private assertReleaseNameFree(name: string): void {
    if (this.releaseOwners.has(name)) throw this.releaseTwice(name);
  }

  private releaseTwice(name: string): DeclarationError {
    return this.error(`releases['${name}']`, 'is installed twice by this platform: give each release its own name');
  }

  private error(path: string, message: string): DeclarationError {
    return new DeclarationError([{ path, message }], `platform for cluster '${this.cluster.clusterName}'`);
  }
}
