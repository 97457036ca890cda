import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { ITalosCluster, KubernetesClientConfiguration } from './i-talos-cluster';
import type { TalosClusterProps } from './talos-cluster';
import {
  ClusterDeclaration, ClusterNode, ClusterOptions, declareCluster, GpuNodeInfo, resolveEndpoint, resolveNode, validateCluster,
} from './machine-config';
import { checkProps } from './private/contract';
import { deferCheck, field, markBroken, placement, recordProblems } from './private/report';

/**
 * A Talos cluster declared by another app or repository, for `TalosClusterReference.fromAttributes()`: the options and
 * nodes it is declared with, and how to reach its Kubernetes API.
 */
export interface TalosClusterAttributes extends ClusterOptions {
  /**
   * The cluster's nodes, each with its role (and GPU, for GPU nodes), as the app that deploys the cluster adds them.
   * Share the options and nodes between the two apps (e.g. as a package), so the platform checks its pools, nodes, CNI
   * and GPU support against the nodes the cluster stack deploys.
   */
  readonly nodes: ClusterNode[];
  /**
   * The cluster's Kubernetes client configuration (`TalosCluster.kubernetesClientConfiguration`: API host and base64
   * PEM), typically read with a `DataTerraformRemoteState` from sensitive outputs of the cluster's stack.
   */
  readonly kubernetesClientConfiguration: KubernetesClientConfiguration;
}

/**
 * What `fromAttributes` accepts: the attributes, and the fields of `TalosClusterProps` that only the deploying app
 * uses (so both apps can share one `TalosClusterProps` object, as the README shows). They are ignored here.
 */
export type ReferenceAttributes = TalosClusterAttributes & Pick<TalosClusterProps, 'applyMode' | 'healthCheck' | 'secrets'>;

/**
 * A Talos cluster that another app or repository declares and deploys, so a `Platform` can be built for it: the
 * cluster's options and nodes (its declaration comes out of the core's `declareCluster`, as a `TalosCluster`'s comes
 * out of the same steps) and the Kubernetes client configuration from its state. It creates no resources, so it may
 * live in the platform's own stack. Its declaration is validated like the cluster's own.
 *
 * @example
 * const state = new DataTerraformRemoteStateLocal(platformStack, 'cluster', { path: '../homelab/terraform.homelab-cluster.tfstate' });
 * const homelab = TalosClusterReference.fromAttributes(platformStack, 'homelab', {
 *   ...homelabOptions, nodes: homelabNodes,    // shared with the app that deploys the cluster
 *   kubernetesClientConfiguration: {
 *     host: state.getString('kubernetes_host'), caCertificate: state.getString('kubernetes_ca_certificate'),
 *     clientCertificate: state.getString('kubernetes_client_certificate'), clientKey: state.getString('kubernetes_client_key'),
 *   },
 * });
 * new Platform(platformStack, 'platform', { cluster: homelab });
 */
export class TalosClusterReference extends Construct implements ITalosCluster {
  /** A cluster declared elsewhere, from its options, nodes and Kubernetes client configuration. */
  public static fromAttributes(scope: Construct, id: string, attributes: TalosClusterAttributes): ITalosCluster {
    return new TalosClusterReference(scope, id, attributes);
  }

  /** The cluster name. */
  public readonly clusterName: string;
  /** The Kubernetes client credentials, for the Helm and Kubernetes providers. */
  public readonly kubernetesClientConfiguration: KubernetesClientConfiguration;
  /** The whole declaration as the configuration core sees it. */
  public readonly declaration: ClusterDeclaration;

  private constructor(scope: Construct, id: string, attributes: TalosClusterAttributes) {
    const at = placement(scope, id, 'TalosClusterReference');
    super(at.scope, at.id);
    // Attributes that break the contract are reported; the reference then stands for an empty cluster.
    const check = checkProps('TalosClusterAttributes', attributes, '');
    recordProblems(this, [...at.problems, ...check.problems], check.ranges);
    if (check.problems.length > 0) {
      markBroken(this);
      const name = field(attributes, 'clusterName');
      attributes = {
        clusterName: typeof name === 'string' ? name : 'invalid', talosVersion: '', kubernetesVersion: '', nodes: [],
        kubernetesClientConfiguration: { host: '', caCertificate: '', clientCertificate: '', clientKey: '' },
      };
    }
    const { nodes, kubernetesClientConfiguration, applyMode: _a, healthCheck: _h, secrets: _s, ...options } = attributes as ReferenceAttributes;
    this.declaration = declareCluster(options, nodes);
    this.clusterName = options.clusterName;
    this.kubernetesClientConfiguration = { ...kubernetesClientConfiguration };
    deferCheck(this, () => validateCluster(this.declaration, { isUnresolved: (v) => Token.isUnresolved(v) }));
  }

  /** The Kubernetes API endpoint. */
  public get endpoint(): string {
    return resolveEndpoint(this.declaration) ?? '';
  }

  /** The GPU nodes of the declaration, as the core resolves them (what `GpuNode` records). */
  public get gpuNodes(): readonly GpuNodeInfo[] {
    const decl = this.declaration;
    return decl.nodes.flatMap((n) => {
      const gpu = resolveNode(decl, n).gpu;
      return gpu ? [gpu] : [];
    });
  }
}
