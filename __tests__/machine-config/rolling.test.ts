/**
 * The rolling order and the version facts of declared upgrades (constructs/machine-config/rolling.ts), and the rules a
 * declaration alone can break (validate/rolling.ts). Sources: docs/upgrades-research.md; Talos docs "Upgrading Talos
 * Linux" (supported upgrade paths: one minor at a time); siderolabs/terraform-provider-talos v0.11.0 and
 * v0.12.0-alpha.5 go.mod (SDK 1.13 and 1.14).
 */
import { ClusterNode, ClusterOptions, declareCluster } from '../../constructs/machine-config/declaration';
import { resolveNode } from '../../constructs/machine-config/model';
import { formatProblem } from '../../constructs/machine-config/problems';
import { renderNode } from '../../constructs/machine-config/render';
import {
  clusterVersionFacts, ClusterVersionFacts, rollingWaves, upgradeBetween, VERSION_FACTS_FORMAT, versionFactsOf, VERSION_FACTS_KEY,
} from '../../constructs/machine-config/rolling';
import { planUpgrade, upgradeProblems } from '../../constructs/machine-config/upgrade';
import { validateCluster } from '../../constructs/machine-config/validate';
import { FirstContact } from '../../constructs/machine-config/first-contact';
import { InstallDisk } from '../../constructs/machine-config/settings';

const cp = (i: number, extra: Partial<ClusterNode> = {}): ClusterNode => ({ role: 'controlplane', hostname: `cp-${i}`, links: [{ interface: 'eth0', addresses: [`10.0.0.${10 + i}/24`] }], installDisk: InstallDisk.path('/dev/sda'), ...extra });
const w = (i: number, extra: Partial<ClusterNode> = {}): ClusterNode => ({ role: 'worker', hostname: `w-${i}`, links: [{ interface: 'eth0', addresses: [`10.0.0.${20 + i}/24`] }], installDisk: InstallDisk.path('/dev/sda'), ...extra });

function cluster(options: Partial<ClusterOptions> = {}, nodes: ClusterNode[] = [cp(0), cp(1), cp(2), w(0), w(1), w(2)]) {
  return declareCluster({
    clusterName: 'main', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.0.1' },
    firstContact: FirstContact.dhcpReservation(), ...options,
  }, nodes);
}

const messages = (options: Partial<ClusterOptions> = {}, nodes?: ClusterNode[]): string[] => validateCluster(cluster(options, nodes)).map(formatProblem);

describe('rollingWaves', () => {
  it('puts every control plane in a wave of its own, in declaration order, then the workers one at a time', () => {
    const nodes = [w(0), cp(0), w(1), cp(1), cp(2)].map(({ role, hostname }) => ({ role, hostname }));
    expect(rollingWaves(nodes)).toEqual([
      { role: 'controlplane', hostnames: ['cp-0'] },
      { role: 'controlplane', hostnames: ['cp-1'] },
      { role: 'controlplane', hostnames: ['cp-2'] },
      { role: 'worker', hostnames: ['w-0'] },
      { role: 'worker', hostnames: ['w-1'] },
    ]);
  });

  it('groups workers in batches of workerBatchSize, the last one smaller', () => {
    const nodes = [cp(0), w(0), w(1), w(2), w(3), w(4)].map(({ role, hostname }) => ({ role, hostname }));
    expect(rollingWaves(nodes, 2).map((wave) => wave.hostnames)).toEqual([['cp-0'], ['w-0', 'w-1'], ['w-2', 'w-3'], ['w-4']]);
    expect(rollingWaves(nodes, 5).map((wave) => wave.hostnames)).toEqual([['cp-0'], ['w-0', 'w-1', 'w-2', 'w-3', 'w-4']]);
  });

  it('falls back to one at a time for a batch size the validator rejects', () => {
    const nodes = [cp(0), w(0), w(1)].map(({ role, hostname }) => ({ role, hostname }));
    expect(rollingWaves(nodes, 0).map((wave) => wave.hostnames)).toEqual([['cp-0'], ['w-0'], ['w-1']]);
  });
});

describe('the provider line and the config contract', () => {
  it('renders 1.14 nodes with the 1.14 documents on the 0.12 line (SDK 1.14) and the 1.13 shape on 0.11 (SDK 1.13)', () => {
    for (const [line, contract] of [['0.11', '1.13'], ['0.12', '1.14']] as const) {
      const decl = cluster({ talosVersion: 'v1.14.0', kubernetesVersion: '1.36.3', providerLine: line });
      const node = resolveNode(decl, decl.nodes[0]);
      expect({ line, contract: node.contract }).toEqual({ line, contract });
      const kinds = renderNode(node).documents.map((d) => (d as { kind?: string }).kind ?? 'v1alpha1');
      expect({ line, unattended: kinds.includes('UnattendedInstallConfig') }).toEqual({ line, unattended: line === '0.12' });
    }
  });

  it('keeps the 0.11 line\'s contract for the deploy that moves a cluster from 0.11 (migrateFrom011), so its configuration does not change', () => {
    const moving = cluster({ talosVersion: 'v1.14.0', providerLine: '0.12', migrateFrom011: true });
    const before = cluster({ talosVersion: 'v1.14.0', providerLine: '0.11' });
    expect(resolveNode(moving, moving.nodes[0]).contract).toBe('1.13');
    expect(renderNode(resolveNode(moving, moving.nodes[0]))).toEqual(renderNode(resolveNode(before, before.nodes[0])));
  });

  it('renders nodes older than the SDK for their own version on either line', () => {
    const decl = cluster({ talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', providerLine: '0.12' });
    expect(resolveNode(decl, decl.nodes[0]).contract).toBe('1.12');
  });
});

describe('rules of the roll a declaration can break', () => {
  it('accepts nodes one minor apart during a roll (the boundary), and the options of the 0.12 line on it', () => {
    expect(messages({ talosVersion: 'v1.13.9', kubernetesVersion: '1.35.4' }, [cp(0, { talosVersion: 'v1.12.11' }), cp(1), cp(2)])).toEqual([]);
    expect(messages({ providerLine: '0.12', upgrades: { workerBatchSize: 2, healthGates: true, healthTimeout: '1h30m', drain: false, rebootMode: 'powercycle' } })).toEqual([]);
  });

  it('fails when nodes of one cluster are two minors apart, naming the intermediate release to pass', () => {
    expect(messages({ talosVersion: 'v1.13.9', kubernetesVersion: '1.34.1' }, [cp(0, { talosVersion: 'v1.11.6' }), cp(1), cp(2)])).toEqual([
      "talosVersion declares Talos 1.13 while nodes['cp-0'].talosVersion declares 1.11: during a roll the nodes of a cluster may be one minor apart at most, and each upgrade goes one minor at a time; bring every node to v1.12.11 (the latest 1.12) first, one deploy, then on to 1.13",
    ]);
  });

  it('fails when the Kubernetes version is not supported by every Talos of a roll (the old and the new)', () => {
    // Talos 1.12 runs Kubernetes 1.30 to 1.35 (siderolabs/talos pkg/machinery/compatibility).
    expect(messages({ talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3' }, [cp(0, { talosVersion: 'v1.12.11' }), cp(1), cp(2)])).toEqual([
      "kubernetesVersion '1.36.3' is not supported by Talos 1.12 (nodes['cp-0'].talosVersion): Talos 1.12 runs Kubernetes 1.30 to 1.35",
    ]);
  });

  it('fails when workerBatchSize is not a whole number of at least 1, or healthTimeout is not a duration', () => {
    expect(messages({ providerLine: '0.12', upgrades: { workerBatchSize: 0, healthTimeout: 'ten minutes' } })).toEqual([
      "upgrades.workerBatchSize '0' is not a number of workers: use a whole number of at least 1 (1 rolls workers one at a time)",
      "upgrades.healthTimeout 'ten minutes' is not a duration: write it like '10m' or '1h30m'",
    ]);
    expect(messages({ upgrades: { workerBatchSize: 1.5 } })).toEqual([
      "upgrades.workerBatchSize '1.5' is not a number of workers: use a whole number of at least 1 (1 rolls workers one at a time)",
    ]);
  });

  it('fails when options of the 0.12 line are set on a 0.11 cluster, or migrateFrom011 without the 0.12 line', () => {
    expect(messages({ upgrades: { healthGates: true, rebootMode: 'powercycle' }, migrateFrom011: true })).toEqual([
      "upgrades.healthGates 'true' has no effect on the 0.11 provider line, which cannot upgrade or reboot nodes in order: set providerLine: '0.12', or remove it (cdktf-talos upgrade-commands prints the talosctl commands for 0.11)",
      "upgrades.rebootMode 'powercycle' has no effect on the 0.11 provider line, which cannot upgrade or reboot nodes in order: set providerLine: '0.12', or remove it (cdktf-talos upgrade-commands prints the talosctl commands for 0.11)",
      "migrateFrom011 is set on a cluster of the 0.11 line: set providerLine: '0.12' with it, for the deploy that moves the cluster to the 0.12 resources",
    ]);
    // workerBatchSize orders the talosctl commands printed for 0.11: allowed there.
    expect(messages({ upgrades: { workerBatchSize: 3 } })).toEqual([]);
  });

  it('needs no first contact for bare-metal nodes of a cluster moving from 0.11: they run already', () => {
    const noContact = { firstContact: undefined };
    expect(messages({ ...noContact, providerLine: '0.12', migrateFrom011: true })).toEqual([]);
    expect(messages(noContact)[0]).toMatch(/^nodes\['cp-0'\]\.firstContact is missing/);
  });
});

describe('version facts', () => {
  const vm = (i: number): ClusterNode => ({ role: 'controlplane', hostname: `vm-${i}`, vm: { proxmoxNode: 'pve', vmId: 100 + i, nics: [{ addresses: [`10.0.0.${30 + i}/24`] }] } });

  it('records every node in declaration order with its address, version and installer repository (computed offline)', () => {
    const decl = cluster({ providerLine: '0.12', upgrades: { workerBatchSize: 2, healthGates: true } },
      [vm(0), w(0, { talosVersion: 'v1.12.11', installerImage: 'registry.lan/talos/installer:v1.12.11' }), w(1)]);
    expect(clusterVersionFacts({ ...decl, kubernetesVersion: '1.35.4' })).toEqual({
      format: VERSION_FACTS_FORMAT,
      cluster_name: 'main',
      provider_line: '0.12',
      kubernetes_version: '1.35.4',
      worker_batch_size: 2,
      health_gates: true,
      nodes: [
        // The empty schematic's id (siderolabs/image-factory pkg/schematic/schematic_test.go), nocloud for a VM.
        { hostname: 'vm-0', role: 'controlplane', address: '10.0.0.30', talos_version: 'v1.13.9', installer: 'factory.talos.dev/nocloud-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba' },
        { hostname: 'w-0', role: 'worker', address: '10.0.0.20', talos_version: 'v1.12.11', installer: 'registry.lan/talos/installer' },
        { hostname: 'w-1', role: 'worker', address: '10.0.0.21', talos_version: 'v1.13.9', installer: 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba' },
      ],
    });
  });

  it('defaults to the 0.11 line, one worker at a time and no health gates', () => {
    expect(clusterVersionFacts(cluster())).toMatchObject({ provider_line: '0.11', worker_batch_size: 1, health_gates: false });
  });

  it('are read back from a synthesized stack\'s JSON comment, ignoring anything else there', () => {
    const facts = clusterVersionFacts(cluster());
    const stack = { '//': { metadata: { version: '0.21.0' }, [VERSION_FACTS_KEY]: { main: facts, other: { format: 'something else' } } }, resource: {} };
    expect([...versionFactsOf(stack)]).toEqual([['main', facts]]);
    expect(versionFactsOf({ resource: {} }).size).toBe(0);
  });
});

describe('upgradeBetween: two deploys\' facts as an upgrade', () => {
  const facts = (talosVersion: string, kubernetesVersion: string, options: Partial<ClusterOptions> = {}, nodes?: ClusterNode[]): ClusterVersionFacts =>
    clusterVersionFacts(cluster({ talosVersion, kubernetesVersion, ...options }, nodes));

  it('is undefined when no version, installer or reboot changes', () => {
    expect(upgradeBetween(facts('v1.13.9', '1.36.3'), facts('v1.13.9', '1.36.3'))).toBeUndefined();
  });

  it('takes every node present in both, with the head\'s line and batch size, and plans control planes first', () => {
    const base = facts('v1.12.11', '1.35.4');
    const head = facts('v1.13.9', '1.35.4', { providerLine: '0.12', upgrades: { workerBatchSize: 2 } }, [cp(0), cp(1), cp(2), w(0), w(1), w(2), w(3)]);
    const u = upgradeBetween(base, head)!;
    expect(u.nodes.map((n) => `${n.hostname} ${n.fromTalosVersion}->${n.toTalosVersion}`)).toEqual(
      ['cp-0', 'cp-1', 'cp-2', 'w-0', 'w-1', 'w-2'].map((h) => `${h} v1.12.11->v1.13.9`)); // w-3 is new: created, not upgraded
    expect(u).toMatchObject({ providerLine: '0.12', workerBatchSize: 2, fromKubernetesVersion: '1.35.4', toKubernetesVersion: '1.35.4' });
    expect(upgradeProblems(u)).toEqual([]);
    expect(planUpgrade(u).stages[0].waves.map((wave) => wave.nodes.map((n) => n.hostname))).toEqual([['cp-0'], ['cp-1'], ['cp-2'], ['w-0', 'w-1'], ['w-2']]);
  });

  it('sees a new schematic at the same version as an upgrade of that node, and a configuration reboot', () => {
    const base = facts('v1.13.9', '1.36.3');
    const head = facts('v1.13.9', '1.36.3', {}, [cp(0, { extensions: ['siderolabs/iscsi-tools'] }), cp(1), cp(2), w(0), w(1), w(2)]);
    const u = upgradeBetween(base, head, new Set(['w-2']))!;
    const plan = planUpgrade(u);
    expect(plan.stages.flatMap((s) => s.waves.flatMap((wave) => wave.nodes.map((n) => `${n.hostname} ${n.action}`)))).toEqual(['cp-0 upgrade', 'w-2 reboot']);
  });

  it('carries the skew rules to the change: two minors in one deploy fail with the path to take', () => {
    const u = upgradeBetween(facts('v1.11.6', '1.34.1'), facts('v1.13.9', '1.34.1'))!;
    expect(upgradeProblems(u).map(formatProblem)[0]).toBe(
      "nodes['cp-0'].talosVersion 'v1.13.9' skips Talos 1.12 (the node runs 'v1.11.6'): Talos upgrades go one minor at a time; deploy talosVersion 'v1.12.11', then 'v1.13.9', one deploy each",
    );
  });
});
