import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease, IPlatformComponent } from './helm-release';
import type { Platform } from './platform';
import { METALLB_CHART, MetalLbPoolOptions, metalLbValues, needsIgnoreExcludeLb } from './platform-config/metallb';
import { HelmValues, mergeValues } from './platform-config/values';

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

/** Props of {@link MetalLb}. */
export interface MetalLbProps extends MetalLbOptions {
  /** The platform MetalLB is installed by. */
  readonly platform: Platform;
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
 */
export class MetalLb extends Construct implements IPlatformComponent {
  /** The MetalLB chart release (escape hatch). */
  public readonly chart: HelmRelease;

  private readonly pools: MetalLbPoolOptions[] = [];

  constructor(scope: Construct, id: string, props: MetalLbProps) {
    super(scope, id);
    const platform = props.platform;
    this.chart = new HelmRelease(this, 'chart', {
      platform,
      name: METALLB_CHART.releaseName,
      namespace: METALLB_CHART.namespace,
      podSecurity: 'privileged',
      repository: METALLB_CHART.repository,
      chart: METALLB_CHART.chart,
      version: props.version ?? METALLB_CHART.version,
    });
    // Rendered at synth time, so pools added later count.
    this.chart.addValues(() => mergeValues(
      metalLbValues(this.pools.some((p) => needsIgnoreExcludeLb(platform.cluster.declaration, p))),
      props.values as Record<string, unknown> | undefined,
    ));
  }

  /** The `helm_release` that installs MetalLB (and its CRDs). */
  public get releaseResources(): readonly TerraformResource[] {
    return this.chart.releaseResources;
  }

  /** The pools registered so far. */
  public get registeredPools(): readonly MetalLbPoolOptions[] {
    return [...this.pools];
  }

  /** Registers a pool: its announcement needs decide `speaker.ignoreExcludeLB`. Called by `MetalLbPool`. */
  public registerPool(pool: MetalLbPoolOptions): void {
    this.pools.push(pool);
  }
}
