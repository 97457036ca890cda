/**
 * Talos API access from Kubernetes pods: the machine-config settings that let pods in named namespaces obtain Talos
 * credentials with named roles (through a `talos.dev/v1alpha1` `ServiceAccount`), rendered for each config contract.
 * Pure functions, no cdktf.
 *
 * Facts, read in siderolabs/talos:
 * - Up to 1.13 the setting is `machine.features.kubernetesTalosAPIAccess {enabled, allowedRoles,
 *   allowedKubernetesNamespaces}` (v1alpha1). 1.14 deprecates it for the `KubeTalosAPIAccessConfig` document, which
 *   has no `enabled` (its presence enables access: `kubeaccess/config.go` at v1.14.0-rc.1), and rejects a config that
 *   sets both (`V1Alpha1ConflictValidate`, `pkg/machinery/config/types/k8s/talos_api_access.go`).
 * - Control planes only: a worker with the v1alpha1 feature fails validation ("feature Kubernetes Talos API Access can
 *   only be enabled on control plane machines", `v1alpha1_validation.go` at v1.11.6 to v1.13.9), and the 1.14 document
 *   is a `ControlplaneOnlyConfig` ("the following document kinds are only allowed on control plane machines",
 *   `pkg/machinery/config/container/validate.go`).
 * - Roles must be Talos roles (`role.All`, `pkg/machinery/role/role.go`); `os:etcd:backup` may call `EtcdSnapshot`,
 *   `EtcdStatus`, `EtcdMemberList` and `EtcdAlarmList` and nothing else (`internal/app/machined/pkg/system/services/machined.go`).
 * - The two lists are independent: any allowed namespace may ask for any allowed role
 *   (`kubeaccess/serviceaccount/crd_controller.go` checks the namespace, then the roles). Granting `os:admin` to one
 *   namespace and `os:etcd:backup` to another lets both obtain `os:admin`, so the backup grant stays alone.
 * - Talos 1.11 also requires `machine.features.rbac` (on in every generated config since Talos 0.11).
 */
import type { NodeRole } from './model';
import type { TalosDocument } from './render';
import { Problem } from './problems';
import type { KubernetesSettings } from './settings';
import { atLeast, ConfigContract } from './versions';

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The Talos role that may take etcd snapshots and nothing else (`role.EtcdBackup`). */
export const ETCD_BACKUP_ROLE = 'os:etcd:backup';

/** Every Talos API role (`role.All` in siderolabs/talos `pkg/machinery/role/role.go`, v1.11.6 to v1.14.0-rc.1). */
export const TALOS_ROLES: readonly string[] = [
  'os:admin', 'os:operator', 'os:reader', 'os:etcd:backup', 'os:image:verifier', 'os:meta:writer', 'os:impersonator',
];

/** Which pods may obtain Talos API credentials, and with which roles. */
export interface TalosApiAccess {
  /** The roles a Talos `ServiceAccount` may ask for, e.g. `['os:etcd:backup']`. */
  readonly allowedRoles: readonly string[];
  /** The namespaces whose Talos `ServiceAccount`s are answered, e.g. `['talos-backup']`. */
  readonly allowedKubernetesNamespaces: readonly string[];
}

/** Exactly what etcd backups need: the backup namespace, with role `os:etcd:backup`, and nothing broader. */
export function etcdBackupApiAccess(namespace: string): TalosApiAccess {
  return { allowedRoles: [ETCD_BACKUP_ROLE], allowedKubernetesNamespaces: [namespace] };
}

/** The namespace etcd backups run in unless the user picks another (here and on the platform's `addEtcdBackups()`). */
export const DEFAULT_ETCD_BACKUP_NAMESPACE = 'talos-backup';

/** The access a cluster's `kubernetes.etcdBackupAccess` grants its control planes, or undefined for none. */
export function etcdBackupAccessOf(kubernetes: KubernetesSettings): TalosApiAccess | undefined {
  const setting = kubernetes.etcdBackupAccess;
  return setting === undefined ? undefined : etcdBackupApiAccess(setting.namespace ?? DEFAULT_ETCD_BACKUP_NAMESPACE);
}

// Namespaces Kubernetes creates and other workloads share (the platform's SYSTEM_NAMESPACES; the core cannot import it).
const SHARED_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Problems of `kubernetes.etcdBackupAccess`: the namespace must be a namespace name and one of the job's own, since
 * every pod in it could obtain etcd snapshots, which hold every Secret of the cluster.
 */
export function etcdBackupAccessProblems(kubernetes: KubernetesSettings, isUnresolved: (value: unknown) => boolean): Problem[] {
  const namespace = kubernetes.etcdBackupAccess?.namespace;
  if (namespace === undefined || isUnresolved(namespace)) return [];
  const path = 'kubernetes.etcdBackupAccess.namespace';
  if (!DNS_LABEL.test(namespace)) {
    return [{ path, message: `${q(namespace)} is not a namespace name: lower-case letters, digits and '-', at most 63 characters, like '${DEFAULT_ETCD_BACKUP_NAMESPACE}'` }];
  }
  if (SHARED_NAMESPACES.includes(namespace)) {
    return [{ path, message: `${q(namespace)} is shared with other workloads, and every pod in it could then obtain etcd snapshots (all of the cluster's Secrets): give the backup job a namespace of its own, like '${DEFAULT_ETCD_BACKUP_NAMESPACE}'` }];
  }
  return [];
}

/** What a node's configuration carries for Talos API access. */
export interface RenderedTalosApiAccess {
  /** A v1alpha1 fragment to merge into the node's v1alpha1 document (contracts up to 1.13), or undefined. */
  readonly v1alpha1?: TalosDocument;
  /** Typed documents to add (contract 1.14 and later). */
  readonly documents: TalosDocument[];
}

/** Every problem of an access declaration. Empty when it is fine. */
export function talosApiAccessProblems(access: TalosApiAccess, path: string): Problem[] {
  const problems: Problem[] = [];
  if (access.allowedRoles.length === 0) {
    problems.push({ path: `${path}.allowedRoles`, message: `is empty, which blocks all access: name the roles pods may obtain, like ['${ETCD_BACKUP_ROLE}']` });
  }
  access.allowedRoles.forEach((role, i) => {
    if (!TALOS_ROLES.includes(role)) {
      problems.push({ path: `${path}.allowedRoles[${i}]`, message: `${q(role)} is not a Talos role, and Talos rejects the config: use one of ${TALOS_ROLES.map((r) => `'${r}'`).join(', ')}` });
    }
  });
  if (access.allowedKubernetesNamespaces.length === 0) {
    problems.push({ path: `${path}.allowedKubernetesNamespaces`, message: 'is empty, so no pod could obtain credentials: name the namespace of the workload, like \'talos-backup\'' });
  }
  access.allowedKubernetesNamespaces.forEach((ns, i) => {
    if (!DNS_LABEL.test(ns)) {
      problems.push({ path: `${path}.allowedKubernetesNamespaces[${i}]`, message: `${q(ns)} is not a namespace name: lower-case letters, digits and '-', like 'talos-backup'` });
    }
  });
  return problems;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * The settings that grant `access` on one node, for its config contract: the v1alpha1 feature up to 1.13, the
 * `KubeTalosAPIAccessConfig` document from 1.14. Workers get nothing (Talos rejects the setting there); lists are
 * sorted and deduplicated, so the output does not depend on declaration order.
 */
export function renderTalosApiAccess(access: TalosApiAccess, contract: ConfigContract, role: NodeRole): RenderedTalosApiAccess {
  if (role !== 'controlplane') return { documents: [] };
  const allowedRoles = sortedUnique(access.allowedRoles);
  const allowedKubernetesNamespaces = sortedUnique(access.allowedKubernetesNamespaces);
  if (atLeast(contract, '1.14')) {
    return { documents: [{ apiVersion: 'v1alpha1', kind: 'KubeTalosAPIAccessConfig', allowedRoles, allowedKubernetesNamespaces }] };
  }
  return {
    v1alpha1: { machine: { features: { kubernetesTalosAPIAccess: { enabled: true, allowedRoles, allowedKubernetesNamespaces } } } },
    documents: [],
  };
}

/**
 * The access a node's rendered documents grant, read back from either shape (v1alpha1 feature or 1.14 document), or
 * undefined when they grant none. For checks that a platform's needs are met by the cluster it runs on.
 */
export function grantedTalosApiAccess(documents: readonly TalosDocument[]): TalosApiAccess | undefined {
  for (const doc of documents) {
    if (doc.kind === 'KubeTalosAPIAccessConfig' && doc.$patch !== 'delete') {
      return { allowedRoles: stringList(doc.allowedRoles), allowedKubernetesNamespaces: stringList(doc.allowedKubernetesNamespaces) };
    }
    const features = ((doc.machine as Record<string, unknown> | undefined)?.features as Record<string, unknown> | undefined);
    const feature = features?.kubernetesTalosAPIAccess as Record<string, unknown> | undefined;
    if (doc.kind === undefined && feature?.enabled === true) {
      return { allowedRoles: stringList(feature.allowedRoles), allowedKubernetesNamespaces: stringList(feature.allowedKubernetesNamespaces) };
    }
  }
  return undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A control plane and the Talos API access its configuration grants. */
export interface ControlPlaneAccess {
  /** The node's hostname. */
  readonly hostname: string;
  /** What it grants, or undefined for nothing. */
  readonly access: TalosApiAccess | undefined;
}

/**
 * Problems when the control planes do not grant a workload what it needs: every control plane must allow `role` for
 * `namespace` (the Talos ServiceAccount is answered by whichever control plane runs the controller). One problem per
 * kind of gap, naming the nodes and the fix (`needs.fix`, or the Talos settings to change).
 * @param path where the workload was declared, for messages (`etcdBackups`)
 */
export function missingTalosApiAccessProblems(
  controlPlanes: readonly ControlPlaneAccess[], needs: { readonly role: string; readonly namespace: string; readonly fix?: string }, path: string,
): Problem[] {
  if (controlPlanes.length === 0) {
    return [{ path, message: 'needs Talos API access, and the cluster has no control plane to grant it: add a control plane' }];
  }
  const fix = needs.fix ?? 'grant it on the cluster\'s control planes (machine.features.kubernetesTalosAPIAccess up to Talos 1.13, KubeTalosAPIAccessConfig from 1.14) for exactly that namespace and role';
  const gaps = new Map<string, string[]>();
  for (const cp of controlPlanes) {
    const grantsNamespace = cp.access?.allowedKubernetesNamespaces.includes(needs.namespace) ?? false;
    const grantsRole = cp.access?.allowedRoles.includes(needs.role) ?? false;
    if (grantsNamespace && grantsRole) continue;
    const missing = [
      ...(grantsRole ? [] : [`role ${q(needs.role)}`]),
      ...(grantsNamespace ? [] : [`namespace ${q(needs.namespace)}`]),
    ].join(' and ');
    gaps.set(missing, [...(gaps.get(missing) ?? []), cp.hostname]);
  }
  return [...gaps].map(([missing, hostnames]) => ({
    path,
    message: `needs Talos API access with role ${q(needs.role)} from namespace ${q(needs.namespace)}, but ${hostnames.length === 1 ? 'control plane' : 'control planes'} ${hostnames.map(q).join(', ')} ${hostnames.length === 1 ? 'does' : 'do'} not grant ${missing}, so Talos never issues the job its credentials: ${fix}`,
  }));
}
