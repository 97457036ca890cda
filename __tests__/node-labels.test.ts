/**
 * Labels a worker may not set on itself (Kubernetes' NodeRestriction rejects them in Talos' nodeLabels of a worker),
 * set from the platform stack instead.
 */
import { clusterAndPlatform, synthPlatform, synthStacksError, thrown } from './helpers/platform';

describe('NodeLabels', () => {
  it('labels a running node with the admin credentials of the platform stack', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addNodeLabels({ node: 'w2', labels: { 'node-role.kubernetes.io/worker': '', 'example.com/tier': 'fast' } });
    expect(synthPlatform(app).resource.kubernetes_labels.node_labels_w2).toMatchObject({
      api_version: 'v1', kind: 'Node', metadata: { name: 'w2' },
      labels: { 'example.com/tier': 'fast', 'node-role.kubernetes.io/worker': '' },
      field_manager: 'cdktf-talos', force: true,
    });
  });

  it('fails when the node is not the cluster\'s, a label is malformed, or the node is declared twice', () => {
    const { app, platform } = clusterAndPlatform();
    expect(thrown(() => platform.addNodeLabels({ node: 'w1', labels: { 'Example.com/x': 'y' } }))).toContain(
      "nodeLabels['w1'].labels['Example.com/x'] key 'Example.com/x' has prefix 'Example.com', which is not a DNS subdomain");
    platform.addNodeLabels({ node: 'w1', labels: { a: 'b' } });
    expect(thrown(() => platform.addNodeLabels({ node: 'w1', labels: { c: 'd' } }))).toContain("nodeLabels['w1'] is declared twice");
    platform.addNodeLabels({ node: 'nope', labels: { a: 'b' } });
    expect(synthStacksError(app)).toContain("nodeLabels['nope'].node 'nope' is not a node of cluster 'homelab' (its nodes: cp1, w1, w2): name the node by its hostname");
  });
});
