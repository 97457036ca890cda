import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { Platform } from './platform';
import { taintProblems } from './machine-config/validate';
import { formatProblem, DeclarationError } from './machine-config/problems';
import { taintObject } from './machine-config/render';
import { NodeTaint } from './private/providers';
import { idSafe } from './private/util';

/** Taints of one running node, set from the platform stack (for `platform.addNodeTaints()`). */
export interface NodeTaintsOptions {
  /** The node's hostname (its Kubernetes node name), e.g. `k8s-node1`. */
  readonly node: string;
  /**
   * The node's taints in Talos' `value:Effect` form, keyed by taint key, e.g. `{ 'nvidia.com/gpu': 'true:NoSchedule' }`.
   */
  readonly taints: Record<string, string>;
}

/** Props of {@link NodeTaints}. */
export interface NodeTaintsProps extends NodeTaintsOptions {
  /** The platform whose cluster has the node. */
  readonly platform: Platform;
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

  constructor(scope: Construct, id: string, props: NodeTaintsProps) {
    // Checked before the construct joins the tree, so a rejected declaration leaves nothing behind.
    const problems = taintProblems(`nodeTaints['${props.node}'].taints`, props.taints, { isUnresolved: (v) => Token.isUnresolved(v) });
    if (problems.length > 0) throw new DeclarationError(problems, `node taints of '${props.node}'`);
    super(scope, id);
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
    const cluster = props.platform.cluster;
    this.node.addValidation({
      validate: () => (cluster.allNodes.some((n) => n.hostname === props.node) ? [] : [formatProblem({
        path: `nodeTaints['${props.node}'].node`,
        message: `'${props.node}' is not a node of cluster '${cluster.clusterName}' (its nodes: ${cluster.allNodes.map((n) => n.hostname).join(', ')}): name the node by its hostname`,
      })]),
    });
  }
}
