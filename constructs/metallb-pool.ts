import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { IPlatformComponent } from './helm-release';
import { ManifestsRelease } from './manifests-release';
import type { MetalLb } from './metallb';

import {
  dnsLabelProblem, METALLB_CHART, metalLbPoolProblems, MetalLbPoolOptions, metalLbWebhookProbe, renderMetalLbResources,
} from './platform-config';
import type { PlatformContext } from './private/platform-context';
import { deferCheck, recordProblems } from './private/report';

/** Props of {@link MetalLbPool}: created by `platform.addMetalLbPool()`. */
export interface MetalLbPoolProps extends MetalLbPoolOptions {
  /** The platform that installs MetalLB. */
  readonly context: PlatformContext;
}

/**
 * A MetalLB address pool and its announcement (`IPAddressPool` plus `L2Advertisement`, or `BGPPeer`s plus a
 * `BGPAdvertisement`), installing MetalLB on first use.
 *
 * The custom resources are created by a `ManifestsRelease` ordered after the MetalLB chart (which installs the CRDs),
 * so a fresh cluster gets MetalLB and its pools in one deploy. Before anything is applied, the synth fails when a pool
 * address is a node's address, the VIP, a gateway or inside the router's DHCP range, overlaps another pool, or (for
 * layer 2) lies outside the announcing nodes' subnet.
 *
 * @example
 * platform.addMetalLbPool({
 *   name: 'lan', addresses: ['10.0.0.3/32'],
 *   advertisement: MetalLbAdvertisement.l2({ nodes: ['home-01-cp-0'] }),
 * });
 */
export class MetalLbPool extends Construct implements IPlatformComponent {
  /** The pool's name. */
  public readonly name: string;
  /** The pool's addresses. */
  public readonly addresses: readonly string[];
  /** The MetalLB installation the pool belongs to. */
  public readonly metalLb: MetalLb;
  /** The release that creates the pool's custom resources (escape hatch). */
  public readonly release: ManifestsRelease;

  /**
   * Created by `platform.addMetalLbPool()`, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: MetalLbPoolProps): MetalLbPool {
    return new MetalLbPool(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: MetalLbPoolProps) {
    super(scope, id);
    const path = `metalLbPools['${props.name}']`;
    const nameProblem = dnsLabelProblem(props.name, 'lan');
    if (nameProblem || props.name.length > 40) {
      recordProblems(this, [{ path: `${path}.name`, message: nameProblem ?? `'${props.name}' is longer than 40 characters: it also names the pool's Helm release` }]);
    }
    const { context, ...pool } = props;
    this.name = props.name;
    this.addresses = [...props.addresses];
    this.metalLb = context.metalLb();
    const others = context.metalLbPools;
    context.registerMetalLbPool(pool);
    const releaseName = `metallb-pool-${props.name}`;
    this.release = ManifestsRelease._create(this, 'resources', {
      context,
      name: releaseName,
      namespace: METALLB_CHART.namespace,
      // The pool's objects, after a hook that waits for MetalLB's webhook (the chart reports ready before it serves).
      manifests: [
        ...metalLbWebhookProbe(releaseName, context.cluster.declaration.kubernetesVersion, METALLB_CHART.namespace),
        ...renderMetalLbResources(pool, METALLB_CHART.namespace),
      ],
      needs: [this.metalLb],
    });
    // Checked once everything is declared: the cluster's nodes may be added after the platform.
    deferCheck(this, () => metalLbPoolProblems(context.cluster.declaration, pool, {
      path, otherPools: others, isUnresolved: (v) => Token.isUnresolved(v),
    }), [context.cluster]);
  }

  /** MetalLB's release and the pool's release: whatever needs the pool waits for both. */
  public get releaseResources(): readonly TerraformResource[] {
    return [...this.metalLb.releaseResources, ...this.release.releaseResources];
  }
}
