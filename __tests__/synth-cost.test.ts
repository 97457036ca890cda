/**
 * What synthesis costs, counted rather than timed: work that grows with the square of the number of nodes, or a
 * process started per synth, shows up here as a count that grows, on any machine and under any load.
 */
import { Testing, TerraformStack } from 'cdktf';
import { Node } from 'constructs';
import { ProxmoxConnection, TalosCluster } from '../constructs';
import { synthJson, testStack } from './helpers/synth';
// The module object itself (cdktf calls `child_process.execSync` through it), not an import's copy of it.
import childProcess = require('node:child_process');

/** A cluster stack of `count` Proxmox VM nodes (three control planes, then workers). */
function vmCluster(count: number, connection = false): { stack: TerraformStack; cluster: TalosCluster } {
  const { stack } = testStack();
  if (connection) new ProxmoxConnection(stack, 'proxmox', { credentials: 'variables' });
  const cluster = new TalosCluster(stack, 'lab', {
    clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.0.1' },
  });
  for (let i = 0; i < count; i++) {
    const vm = { proxmoxNode: `pve${i % 3}`, vmId: 100 + i, nics: [{ addresses: [`10.0.0.${10 + i}/24`] }] };
    if (i < 3) cluster.addControlPlane({ hostname: `cp-${i}`, vm });
    else cluster.addWorker({ hostname: `w-${i}`, vm });
  }
  return { stack, cluster };
}

/** How often `fn` walks the whole construct tree of any construct (`node.findAll()`). */
function treeWalks(fn: () => void): number {
  const spy = jest.spyOn(Node.prototype, 'findAll');
  try {
    fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('synthesis cost', () => {
  it('adding VMs walks the construct tree a fixed number of times, not once per VM', () => {
    expect(treeWalks(() => vmCluster(3))).toBe(treeWalks(() => vmCluster(8)));
    expect(treeWalks(() => vmCluster(8, true))).toBe(treeWalks(() => vmCluster(3, true)));
  });

  it('still adds exactly one Proxmox provider per stack, and none besides an explicit connection', () => {
    expect(Object.keys(synthJson(vmCluster(5).stack).provider.proxmox)).toHaveLength(1);
    const explicit = synthJson(vmCluster(5, true).stack);
    expect(explicit.provider.proxmox).toEqual([expect.objectContaining({ api_token: '${var.proxmox_api_token}' })]);
  });

  it('adds a provider again when the one it found was removed from the stack', () => {
    const { stack } = testStack();
    const connection = new ProxmoxConnection(stack, 'mine', { credentials: 'variables' });
    ProxmoxConnection.ensure(stack);
    expect(stack.node.tryFindChild('proxmox')).toBeUndefined();
    stack.node.tryRemoveChild(connection.node.id);
    ProxmoxConnection.ensure(stack);
    expect(stack.node.tryFindChild('cdktf-talos-proxmox-connection')).toBeInstanceOf(ProxmoxConnection);
  });

  it('reads the whole cluster declaration a fixed number of times per synth, not once per node\'s value', () => {
    const reads = (count: number): number => {
      const { stack, cluster } = vmCluster(count);
      const spy = jest.spyOn(cluster, 'declaration', 'get');
      Testing.synth(stack, true);
      return spy.mock.calls.length;
    };
    expect(reads(8)).toBe(reads(3));
  });

  it('starts no process (cdktf\'s DataResource ran `terraform version` at every synth)', () => {
    const spawned = ['execSync', 'execFileSync', 'spawnSync'].map((f) => jest.spyOn(childProcess, f as 'execSync'));
    try {
      const { stack, cluster } = vmCluster(3);
      expect(synthJson(stack).resource.terraform_data.lab_ready).toEqual({ depends_on: ['talos_cluster_kubeconfig.lab'] });
      expect(cluster.ready).toBeDefined();
      expect(spawned.map((s) => s.mock.calls.length)).toEqual([0, 0, 0]);
    } finally {
      for (const s of spawned) s.mockRestore();
    }
  });
});
