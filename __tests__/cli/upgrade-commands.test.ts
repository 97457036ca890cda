/**
 * `cdktf-talos upgrade-commands`: the talosctl commands for the 0.11 line, from two synthesized apps (the git worktree
 * part is the preview's, tested end to end in __tests__/preview/cli.slow.test.ts). Command facts: siderolabs/talos
 * cmd/talosctl/cmd/talos/upgrade.go and health.go (docs/upgrades-research.md, section 6).
 */
import { Testing, TerraformStack } from 'cdktf';
import { FirstContact, InstallDisk, TalosCluster, TalosClusterProps } from '../../constructs';
import { UsageError } from '../../cli/command';
import { upgradeCommandsText } from '../../cli/commands/upgrade-commands';
import { StackJson, SynthOutput } from '../../cli/preview/diff';

/** An app as `cdktf synth` writes it: one control plane and two workers. */
function app(props: Partial<TalosClusterProps> = {}): SynthOutput {
  const stack = new TerraformStack(Testing.app(), 'lab-cluster');
  const cluster = new TalosCluster(stack, 'lab', {
    clusterName: 'lab', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', network: { gateway: '10.0.0.1' },
    firstContact: FirstContact.dhcpReservation(), ...props,
  });
  cluster.addControlPlane({ hostname: 'cp-0', links: [{ interface: 'eth0', addresses: ['10.0.0.10/24'] }], installDisk: InstallDisk.path('/dev/sda') });
  cluster.addWorker({ hostname: 'w-0', links: [{ interface: 'eth0', addresses: ['10.0.0.20/24'] }], installDisk: InstallDisk.path('/dev/sda') });
  cluster.addWorker({ hostname: 'w-1', links: [{ interface: 'eth0', addresses: ['10.0.0.21/24'] }], installDisk: InstallDisk.path('/dev/sda') });
  Testing.synth(stack, true);
  return new Map([['lab-cluster', JSON.parse(JSON.stringify(stack.toTerraform())) as StackJson]]);
}

const INSTALLER = 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';
const HEALTH = 'talosctl -n 10.0.0.10 health --control-plane-nodes 10.0.0.10 --worker-nodes 10.0.0.20,10.0.0.21 --wait-timeout 10m';

describe('upgradeCommandsText', () => {
  it('prints the talosctl commands of a 0.11 cluster in the safe order: the control plane, the workers in batches, Kubernetes', () => {
    const { text, problems } = upgradeCommandsText(app(), app({ talosVersion: 'v1.13.9', upgrades: { workerBatchSize: 2 } }));
    expect(problems).toBe(0);
    expect(text.split('\n')).toEqual([
      "# stack lab-cluster, cluster 'lab' (provider 0.11)",
      "# Upgrade of cluster 'lab', one wave at a time; stop at the first command that fails.",
      "# Use talosctl v1.13.9 with the cluster's talosconfig (export TALOSCONFIG=<file holding the talosconfig output>).",
      '# Stage 1 of 1: Talos v1.13.9',
      '# control plane cp-0 (1 of 1)',
      `talosctl -n 10.0.0.10 upgrade --image ${INSTALLER}:v1.13.9 --preserve`,
      HEALTH,
      '# workers w-0, w-1 (batch 1 of 1)',
      `talosctl -n 10.0.0.20 upgrade --image ${INSTALLER}:v1.13.9 --preserve &`,
      `talosctl -n 10.0.0.21 upgrade --image ${INSTALLER}:v1.13.9 --preserve &`,
      'wait',
      HEALTH,
      "# Then deploy the cluster's stack, so the nodes get the configuration of the new versions.",
      '',
    ]);
  });

  it('fails (a problem count) when the change skips a Talos minor, printing the path to take and no command', () => {
    const { text, problems } = upgradeCommandsText(app({ talosVersion: 'v1.11.6', kubernetesVersion: '1.34.1' }), app({ talosVersion: 'v1.13.9', kubernetesVersion: '1.34.1' }));
    expect(problems).toBe(3);
    expect(text).toContain("# ERROR: nodes['cp-0'].talosVersion 'v1.13.9' skips Talos 1.12 (the node runs 'v1.11.6'): Talos upgrades go one minor at a time; deploy talosVersion 'v1.12.11', then 'v1.13.9', one deploy each\n");
    expect(text).not.toContain('talosctl -n');
  });

  it('prints the order cdktf deploy takes for a cluster on the 0.12 line, which needs no talosctl', () => {
    const line = { providerLine: '0.12' as const, upgrades: { healthGates: true } };
    const { text, problems } = upgradeCommandsText(app(line), app({ ...line, talosVersion: 'v1.13.9' }));
    expect(problems).toBe(0);
    expect(text).toContain('# The 0.12 line upgrades these nodes itself: `cdktf deploy` runs this order (no talosctl needed):\n#   Talos v1.13.9:\n#     1. control plane cp-0 v1.12.11 -> v1.13.9; then wait for a healthy cluster\n');
    expect(text).not.toContain('talosctl -n');
  });

  it('says so when nothing is to be upgraded', () => {
    expect(upgradeCommandsText(app(), app())).toEqual({ text: '# No cluster changes its Talos or Kubernetes version, installer or rebooting configuration.\n', problems: 0 });
  });

  it('fails with a usage error for a stack the working tree does not have', () => {
    expect(() => upgradeCommandsText(app(), app(), 'lab')).toThrow(new UsageError("--stack 'lab' is not a stack of the working tree: use one of lab-cluster"));
  });
});
