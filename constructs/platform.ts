import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Cilium } from './cilium';
import { GpuSupport } from './gpu-support';
import { HelmRelease, HelmReleaseOptions } from './helm-release';
import { KubernetesNamespace, KubernetesNamespaceOptions } from './kubernetes-namespace';
import { ManifestsRelease, ManifestsReleaseOptions } from './manifests-release';
import { MetalLb, MetalLbOptions } from './metallb';
import { MetalLbPool } from './metallb-pool';
import { NodeLabels, NodeLabelsOptions } from './node-labels';
import { NodeTaints, NodeTaintsOptions } from './node-taints';
import { PlatformProviders } from './platform-providers';
import { Spegel, SpegelOptions } from './spegel';
import { SPEGEL_CHART } from './platform-config/spegel';
import type { TalosCluster } from './talos-cluster';
import { DeclarationError } from './machine-config/problems';
import { Cni, planCni } from './platform-config/cni';
import { GpuSupportOptions, planGpu } from './platform-config/gpu';
import { MetalLbPoolOptions } from './platform-config/metallb';
import { HelmValues } from './platform-config/values';

/** A platform: what a cluster needs to serve, installed by Helm from its own stack. */
export interface PlatformProps {
  /** The cluster, declared in another stack (usually `<scenario>-cluster`). */
  readonly cluster: TalosCluster;
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
  readonly gpu?: GpuSupportOptions | false;
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
  public readonly cluster: TalosCluster;
  /** The Helm and Kubernetes providers. */
  public readonly providers: PlatformProviders;
  /** Cilium, when the platform installs it. Every other release waits for it. */
  public readonly cni?: Cilium;
  /** GPU support, when the cluster has GPU nodes. */
  public readonly gpu?: GpuSupport;

  private readonly props: PlatformProps;
  private readonly namespaces = new Map<string, KubernetesNamespace>();
  private readonly releaseOwners = new Map<string, TerraformResource>();
  private metalLbInstall?: MetalLb;

  constructor(scope: Construct, id: string, props: PlatformProps) {
    super(scope, id);
    this.props = props;
    this.cluster = props.cluster;
    this.providers = new PlatformProviders(this, 'providers', { cluster: props.cluster });

    // Decide the CNI and the GPU stack up front and report every disagreement at once.
    const decl = props.cluster.declaration;
    const cni = planCni(decl.kubernetes, decl.clusterName, props.cni);
    const gpuNodes = props.cluster.gpuNodes;
    const gpuOptions = props.gpu === false ? undefined : props.gpu;
    const gpuWanted = props.gpu !== false && (gpuNodes.length > 0 || props.gpu !== undefined);
    const problems = [...cni.problems];
    if (gpuWanted && gpuNodes.length === 0) {
      problems.push({ path: 'gpu', message: `is set, but cluster '${decl.clusterName}' has no GPU nodes: add GPU nodes, or drop gpu from the platform` });
    } else if (gpuWanted) {
      problems.push(...planGpu(gpuNodes, gpuOptions ?? {}).problems);
    }
    if (problems.length > 0) throw new DeclarationError(problems, `platform for cluster '${decl.clusterName}'`);

    if (cni.cni.name === 'cilium') {
      this.cni = new Cilium(this, 'cilium', { ...cni.cni.ciliumOptions, kubeProxyReplacement: cni.kubeProxyReplacement, platform: this });
    }
    if (gpuWanted) {
      this.gpu = new GpuSupport(this, 'gpu', { ...gpuOptions, platform: this, nodes: gpuNodes });
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
    return new HelmRelease<V>(this, `release-${options.name}`, { ...options, platform: this });
  }

  /**
   * Adds Kubernetes objects created by Helm, typically custom resources whose CRDs another release installs: list
   * that release in `needs`.
   */
  public addManifests(options: ManifestsReleaseOptions): ManifestsRelease {
    this.assertReleaseNameFree(options.name);
    return new ManifestsRelease(this, `manifests-${options.name}`, { ...options, platform: this });
  }

  /** Adds a MetalLB address pool and its advertisement, installing MetalLB on first use. */
  public addMetalLbPool(options: MetalLbPoolOptions): MetalLbPool {
    if (this.node.tryFindChild(`metallb-pool-${options.name}`)) {
      throw new DeclarationError([{ path: `metalLbPools['${options.name}']`, message: 'is declared twice: give each pool its own name' }], `platform for cluster '${this.cluster.clusterName}'`);
    }
    return new MetalLbPool(this, `metallb-pool-${options.name}`, { ...options, platform: this });
  }

  /**
   * Adds Spegel, the stateless in-cluster registry mirror, set up for Talos (containerd's mirror path, a privileged
   * namespace). The cluster must keep unpacked layers: `nodeDefaults: { containerd: { discardUnpackedLayers: false } }`.
   */
  public addSpegel(options: SpegelOptions = {}): Spegel {
    this.assertReleaseNameFree(SPEGEL_CHART.releaseName);
    return new Spegel(this, 'spegel', { ...options, platform: this });
  }

  /**
   * Sets a running node's taints from the platform stack: how a worker's taints change after it registered (a worker
   * may not change its own taints, and `registerWithTaints` only applies at registration).
   */
  public addNodeTaints(options: NodeTaintsOptions): NodeTaints {
    if (this.node.tryFindChild(`node-taints-${options.node}`)) {
      throw new DeclarationError([{ path: `nodeTaints['${options.node}']`, message: 'is declared twice: give all of the node\'s taints in one addNodeTaints()' }], `platform for cluster '${this.cluster.clusterName}'`);
    }
    return new NodeTaints(this, `node-taints-${options.node}`, { ...options, platform: this });
  }

  /** Sets labels on a running node from the platform stack, e.g. labels a worker may not set on itself. */
  public addNodeLabels(options: NodeLabelsOptions): NodeLabels {
    if (this.node.tryFindChild(`node-labels-${options.node}`)) {
      throw new DeclarationError([{ path: `nodeLabels['${options.node}']`, message: 'is declared twice: give all of the node\'s labels in one addNodeLabels()' }], `platform for cluster '${this.cluster.clusterName}'`);
    }
    return new NodeLabels(this, `node-labels-${options.node}`, { ...options, platform: this });
  }

  /** The MetalLB installation (created on first call, from `PlatformProps.metalLb`). */
  public metalLb(): MetalLb {
    this.metalLbInstall = this.metalLbInstall ?? new MetalLb(this, 'metallb', { ...this.props.metalLb, platform: this });
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
      throw new DeclarationError([{ path: `namespaces['${options.name}'].labels`, message: 'are given for a namespace that already exists: give its labels where it is first declared' }], `platform for cluster '${this.cluster.clusterName}'`);
    }
    if (options.podSecurity !== undefined) ns.requirePodSecurity(options.podSecurity, `namespaces['${options.name}']`);
    return ns;
  }

  /** Records that a release name is taken (release names are unique in a platform, and name Terraform resources). */
  public claimReleaseName(name: string, owner: TerraformResource): void {
    const current = this.releaseOwners.get(name);
    if (current !== undefined && current !== owner) {
      throw new DeclarationError([{ path: `releases['${name}']`, message: 'is installed twice by this platform: give each release its own name' }], `platform for cluster '${this.cluster.clusterName}'`);
    }
    this.releaseOwners.set(name, owner);
  }

  private assertReleaseNameFree(name: string): void {
    if (this.releaseOwners.has(name)) throw new DeclarationError([{ path: `releases['${name}']`, message: 'is installed twice by this platform: give each release its own name' }], `platform for cluster '${this.cluster.clusterName}'`);
  }
}
