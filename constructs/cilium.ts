import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease, IPlatformComponent } from './helm-release';
import { CILIUM_CHART, CiliumOptions, ciliumTalosValues } from './platform-config';
import type { PlatformContext } from './private/platform-context';

/** Props of {@link Cilium}: created by the platform when the cluster runs without a built-in CNI. */
export interface CiliumProps extends CiliumOptions {
  /** The platform that installs Cilium. */
  readonly context: PlatformContext;
}

/**
 * Cilium from its Helm chart, with the values Talos needs (KubePrism as the API endpoint, Talos' cgroup mount, the
 * capabilities Talos allows). The platform creates it when the cluster runs without a built-in CNI, before any other
 * release, and every other release waits for it: nothing can start without a pod network.
 *
 * Talos leaves a cluster without a CNI for about ten minutes after bootstrap before its own bootstrap checks give
 * up, so deploy the platform stack right after the cluster stack. The cluster's health check (`healthCheck: true`)
 * skips the Kubernetes checks with `cni: 'none'`, because nodes cannot turn Ready before Cilium runs.
 *
 * @example
 * const platform = new Platform(stack, 'platform', { cluster, cni: Cni.cilium({ version: '1.19.5' }) });
 * platform.cilium?.release.addValues({ hubble: { relay: { enabled: true } } });
 */
export class Cilium extends Construct implements IPlatformComponent {
  /** The Cilium release (escape hatch). */
  public readonly release: HelmRelease;
  /** Whether Cilium replaces kube-proxy. */
  public readonly kubeProxyReplacement: boolean;

  /**
   * Created by the platform, when the cluster runs without a built-in CNI, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: CiliumProps): Cilium {
    return new Cilium(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: CiliumProps) {
    super(scope, id);
    const cluster = props.context.cluster;
    this.kubeProxyReplacement = props.kubeProxyReplacement ?? (cluster.declaration.kubernetes.kubeProxy === false);
    this.release = HelmRelease._create(this, 'chart', {
      context: props.context,
      name: CILIUM_CHART.releaseName,
      namespace: CILIUM_CHART.namespace,
      repository: CILIUM_CHART.repository,
      chart: CILIUM_CHART.chart,
      version: props.version ?? CILIUM_CHART.version,
    });
    this.release.addValues(() => ciliumTalosValues(this.kubeProxyReplacement, cluster.declaration.nodes.length));
    if (props.values !== undefined) this.release.addValues(props.values);
  }

  /** The `helm_release` that installs Cilium. */
  public get releaseResources(): readonly TerraformResource[] {
    return this.release.releaseResources;
  }
}
