/**
 * What a platform needs to know about a Talos cluster, whoever declares it: a {@link TalosCluster} of this app, or a
 * cluster another stack or repository declares ({@link TalosClusterReference}). This module imports no construct
 * class, so the platform and its components depend on the interface and never on the cluster's constructs.
 */
import type { IConstruct } from 'constructs';
import type { ClusterDeclaration, GpuNodeInfo } from './machine-config';

/** The Kubernetes client credentials of the cluster (all values are Terraform references, sensitive in state). */
export interface KubernetesClientConfiguration {
  /** The API server URL. */
  readonly host: string;
  /** Base64-encoded cluster CA certificate. */
  readonly caCertificate: string;
  /** Base64-encoded client certificate. */
  readonly clientCertificate: string;
  /** Base64-encoded client key. */
  readonly clientKey: string;
}

/**
 * A Talos cluster as its platform sees it: its name and endpoint, the credentials the Helm and Kubernetes providers
 * use, its GPU nodes, and the whole declaration (nodes, addresses, settings) the platform's checks read through the
 * configuration core.
 */
export interface ITalosCluster extends IConstruct {
  /** The cluster name. */
  readonly clusterName: string;
  /** The Kubernetes API endpoint, `https://<host>:<port>`. */
  readonly endpoint: string;
  /** The Kubernetes client credentials, for the Helm and Kubernetes providers. */
  readonly kubernetesClientConfiguration: KubernetesClientConfiguration;
  /** The GPU nodes and what the platform needs to know about them (driver, Talos version, labels, taint). */
  readonly gpuNodes: readonly GpuNodeInfo[];
  /** The whole declaration as the configuration core sees it. */
  readonly declaration: ClusterDeclaration;
}
