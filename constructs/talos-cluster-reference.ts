import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { ITalosCluster, KubernetesClientConfiguration } from './i-talos-cluster';
import { ClusterDeclaration, formatProblem, GpuNodeInfo, resolveEndpoint, validateCluster } from './machine-config';
import { gpuNodeInfos } from './platform-config';

/** A Talos cluster declared by another app or repository, for `TalosClusterReference.fromAttributes()`. */
export interface TalosClusterAttributes {
  /**
   * The cluster as declared: `TalosCluster.declaration` of the code that declares it. Share that code between the
   * apps (e.g. as a package) and build the cluster in an app that is never synthesized, so the platform checks its
   * pools, nodes, CNI and GPU support against the same nodes the cluster stack deploys.
   */
  readonly declaration: ClusterDeclaration;
  /**
   * The cluster's Kubernetes client configuration (`TalosCluster.kubernetesClientConfiguration`: API host and base64
   * PEM), typically read with a `DataTerraformRemoteState` from sensitive outputs of the cluster's stack.
   */
  readonly kubernetesClientConfiguration: KubernetesClientConfiguration;
}

/**
 * A Talos cluster that another app or repository declares and deploys, so a `Platform` can be built for it: the
 * cluster's declaration and the Kubernetes client configuration from its state. It creates no resources, so it may
 * live in the platform's own stack. Its declaration is validated like the cluster's own, and its GPU nodes are
 * derived from it.
 *
 * @example
 * const state = new DataTerraformRemoteStateLocal(platformStack, 'cluster', { path: '../homelab/terraform.homelab-cluster.tfstate' });
 * const homelab = TalosClusterReference.fromAttributes(platformStack, 'homelab', {
 *   declaration,
 *   kubernetesClientConfiguration: {
 *     host: state.getString('kubernetes_host'), caCertificate: state.getString('kubernetes_ca_certificate'),
 *     clientCertificate: state.getString('kubernetes_client_certificate'), clientKey: state.getString('kubernetes_client_key'),
 *   },
 * });
 * new Platform(platformStack, 'platform', { cluster: homelab });
 */
export class TalosClusterReference extends Construct implements ITalosCluster {
  /** A cluster declared elsewhere, from its declaration and Kubernetes client configuration. */
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
    super(scope, id);
    this.declaration = attributes.declaration;
    this.clusterName = attributes.declaration.clusterName;
    this.kubernetesClientConfiguration = { ...attributes.kubernetesClientConfiguration };
    this.node.addValidation({
      validate: () => validateCluster(this.declaration, { isUnresolved: (v) => Token.isUnresolved(v) }).map(formatProblem),
    });
  }

  /** The Kubernetes API endpoint. */
  public get endpoint(): string {
    return resolveEndpoint(this.declaration) ?? '';
  }

  /** The GPU nodes of the declaration, as `GpuNode` records them. */
  public get gpuNodes(): readonly GpuNodeInfo[] {
    return gpuNodeInfos(this.declaration);
  }
}
