import { formatProblem, DeclarationError } from '../../constructs/machine-config/problems';
import { CONFIG_CONTRACTS, parseTalosVersion } from '../../constructs/machine-config/versions';
import {
  ClusterUpgrade, describeUpgradePlan, LATEST_TALOS_PATCH, NodeUpgrade, planUpgrade, recommendedTalosPath,
  talosctlCommands, TALOS_PROVIDER_LINES, upgradeProblems,
} from '../../constructs/machine-config/upgrade';

const REPO = 'factory.talos.dev/nocloud-installer/ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515';
const GPU_REPO = 'factory.talos.dev/nocloud-installer/4b3cd373a192c8469e859b7a0cfbed3ecc3577c4a2d346a37b0aeff9cd17cdb0';

function node(hostname: string, role: 'controlplane' | 'worker', address: string, from: string, to: string, extra: Partial<NodeUpgrade> = {}): NodeUpgrade {
  return { hostname, role, address, fromTalosVersion: from, toTalosVersion: to, fromInstaller: REPO, ...extra };
}

/** Three control planes and two workers, all going from `from` to `to` (the shape of the HA example). */
function ha(from: string, to: string, k8sFrom = '1.35.4', k8sTo = k8sFrom, extra: Partial<ClusterUpgrade> = {}): ClusterUpgrade {
  return {
    clusterName: 'main',
    nodes: [
      node('cp-0', 'controlplane', '10.0.0.2', from, to),
      node('cp-1', 'controlplane', '10.0.0.3', from, to),
      node('cp-2', 'controlplane', '10.0.0.4', from, to),
      node('w-0', 'worker', '10.0.0.10', from, to),
      node('w-1', 'worker', '10.0.0.11', from, to),
    ],
    fromKubernetesVersion: k8sFrom,
    toKubernetesVersion: k8sTo,
    ...extra,
  };
}

const messages = (u: ClusterUpgrade): string[] => upgradeProblems(u).map(formatProblem);

describe('the supported upgrade paths', () => {
  it('names the latest known patch of every minor the library supports, in that minor', () => {
    expect(Object.keys(LATEST_TALOS_PATCH)).toEqual([...CONFIG_CONTRACTS]);
    for (const minor of CONFIG_CONTRACTS) {
      const v = parseTalosVersion(LATEST_TALOS_PATCH[minor])!;
      expect(`${v.major}.${v.minor}`).toBe(minor);
    }
    expect(LATEST_TALOS_PATCH).toEqual({ '1.11': 'v1.11.6', '1.12': 'v1.12.11', '1.13': 'v1.13.9', '1.14': 'v1.14.0' });
  });

  it.each([
    ['v1.13.9', 'v1.13.9', []],
    ['v1.13.2', 'v1.13.9', ['v1.13.9']],
    ['v1.12.11', 'v1.13.9', ['v1.13.9']],
    ['v1.12.3', 'v1.13.9', ['v1.12.11', 'v1.13.9']],
    ['v1.12.3', 'v1.14.0', ['v1.12.11', 'v1.13.9', 'v1.14.0']],
    ['v1.11.6', 'v1.14.0', ['v1.12.11', 'v1.13.9', 'v1.14.0']],
    ['v1.13.12', 'v1.14.0', ['v1.14.0']],
    ['1.12.11', 'v1.13.9', ['v1.13.9']],
  ])('goes from %s to %s through %j', (from, to, path) => {
    expect(recommendedTalosPath(from, to)).toEqual(path);
  });

  it('has no path down a minor, or from a minor the library does not know', () => {
    expect(recommendedTalosPath('v1.13.9', 'v1.12.11')).toBeUndefined();
    expect(recommendedTalosPath('v1.10.9', 'v1.12.11')).toBeUndefined();
  });
});

describe('provider lines', () => {
  it('records what each line is built on and can do', () => {
    expect(TALOS_PROVIDER_LINES).toEqual({
      '0.11': { version: '0.11.0', sdk: '1.13', upgradesNodes: false },
      '0.12': { version: '0.12.0-alpha.5', sdk: '1.14', upgradesNodes: true, kubernetesUpgradeMaxMinor: 36, kubernetesDriftIgnoredUpTo: '1.13' },
    });
  });
});

describe('upgradeProblems', () => {
  it('accepts one minor at a time for Talos and Kubernetes, supported by both Talos versions', () => {
    expect(messages(ha('v1.12.11', 'v1.13.9', '1.35.4', '1.36.3'))).toEqual([]);
    expect(messages(ha('v1.13.9', 'v1.14.0', '1.36.3', '1.37.0'))).toEqual([]);
    expect(messages(ha('v1.13.2', 'v1.13.9'))).toEqual([]);
  });

  it('fails when Talos skips a minor, naming the path to take', () => {
    expect(messages({ ...ha('v1.12.11', 'v1.12.11'), nodes: [node('cp-0', 'controlplane', '10.0.0.2', 'v1.12.3', 'v1.14.0')] })).toEqual([
      "nodes['cp-0'].talosVersion 'v1.14.0' skips Talos 1.13 (the node runs 'v1.12.3'): Talos upgrades go one minor at a time; deploy talosVersion 'v1.12.11', then 'v1.13.9', then 'v1.14.0', one deploy each",
    ]);
  });

  it('fails when Talos goes down a minor', () => {
    expect(messages({ ...ha('v1.13.9', 'v1.13.9'), nodes: [node('cp-0', 'controlplane', '10.0.0.2', 'v1.13.9', 'v1.12.11')] })).toEqual([
      "nodes['cp-0'].talosVersion 'v1.12.11' is older than 'v1.13.9', which the node runs: Talos is not downgraded across minors by an upgrade; keep 'v1.13.9', or roll the node back to its previous image with 'talosctl -n 10.0.0.2 rollback'",
    ]);
  });

  it('fails when a node runs a Talos minor the library cannot upgrade from', () => {
    expect(messages({ ...ha('v1.11.6', 'v1.11.6', '1.34.1'), nodes: [node('cp-0', 'controlplane', '10.0.0.2', 'v1.10.9', 'v1.11.6')] })).toEqual([
      "nodes['cp-0'].talosVersion the node runs 'v1.10.9', a Talos minor this library cannot upgrade from: bring it to v1.11.6 with 'talosctl -n 10.0.0.2 upgrade --image <its installer>:v1.11.6 --preserve' (one minor at a time), then declare it",
    ]);
  });

  it('fails when versions are not release versions', () => {
    expect(messages({ ...ha('v1.13.9', 'v1.13.9', 'latest', '1.36'), nodes: [node('cp-0', 'controlplane', '10.0.0.2', '1.13', 'v1.14')] })).toEqual([
      "nodes['cp-0'].talosVersion running version '1.13' is not a Talos release version: give the version the node runs, like 'v1.12.11' (talosctl -n 10.0.0.2 version)",
      "nodes['cp-0'].talosVersion 'v1.14' is not a Talos release version: pin a full version like 'v1.13.9'",
      "kubernetesVersion running version 'latest' is not a Kubernetes release version: give the version the cluster runs, like '1.35.4' (kubectl version)",
      "kubernetesVersion '1.36' is not a Kubernetes release version: pin a full version like '1.35.4'",
    ]);
  });

  it('fails when nodes would be two minors apart during the roll', () => {
    const u: ClusterUpgrade = {
      ...ha('v1.13.9', 'v1.13.9', '1.35.4'),
      nodes: [node('cp-0', 'controlplane', '10.0.0.2', 'v1.13.9', 'v1.14.0'), node('w-0', 'worker', '10.0.0.10', 'v1.12.11', 'v1.13.9')],
    };
    expect(messages(u)).toEqual([
      "nodes['cp-0'].talosVersion 'v1.14.0' would run beside Talos 1.12 on nodes['w-0'] ('v1.12.11'): nodes of one cluster may differ by at most one minor during a roll; first bring every node to v1.13.9, then to 1.14",
    ]);
  });

  it('accepts nodes one minor apart during the roll (the boundary)', () => {
    const u: ClusterUpgrade = {
      ...ha('v1.13.9', 'v1.13.9', '1.35.4'),
      nodes: [node('cp-0', 'controlplane', '10.0.0.2', 'v1.13.9', 'v1.14.0'), node('w-0', 'worker', '10.0.0.10', 'v1.13.2', 'v1.13.9')],
    };
    expect(messages(u)).toEqual([]);
  });

  it('fails when the running Kubernetes is not supported by the new Talos, saying to upgrade Kubernetes first', () => {
    // Talos 1.13 runs Kubernetes 1.31 to 1.36 (KUBERNETES_SUPPORT): 1.30 is too old for it.
    expect(messages(ha('v1.12.11', 'v1.13.9', '1.30.14'))).toEqual([
      "kubernetesVersion '1.30.14', which the cluster runs during the Talos roll, is not supported by Talos 1.13 (nodes['cp-0'].talosVersion 'v1.13.9'), which runs Kubernetes 1.31 to 1.36: upgrade Kubernetes first, to a version every Talos of this roll runs (1.31 to 1.35: Talos 1.12, 1.13), with talosVersion unchanged; then Talos",
    ]);
    expect(messages(ha('v1.12.11', 'v1.13.9', '1.31.0'))).toEqual([]);
  });

  it('fails when the running Kubernetes is not supported by an intermediate patch stage either', () => {
    // From v1.12.3 the path passes v1.12.11 first: still Talos 1.12, so the message names 1.13 only.
    expect(messages({ ...ha('v1.12.3', 'v1.13.9', '1.30.14'), nodes: [node('cp-0', 'controlplane', '10.0.0.2', 'v1.12.3', 'v1.13.9')] })[0])
      .toContain("is not supported by Talos 1.13 (nodes['cp-0'].talosVersion 'v1.13.9')");
  });

  it('fails when the declared Kubernetes is not supported by the new Talos', () => {
    expect(messages(ha('v1.12.11', 'v1.12.11', '1.35.4', '1.36.3'))).toEqual([
      "kubernetesVersion '1.36.3' is not supported by Talos 1.12 (nodes['cp-0'].talosVersion 'v1.12.11'), which runs Kubernetes 1.30 to 1.35: pick a version from 1.30 to 1.35",
    ]);
  });

  it('fails when Kubernetes skips a minor, naming the path', () => {
    expect(messages(ha('v1.14.0', 'v1.14.0', '1.34.2', '1.36.3'))).toEqual([
      "kubernetesVersion '1.36.3' skips Kubernetes 1.35 (the cluster runs '1.34.2'): Kubernetes upgrades go one minor at a time (upgrade-k8s and talos_cluster refuse larger steps); deploy kubernetesVersion at the latest patch of 1.35, then '1.36.3', one deploy each",
    ]);
  });

  it('fails when Kubernetes goes down a minor', () => {
    expect(messages(ha('v1.14.0', 'v1.14.0', '1.36.3', '1.35.4'))).toEqual([
      "kubernetesVersion '1.35.4' is older than '1.36.3', which the cluster runs: Kubernetes is not downgraded across minors (upgrade-k8s refuses it); keep '1.36.3'",
    ]);
  });

  it('fails when talos_cluster of 0.12.0-alpha.5 would upgrade Kubernetes past 1.36, or on Talos 1.14 nodes', () => {
    expect(messages(ha('v1.14.0', 'v1.14.0', '1.36.3', '1.37.0', { providerLine: '0.12' }))).toEqual([
      "kubernetesVersion '1.37.0' cannot be reached by talos_cluster of siderolabs/talos 0.12.0-alpha.5: its Kubernetes upgrade paths (siderolabs/go-kubernetes v0.2.37) end at 1.36; run 'talosctl -n 10.0.0.2 upgrade-k8s --to 1.37.0', then deploy, or use a newer provider",
      "kubernetesVersion '1.37.0' cannot be rolled out by talos_cluster on siderolabs/talos 0.12.0-alpha.5 for Talos 1.14 nodes (nodes['cp-0'], nodes['cp-1'], nodes['cp-2'], nodes['w-0'], nodes['w-1']): its talos_machine does not leave the Kubernetes images of the 1.14 documents (KubeAPIServerConfig, KubeProxyConfig, KubeletConfig) out of its drift check, so it would push them to each node before upgrade-k8s; run 'talosctl -n 10.0.0.2 upgrade-k8s --to 1.37.0', then deploy",
    ]);
    // Talos 1.13 nodes (v1alpha1 image fields, all left out of the drift check) up to 1.36: fine.
    expect(messages(ha('v1.13.9', 'v1.13.9', '1.35.4', '1.36.3', { providerLine: '0.12' }))).toEqual([]);
    // No Kubernetes change, or the 0.11 line (talosctl upgrade-k8s): fine.
    expect(messages(ha('v1.14.0', 'v1.14.0', '1.37.0', '1.37.0', { providerLine: '0.12' }))).toEqual([]);
    expect(messages(ha('v1.14.0', 'v1.14.0', '1.36.3', '1.37.0', { providerLine: '0.11' }))).toEqual([]);
  });

  it('fails when Talos and Kubernetes change in one deploy on the 0.12 line', () => {
    expect(messages(ha('v1.12.11', 'v1.13.9', '1.35.4', '1.36.3', { providerLine: '0.12' }))).toEqual([
      "kubernetesVersion '1.36.3' changes in the same deploy as Talos (nodes['cp-0'], nodes['cp-1'], nodes['cp-2'], nodes['w-0'], nodes['w-1']): talos_machine applies each node's whole new configuration, its Kubernetes images included, when it upgrades the node, before talos_cluster's upgrade-k8s runs; keep kubernetesVersion '1.35.4' for the Talos roll and change it in the next deploy",
    ]);
    expect(messages(ha('v1.12.11', 'v1.13.9', '1.35.4', '1.35.4', { providerLine: '0.12' }))).toEqual([]);
    expect(messages(ha('v1.12.11', 'v1.13.9', '1.35.4', '1.36.3', { providerLine: '0.11' }))).toEqual([]);
  });

  it.each([0, 1.5, -1])('fails when workerBatchSize is %p', (size) => {
    expect(messages(ha('v1.13.9', 'v1.13.9', '1.35.4', '1.35.4', { workerBatchSize: size }))).toEqual([
      `workerBatchSize '${size}' is not a number of workers: use a whole number of at least 1 (1 upgrades workers one at a time)`,
    ]);
  });

  it('reports every problem at once through planUpgrade', () => {
    const u = ha('v1.12.11', 'v1.14.0', '1.34.2', '1.36.3', { workerBatchSize: 0 });
    expect(() => planUpgrade(u)).toThrow(DeclarationError);
    expect(() => planUpgrade(u)).toThrow(/^upgrade of cluster 'main' has 7 problems:\n {2}- workerBatchSize '0'/);
  });
});

describe('planUpgrade', () => {
  it('rolls control planes one at a time, then workers one at a time, then Kubernetes', () => {
    const plan = planUpgrade(ha('v1.12.11', 'v1.13.9', '1.35.4', '1.36.3'));
    expect(plan.stages).toHaveLength(1);
    expect(plan.stages[0].talosVersion).toBe('v1.13.9');
    expect(plan.stages[0].waves.map((w) => [w.role, w.nodes.map((n) => n.hostname)])).toEqual([
      ['controlplane', ['cp-0']], ['controlplane', ['cp-1']], ['controlplane', ['cp-2']], ['worker', ['w-0']], ['worker', ['w-1']],
    ]);
    expect(plan.stages[0].waves[0].nodes[0]).toEqual({
      hostname: 'cp-0', role: 'controlplane', address: '10.0.0.2', action: 'upgrade', fromVersion: 'v1.12.11', toVersion: 'v1.13.9',
      fromImage: `${REPO}:v1.12.11`, toImage: `${REPO}:v1.13.9`, configReboots: false,
    });
    expect(plan.kubernetes).toEqual({ from: '1.35.4', to: '1.36.3' });
    expect(plan.unchanged).toEqual([]);
    expect(plan.notes).toEqual([]);
  });

  it('puts every control plane before any worker, whatever the declaration order', () => {
    const u = ha('v1.13.9', 'v1.14.0', '1.36.3');
    const plan = planUpgrade({ ...u, nodes: [u.nodes[3], u.nodes[0], u.nodes[4], u.nodes[1], u.nodes[2]] });
    expect(plan.stages[0].waves.map((w) => w.nodes.map((n) => n.hostname).join())).toEqual(['cp-0', 'cp-1', 'cp-2', 'w-0', 'w-1']);
  });

  it('upgrades workers in batches of workerBatchSize, the last one smaller', () => {
    const u = ha('v1.13.9', 'v1.14.0', '1.36.3', '1.36.3', { workerBatchSize: 2 });
    const nodes = [...u.nodes, node('w-2', 'worker', '10.0.0.12', 'v1.13.9', 'v1.14.0'), node('w-3', 'worker', '10.0.0.13', 'v1.13.9', 'v1.14.0'), node('w-4', 'worker', '10.0.0.14', 'v1.13.9', 'v1.14.0')];
    const waves = planUpgrade({ ...u, nodes }).stages[0].waves;
    expect(waves.map((w) => w.nodes.map((n) => n.hostname))).toEqual([['cp-0'], ['cp-1'], ['cp-2'], ['w-0', 'w-1'], ['w-2', 'w-3'], ['w-4']]);
    expect(planUpgrade({ ...u, nodes }).workerBatchSize).toBe(2);
  });

  it('passes the latest patch of the current minor first, in a stage of its own, with a note', () => {
    const u = ha('v1.12.11', 'v1.13.9', '1.35.4');
    const nodes = [node('cp-0', 'controlplane', '10.0.0.2', 'v1.12.3', 'v1.13.9'), ...u.nodes.slice(1)];
    const plan = planUpgrade({ ...u, nodes });
    expect(plan.stages.map((s) => [s.talosVersion, s.waves.flatMap((w) => w.nodes.map((n) => `${n.hostname} ${n.fromVersion}->${n.toVersion}`))])).toEqual([
      ['v1.12.11', ['cp-0 v1.12.3->v1.12.11']],
      ['v1.13.9', ['cp-0 v1.12.11->v1.13.9', 'cp-1 v1.12.11->v1.13.9', 'cp-2 v1.12.11->v1.13.9', 'w-0 v1.12.11->v1.13.9', 'w-1 v1.12.11->v1.13.9']],
    ]);
    expect(plan.notes).toEqual([
      'the supported path passes the latest patch of each minor on the way (Talos docs, "Supported upgrade paths"): cp-0 (v1.12.3 -> v1.12.11 -> v1.13.9); on the 0.12 line each stage is its own deploy, so declare the intermediate version first',
    ]);
  });

  it('upgrades a node whose installer changes at the same version (new extensions), from its old image', () => {
    const u = ha('v1.13.9', 'v1.13.9', '1.36.3');
    const nodes = u.nodes.map((n) => (n.hostname === 'w-1' ? { ...n, toInstaller: GPU_REPO } : n));
    const plan = planUpgrade({ ...u, nodes });
    expect(plan.stages.map((s) => s.talosVersion)).toEqual(['v1.13.9']);
    expect(plan.stages[0].waves.flatMap((w) => w.nodes)).toEqual([{
      hostname: 'w-1', role: 'worker', address: '10.0.0.11', action: 'upgrade', fromVersion: 'v1.13.9', toVersion: 'v1.13.9',
      fromImage: `${REPO}:v1.13.9`, toImage: `${GPU_REPO}:v1.13.9`, configReboots: false,
    }]);
    expect(plan.unchanged).toEqual(['cp-0', 'cp-1', 'cp-2', 'w-0']);
  });

  it('reboots nodes for a configuration change in the same order, in a stage without a version', () => {
    const u = ha('v1.13.9', 'v1.13.9', '1.36.3');
    const nodes = u.nodes.map((n) => (n.hostname === 'w-0' || n.hostname.startsWith('cp-') ? { ...n, configReboots: true } : n));
    const plan = planUpgrade({ ...u, nodes });
    expect(plan.stages).toHaveLength(1);
    expect(plan.stages[0].talosVersion).toBeUndefined();
    expect(plan.stages[0].waves.map((w) => w.nodes.map((n) => `${n.hostname} ${n.action}`))).toEqual([['cp-0 reboot'], ['cp-1 reboot'], ['cp-2 reboot'], ['w-0 reboot']]);
    expect(plan.unchanged).toEqual(['w-1']);
  });

  it('reboots configuration-only nodes with the last upgrade stage, and marks upgrading nodes that also need it', () => {
    const u = ha('v1.13.9', 'v1.14.0', '1.36.3');
    const nodes = [...u.nodes.map((n) => (n.hostname === 'cp-1' ? { ...n, configReboots: true } : n)), node('w-2', 'worker', '10.0.0.12', 'v1.14.0', 'v1.14.0', { configReboots: true })];
    const plan = planUpgrade({ ...u, nodes });
    expect(plan.stages.map((s) => s.talosVersion)).toEqual(['v1.14.0']);
    expect(plan.stages[0].waves.map((w) => w.nodes.map((n) => `${n.hostname} ${n.action}${n.configReboots ? '+config' : ''}`))).toEqual([
      ['cp-0 upgrade'], ['cp-1 upgrade+config'], ['cp-2 upgrade'], ['w-0 upgrade'], ['w-1 upgrade'], ['w-2 reboot+config'],
    ]);
  });

  it('plans only Kubernetes when only Kubernetes changes', () => {
    const plan = planUpgrade(ha('v1.14.0', 'v1.14.0', '1.36.3', '1.37.0'));
    expect(plan.stages).toEqual([]);
    expect(plan.kubernetes).toEqual({ from: '1.36.3', to: '1.37.0' });
    expect(plan.unchanged).toEqual(['cp-0', 'cp-1', 'cp-2', 'w-0', 'w-1']);
  });
});

describe('talosctlCommands (the 0.11 line)', () => {
  const health = 'talosctl -n 10.0.0.2 health --control-plane-nodes 10.0.0.2,10.0.0.3,10.0.0.4 --worker-nodes 10.0.0.10,10.0.0.11 --wait-timeout 10m';

  it('upgrades each control plane, then the workers, each wave followed by a health check, then Kubernetes', () => {
    const plan = planUpgrade(ha('v1.12.11', 'v1.13.9', '1.35.4', '1.36.3', { workerBatchSize: 2 }));
    expect(talosctlCommands(plan)).toEqual([
      "# Upgrade of cluster 'main', one wave at a time; stop at the first command that fails.",
      "# Use talosctl v1.13.9 with the cluster's talosconfig (export TALOSCONFIG=<file holding the talosconfig output>).",
      '# Stage 1 of 1: Talos v1.13.9',
      '# control plane cp-0 (1 of 3)',
      `talosctl -n 10.0.0.2 upgrade --image ${REPO}:v1.13.9 --preserve`,
      health,
      '# control plane cp-1 (2 of 3)',
      `talosctl -n 10.0.0.3 upgrade --image ${REPO}:v1.13.9 --preserve`,
      health,
      '# control plane cp-2 (3 of 3)',
      `talosctl -n 10.0.0.4 upgrade --image ${REPO}:v1.13.9 --preserve`,
      health,
      '# workers w-0, w-1 (batch 1 of 1)',
      `talosctl -n 10.0.0.10 upgrade --image ${REPO}:v1.13.9 --preserve &`,
      `talosctl -n 10.0.0.11 upgrade --image ${REPO}:v1.13.9 --preserve &`,
      'wait',
      health,
      '# Kubernetes 1.35.4 -> 1.36.3, once every node runs the new Talos',
      'talosctl -n 10.0.0.2 upgrade-k8s --to 1.36.3',
      health,
      "# Then deploy the cluster's stack, so the nodes get the configuration of the new versions.",
    ]);
  });

  it('reboots for staged configuration changes after the upgrades, control planes first, workers in batches', () => {
    const u = ha('v1.13.9', 'v1.14.0', '1.36.3', '1.36.3', { workerBatchSize: 2 });
    const nodes = [node('cp-0', 'controlplane', '10.0.0.2', 'v1.13.9', 'v1.14.0', { configReboots: true }),
      node('w-0', 'worker', '10.0.0.10', 'v1.14.0', 'v1.14.0', { configReboots: true }),
      node('w-1', 'worker', '10.0.0.11', 'v1.14.0', 'v1.14.0', { configReboots: true })];
    const h = 'talosctl -n 10.0.0.2 health --control-plane-nodes 10.0.0.2 --worker-nodes 10.0.0.10,10.0.0.11 --wait-timeout 10m';
    expect(talosctlCommands(planUpgrade({ ...u, nodes })).slice(2)).toEqual([
      '# Stage 1 of 1: Talos v1.14.0',
      '# control plane cp-0 (1 of 1)',
      `talosctl -n 10.0.0.2 upgrade --image ${REPO}:v1.14.0 --preserve`,
      h,
      "# Then deploy the cluster's stack with the configuration staged (Talos applies it at the next reboot), and reboot in this order:",
      '# control plane cp-0 (1 of 1)',
      'talosctl -n 10.0.0.2 reboot',
      h,
      '# workers w-0, w-1 (batch 1 of 1)',
      'talosctl -n 10.0.0.10 reboot &',
      'talosctl -n 10.0.0.11 reboot &',
      'wait',
      h,
    ]);
  });

  it('omits --worker-nodes for a cluster without workers', () => {
    const plan = planUpgrade({ clusterName: 'home', nodes: [node('home-01-cp-0', 'controlplane', '10.0.0.2', 'v1.12.11', 'v1.13.9')], fromKubernetesVersion: '1.35.4', toKubernetesVersion: '1.35.4' });
    expect(talosctlCommands(plan)).toContain('talosctl -n 10.0.0.2 health --control-plane-nodes 10.0.0.2 --wait-timeout 10m');
  });
});

describe('describeUpgradePlan', () => {
  it('lists the waves in order, each waiting for a healthy cluster, and Kubernetes last', () => {
    const u = ha('v1.13.9', 'v1.14.0', '1.36.3', '1.37.0', { workerBatchSize: 2 });
    const nodes = u.nodes.map((n) => (n.hostname === 'w-1' ? { ...n, toInstaller: GPU_REPO, configReboots: true } : n));
    expect(describeUpgradePlan(planUpgrade({ ...u, nodes }))).toEqual([
      'Talos v1.14.0:',
      '  1. control plane cp-0 v1.13.9 -> v1.14.0; then wait for a healthy cluster',
      '  2. control plane cp-1 v1.13.9 -> v1.14.0; then wait for a healthy cluster',
      '  3. control plane cp-2 v1.13.9 -> v1.14.0; then wait for a healthy cluster',
      '  4. workers w-0 v1.13.9 -> v1.14.0; w-1 v1.13.9 -> v1.14.0, then its configuration; then wait for a healthy cluster',
      '  5. Kubernetes 1.36.3 -> 1.37.0 (every node runs the new Talos)',
    ]);
  });

  it('says when there is nothing to do', () => {
    expect(describeUpgradePlan(planUpgrade(ha('v1.14.0', 'v1.14.0', '1.37.0')))).toEqual(['nothing to upgrade or reboot']);
  });
});
