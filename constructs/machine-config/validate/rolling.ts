/**
 * Rules of a cluster's roll that the declaration alone can break: its options, and version skew between nodes. What
 * a declaration cannot tell (the versions the nodes run now) is checked against the previous deploy by
 * `cdktf-talos preview` and `upgrade-commands`, with `upgradeProblems` (README, "Upgrading").
 */
import { ClusterDeclaration } from '../model';
import { LATEST_TALOS_PATCH } from '../upgrade';
import { ConfigContract, CONFIG_CONTRACTS, compareContracts } from '../versions';
import { Collector, q } from './collector';

/** A duration as Terraform's timeouts and the provider take it: `10m`, `1h30m`, `90s`. */
const DURATION = /^(\d+(\.\d+)?(h|m|s|ms))+$/;

/**
 * @param minorsInUse every Talos minor declared in the cluster, with the path that declares it first
 */
export function validateRolling(c: Collector, decl: ClusterDeclaration, minorsInUse: ReadonlyMap<ConfigContract, string>): void {
  const line = decl.providerLine ?? '0.11';
  const u = decl.upgrades ?? {};
  if (u.workerBatchSize !== undefined && (!Number.isInteger(u.workerBatchSize) || u.workerBatchSize < 1)) {
    c.add('upgrades.workerBatchSize', `${q(u.workerBatchSize)} is not a number of workers: use a whole number of at least 1 (1 rolls workers one at a time)`);
  }
  if (u.healthTimeout !== undefined && !c.unresolved(u.healthTimeout) && !DURATION.test(u.healthTimeout)) {
    c.add('upgrades.healthTimeout', `${q(u.healthTimeout)} is not a duration: write it like '10m' or '1h30m'`);
  }
  if (line === '0.11') {
    // Only the 0.12 line has resources that upgrade, drain and reboot nodes, and an order to gate.
    for (const key of ['healthGates', 'healthTimeout', 'drain', 'rebootMode'] as const) {
      if (u[key] !== undefined) c.add(`upgrades.${key}`, `${q(u[key])} has no effect on the 0.11 provider line, which cannot upgrade or reboot nodes in order: set providerLine: '0.12', or remove it (cdktf-talos upgrade-commands prints the talosctl commands for 0.11)`);
    }
    if (decl.migrateFrom011 === true) c.add('migrateFrom011', `is set on a cluster of the 0.11 line: set providerLine: '0.12' with it, for the deploy that moves the cluster to the 0.12 resources`);
  }

  // Nodes of one cluster differ by one minor at most: Talos migrates configuration between adjacent minors only, and
  // upgrades go one minor at a time (Talos docs, "Upgrading Talos Linux", supported upgrade paths).
  const minors = [...minorsInUse.keys()].sort(compareContracts);
  if (minors.length > 1) {
    const oldest = minors[0];
    const newest = minors[minors.length - 1];
    const span = CONFIG_CONTRACTS.indexOf(newest) - CONFIG_CONTRACTS.indexOf(oldest);
    if (span > 1) {
      const next = CONFIG_CONTRACTS[CONFIG_CONTRACTS.indexOf(oldest) + 1];
      c.add(minorsInUse.get(newest)!, `declares Talos ${newest} while ${minorsInUse.get(oldest)} declares ${oldest}: during a roll the nodes of a cluster may be one minor apart at most, and each upgrade goes one minor at a time; bring every node to ${LATEST_TALOS_PATCH[next]} (the latest ${next}) first, one deploy, then on to ${newest}`);
    }
  }
}
