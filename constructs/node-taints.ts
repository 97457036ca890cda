import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { taintObject, taintProblems } from './machine-config';
import type { PlatformContext } from './private/platform-context';
import { NodeTaint } from './private/providers';
import { idSafe } from './private/util';
import { deferCheck, recordProblems } from './private/report';

/** Taints of one running node, set from the platform stack (for `platform.addNodeTaints()`). */
export interface NodeTaintsOptions {
  /** The node's hostname (its Kubernetes node name), e.g. `k8s-node1`. */
  readonly node: string;
  /**
   * The node's taints in Talos' `value:Effect` form, keyed by taint key, e.g. `{ 'nvidia.com/gpu': 'true:NoSchedule' }`.
   */
  readonly taints: Record<string, string>;
}

/** Props of {@link NodeTaints}: created by `platform.addNodeTaints()`. */
export interface NodeTaintsProps extends NodeTaintsOptions {
  /** The platform whose cluster has the node. */
  readonly context: PlatformContext;
}

/**
 * A running node's taints, set with the cluster's admin credentials from the platform stack (`kubernetes_node_taint`,
 * server-side apply). This is how a worker's taints change after it registered: a worker may not change its own taints
 * (Kubernetes' NodeRestriction admission), so Talos' `nodeTaints` cannot, and `registerWithTaints` only applies when
 * the node first registers.
 *
 * @example
 * platform.addNodeTaints({ node: 'k8s-node1', taints: { 'nvidia.com/gpu': 'true:NoSchedule' } });
 */
export class NodeTaints extends Construct {
  /** `kubernetes_node_taint` (escape hatch). */
  public readonly resource: TerraformResource;

  /**
   * Created by `platform.addNodeTaints()`, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: NodeTaintsProps): NodeTaints {
    return new NodeTaints(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: NodeTaintsProps) {
    super(scope, id);
    recordProblems(this, taintProblems(`nodeTaints['${props.node}'].taints`, props.taints, { isUnresolved: (v) => Token.isUnresolved(v) }));
    const resource = new NodeTaint(this, 'resource', {
      metadata: { name: props.node },
      taint: Object.keys(props.taints).sort().map((key) => {
        const t = taintObject(key, props.taints[key]);
        return { key: t.key, value: t.value ?? '', effect: t.effect };
      }),
      fieldManager: 'cdktf-talos',
      // The kubelet owns the taints it registered with; taking them over is the point.
      force: true,
    });
    resource.overrideLogicalId(`node_taints_${idSafe(props.node)}`);
    this.resource = resource;
    const cluster = props.context.cluster;
    deferCheck(this, () => {
      const nodes = cluster.declaration.nodes;
      return nodes.some((n) => n.hostname === props.node) ? [] : [{
        path: `nodeTaints['${props.node}'].node`,
        message: `'${props.node}' is not a node of cluster '${cluster.clusterName}' (its nodes: ${nodes.map((n) => n.hostname).join(', ')}): name the node by its hostname`,
      }];
    }, [cluster]);
  }
}
