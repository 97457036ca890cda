/**
 * Rolling upgrades of a cluster, as pure data: the version-skew rules (each broken rule is a {@link Problem} that says
 * the path to take), the safe order (control planes one at a time, each after the cluster is healthy again; then
 * workers in batches; then Kubernetes once every node runs the new Talos) and, for clusters that stay on the
 * siderolabs/talos 0.11 provider, the `talosctl` commands that follow that order.
 *
 * Sources of the rules (docs/upgrades-research.md has the details):
 * - Talos: configuration migration is only tested between adjacent minors, so the supported path passes the latest
 *   patch of every intermediate minor, starting with the latest patch of the current one (Talos docs "Upgrading
 *   Talos Linux", "Supported upgrade paths").
 * - Kubernetes per Talos minor: {@link KUBERNETES_SUPPORT} (siderolabs/talos `pkg/machinery/compatibility`).
 * - Kubernetes one minor at a time: `talosctl upgrade-k8s` and `talos_cluster` refuse any other path
 *   (siderolabs/talos `pkg/cluster/kubernetes/talos_managed.go` `Upgrade` checks siderolabs/go-kubernetes
 *   `kubernetes/upgrade/path.go` `IsSupported`, which lists only `1.N->1.N` and `1.N->1.N+1`).
 */
import { installerImage } from './installer';
import { Problem, DeclarationError } from './problems';
import {
  ConfigContract, CONFIG_CONTRACTS, KUBERNETES_SUPPORT, KubernetesVersion, parseKubernetesVersion, parseTalosVersion,
  supportedMinor, TalosVersion,
} from './versions';

/**
 * The latest patch of each Talos minor this library knows: the releases its Talos sources were read at
 * (siderolabs/talos tags v1.11.6, v1.12.11, v1.13.9; v1.14.0 released 2026-09: ../shared/reference/talos-facts.md,
 * sections header and 9). The supported upgrade path passes each of them in turn.
 */
export const LATEST_TALOS_PATCH: Readonly<Record<ConfigContract, string>> = {
  '1.11': 'v1.11.6',
  '1.12': 'v1.12.11',
  '1.13': 'v1.13.9',
  '1.14': 'v1.14.0',
};

/** A release line of the siderolabs/talos Terraform provider. */
export type TalosProviderLine = '0.11' | '0.12';

/** What a provider line can do, read in its source at the pinned version (docs/upgrades-research.md). */
export interface TalosProviderLineFacts {
  /** The pinned release. */
  readonly version: string;
  /** The Talos SDK minor it is built on: the newest config contract it accepts. */
  readonly sdk: ConfigContract;
  /** True when a resource upgrades a node's Talos from its installer image (`talos_machine.image`). */
  readonly upgradesNodes: boolean;
  /**
   * The newest Kubernetes minor `talos_cluster` can upgrade to (its go-kubernetes path table ends there).
   * @default - no `talos_cluster` on the line: Kubernetes is upgraded with `talosctl upgrade-k8s`
   */
  readonly kubernetesUpgradeMaxMinor?: number;
  /**
   * The newest config contract whose Kubernetes image fields `talos_machine.ignore_kubernetes_upgrade_drift` leaves
   * out of its drift hash; on newer contracts a Kubernetes change re-applies each node's images directly.
   * @default - no `talos_machine` on the line
   */
  readonly kubernetesDriftIgnoredUpTo?: ConfigContract;
}

/**
 * The provider lines. 0.11.0: `go.mod` siderolabs/talos v1.13.0, no resource upgrades nodes. 0.12.0-alpha.5:
 * `go.mod` siderolabs/talos v1.14.0-alpha.1 and siderolabs/go-kubernetes v0.2.37, whose `path.go` lists Kubernetes
 * paths up to `1.36->1.36`, so `talos_cluster` fails on any change to or within 1.37; its `pkg/talos/config_hash.go`
 * strips the Kubernetes image tags of the five v1alpha1 paths but, of the 1.14 documents, only those of
 * KubeControllerManagerConfig and KubeSchedulerConfig (not KubeAPIServerConfig, KubeProxyConfig, KubeletConfig).
 */
export const TALOS_PROVIDER_LINES: Readonly<Record<TalosProviderLine, TalosProviderLineFacts>> = {
  '0.11': { version: '0.11.0', sdk: '1.13', upgradesNodes: false },
  '0.12': { version: '0.12.0-alpha.5', sdk: '1.14', upgradesNodes: true, kubernetesUpgradeMaxMinor: 36, kubernetesDriftIgnoredUpTo: '1.13' },
};

/** A node's role. */
export type UpgradeRole = 'controlplane' | 'worker';

/** One node of a cluster as the upgrade planner sees it: where it is, what it runs and what is declared for it. */
export interface NodeUpgrade {
  /** The node's hostname (the key of its resources). */
  readonly hostname: string;
  /** Control plane or worker. */
  readonly role: UpgradeRole;
  /** The address `talosctl` and the provider reach the node at, without prefix length: `10.0.20.102`. */
  readonly address: string;
  /** The Talos version the node runs before this change, e.g. `v1.12.11`. */
  readonly fromTalosVersion: string;
  /** The Talos version declared for the node now. */
  readonly toTalosVersion: string;
  /** The installer repository (image without tag) the node was installed from: `factory.talos.dev/nocloud-installer/<id>`. */
  readonly fromInstaller: string;
  /**
   * The installer repository declared now; a different one (new extensions, kernel arguments) is an upgrade even at
   * the same Talos version.
   * @default - `fromInstaller`
   */
  readonly toInstaller?: string;
  /**
   * True when the node's configuration change needs a reboot (Talos does not apply it live); the reboot follows the
   * same order as the upgrades.
   * @default false
   */
  readonly configReboots?: boolean;
}

/** A change of one cluster's versions (or of configuration that reboots nodes). */
export interface ClusterUpgrade {
  /** The cluster's name (for messages and commands). */
  readonly clusterName: string;
  /** Every node of the cluster, in declaration order (the order control planes and workers go in). */
  readonly nodes: readonly NodeUpgrade[];
  /** The Kubernetes version the cluster runs before this change, e.g. `1.35.4`. */
  readonly fromKubernetesVersion: string;
  /** The Kubernetes version declared now. */
  readonly toKubernetesVersion: string;
  /**
   * How many workers are upgraded (or rebooted) at once, after every control plane.
   * @default 1
   */
  readonly workerBatchSize?: number;
  /**
   * The provider line that runs the upgrade: on `0.12`, `talos_cluster` upgrades Kubernetes and its limits apply.
   * @default '0.11'
   */
  readonly providerLine?: TalosProviderLine;
}

/** One node's part in a stage. */
export interface PlannedNode {
  /** The node's hostname. */
  readonly hostname: string;
  /** Control plane or worker. */
  readonly role: UpgradeRole;
  /** The node's address. */
  readonly address: string;
  /** `upgrade`: install the new image, then reboot into it; `reboot`: reboot for a configuration change only. */
  readonly action: 'upgrade' | 'reboot';
  /** The Talos version before this step. */
  readonly fromVersion: string;
  /** The Talos version after this step (the same as `fromVersion` for a reboot). */
  readonly toVersion: string;
  /** The installer image before this step. */
  readonly fromImage: string;
  /** The installer image after this step. */
  readonly toImage: string;
  /** True when the node's configuration change (which needs a reboot) is applied in this step. */
  readonly configReboots: boolean;
}

/** Nodes that go at the same time: one control plane, or one batch of workers. The cluster must be healthy after it. */
export interface UpgradeWave {
  /** The role of every node in the wave. */
  readonly role: UpgradeRole;
  /** The nodes, in declaration order. */
  readonly nodes: readonly PlannedNode[];
}

/** One step along the supported upgrade path: every node that goes to this Talos version, in safe order. */
export interface UpgradeStage {
  /**
   * The Talos version of this stage.
   * @default - no version changes: a stage of configuration reboots only
   */
  readonly talosVersion?: string;
  /** Control planes one per wave, then workers in batches. */
  readonly waves: readonly UpgradeWave[];
}

/** The safe order of a cluster's upgrade. */
export interface UpgradePlan {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The Talos stages, oldest target first; one deploy each on the 0.12 line. */
  readonly stages: readonly UpgradeStage[];
  /**
   * The Kubernetes upgrade, after every stage.
   * @default - Kubernetes does not change
   */
  readonly kubernetes?: { readonly from: string; readonly to: string };
  /** The control planes' addresses (for health checks). */
  readonly controlPlaneAddresses: readonly string[];
  /** The workers' addresses (for health checks). */
  readonly workerAddresses: readonly string[];
  /** How many workers go at once. */
  readonly workerBatchSize: number;
  /** Hostnames with nothing to do. */
  readonly unchanged: readonly string[];
  /** Things the user should know that are not errors. */
  readonly notes: readonly string[];
}

const q = (v: string): string => `'${v}'`;
const nodePath = (n: NodeUpgrade): string => `nodes['${n.hostname}']`;

/** Orders two Talos versions: negative when `a` is older. */
function compareTalos(a: TalosVersion, b: TalosVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

function minorName(v: { major: number; minor: number }): string {
  return `${v.major}.${v.minor}`;
}

/**
 * The Talos versions a node passes to go from `from` to `to` (without `from`, with `to`): the latest patch of its
 * current minor, then the latest patch of every minor in between, then `to` (Talos docs, "Supported upgrade paths").
 * Empty when nothing changes; undefined for a downgrade across minors or a minor the library does not know.
 */
export function recommendedTalosPath(from: string, to: string): string[] | undefined {
  const f = parseTalosVersion(from);
  const t = parseTalosVersion(to);
  if (!f || !t || f.major !== t.major || t.minor < f.minor) return undefined;
  const path: string[] = [];
  if (t.minor > f.minor) {
    for (let minor = f.minor; minor < t.minor; minor++) {
      const name = `${f.major}.${minor}`;
      if (!(CONFIG_CONTRACTS as readonly string[]).includes(name)) return undefined;
      const latest = parseTalosVersion(LATEST_TALOS_PATCH[name as ConfigContract])!;
      if (minor > f.minor || compareTalos(latest, f) > 0) path.push(latest.text);
    }
  }
  if (compareTalos(t, f) !== 0) path.push(t.text);
  return path;
}

/** The `[min, max]` Kubernetes minors every one of these Talos minors runs, or undefined when none. */
function commonKubernetes(minors: Iterable<ConfigContract>): { min: number; max: number } | undefined {
  let min = 0;
  let max = Number.MAX_SAFE_INTEGER;
  for (const m of minors) {
    min = Math.max(min, KUBERNETES_SUPPORT[m].min);
    max = Math.min(max, KUBERNETES_SUPPORT[m].max);
  }
  return min <= max ? { min, max } : undefined;
}

interface ParsedNode {
  readonly node: NodeUpgrade;
  readonly from: TalosVersion;
  readonly to: TalosVersion;
  readonly fromMinor: ConfigContract;
  readonly toMinor: ConfigContract;
}

/**
 * Every problem with a cluster's upgrade: versions the library cannot read, Talos steps of more than one minor,
 * nodes more than one minor apart during the roll, Kubernetes versions not supported by every Talos of the roll,
 * Kubernetes steps of more than one minor, and limits of the provider line. Each message says the path to take.
 */
export function upgradeProblems(u: ClusterUpgrade): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  const batch = u.workerBatchSize ?? 1;
  if (!Number.isInteger(batch) || batch < 1) {
    add('workerBatchSize', `'${batch}' is not a number of workers: use a whole number of at least 1 (1 upgrades workers one at a time)`);
  }

  // --- each node's own step ---
  const parsed: ParsedNode[] = [];
  for (const node of u.nodes) {
    const p = nodePath(node);
    const from = parseTalosVersion(node.fromTalosVersion);
    const to = parseTalosVersion(node.toTalosVersion);
    if (!from) add(`${p}.talosVersion`, `running version ${q(node.fromTalosVersion)} is not a Talos release version: give the version the node runs, like 'v1.12.11' (talosctl -n ${node.address} version)`);
    if (!to) add(`${p}.talosVersion`, `${q(node.toTalosVersion)} is not a Talos release version: pin a full version like 'v1.13.9'`);
    if (!from || !to) continue;
    const fromMinor = supportedMinor(from);
    const toMinor = supportedMinor(to);
    if (!toMinor) {
      add(`${p}.talosVersion`, `${q(to.text)} is a Talos version this library does not support: use Talos ${CONFIG_CONTRACTS.join(', ')} (latest ${LATEST_TALOS_PATCH[CONFIG_CONTRACTS[CONFIG_CONTRACTS.length - 1]]})`);
      continue;
    }
    if (!fromMinor) {
      const oldest = CONFIG_CONTRACTS[0];
      add(`${p}.talosVersion`, `the node runs ${q(from.text)}, a Talos minor this library cannot upgrade from: bring it to ${LATEST_TALOS_PATCH[oldest]} with 'talosctl -n ${node.address} upgrade --image <its installer>:${LATEST_TALOS_PATCH[oldest]} --preserve' (one minor at a time), then declare it`);
      continue;
    }
    if (from.major !== to.major || to.minor < from.minor) {
      add(`${p}.talosVersion`, `${q(to.text)} is older than ${q(from.text)}, which the node runs: Talos is not downgraded across minors by an upgrade; keep ${q(from.text)}, or roll the node back to its previous image with 'talosctl -n ${node.address} rollback'`);
      continue;
    }
    if (to.minor - from.minor > 1) {
      const path = recommendedTalosPath(from.text, to.text) ?? [];
      const skipped = Array.from({ length: to.minor - from.minor - 1 }, (_, i) => `${from.major}.${from.minor + 1 + i}`).join(', ');
      add(`${p}.talosVersion`, `${q(to.text)} skips Talos ${skipped} (the node runs ${q(from.text)}): Talos upgrades go one minor at a time; deploy talosVersion ${path.map(q).join(', then ')}, one deploy each`);
      continue;
    }
    parsed.push({ node, from, to, fromMinor, toMinor });
  }

  // --- skew across nodes during the roll ---
  if (parsed.length > 0) {
    const lowest = parsed.reduce((a, b) => (compareTalos(b.from, a.from) < 0 ? b : a));
    for (const n of parsed) {
      if (n.to.minor - lowest.from.minor > 1) {
        const between = LATEST_TALOS_PATCH[`${lowest.from.major}.${lowest.from.minor + 1}` as ConfigContract] ?? `${lowest.from.major}.${lowest.from.minor + 1}`;
        add(`${nodePath(n.node)}.talosVersion`, `${q(n.to.text)} would run beside Talos ${minorName(lowest.from)} on ${nodePath(lowest.node)} (${q(lowest.from.text)}): nodes of one cluster may differ by at most one minor during a roll; first bring every node to ${between}, then to ${minorName(n.to)}`);
      }
    }
  }

  // --- Kubernetes ---
  const fromK8s = parseKubernetesVersion(u.fromKubernetesVersion);
  const toK8s = parseKubernetesVersion(u.toKubernetesVersion);
  if (!fromK8s) add('kubernetesVersion', `running version ${q(u.fromKubernetesVersion)} is not a Kubernetes release version: give the version the cluster runs, like '1.35.4' (kubectl version)`);
  if (!toK8s) add('kubernetesVersion', `${q(u.toKubernetesVersion)} is not a Kubernetes release version: pin a full version like '1.35.4'`);
  if (fromK8s && toK8s) kubernetesProblems(u, fromK8s, toK8s, parsed, add);
  return problems;
}

function kubernetesProblems(u: ClusterUpgrade, from: KubernetesVersion, to: KubernetesVersion, nodes: readonly ParsedNode[], add: (path: string, message: string) => void): void {
  const changes = from.text !== to.text;
  if (to.major !== from.major || to.minor < from.minor) {
    add('kubernetesVersion', `${q(to.text)} is older than ${q(from.text)}, which the cluster runs: Kubernetes is not downgraded across minors (upgrade-k8s refuses it); keep ${q(from.text)}`);
    return;
  }
  if (to.minor - from.minor > 1) {
    const skipped = Array.from({ length: to.minor - from.minor - 1 }, (_, i) => `${from.major}.${from.minor + 1 + i}`);
    add('kubernetesVersion', `${q(to.text)} skips Kubernetes ${skipped.join(', ')} (the cluster runs ${q(from.text)}): Kubernetes upgrades go one minor at a time (upgrade-k8s and talos_cluster refuse larger steps); deploy kubernetesVersion at the latest patch of ${skipped.join(', then of ')}, then ${q(to.text)}, one deploy each`);
  }

  // Every Talos minor present during the roll, with where it comes from.
  const rollMinors = new Map<ConfigContract, string>();
  for (const n of nodes) {
    const path = recommendedTalosPath(n.from.text, n.to.text) ?? [];
    for (const v of [n.from.text, ...path]) {
      const minor = supportedMinor(parseTalosVersion(v)!);
      if (!minor || rollMinors.has(minor)) continue;
      const where = v === n.from.text ? `${nodePath(n.node)} runs ${q(v)}`
        : v === n.to.text ? `${nodePath(n.node)}.talosVersion ${q(v)}` : `${nodePath(n.node)} passes ${q(v)}`;
      rollMinors.set(minor, where);
    }
  }
  const sorted = [...rollMinors.keys()].sort((a, b) => CONFIG_CONTRACTS.indexOf(a) - CONFIG_CONTRACTS.indexOf(b));
  const common = commonKubernetes(sorted);
  const range = (r: { min: number; max: number }): string => `1.${r.min} to 1.${r.max}`;

  // The running Kubernetes must be supported by every Talos the nodes pass.
  const reported = new Set<ConfigContract>();
  for (const minor of sorted) {
    const support = KUBERNETES_SUPPORT[minor];
    if (from.major === 1 && from.minor >= support.min && from.minor <= support.max) continue;
    reported.add(minor);
    const fix = common
      ? `upgrade Kubernetes first, to a version every Talos of this roll runs (${range(common)}: Talos ${sorted.join(', ')}), with talosVersion unchanged; then Talos`
      : `no Kubernetes version runs on every Talos of this roll (${sorted.join(', ')}): upgrade Talos and Kubernetes alternately, one minor each`;
    add('kubernetesVersion', `${q(from.text)}, which the cluster runs during the Talos roll, is not supported by Talos ${minor} (${rollMinors.get(minor)}), which runs Kubernetes ${range(support)}: ${fix}`);
  }

  // The declared Kubernetes must be supported by every node's new Talos.
  const targetMinors = new Map<ConfigContract, string>();
  for (const n of nodes) if (!targetMinors.has(n.toMinor)) targetMinors.set(n.toMinor, `${nodePath(n.node)}.talosVersion ${q(n.to.text)}`);
  for (const [minor, where] of targetMinors) {
    if (!changes && reported.has(minor)) continue; // the same version, already reported with the path to take
    const support = KUBERNETES_SUPPORT[minor];
    if (to.major === 1 && to.minor >= support.min && to.minor <= support.max) continue;
    add('kubernetesVersion', `${q(to.text)} is not supported by Talos ${minor} (${where}), which runs Kubernetes ${range(support)}: pick a version from ${range(support)}`);
  }

  // Limits of talos_machine and talos_cluster on the 0.12 line.
  const line = TALOS_PROVIDER_LINES[u.providerLine ?? '0.11'];
  if (!changes || !line.upgradesNodes) return;
  const cp = u.nodes.find((n) => n.role === 'controlplane')?.address ?? '<a control plane>';
  const byHand = `run 'talosctl -n ${cp} upgrade-k8s --to ${to.text}', then deploy`;
  if (line.kubernetesUpgradeMaxMinor !== undefined && to.minor > line.kubernetesUpgradeMaxMinor) {
    add('kubernetesVersion', `${q(to.text)} cannot be reached by talos_cluster of siderolabs/talos ${line.version}: its Kubernetes upgrade paths (siderolabs/go-kubernetes v0.2.37) end at 1.${line.kubernetesUpgradeMaxMinor}; ${byHand}, or use a newer provider`);
  }
  const talosChanges = nodes.filter((n) => n.from.text !== n.to.text || (n.node.toInstaller ?? n.node.fromInstaller) !== n.node.fromInstaller);
  if (talosChanges.length > 0) {
    add('kubernetesVersion', `${q(to.text)} changes in the same deploy as Talos (${talosChanges.map((n) => nodePath(n.node)).join(', ')}): talos_machine applies each node's whole new configuration, its Kubernetes images included, when it upgrades the node, before talos_cluster's upgrade-k8s runs; keep kubernetesVersion ${q(from.text)} for the Talos roll and change it in the next deploy`);
  }
  const newer = line.kubernetesDriftIgnoredUpTo === undefined ? [] : nodes.filter((n) => CONFIG_CONTRACTS.indexOf(n.toMinor) > CONFIG_CONTRACTS.indexOf(line.kubernetesDriftIgnoredUpTo!));
  if (newer.length > 0) {
    add('kubernetesVersion', `${q(to.text)} cannot be rolled out by talos_cluster on siderolabs/talos ${line.version} for Talos ${newer[0].toMinor} nodes (${newer.map((n) => nodePath(n.node)).join(', ')}): its talos_machine does not leave the Kubernetes images of the ${newer[0].toMinor} documents (KubeAPIServerConfig, KubeProxyConfig, KubeletConfig) out of its drift check, so it would push them to each node before upgrade-k8s; ${byHand}`);
  }
}

/**
 * The safe order of a cluster's upgrade: one stage per Talos version along the supported path, each with the control
 * planes one at a time and then the workers in batches (every wave waits for a healthy cluster), and Kubernetes last.
 * Nodes whose configuration change needs a reboot reboot in the same order, in their last stage.
 * @throws DeclarationError listing every problem of {@link upgradeProblems}
 */
export function planUpgrade(u: ClusterUpgrade): UpgradePlan {
  const problems = upgradeProblems(u);
  if (problems.length > 0) throw new DeclarationError(problems, `upgrade of cluster '${u.clusterName}'`);
  const batch = u.workerBatchSize ?? 1;

  // Each node's steps along its path.
  const steps = new Map<string, PlannedNode[]>();
  const targets: TalosVersion[] = [];
  const notes: string[] = [];
  const unchanged: string[] = [];
  const viaPatches: string[] = [];
  for (const node of u.nodes) {
    const fromRepo = node.fromInstaller;
    const toRepo = node.toInstaller ?? fromRepo;
    const from = parseTalosVersion(node.fromTalosVersion)!;
    const to = parseTalosVersion(node.toTalosVersion)!;
    let path = recommendedTalosPath(from.text, to.text)!;
    if (path.length === 0 && toRepo !== fromRepo) path = [to.text];
    const nodeSteps: PlannedNode[] = [];
    let previous = from.text;
    let previousRepo = fromRepo;
    for (const version of path) {
      nodeSteps.push({
        hostname: node.hostname, role: node.role, address: node.address, action: 'upgrade',
        fromVersion: previous, toVersion: version,
        fromImage: installerImage(previousRepo, previous), toImage: installerImage(toRepo, version),
        configReboots: false,
      });
      previous = version;
      previousRepo = toRepo;
    }
    if (node.configReboots === true) {
      if (nodeSteps.length > 0) {
        nodeSteps[nodeSteps.length - 1] = { ...nodeSteps[nodeSteps.length - 1], configReboots: true };
      } else {
        const image = installerImage(fromRepo, from.text);
        nodeSteps.push({
          hostname: node.hostname, role: node.role, address: node.address, action: 'reboot',
          fromVersion: from.text, toVersion: from.text, fromImage: image, toImage: image, configReboots: true,
        });
      }
    }
    if (nodeSteps.length === 0) unchanged.push(node.hostname);
    if (path.length > 1) viaPatches.push(`${node.hostname} (${[from.text, ...path].join(' -> ')})`);
    for (const s of nodeSteps) {
      const v = parseTalosVersion(s.toVersion)!;
      if (s.action === 'upgrade' && !targets.some((t) => compareTalos(t, v) === 0)) targets.push(v);
    }
    steps.set(node.hostname, nodeSteps);
  }
  targets.sort(compareTalos);
  if (viaPatches.length > 0) {
    notes.push(`the supported path passes the latest patch of each minor on the way (Talos docs, "Supported upgrade paths"): ${viaPatches.join(', ')}; on the 0.12 line each stage is its own deploy, so declare the intermediate version first`);
  }

  // Stages: one per target version, oldest first. Reboot-only nodes go in the last stage (or a stage of their own
  // when no version changes), in the same control-plane-first order.
  const hasReboots = [...steps.values()].some((ss) => ss.some((s) => s.action === 'reboot'));
  const stageCount = Math.max(targets.length, hasReboots ? 1 : 0);
  const stageOf = (s: PlannedNode): number => (s.action === 'reboot' ? stageCount - 1 : targets.findIndex((t) => t.text === s.toVersion));
  const stages: UpgradeStage[] = [];
  for (let i = 0; i < stageCount; i++) {
    const inStage = u.nodes.flatMap((n) => steps.get(n.hostname)!.filter((s) => stageOf(s) === i));
    const waves: UpgradeWave[] = inStage.filter((s) => s.role === 'controlplane').map((s) => ({ role: 'controlplane', nodes: [s] }));
    const workers = inStage.filter((s) => s.role === 'worker');
    for (let w = 0; w < workers.length; w += batch) waves.push({ role: 'worker', nodes: workers.slice(w, w + batch) });
    stages.push(i < targets.length ? { talosVersion: targets[i].text, waves } : { waves });
  }

  const fromK8s = parseKubernetesVersion(u.fromKubernetesVersion)!;
  const toK8s = parseKubernetesVersion(u.toKubernetesVersion)!;
  return {
    clusterName: u.clusterName,
    stages,
    ...(fromK8s.text !== toK8s.text ? { kubernetes: { from: fromK8s.text, to: toK8s.text } } : {}),
    controlPlaneAddresses: u.nodes.filter((n) => n.role === 'controlplane').map((n) => n.address),
    workerAddresses: u.nodes.filter((n) => n.role === 'worker').map((n) => n.address),
    workerBatchSize: batch,
    unchanged,
    notes,
  };
}

/** How long `talosctl health` waits after each wave. */
export const HEALTH_WAIT_TIMEOUT = '10m';

/**
 * The `talosctl` commands that carry out a plan by hand, in its order, for clusters on the 0.11 provider line (which
 * cannot upgrade nodes): each wave's upgrades, then a health check of the whole cluster before the next wave;
 * `upgrade-k8s` once every node runs the new Talos; then the configuration. Lines starting with `#` are comments.
 *
 * On 0.11 a deploy applies every node's configuration at once, so configuration changes that need a reboot are
 * deployed staged (Talos applies them at the next reboot) and the nodes are then rebooted in the same order.
 * `--preserve` keeps the node's data on Talos before 1.13 (the legacy upgrade API); talosctl 1.13 and newer accept it
 * as a deprecated flag for that path (siderolabs/talos `cmd/talosctl/cmd/talos/upgrade.go`).
 */
export function talosctlCommands(plan: UpgradePlan): string[] {
  const lines: string[] = [];
  const health = `talosctl -n ${plan.controlPlaneAddresses[0]} health --control-plane-nodes ${plan.controlPlaneAddresses.join(',')}`
    + (plan.workerAddresses.length > 0 ? ` --worker-nodes ${plan.workerAddresses.join(',')}` : '')
    + ` --wait-timeout ${HEALTH_WAIT_TIMEOUT}`;
  /** One wave's commands: in parallel (background jobs and `wait`) when the wave has several nodes. */
  const wave = (label: string, commands: readonly string[]): void => {
    lines.push(label);
    if (commands.length > 1) lines.push(...commands.map((c) => `${c} &`), 'wait');
    else lines.push(...commands);
    lines.push(health);
  };
  const upgradeStages = plan.stages
    .map((stage) => ({ version: stage.talosVersion, waves: stage.waves.map((w) => ({ ...w, nodes: w.nodes.filter((n) => n.action === 'upgrade') })).filter((w) => w.nodes.length > 0) }))
    .filter((stage) => stage.version !== undefined && stage.waves.length > 0);
  const newest = upgradeStages.length > 0 ? upgradeStages[upgradeStages.length - 1].version : undefined;

  lines.push(`# Upgrade of cluster '${plan.clusterName}', one wave at a time; stop at the first command that fails.`);
  lines.push(`# Use talosctl ${newest ?? 'of the cluster\'s Talos version'} with the cluster's talosconfig (export TALOSCONFIG=<file holding the talosconfig output>).`);
  upgradeStages.forEach((stage, i) => {
    lines.push(`# Stage ${i + 1} of ${upgradeStages.length}: Talos ${stage.version}`);
    const cps = stage.waves.filter((w) => w.role === 'controlplane').length;
    const batches = stage.waves.length - cps;
    let cp = 0;
    let batch = 0;
    for (const w of stage.waves) {
      const names = w.nodes.map((n) => n.hostname).join(', ');
      wave(w.role === 'controlplane' ? `# control plane ${names} (${++cp} of ${cps})` : `# workers ${names} (batch ${++batch} of ${batches})`,
        w.nodes.map((n) => `talosctl -n ${n.address} upgrade --image ${n.toImage} --preserve`));
    }
  });
  if (plan.kubernetes) {
    lines.push(`# Kubernetes ${plan.kubernetes.from} -> ${plan.kubernetes.to}, once every node runs the new Talos`);
    lines.push(`talosctl -n ${plan.controlPlaneAddresses[0]} upgrade-k8s --to ${plan.kubernetes.to}`);
    lines.push(health);
  }
  const reboots = plan.stages.flatMap((s) => s.waves).flatMap((w) => w.nodes).filter((n) => n.configReboots);
  if (reboots.length === 0) {
    lines.push('# Then deploy the cluster\'s stack, so the nodes get the configuration of the new versions.');
    return lines;
  }
  lines.push('# Then deploy the cluster\'s stack with the configuration staged (Talos applies it at the next reboot), and reboot in this order:');
  const cpReboots = reboots.filter((n) => n.role === 'controlplane');
  const workerReboots = reboots.filter((n) => n.role === 'worker');
  const size = plan.workerBatchSize;
  cpReboots.forEach((n, i) => wave(`# control plane ${n.hostname} (${i + 1} of ${cpReboots.length})`, [`talosctl -n ${n.address} reboot`]));
  const batches = Math.ceil(workerReboots.length / size);
  for (let b = 0; b < batches; b++) {
    const group = workerReboots.slice(b * size, (b + 1) * size);
    wave(`# workers ${group.map((n) => n.hostname).join(', ')} (batch ${b + 1} of ${batches})`, group.map((n) => `talosctl -n ${n.address} reboot`));
  }
  return lines;
}

/** A plan as lines of text, in order (for previews and logs). */
export function describeUpgradePlan(plan: UpgradePlan): string[] {
  const lines: string[] = [];
  let step = 0;
  for (const stage of plan.stages) {
    lines.push(stage.talosVersion !== undefined ? `Talos ${stage.talosVersion}:` : 'configuration reboots:');
    for (const wave of stage.waves) {
      const what = wave.nodes.map((n) => {
        const change = n.action === 'upgrade' ? `${n.fromVersion} -> ${n.toVersion}${n.fromVersion === n.toVersion ? ' (new image)' : ''}` : 'reboot for its configuration';
        return `${n.hostname} ${change}${n.action === 'upgrade' && n.configReboots ? ', then its configuration' : ''}`;
      }).join('; ');
      lines.push(`  ${++step}. ${wave.role === 'controlplane' ? 'control plane' : 'workers'} ${what}; then wait for a healthy cluster`);
    }
  }
  if (plan.kubernetes) lines.push(`  ${++step}. Kubernetes ${plan.kubernetes.from} -> ${plan.kubernetes.to} (every node runs the new Talos)`);
  if (step === 0) lines.push('nothing to upgrade or reboot');
  return lines;
}
