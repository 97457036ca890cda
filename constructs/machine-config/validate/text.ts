/**
 * Text that reaches YAML or Terraform: every string of a declaration, and every key of its maps, must be free of line
 * breaks and other control characters. The YAML and JSON writers would escape them, but the value would still not be
 * what it looks like: a kernel argument with a newline splits the command line, a mirror host with a tab names no
 * registry, a label value with a NUL is rejected by the API server long after the apply began.
 *
 * Free-form content is left alone: raw patches (YAML text), extra documents, the kubelet's `extraConfig` and the audit
 * policy may carry multi-line strings on purpose.
 */
import { ClusterDeclaration } from '../model';
import { hasControlCharacter } from '../problems';
import { q, Collector } from './collector';

/** Fields whose values are free-form documents, by name, at any depth of the settings. */
const FREE_FORM = new Set(['patches', 'extraDocuments', 'extraConfig', 'policy']);

function escapedKey(key: string): string {
  return q(key).slice(1, -1);
}

/** Reports every string and map key under `value` that holds a control character, at its path. */
function walk(c: Collector, path: string, value: unknown, seen: Set<unknown>, skip?: (key: string, v: unknown) => boolean): void {
  if (typeof value === 'string') {
    if (hasControlCharacter(value)) c.controlCharacter(path, `${q(value)} contains a line break or another control character, which would be written into the node's YAML or the Terraform configuration as it is: remove it`);
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(c, `${path}[${i}]`, v, seen));
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (FREE_FORM.has(key) || skip?.(key, v)) continue;
    const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);
    const at = identifier && !isRecordContainer(path) ? `${path}.${key}` : `${path}['${escapedKey(key)}']`;
    if (hasControlCharacter(key)) {
      c.controlCharacter(at, `key ${q(key)} contains a line break or another control character, which would be written into the node's YAML as it is: remove it`);
    }
    walk(c, at, v, seen);
  }
}

/** Maps keyed by user data (hosts, label keys, sysctl names, flags): their entries print as `['key']`. */
const RECORDS = ['registryMirrors', 'sysctls', 'nodeLabels', 'nodeTaints', 'registerWithTaints', 'extraArgs', 'labels'];

function isRecordContainer(path: string): boolean {
  return RECORDS.some((r) => path.endsWith(`.${r}`));
}

/** Control characters anywhere in the declaration's text (see the module comment for what is left alone). */
export function validateText(c: Collector, decl: ClusterDeclaration): void {
  const seen = new Set<unknown>();
  for (const key of ['clusterName', 'endpoint', 'talosVersion', 'kubernetesVersion', 'vip'] as const) walk(c, key, decl[key], seen);
  walk(c, 'network', decl.network, seen);
  walk(c, 'kubernetes', decl.kubernetes, seen);
  walk(c, 'nodeDefaults', decl.nodeDefaults, seen);
  walk(c, 'controlPlane', decl.controlPlane, seen);
  walk(c, 'worker', decl.worker, seen);
  walk(c, 'talosconfigEndpoints', decl.talosconfigEndpoints, seen);
  walk(c, 'firstContact', decl.firstContact, seen);
  walk(c, 'proxmox', decl.proxmox, seen);
  for (const node of decl.nodes) {
    const p = node.path;
    walk(c, `${p}.hostname`, node.hostname, seen);
    walk(c, `${p}.address`, node.address, seen);
    walk(c, `${p}.talosVersion`, node.talosVersion, seen);
    walk(c, p, node.settings, seen);
    walk(c, `${p}.board`, node.board, seen);
    walk(c, `${p}.gpu`, node.gpu, seen);
    walk(c, `${p}.firstContact`, node.firstContact, seen);
    if (node.vm) {
      // The cluster's Proxmox defaults are reported once, at `proxmox`.
      walk(c, `${p}.vm`, node.vm, seen, (key, v) => decl.proxmox !== undefined && (decl.proxmox as Record<string, unknown>)[key] === v);
    } else {
      walk(c, node.linksPath ?? `${p}.links`, node.links, seen);
    }
  }
}
