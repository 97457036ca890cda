/**
 * Declared rolling upgrades, as pure data: the options of a cluster's roll, the order its nodes go in (the waves the
 * constructs chain in the Terraform graph), and the version facts a synthesized stack carries so that a preview can
 * compare two of them (`upgradeBetween`) and run the rules of `upgrade.ts` on the change.
 *
 * Why the order has to be declared (docs/upgrades-research.md, section 3): siderolabs/terraform-provider-talos
 * v0.12.0-alpha.5 `talos_machine` waits only for its own node (`talosMachineApplyConfig` polls the node's version for
 * 10 minutes; `talosMachineReboot` waits for the machine and a new boot id) and never for etcd or the rest of the
 * cluster (`pkg/talos/talos_machine_resource.go`); nothing orders two nodes unless the graph does.
 */
import { installerRepository, InstallerPlatform } from './installer';
import { ClusterDeclaration, mergeSettings, NodeDeclaration, NodeRole, primaryAddress, settingLevels } from './model';
import { ClusterUpgrade, NodeUpgrade, TalosProviderLine } from './upgrade';
import { parseTalosVersion } from './versions';

/** How a node reboots after an OS upgrade on the 0.12 line (`talos_machine.reboot_mode`). */
export type RebootMode = 'default' | 'powercycle';

/** How a cluster rolls changes through its nodes. */
export interface UpgradeOptions {
  /**
   * How many workers go at once (upgrade or reboot), after every control plane. The `talosctl` commands printed for
   * the 0.11 line follow it too.
   * @default 1
   */
  readonly workerBatchSize?: number;
  /**
   * Wait for a healthy cluster after every node (the 0.12 line): etcd healthy on every control plane with exactly the
   * control planes as members, the Talos API answering and the boot finished on the node just changed, before the
   * next node or batch goes. Turn it on once the cluster runs: the deploy that creates a cluster cannot pass it (the
   * first node's gate would wait for control planes configured after it), and neither can a deploy that adds a
   * control plane (the gates before it would wait for the new one). The nodes are chained one wave after the other
   * either way.
   * @default false
   */
  readonly healthGates?: boolean;
  /**
   * How long each health gate waits for a healthy cluster, as a duration (`10m`, `1h30m`).
   * @default '10m'
   */
  readonly healthTimeout?: string;
  /**
   * Cordon and drain each node before it reboots into a new Talos version, and uncordon it once Ready (the 0.12 line:
   * `talos_machine.drain_on_upgrade`, with a kubeconfig the provider generates from the secrets, never stored).
   * @default true
   */
  readonly drain?: boolean;
  /**
   * How a node reboots into its new Talos version: `default` (kexec where Talos can) or `powercycle` (a full reboot,
   * for firmware that mishandles kexec).
   * @default 'default'
   */
  readonly rebootMode?: RebootMode;
}

/** The defaults of {@link UpgradeOptions}, written once. */
export const UPGRADE_DEFAULTS = {
  workerBatchSize: 1,
  healthGates: false,
  healthTimeout: '10m',
  drain: true,
  rebootMode: 'default',
} as const satisfies Required<UpgradeOptions>;

/** Nodes that go at the same time: one control plane, or one batch of workers. */
export interface RollingWave {
  /** The role of every node in the wave. */
  readonly role: NodeRole;
  /** The nodes' hostnames, in declaration order. */
  readonly hostnames: readonly string[];
}

/**
 * The order a cluster's nodes go in: every control plane on its own, in declaration order, then the workers in
 * batches of `workerBatchSize`, in declaration order (the same waves as {@link planUpgrade}).
 */
export function rollingWaves(nodes: ReadonlyArray<{ readonly hostname: string; readonly role: NodeRole }>, workerBatchSize: number = UPGRADE_DEFAULTS.workerBatchSize): RollingWave[] {
  const size = Number.isInteger(workerBatchSize) && workerBatchSize >= 1 ? workerBatchSize : 1;
  const waves: RollingWave[] = nodes.filter((n) => n.role === 'controlplane').map((n) => ({ role: 'controlplane', hostnames: [n.hostname] }));
  const workers = nodes.filter((n) => n.role === 'worker').map((n) => n.hostname);
  for (let i = 0; i < workers.length; i += size) waves.push({ role: 'worker', hostnames: workers.slice(i, i + size) });
  return waves;
}

/** What a synthesized stack records about one node of a cluster (snake_case, as in the rest of the JSON). */
export interface NodeVersionFacts {
  readonly hostname: string;
  readonly role: NodeRole;
  /** The address the node is reached at. */
  readonly address: string;
  /** The node's declared Talos version. */
  readonly talos_version: string;
  /**
   * The installer repository without tag (`factory.talos.dev/nocloud-installer/<schematic id>`, or the repository of
   * an explicit `installerImage`); null when its schematic id cannot be computed offline.
   */
  readonly installer: string | null;
}

/** The format of {@link ClusterVersionFacts}, recorded with them. */
export const VERSION_FACTS_FORMAT = 'cdktf-talos/cluster-versions@1';

/**
 * Where a synthesized stack (`cdk.tf.json`) keeps its clusters' {@link ClusterVersionFacts}: `"//"` (a JSON comment,
 * which Terraform ignores) `-> "cdktf-talos-clusters" -> <cluster's Terraform name>`.
 */
export const VERSION_FACTS_KEY = 'cdktf-talos-clusters';

/**
 * What a synthesized stack records about a cluster's versions and rolling order, for tools that compare two synthesized
 * apps (`cdktf-talos preview`, `upgrade-commands`). Nothing secret: versions, addresses, installer repositories.
 */
export interface ClusterVersionFacts {
  readonly format: typeof VERSION_FACTS_FORMAT;
  readonly cluster_name: string;
  readonly provider_line: TalosProviderLine;
  readonly kubernetes_version: string;
  readonly worker_batch_size: number;
  readonly health_gates: boolean;
  /** Every node, in declaration order. */
  readonly nodes: readonly NodeVersionFacts[];
}

/** The installer repository (without tag) of a node, computed offline, or undefined when it cannot be. */
export function nodeInstallerRepository(decl: ClusterDeclaration, node: NodeDeclaration): string | undefined {
  const merged = mergeSettings(...settingLevels(decl, node).map(([, level]) => level));
  if (merged.installerImage !== undefined) return merged.installerImage.replace(/(@sha256:[0-9a-f]{64}|:[^:/@]+)$/, '');
  const platform: InstallerPlatform = node.vm ? 'nocloud' : 'metal';
  return installerRepository({ extensions: merged.extensions ?? [], extraKernelArgs: merged.extraKernelArgs ?? [], board: node.board }, platform);
}

/** The version facts of a declared cluster. */
export function clusterVersionFacts(decl: ClusterDeclaration): ClusterVersionFacts {
  const rolling = decl.upgrades ?? {};
  return {
    format: VERSION_FACTS_FORMAT,
    cluster_name: decl.clusterName,
    provider_line: decl.providerLine ?? '0.11',
    kubernetes_version: decl.kubernetesVersion,
    worker_batch_size: rolling.workerBatchSize ?? UPGRADE_DEFAULTS.workerBatchSize,
    health_gates: rolling.healthGates ?? UPGRADE_DEFAULTS.healthGates,
    nodes: decl.nodes.map((n) => ({
      hostname: n.hostname,
      role: n.role,
      address: primaryAddress(n) ?? '',
      talos_version: parseTalosVersion(n.talosVersion ?? decl.talosVersion)?.text ?? (n.talosVersion ?? decl.talosVersion),
      installer: nodeInstallerRepository(decl, n) ?? null,
    })),
  };
}

/** Every cluster's version facts in a synthesized stack, by the cluster's Terraform name. */
export function versionFactsOf(stack: unknown): Map<string, ClusterVersionFacts> {
  const comment = typeof stack === 'object' && stack !== null ? (stack as Record<string, unknown>)['//'] : undefined;
  const clusters = typeof comment === 'object' && comment !== null ? (comment as Record<string, unknown>)[VERSION_FACTS_KEY] : undefined;
  const out = new Map<string, ClusterVersionFacts>();
  if (typeof clusters !== 'object' || clusters === null) return out;
  for (const [name, facts] of Object.entries(clusters)) if (isClusterVersionFacts(facts)) out.set(name, facts);
  return out;
}

/** True when a value has the shape of {@link ClusterVersionFacts} (as read back from a synthesized stack). */
export function isClusterVersionFacts(value: unknown): value is ClusterVersionFacts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.format === VERSION_FACTS_FORMAT && typeof v.cluster_name === 'string' && Array.isArray(v.nodes);
}

/**
 * The change from one deploy's facts to the next, as {@link upgradeProblems} and {@link planUpgrade} take it: every
 * node present in both (new nodes are created, not upgraded; removed ones are gone), with the head's provider line
 * and batch size.
 * @param configReboots hostnames whose configuration change needs a reboot
 * @returns undefined when no version, installer or reboot changes
 */
export function upgradeBetween(base: ClusterVersionFacts, head: ClusterVersionFacts, configReboots: ReadonlySet<string> = new Set()): ClusterUpgrade | undefined {
  const before = new Map(base.nodes.map((n) => [n.hostname, n]));
  const nodes: NodeUpgrade[] = [];
  for (const n of head.nodes) {
    const b = before.get(n.hostname);
    if (b === undefined) continue;
    const fromInstaller = b.installer ?? n.installer ?? '<installer>';
    nodes.push({
      hostname: n.hostname,
      role: n.role,
      address: n.address,
      fromTalosVersion: b.talos_version,
      toTalosVersion: n.talos_version,
      fromInstaller,
      toInstaller: n.installer ?? fromInstaller,
      configReboots: configReboots.has(n.hostname),
    });
  }
  const changes = base.kubernetes_version !== head.kubernetes_version
    || nodes.some((n) => n.fromTalosVersion !== n.toTalosVersion || n.fromInstaller !== n.toInstaller || n.configReboots === true);
  if (!changes) return undefined;
  return {
    clusterName: head.cluster_name,
    nodes,
    fromKubernetesVersion: base.kubernetes_version,
    toKubernetesVersion: head.kubernetes_version,
    workerBatchSize: head.worker_batch_size,
    providerLine: head.provider_line,
  };
}
