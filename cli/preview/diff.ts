/**
 * What a change to the declarations does to the clusters, from two synthesized apps (base and head): per stack and
 * per node, the changes in the rendered Talos configuration, the VMs, the image schematics, the Helm releases and any
 * other resource, with the consequences flagged: a replaced VM, a reboot, a Talos upgrade. Pure: JSON in, report out.
 *
 * The rules, and where they come from:
 * - Reboot (Talos): `talosctl apply-config --mode auto` applies a change without a reboot only when everything that
 *   changed in the v1alpha1 document lies under the paths Talos' `CanApplyImmediate` allows (TALOS_IMMEDIATE below,
 *   from siderolabs/talos v1.13 `internal/app/machined/pkg/runtime/v1alpha1/v1alpha1_runtime.go`); any other v1alpha1
 *   path needs a reboot. Typed documents (LinkConfig, HostnameConfig, ...) are not part of that check: they apply
 *   immediately. Sysctls and kernel modules are in the immediate list (a removed module stays loaded until a reboot).
 * - Upgrade (Talos): `machine.install` is accepted immediately but only used when Talos installs or upgrades, so a new
 *   installer image, extension or kernel argument, a new schematic or a new `talos_version` does nothing to a running
 *   node until `talosctl upgrade --image <installer> --preserve` (the stable provider v0.11 cannot upgrade a node).
 *   A new `kubernetes_version` needs `talosctl upgrade-k8s --to <version>`. On the provider's 0.12 line the node's
 *   `talos_machine` upgrades it from its `image` and `talos_cluster` upgrades Kubernetes, in the rolling order.
 * - Upgrades of a cluster: each cluster's version facts (in the stack's JSON comment, `versionFactsOf`) of both sides
 *   give the change (`upgradeBetween`), checked by `upgradeProblems` and ordered by `planUpgrade` (control planes one at
 *   a time, workers in batches, Kubernetes last); on the 0.11 line with the `talosctl` commands of that order.
 * - Replace (Proxmox VM): the attributes bpg/proxmox v0.111 marks ForceNew (VM_FORCE_NEW), including a ForceNew
 *   attribute whose value comes from a resource that changes (a new image file behind `disk.file_id`).
 * - Reboot (Proxmox VM): the attributes whose update sets `rebootRequired` in the provider's `vmUpdate`
 *   (VM_REBOOT); the provider reboots the VM itself unless `reboot_after_update = false`.
 */
import { parseAllDocuments } from 'yaml';
import {
  ClusterVersionFacts, describeUpgradePlan, formatProblem, planUpgrade, talosctlCommands, TalosProviderLine, upgradeBetween,
  upgradeProblems, versionFactsOf,
} from '../../constructs/machine-config';
import { ChangeKind, deepEqual, diffValues, isObject, joinItem, mergeAll, show, startsWith, ValueChange } from './values';

/** One synthesized stack (`cdk.tf.json`). */
export type StackJson = Record<string, any>;
/** A synthesized app: stack name -> JSON. */
export type SynthOutput = ReadonlyMap<string, StackJson>;

/** What a change implies beyond a plain apply. */
export type FlagKind = 'replace' | 'reboot' | 'upgrade' | 'note';

export interface Flag {
  readonly kind: FlagKind;
  readonly message: string;
}

/** The changes of one resource (or of one aspect of a node). */
export interface Section {
  /** What this is: `Talos configuration`, `VM`, `Talos apply`, `image schematic`, `Helm release`, `resource`. */
  readonly title: string;
  /** The Terraform address. */
  readonly address: string;
  readonly kind: ChangeKind;
  readonly changes: readonly ValueChange[];
  readonly flags: readonly Flag[];
}

export interface NodeReport {
  /** The node's hostname (or its resources' name when no hostname is known). */
  readonly name: string;
  readonly kind: ChangeKind;
  readonly sections: readonly Section[];
  /** Every flag of the node, its sections' included. */
  readonly flags: readonly Flag[];
}

/** A cluster's upgrade between the two sides: its problems, or the order it goes in. */
export interface UpgradeReport {
  /** The cluster's name. */
  readonly cluster: string;
  /** The provider line that carries it out (the head's). */
  readonly providerLine: TalosProviderLine;
  /** Skew and order problems, each with the path to take; when there are any, there is no plan. */
  readonly problems: readonly string[];
  /** The order, as `describeUpgradePlan` writes it. */
  readonly plan: readonly string[];
  /** The `talosctl` commands of that order (the 0.11 line, which cannot upgrade nodes). */
  readonly commands: readonly string[];
  /** What else to know. */
  readonly notes: readonly string[];
}

export interface StackReport {
  readonly name: string;
  readonly kind: ChangeKind;
  /** The upgrades of the stack's clusters, in the order their facts are recorded. */
  readonly upgrades: readonly UpgradeReport[];
  readonly nodes: readonly NodeReport[];
  /** Schematics, Helm releases and every other resource that is not part of a node. */
  readonly resources: readonly Section[];
  /** Changes to outputs, providers and the backend. */
  readonly settings: readonly ValueChange[];
}

export interface PreviewReport {
  /** Stacks that changed, were added or removed, by name. */
  readonly stacks: readonly StackReport[];
  /** Stacks present on both sides with no change. */
  readonly unchanged: readonly string[];
}

/** v1alpha1 paths Talos applies without a reboot (`CanApplyImmediate`, siderolabs/talos v1.13). */
export const TALOS_IMMEDIATE: ReadonlyArray<readonly string[]> = [
  'debug', 'cluster', 'machine.ca', 'machine.acceptedCAs', 'machine.time', 'machine.certSANs', 'machine.install',
  'machine.network', 'machine.sysfs', 'machine.sysctls', 'machine.logging', 'machine.controlplane', 'machine.kubelet',
  'machine.kernel', 'machine.registries', 'machine.pods', 'machine.seccompProfiles', 'machine.nodeAnnotations',
  'machine.nodeLabels', 'machine.nodeTaints', 'machine.features.kubernetesTalosAPIAccess', 'machine.features.kubePrism',
  'machine.features.hostDNS', 'machine.features.imageCache', 'machine.features.nodeAddressSortAlgorithm',
].map((p) => p.split('.'));

/** `proxmox_virtual_environment_vm` attributes that force a new VM (bpg/proxmox v0.111.1; disk paths per disk). */
export const VM_FORCE_NEW: ReadonlyArray<readonly string[]> = [
  'vm_id', 'amd_sev', 'clone', 'initialization.*.user_data_file_id', 'initialization.*.vendor_data_file_id',
  'initialization.*.network_data_file_id', 'initialization.*.meta_data_file_id', 'initialization.*.type',
  'disk.*.file_id', 'tpm_state.*.version', 'efi_disk.*.type',
].map((p) => p.split('.'));

/** `proxmox_virtual_environment_vm` attributes whose update needs a reboot (bpg/proxmox v0.111.1 `vmUpdate`). */
export const VM_REBOOT: readonly string[] = [
  'acpi', 'agent', 'amd_sev', 'audio_device', 'bios', 'boot_order', 'cpu', 'efi_disk', 'hostpci', 'initialization',
  'keyboard_layout', 'kvm_arguments', 'machine', 'memory', 'numa', 'operating_system', 'rng', 'scsi_hardware',
  'serial_device', 'tablet_device', 'tpm_state', 'usb', 'vga', 'virtiofs', 'watchdog',
];

const VM = 'proxmox_virtual_environment_vm';
const CONFIG = 'data.talos_machine_configuration';
const APPLY = 'talos_machine_configuration_apply';
/** The node's apply on the provider's 0.12 line, which also upgrades Talos. */
const MACHINE = 'talos_machine';
const SCHEMATIC = 'talos_image_factory_schematic';
const HELM = 'helm_release';

interface Resource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** The resources and data sources of a stack by address, without cdktf's metadata. */
function resourcesOf(stack: StackJson | undefined): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const [mode, prefix] of [['resource', ''], ['data', 'data.']] as const) {
    for (const [type, byName] of Object.entries<Record<string, any>>(stack?.[mode] ?? {})) {
      for (const [name, body] of Object.entries<Record<string, unknown>>(byName)) {
        const { '//': _metadata, ...rest } = body;
        out.set(`${prefix}${type}.${name}`, { address: `${prefix}${type}.${name}`, type: `${prefix}${type}`, name, body: rest });
      }
    }
  }
  return out;
}

const ADDRESS = /(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+/g;

/** The addresses (of `known`) a value refers to through `${...}` expressions. */
function referencesOf(value: unknown, known: ReadonlyMap<string, unknown>): Set<string> {
  const out = new Set<string>();
  const text = JSON.stringify(value) ?? '';
  for (const expr of text.matchAll(/\$\{([^}]*)\}/g)) {
    for (const m of expr[1].matchAll(ADDRESS)) if (known.has(m[0])) out.add(m[0]);
  }
  return out;
}

/** Every address reachable from `start` through references. */
function closure(start: Iterable<string>, graph: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    const a = todo.pop()!;
    for (const b of graph.get(a) ?? []) if (!seen.has(b)) { seen.add(b); todo.push(b); }
  }
  return seen;
}

/** The Talos documents of a machine configuration's patches: `v1alpha1` (all partial configs merged) and typed ones by kind and name. */
export function talosDocuments(patches: unknown): Map<string, unknown> {
  const v1alpha1: unknown[] = [];
  const typed = new Map<string, unknown>();
  for (const patch of Array.isArray(patches) ? patches : []) {
    if (typeof patch !== 'string') continue;
    for (const doc of parseAllDocuments(patch)) {
      const value = doc.toJSON() as unknown;
      if (!isObject(value)) continue;
      if (typeof value.kind === 'string') {
        const id = typeof value.name === 'string' ? joinItem(value.kind, value.name) : value.kind;
        typed.set(id, value);
      } else {
        v1alpha1.push(value);
      }
    }
  }
  const out = new Map<string, unknown>();
  if (v1alpha1.length > 0) out.set('v1alpha1', mergeAll(v1alpha1));
  for (const [id, doc] of [...typed].sort(([a], [b]) => a.localeCompare(b))) out.set(id, doc);
  return out;
}

/** The hostname a machine configuration sets, if any. */
function hostnameOf(config: Resource | undefined): string | undefined {
  if (config === undefined) return undefined;
  const docs = talosDocuments(config.body.config_patches);
  const typed = docs.get('HostnameConfig');
  if (isObject(typed) && typeof typed.hostname === 'string') return typed.hostname;
  const legacy = docs.get('v1alpha1') as any;
  const name = legacy?.machine?.network?.hostname;
  return typeof name === 'string' ? name : undefined;
}

/** The diff of two machine configurations: their settings, then each document by path. */
function diffTalosConfig(before: Resource | undefined, after: Resource | undefined): ValueChange[] {
  const settings = (r: Resource | undefined): Record<string, unknown> | undefined => {
    if (r === undefined) return undefined;
    const { config_patches: _patches, machine_secrets: _secrets, ...rest } = r.body;
    return rest;
  };
  const changes = diffValues(settings(before), settings(after));
  const b = before === undefined ? new Map<string, unknown>() : talosDocuments(before.body.config_patches);
  const a = after === undefined ? new Map<string, unknown>() : talosDocuments(after.body.config_patches);
  for (const id of [...new Set([...b.keys(), ...a.keys()])]) {
    if (id === 'v1alpha1') changes.push(...diffValues(b.get(id), a.get(id)));
    else changes.push(...diffValues(b.get(id), a.get(id), id, [id]));
  }
  return changes;
}

/** `rolls`: the node is a `talos_machine` (the provider's 0.12 line), which upgrades and reboots it in the rolling order. */
function talosFlags(changes: readonly ValueChange[], applyMode: unknown, kind: ChangeKind, rolls: boolean): Flag[] {
  if (kind !== 'changed') return [];
  const flags: Flag[] = [];
  const at = (path: string): ValueChange | undefined => changes.find((c) => c.path === path);
  const talos = at('talos_version');
  if (talos !== undefined) {
    flags.push({
      kind: 'upgrade',
      message: rolls
        ? `talos_version ${show(talos.before)} -> ${show(talos.after)}: talos_machine upgrades the node to the new installer (pull, install, drain, reboot, uncordon) in the rolling order, then applies the configuration`
        : `talos_version ${show(talos.before)} -> ${show(talos.after)}: applying the configuration does not upgrade the node; run \`talosctl upgrade --image <installer for ${String(talos.after)}> --preserve\` (the stable Talos provider v0.11 cannot upgrade)`,
    });
  }
  const image = changes.find((c) => startsWith(c.segments, ['machine', 'install', 'image']) || startsWith(c.segments, ['UnattendedInstallConfig', 'installer', 'image']));
  if (image !== undefined && talos === undefined) {
    flags.push({
      kind: 'upgrade',
      message: rolls
        ? `installer image ${show(image.before)} -> ${show(image.after)}: talos_machine upgrades the node to it in the rolling order`
        : `installer image ${show(image.before)} -> ${show(image.after)}: a running node keeps its Talos until \`talosctl upgrade --image ${typeof image.after === 'string' ? image.after : '<installer>'} --preserve\` (the stable Talos provider v0.11 cannot upgrade)`,
    });
  }
  const onUpgrade = changes.filter((c) => ['extensions', 'extraKernelArgs'].some((k) => startsWith(c.segments, ['machine', 'install', k])));
  if (onUpgrade.length > 0) {
    flags.push({ kind: 'upgrade', message: `${unique(onUpgrade.map((c) => c.path)).join(', ')} take effect only at the next ${rolls ? 'upgrade of the node' : '`talosctl upgrade`'}` });
  }
  const installOnly = changes.filter((c) => ['disk', 'diskSelector', 'wipe', 'legacyBIOSSupport'].some((k) => startsWith(c.segments, ['machine', 'install', k]))
    || startsWith(c.segments, ['UnattendedInstallConfig', 'provisioning']));
  if (installOnly.length > 0) {
    flags.push({ kind: 'note', message: `${unique(installOnly.map((c) => c.path)).join(', ')} is only used when Talos installs: an installed node is not moved (reset and reinstall to do that)` });
  }
  const k8s = at('kubernetes_version');
  if (k8s !== undefined) {
    flags.push({
      kind: 'upgrade',
      message: rolls
        ? `kubernetes_version ${show(k8s.before)} -> ${show(k8s.after)}: talos_cluster upgrades Kubernetes (upgrade-k8s) once every node is done`
        : `kubernetes_version ${show(k8s.before)} -> ${show(k8s.after)}: run \`talosctl upgrade-k8s --to ${String(k8s.after)}\` against a control-plane node`,
    });
  }
  if (at('machine_type') !== undefined) {
    flags.push({ kind: 'note', message: 'machine_type changes: a node changes role only by a reset and a fresh install' });
  }
  const documentSettings = new Set(['talos_version', 'kubernetes_version', 'machine_type', 'cluster_name', 'cluster_endpoint', 'docs', 'examples']);
  const needReboot = changes.filter((c) => c.segments.length > 0 && !documentSettings.has(c.segments[0]) && !/^[A-Z]/.test(c.segments[0])
    && !TALOS_IMMEDIATE.some((p) => startsWith(c.segments, p)));
  if (needReboot.length > 0) {
    const how = rolls
      ? 'talos_machine applies it in auto mode: the node reboots in the rolling order'
      : applyMode === 'no_reboot'
        ? 'apply_mode no_reboot: the apply will fail; use auto or staged'
        : applyMode === 'staged' ? 'apply_mode staged: it takes effect at the next reboot' : `apply_mode ${String(applyMode ?? 'auto')} reboots the node`;
    flags.push({ kind: 'reboot', message: `${unique(needReboot.map((c) => topPath(c.segments))).join(', ')} cannot be applied without a reboot (${how})` });
  }
  const removedModules = changes.filter((c) => c.kind === 'removed' && startsWith(c.segments, ['machine', 'kernel', 'modules']) && c.segments.length === 4);
  if (removedModules.length > 0) {
    flags.push({ kind: 'note', message: `removed kernel module${removedModules.length > 1 ? 's' : ''} ${removedModules.map((c) => c.segments[3]).join(', ')} ${removedModules.length > 1 ? 'stay' : 'stays'} loaded until the next reboot` });
  }
  return flags;
}

/** `machine.files` from `machine.files[0].content`: the v1alpha1 section a change belongs to. */
function topPath(segments: readonly string[]): string {
  const depth = segments[0] === 'machine' && segments[1] === 'features' ? 3 : 2;
  return segments.slice(0, depth).join('.');
}

const FLAG_ORDER: readonly FlagKind[] = ['replace', 'reboot', 'upgrade', 'note'];

/** Flags by weight: replacements first, notes last (stable within a kind). */
export function sortFlags(flags: readonly Flag[]): Flag[] {
  return [...flags].sort((a, b) => FLAG_ORDER.indexOf(a.kind) - FLAG_ORDER.indexOf(b.kind));
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Matches a change path against a pattern where `*` is any one segment (a disk's interface, a block's index). */
function matches(segments: readonly string[], pattern: readonly string[]): boolean {
  return pattern.length <= segments.length && pattern.every((p, i) => p === '*' || p === segments[i]);
}

function vmFlags(before: Resource | undefined, after: Resource | undefined, changes: readonly ValueChange[], changedElsewhere: ReadonlySet<string>, graph: ReadonlyMap<string, ReadonlySet<string>>, known: ReadonlyMap<string, unknown>): Flag[] {
  if (before === undefined || after === undefined) return [];
  const flags: Flag[] = [];
  const forceNew = changes.filter((c) => VM_FORCE_NEW.some((p) => matches(c.segments, p))
    && !(c.segments[0] === 'node_name'));
  const nodeName = changes.find((c) => c.segments[0] === 'node_name');
  if (nodeName !== undefined) {
    if (after.body.migrate === true) flags.push({ kind: 'reboot', message: `node_name ${show(nodeName.before)} -> ${show(nodeName.after)}: the VM migrates (migrate = true)` });
    else forceNew.push(nodeName);
  }
  if (forceNew.length > 0) {
    flags.push({ kind: 'replace', message: `replaces the VM and its disks: ${unique(forceNew.map((c) => c.path)).join(', ')} cannot change in place` });
  }
  // A ForceNew attribute set from another resource that changes: the new value is only known at apply, but it differs.
  const derived: string[] = [];
  for (const [path, value] of forceNewValues(after.body)) {
    const refs = referencesOf(value, known);
    const reach = closure(refs, graph);
    for (const r of refs) reach.add(r);
    const changed = [...reach].filter((a) => changedElsewhere.has(a));
    if (changed.length > 0 && !forceNew.some((c) => c.path === path)) derived.push(`${path} comes from ${changed.join(', ')}, which changes`);
  }
  if (derived.length > 0) flags.push({ kind: 'replace', message: `likely replaces the VM and its disks: ${derived.join('; ')}` });
  const importFrom = changes.filter((c) => matches(c.segments, ['disk', '*', 'import_from']));
  if (importFrom.length > 0) {
    flags.push({ kind: 'note', message: `${importFrom.map((c) => c.path).join(', ')} is only used when the VM is created: the existing disk is kept (replace the VM to re-import)` });
  }
  const shrunk = changes.filter((c) => matches(c.segments, ['disk', '*', 'size']) && typeof c.before === 'number' && typeof c.after === 'number' && c.after < c.before);
  if (shrunk.length > 0) flags.push({ kind: 'note', message: `${shrunk.map((c) => `${c.path} ${show(c.before)} -> ${show(c.after)}`).join(', ')}: disks can only grow, the apply will fail` });
  const reboot = changes.filter((c) => VM_REBOOT.includes(c.segments[0]) || matches(c.segments, ['disk', '*', 'datastore_id']));
  if (reboot.length > 0 && forceNew.length === 0) {
    const how = after.body.reboot_after_update === false ? 'reboot_after_update = false: reboot it yourself' : 'the provider reboots it';
    const parts = unique(reboot.map((c) => c.segments[0] === 'disk' ? c.path : c.segments[0]));
    flags.push({ kind: 'reboot', message: `${parts.join(', ')} ${parts.length === 1 ? 'needs' : 'need'} the VM to restart (${how})` });
  }
  return flags;
}

/** The VM's ForceNew attribute values that are references, with their readable paths. */
function forceNewValues(body: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const walk = (value: unknown, path: string, segments: string[]): void => {
    if (VM_FORCE_NEW.some((p) => matches(segments, p) && p.length === segments.length) || (segments.length === 1 && segments[0] === 'node_name')) {
      if (typeof value === 'string' && value.includes('${')) out.push([path, value]);
      return;
    }
    if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`, [...segments, k]);
    else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const id = isObject(v) && typeof v.interface === 'string' ? v.interface : String(i);
        walk(v, isObject(v) && typeof v.interface === 'string' ? joinItem(path, id) : `${path}[${i}]`, [...segments, id]);
      });
    }
  };
  walk(body, '', []);
  return out;
}

/** The merged Helm values (the `values` YAML documents in order) and `set` entries of a release. */
function helmView(r: Resource | undefined): Record<string, unknown> | undefined {
  if (r === undefined) return undefined;
  const { values, set, set_sensitive: setSensitive, set_list: setList, ...rest } = r.body;
  const parsed = (Array.isArray(values) ? values : []).flatMap((v) => typeof v === 'string' ? parseAllDocuments(v).map((d) => d.toJSON() as unknown) : [v]);
  const entries = (list: unknown, sensitive: boolean): Record<string, unknown> => Object.fromEntries((Array.isArray(list) ? list : [])
    .filter(isObject).map((e) => [String(e.name), sensitive ? '(sensitive)' : e.value]));
  return {
    ...rest,
    ...(parsed.length > 0 ? { values: mergeAll(parsed) } : {}),
    ...(set !== undefined ? { set: entries(set, false) } : {}),
    ...(setSensitive !== undefined ? { set_sensitive: entries(setSensitive, true) } : {}),
    ...(setList !== undefined ? { set_list: entries(setList, false) } : {}),
  };
}

function schematicView(r: Resource | undefined): Record<string, unknown> | undefined {
  if (r === undefined) return undefined;
  const { schematic, ...rest } = r.body;
  return { ...rest, schematic: typeof schematic === 'string' ? mergeAll(parseAllDocuments(schematic).map((d) => d.toJSON() as unknown)) : schematic };
}

function kindOf(before: unknown, after: unknown): ChangeKind {
  return before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
}

/** The report of one stack; `undefined` when nothing changed. */
export function diffStack(name: string, base: StackJson | undefined, head: StackJson | undefined): StackReport | undefined {
  const b = resourcesOf(base);
  const a = resourcesOf(head);
  const addresses = [...new Set([...b.keys(), ...a.keys()])].sort();
  const changed = new Set(addresses.filter((x) => !deepEqual(b.get(x)?.body, a.get(x)?.body)));
  const graph = new Map([...a.values()].map((r) => [r.address, referencesOf(r.body, a)]));
  const claimed = new Set<string>();
  const schematicUsers = new Map<string, string[]>();

  // Nodes: a machine configuration, its apply and its VM share a name (`<cluster>_<hostname>`) or the hostname.
  const configs = addresses.filter((x) => x.startsWith(`${CONFIG}.`));
  const nodes: NodeReport[] = [];
  const vmAddresses = addresses.filter((x) => x.startsWith(`${VM}.`));
  const vmName = (x: string): string | undefined => {
    const n = (a.get(x) ?? b.get(x))?.body.name;
    return typeof n === 'string' ? n : undefined;
  };
  const nodeKeys: Array<{ key: string; hostname: string; config?: string; apply?: string; vm?: string }> = configs.map((config) => {
    const key = config.slice(CONFIG.length + 1);
    const hostname = hostnameOf(a.get(config)) ?? hostnameOf(b.get(config)) ?? key;
    const apply = [`${MACHINE}.${key}`, `${APPLY}.${key}`].find((x) => a.has(x)) ?? [`${MACHINE}.${key}`, `${APPLY}.${key}`].find((x) => b.has(x));
    return { key, hostname, config, apply };
  });
  for (const vm of vmAddresses) {
    const key = vm.slice(VM.length + 1);
    const name = vmName(vm);
    const node = nodeKeys.find((n) => n.vm === undefined && (n.key === key || n.hostname === name || n.hostname === key || key.endsWith(`_${n.hostname}`)));
    if (node !== undefined) node.vm = vm;
    else nodeKeys.push({ key, hostname: name ?? key, vm });
  }
  const hostnames = nodeKeys.map((n) => n.hostname);
  const appliesTo = (x: string | undefined): boolean => x !== undefined && changed.has(x);
  const schematics = addresses.filter((x) => x.startsWith(`${SCHEMATIC}.`) && changed.has(x) && b.has(x) && a.has(x));

  for (const n of nodeKeys) {
    for (const x of [n.config, n.apply, n.vm]) if (x !== undefined) claimed.add(x);
    const name = hostnames.filter((h) => h === n.hostname).length > 1 ? n.key : n.hostname;
    const sections: Section[] = [];
    const applyMode = n.apply !== undefined ? (a.get(n.apply) ?? b.get(n.apply))?.body.apply_mode : undefined;
    const rolls = n.apply !== undefined && n.apply.startsWith(`${MACHINE}.`) && a.has(n.apply);
    if (appliesTo(n.config)) {
      const before = b.get(n.config!);
      const after = a.get(n.config!);
      const kind = kindOf(before, after);
      const changes = diffTalosConfig(before, after);
      sections.push({ title: 'Talos configuration', address: n.config!, kind, changes: kind === 'changed' ? changes : [], flags: talosFlags(changes, applyMode, kind, rolls) });
    }
    // The apply of both lines, when the node keeps its type of apply (a move between lines shows both).
    for (const apply of unique([n.apply, ...[`${MACHINE}.${n.key}`, `${APPLY}.${n.key}`].filter((x) => x !== n.apply && (a.has(x) || b.has(x)))])) {
      if (!appliesTo(apply)) continue;
      claimed.add(apply!);
      const before = b.get(apply!);
      const after = a.get(apply!);
      const kind = kindOf(before, after);
      sections.push({ title: 'Talos apply', address: apply!, kind, changes: kind === 'changed' ? diffValues(before?.body, after?.body) : [], flags: [] });
    }
    if (appliesTo(n.vm)) {
      const before = b.get(n.vm!);
      const after = a.get(n.vm!);
      const kind = kindOf(before, after);
      const changes = kind === 'changed' ? diffValues(before?.body, after?.body) : [];
      const elsewhere = new Set([...changed].filter((x) => x !== n.vm));
      sections.push({ title: 'VM', address: n.vm!, kind, changes, flags: vmFlags(before, after, changes, elsewhere, graph, a) });
    } else if (n.vm !== undefined && a.has(n.vm) && b.has(n.vm)) {
      // The VM's own attributes are unchanged, but a ForceNew attribute may come from something that changed.
      const flags = vmFlags(b.get(n.vm), a.get(n.vm), [], changed, graph, a);
      if (flags.length > 0) sections.push({ title: 'VM', address: n.vm, kind: 'changed', changes: [], flags });
    }
    // A schematic the node's configuration or VM is built from.
    const own = [n.config, n.apply, n.vm].filter((x): x is string => x !== undefined && a.has(x));
    const reach = closure(own, graph);
    const usedSchematics = schematics.filter((s) => reach.has(s));
    for (const s of usedSchematics) schematicUsers.set(s, [...(schematicUsers.get(s) ?? []), name]);
    const schematicFlags: Flag[] = usedSchematics.map((s) => ({
      kind: 'upgrade' as const,
      message: `its image schematic ${s} changes: the new extensions and kernel arguments arrive only with \`talosctl upgrade --image <new installer> --preserve\``,
    }));
    if (sections.length === 0 && schematicFlags.length === 0) continue;
    const present = (m: Map<string, Resource>): boolean => [n.config, n.vm].some((x) => x !== undefined && m.has(x));
    const kind = kindOf(present(b) ? true : undefined, present(a) ? true : undefined);
    const flags = sortFlags([...sections.flatMap((s) => s.flags), ...schematicFlags]);
    nodes.push({ name, kind, sections, flags });
  }
  nodes.sort((x, y) => x.name.localeCompare(y.name));

  // Everything else, by address.
  const resources: Section[] = [];
  for (const x of addresses) {
    if (claimed.has(x) || !changed.has(x)) continue;
    const before = b.get(x);
    const after = a.get(x);
    const kind = kindOf(before, after);
    const type = (after ?? before)!.type;
    const view = type === HELM ? helmView : type === SCHEMATIC ? schematicView : (r: Resource | undefined) => r?.body;
    const title = type === HELM ? 'Helm release' : type === SCHEMATIC ? 'image schematic' : 'resource';
    const changes = kind === 'changed' ? diffValues(view(before), view(after)) : [];
    const flags: Flag[] = [];
    if (type === HELM) {
      const version = changes.find((c) => c.path === 'version');
      if (version !== undefined) flags.push({ kind: 'note', message: `chart version ${show(version.before)} -> ${show(version.after)}: read the chart's upgrade notes` });
    }
    if (type === SCHEMATIC && kind === 'changed') {
      const users = (schematicUsers.get(x) ?? []).sort();
      flags.push({ kind: 'upgrade', message: `a new schematic id: ${users.length > 0 ? `nodes ${users.join(', ')} need` : 'nodes built from it need'} \`talosctl upgrade\` to the new installer; VMs whose disk image comes from it are replaced` });
    }
    resources.push({ title, address: x, kind, changes, flags });
  }

  const settingsOf = (s: StackJson | undefined): Record<string, unknown> | undefined => s === undefined ? undefined : {
    terraform: s.terraform, provider: s.provider, output: s.output, variable: s.variable, locals: s.locals,
  };
  const settings = base !== undefined && head !== undefined ? diffValues(settingsOf(base), settingsOf(head)) : [];
  if (base !== undefined && head !== undefined && nodes.length === 0 && resources.length === 0 && settings.length === 0) return undefined;
  const reboots = new Set(nodes.filter((n) => n.flags.some((f) => f.kind === 'reboot')).map((n) => n.name));
  return { name, kind: kindOf(base, head), upgrades: upgradeReports(base, head, reboots), nodes, resources, settings };
}

/**
 * The upgrade of every cluster recorded on both sides whose versions, installers or rebooting configuration change.
 * @param reboots hostnames of nodes whose configuration change needs a reboot
 */
export function upgradeReports(base: StackJson | undefined, head: StackJson | undefined, reboots: ReadonlySet<string> = new Set()): UpgradeReport[] {
  const before = versionFactsOf(base);
  const reports: UpgradeReport[] = [];
  for (const [name, facts] of versionFactsOf(head)) {
    const previous = before.get(name);
    if (previous === undefined) continue;
    const report = upgradeReport(previous, facts, reboots);
    if (report !== undefined) reports.push(report);
  }
  return reports;
}

function upgradeReport(base: ClusterVersionFacts, head: ClusterVersionFacts, reboots: ReadonlySet<string>): UpgradeReport | undefined {
  const line = head.provider_line;
  const u = upgradeBetween(base, head, reboots);
  const moves = base.provider_line !== line;
  if (u === undefined && !moves) return undefined;
  const notes: string[] = [];
  const problems: string[] = [];
  if (moves) {
    notes.push(`moves from the ${base.provider_line} to the ${line} provider line: ${line === '0.12' ? 'deploy it with migrateFrom011: true and no version change, then remove migrateFrom011 (README, "Moving a cluster from the 0.11 line")' : 'the 0.12 resources are forgotten only with removed blocks; moving back is not supported by the library'}`);
    if (u !== undefined && u.nodes.some((n) => n.fromTalosVersion !== n.toTalosVersion || n.fromInstaller !== n.toInstaller)) {
      problems.push(`providerLine changes from '${base.provider_line}' to '${line}' in the same deploy as Talos versions or images: move the cluster to the new line first, with every version as deployed, then upgrade in the next deploy`);
    }
  }
  if (u === undefined) return { cluster: head.cluster_name, providerLine: line, problems, plan: [], commands: [], notes };
  problems.push(...upgradeProblems(u).map(formatProblem));
  if (problems.length > 0) return { cluster: head.cluster_name, providerLine: line, problems, plan: [], commands: [], notes };
  const plan = planUpgrade(u);
  notes.push(...plan.notes);
  const rolling = plan.stages.some((s) => s.waves.length > 0);
  if (line === '0.12' && rolling && !head.health_gates) {
    notes.push('no health gates: each node waits only for itself before the next goes; set upgrades.healthGates once the cluster runs, so each waits for a healthy cluster');
  }
  return {
    cluster: head.cluster_name,
    providerLine: line,
    problems,
    plan: describeUpgradePlan(plan),
    commands: line === '0.11' ? talosctlCommands(plan) : [],
    notes,
  };
}

/** The whole preview: every stack that changed, was added or removed. */
export function diffSynth(base: SynthOutput, head: SynthOutput): PreviewReport {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const stacks: StackReport[] = [];
  const unchanged: string[] = [];
  for (const name of names) {
    const report = diffStack(name, base.get(name), head.get(name));
    if (report === undefined) unchanged.push(name);
    else stacks.push(report);
  }
  return { stacks, unchanged };
}
