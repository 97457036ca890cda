import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Platform, PlatformProps } from '../constructs';
import { ExampleStackProps, useBackend } from './backend';

/** Props of {@link PlatformStack}: the platform's, starting with the cluster from the cluster stack, and the backend. */
export interface PlatformStackProps extends PlatformProps, ExampleStackProps {}

/**
 * A `<scenario>-platform` stack: local state like every example stack, and a {@link Platform} for the cluster of the
 * `<scenario>-cluster` stack. Add pools and releases to `platform`. Deploy it after the cluster stack:
 * `cdktf deploy <scenario>-cluster <scenario>-platform` (cdktf orders the two, because this stack reads the
 * cluster stack's outputs).
 *
 * @example
 * const cluster = new HomelabClusterStack(app, 'homelab-cluster');
 * const { platform } = new PlatformStack(app, 'homelab-platform', { cluster: cluster.cluster });
 * platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200-10.0.20.220'] });
 */
export class PlatformStack extends TerraformStack {
  /** The platform: add MetalLB pools, manifests and Helm releases to it. */
  public readonly platform: Platform;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { backend, ...platform } = props;
    useBackend(this, { backend });
    this.platform = new Platform(this, 'platform', platform);
  }
}
