import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { labelProblems } from './machine-config';
import type { PlatformContext } from './private/platform-context';
import { Labels } from './private/providers';
import { idSafe } from './private/util';
import { deferCheck, recordProblems } from './private/report';

/** Labels of one running node, set from the platform stack (for `platform.addNodeLabels()`). */
export interface NodeLabelsOptions {
  /** The node's hostname (its Kubernetes node name), e.g. `k8s-node2`. */
  readonly node: string;
  /** The labels, e.g. `{ 'node-role.kubernetes.io/worker': '' }`. */
  readonly labels: Record<string, string>;
}

/** Props of {@link NodeLabels}: created by `platform.addNodeLabels()`. */
export interface NodeLabelsProps extends NodeLabelsOptions {
  /** The platform whose cluster has the node. */
  readonly context: PlatformContext;
}

/**
 * Labels of a running node set with the cluster's admin credentials from the platform stack (`kubernetes_labels`,
 * server-side apply): for labels a worker may not set on itself, such as `node-role.kubernetes.io/worker`
 * (Kubernetes' NodeRestriction admission rejects those in Talos' `nodeLabels` of a worker).
 *
 * @example
 * platform.addNodeLabels({ node: 'k8s-node2', labels: { 'node-role.kubernetes.io/worker': '' } });
 */
export class NodeLabels extends Construct {
  /** `kubernetes_labels` (escape hatch). */
  public readonly resource: TerraformResource;

  /**
   * Created by `platform.addNodeLabels()`, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: NodeLabelsProps): NodeLabels {
    return new NodeLabels(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: NodeLabelsProps) {
    super(scope, id);
    recordProblems(this, labelProblems(`nodeLabels['${props.node}'].labels`, props.labels, { isUnresolved: (v) => Token.isUnresolved(v) }));
    const resource = new Labels(this, 'resource', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: props.node },
      labels: Object.fromEntries(Object.keys(props.labels).sort().map((k) => [k, props.labels[k]])),
      fieldManager: 'cdktf-talos',
      force: true,
    });
    resource.overrideLogicalId(`node_labels_${idSafe(props.node)}`);
    this.resource = resource;
    const cluster = props.context.cluster;
    deferCheck(this, () => {
      const nodes = cluster.declaration.nodes;
      return nodes.some((n) => n.hostname === props.node) ? [] : [{
        path: `nodeLabels['${props.node}'].node`,
        message: `'${props.node}' is not a node of cluster '${cluster.clusterName}' (its nodes: ${nodes.map((n) => n.hostname).join(', ')}): name the node by its hostname`,
      }];
    }, [cluster]);
  }
}
