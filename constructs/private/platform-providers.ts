import { Fn, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { ITalosCluster } from '../i-talos-cluster';
import { TERRAFORM_FEATURES, TerraformVersion } from '../terraform-version';
import { HelmProvider, KubernetesProvider } from './providers';
import { recordProblems } from './report';

/** Props of {@link PlatformProviders}. */
export interface PlatformProvidersProps {
  /** The cluster to talk to: declared in another stack (usually `<scenario>-cluster`), or a reference to one. */
  readonly cluster: ITalosCluster;
}

/**
 * The Helm and Kubernetes providers of a platform stack, configured from a cluster in another stack. Created by
 * `Platform`; not part of the public API.
 *
 * The credentials are the cluster's Kubernetes client configuration (`talos_cluster_kubeconfig`'s
 * `kubernetes_client_configuration`: API host, CA, client certificate and key; never the Talos API credentials).
 * Referencing them from another stack makes cdktf write a `sensitive` output per value in the cluster stack and a
 * `terraform_remote_state` in the platform stack, so the synthesized JSON of both stacks carries references only.
 * The platform stack depends on the cluster stack, so everything in it runs after the cluster is bootstrapped.
 */
export class PlatformProviders extends Construct {
  /** The Helm provider (escape hatch). */
  public readonly helm: TerraformProvider;
  /** The Kubernetes provider (escape hatch). */
  public readonly kubernetes: TerraformProvider;

  constructor(scope: Construct, id: string, props: PlatformProvidersProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    // The providers cannot be configured from credentials created in the same apply: a cluster whose resources are in
    // this stack is refused. A reference to a cluster declared elsewhere creates nothing, so it may live here.
    if (TerraformStack.of(props.cluster) === stack && props.cluster.node.findAll().some((c) => c instanceof TerraformResource)) {
      recordProblems(scope, [{ path: 'cluster', message: `'${props.cluster.clusterName}' is declared in the platform's own stack '${stack.node.id}': put the platform in its own stack, deployed after the cluster's (the Kubernetes provider cannot be configured from credentials created in the same apply)` }]);
    }
    if (stack.node.findAll().some((c) => c !== this && c instanceof PlatformProviders)) {
      recordProblems(scope, [{ path: 'platform', message: `is the second of stack '${stack.node.id}', which already configures Helm and Kubernetes providers: use one platform per stack` }]);
    }
    const k = props.cluster.kubernetesClientConfiguration;
    // The client configuration carries base64 PEM; the providers take PEM.
    const credentials = {
      host: k.host,
      clusterCaCertificate: Fn.base64decode(k.caCertificate),
      clientCertificate: Fn.base64decode(k.clientCertificate),
      clientKey: Fn.base64decode(k.clientKey),
    };
    this.helm = new HelmProvider(this, 'helm', { kubernetes: credentials });
    TerraformVersion.require(this, TERRAFORM_FEATURES.pluginProtocol6);
    this.kubernetes = new KubernetesProvider(this, 'kubernetes', credentials);
  }
}
