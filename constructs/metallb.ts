import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease, IPlatformComponent } from './helm-release';
import { HelmValues, METALLB_CHART, mergeValues, metalLbValues, needsIgnoreExcludeLb } from './platform-config';
import type { PlatformContext } from './private/platform-context';

/** The MetalLB installation, without the platform (`PlatformProps.metalLb`). */
export interface MetalLbOptions {
  /**
   * The MetalLB chart version, pinned.
   * @default '0.16.1'
   */
  readonly version?: string;
  /**
   * Chart values merged over the ones the pools need.
   * @default - none
   */
  readonly values?: HelmValues;
}

/** Props of {@link MetalLb}: created by the platform with its first MetalLB pool. */
export interface MetalLbProps extends MetalLbOptions {
  /** The platform MetalLB is installed by (its cluster and pools decide the values). */
  readonly context: PlatformContext;
}

/**
 * MetalLB from its Helm chart, in `metallb-system` with the privileged Pod Security labels its speaker needs. Created
 * once per platform by the first `MetalLbPool`.
 *
 * When a pool can only be announced from control-plane nodes that still carry Talos' control-plane
 * `node.kubernetes.io/exclude-from-external-load-balancers` label (single-node and all-control-plane clusters, or an
 * advertisement pinned to a control plane), the chart's `speaker.ignoreExcludeLB` is turned on, so the user does not
 * have to know about the label. A cluster that removes the label itself needs nothing.
 *
 * @example
 * const metalLb = platform.metalLb();
 * platform.addRelease({ name: 'app', repository: 'https://charts.example.com', chart: 'app', version: '1.0.0', needs: [metalLb] });
 */
export class MetalLb extends Construct implements IPlatformComponent {
  /** The MetalLB chart release (escape hatch). */
  public readonly release: HelmRelease;

  /**
   * Created by the platform, with its first pool, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: MetalLbProps): MetalLb {
    return new MetalLb(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: MetalLbProps) {
    super(scope, id);
    const context = props.context;
    this.release = HelmRelease._create(this, 'chart', {
      context,
      name: METALLB_CHART.releaseName,
      namespace: METALLB_CHART.namespace,
      podSecurity: 'privileged',
      repository: METALLB_CHART.repository,
      chart: METALLB_CHART.chart,
      version: props.version ?? METALLB_CHART.version,
    });
    // Rendered at synth time, so pools added later count: their announcement needs decide `speaker.ignoreExcludeLB`.
    this.release.addValues(() => mergeValues(
      metalLbValues(context.metalLbPools.some((p) => needsIgnoreExcludeLb(context.cluster.declaration, p))),
      props.values as Record<string, unknown> | undefined,
    ));
  }

  /** The `helm_release` that installs MetalLB (and its CRDs). */
  public get releaseResources(): readonly TerraformResource[] {
    return this.release.releaseResources;
  }
}
