import { Fn, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { TalosCluster } from './talos-cluster';
import { DeclarationError } from './machine-config/problems';
import { HelmProvider, KubernetesProvider } from './private/providers';
import { TERRAFORM_FEATURES, TerraformVersion } from './terraform-version';

/** Props of {@link PlatformProviders}. */
export interface PlatformProvidersProps {
  /** The cluster to talk to. It must live in another stack (usually `<scenario>-cluster`). */
  readonly cluster: TalosCluster;
}

/**
 * The Helm and Kubernetes providers of a platform stack, configured from a cluster in another stack.
 *
 * The credentials are the cluster's Kubernetes client configuration (`talos_cluster_kubeconfig`'s
 * `kubernetes_client_configuration`: API host, CA, client certificate and key; never the Talos API credentials).
 * Referencing them from another stack makes cdktf write a `sensitive` output per value in the cluster stack and a
 * `terraform_remote_state` in the platform stack, so the synthesized JSON of both stacks carries references only.
 * The platform stack depends on the cluster stack, so everything in it runs after the cluster is bootstrapped.
 *
 * @example
 * new PlatformProviders(platformStack, 'providers', { cluster: clusterStack.cluster });
 */
export class PlatformProviders extends Construct {
  /** The Helm provider (escape hatch). */
  public readonly helm: TerraformProvider;
  /** The Kubernetes provider (escape hatch). */
  public readonly kubernetes: TerraformProvider;

  constructor(scope: Construct, id: string, props: PlatformProvidersProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    if (TerraformStack.of(props.cluster) === stack) {
      throw new DeclarationError([{ path: 'cluster', message: `'${props.cluster.clusterName}' is declared in the platform's own stack '${stack.node.id}': put the platform in its own stack, deployed after the cluster's (the Kubernetes provider cannot be configured from credentials created in the same apply)` }], `platform stack '${stack.node.id}'`);
    }
    if (stack.node.findAll().some((c) => c !== this && c instanceof PlatformProviders)) {
      throw new DeclarationError([{ path: 'platform', message: `is the second of stack '${stack.node.id}', which already configures Helm and Kubernetes providers: use one platform per stack` }], `platform stack '${stack.node.id}'`);
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
