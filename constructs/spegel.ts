import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease, IPlatformComponent } from './helm-release';
import { HelmValues, SPEGEL_CHART, spegelTalosValues } from './platform-config';
import type { PlatformContext } from './private/platform-context';

/** Spegel, without the platform (for `platform.addSpegel()`). */
export interface SpegelOptions {
  /**
   * The chart version (from `oci://ghcr.io/spegel-org/helm-charts`).
   * @default '0.7.4'
   */
  readonly version?: string;
  /**
   * Further chart values, over the ones Talos needs.
   * @default - none
   */
  readonly values?: HelmValues;
  /**
   * Releases (or pools) to install first.
   * @default - only the CNI, when the platform installs one
   */
  readonly needs?: IPlatformComponent[];
}

/** Props of {@link Spegel}: created by `platform.addSpegel()`. */
export interface SpegelProps extends SpegelOptions {
  /** The platform that installs Spegel. */
  readonly context: PlatformContext;
}

/**
 * Spegel, the stateless in-cluster registry mirror, set up for Talos: containerd's mirror configuration at Talos' path
 * (`/etc/cri/conf.d/hosts`), in a privileged namespace (its DaemonSet mounts host paths and publishes a host port).
 * The cluster's nodes must keep unpacked layers (`containerd: { discardUnpackedLayers: false }`); the synth fails
 * naming the fix otherwise.
 *
 * @example
 * platform.addSpegel();
 */
export class Spegel extends Construct implements IPlatformComponent {
  /** The Spegel release (escape hatch). */
  public readonly release: HelmRelease;

  /**
   * Created by `platform.addSpegel()`, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: SpegelProps): Spegel {
    return new Spegel(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: SpegelProps) {
    super(scope, id);
    this.release = HelmRelease._create(this, 'chart', {
      context: props.context,
      name: SPEGEL_CHART.releaseName,
      namespace: SPEGEL_CHART.namespace,
      podSecurity: 'privileged',
      repository: SPEGEL_CHART.repository,
      chart: SPEGEL_CHART.chart,
      version: props.version ?? SPEGEL_CHART.version,
      needs: props.needs,
    });
    this.release.addValues(spegelTalosValues());
    if (props.values !== undefined) this.release.addValues(props.values);
  }

  /** The `helm_release` that installs Spegel. */
  public get releaseResources(): readonly TerraformResource[] {
    return this.release.releaseResources;
  }
}
