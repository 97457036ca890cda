/**
 * Day-2 taints from the platform stack: a worker may not change its own taints (Kubernetes' NodeRestriction; talos
 * internal/app/machined/pkg/controllers/k8s/node_apply.go), and `registerWithTaints` only applies at registration.
 */
import { clusterAndPlatform, synthPlatform, synthStacksError, thrown } from './helpers/platform';

describe('NodeTaints', () => {
  it('sets a running node\'s taints with the admin credentials of the platform stack, taking them over from the kubelet', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addNodeTaints({ node: 'w1', taints: { 'nvidia.com/gpu': 'true:NoSchedule', spare: ':PreferNoSchedule' } });
    expect(synthPlatform(app).resource.kubernetes_node_taint.node_taints_w1).toMatchObject({
      metadata: { name: 'w1' },
      taint: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }, { key: 'spare', value: '', effect: 'PreferNoSchedule' }],
      field_manager: 'cdktf-talos',
      force: true,
    });
  });

  it('fails when the node is not the cluster\'s', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addNodeTaints({ node: 'w9', taints: { a: 'b:NoSchedule' } });
    expect(synthStacksError(app)).toContain("nodeTaints['w9'].node 'w9' is not a node of cluster 'homelab' (its nodes: cp1, w1, w2): name the node by its hostname");
  });

  it('fails when a taint is malformed, or the node is declared twice', () => {
    const { platform } = clusterAndPlatform();
    expect(thrown(() => platform.addNodeTaints({ node: 'w1', taints: { a: 'b:NoScheduled' } }))).toContain(
      "nodeTaints['w1'].taints['a'] 'b:NoScheduled' has no valid effect: write 'value:Effect' or ':Effect' with Effect one of NoSchedule, PreferNoSchedule, NoExecute, like 'true:NoSchedule'");
    platform.addNodeTaints({ node: 'w1', taints: { a: 'b:NoSchedule' } });
    expect(thrown(() => platform.addNodeTaints({ node: 'w1', taints: { c: 'd:NoSchedule' } }))).toContain("nodeTaints['w1'] is declared twice: give all of the node's taints in one addNodeTaints()");
  });
});
