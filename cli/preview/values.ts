/**
 * Semantic diff of JSON-like values by path: maps key by key, lists of objects by their identifying field (a disk by
 * its `interface`, a kernel module by its `name`), other lists as whole values. Pure; no cdktf.
 */

/** What happened at one path. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One changed value. */
export interface ValueChange {
  /** Readable path: `machine.sysctls["vm.swappiness"]`, `disk[scsi0].file_id`. */
  readonly path: string;
  /** The raw path segments (keys; list items by their identifying value), for rules that match prefixes. */
  readonly segments: readonly string[];
  readonly kind: ChangeKind;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Fields that identify an object in a list, tried in order; the first that every item has, uniquely, wins. */
const IDENTITY_FIELDS = ['interface', 'name', 'device', 'hostname', 'mac_address', 'network', 'image', 'mountPath', 'key', 'kind'];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SIMPLE_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/;

/** Appends a map key to a readable path: `.key` for identifiers, `["a.b"]` otherwise. */
export function joinKey(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Appends a list item's identity to a readable path: `[scsi0]`, `["a b"]`. */
export function joinItem(path: string, id: string): string {
  return `${path}[${SIMPLE_KEY.test(id) && !/^\d+$/.test(id) ? id : JSON.stringify(id)}]`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** The field that identifies every object of both lists (unique within each), if any. */
function identityField(lists: ReadonlyArray<readonly unknown[]>): string | undefined {
  const all = lists.flat();
  if (all.length === 0 || !all.every(isObject)) return undefined;
  return IDENTITY_FIELDS.find((field) => lists.every((list) => {
    const ids = (list as Array<Record<string, unknown>>).map((o) => o[field]);
    return ids.every((id) => typeof id === 'string' || typeof id === 'number') && new Set(ids).size === ids.length;
  }));
}

/** Every change from `before` to `after`, in a stable order. `undefined` means absent. */
export function diffValues(before: unknown, after: unknown, path = '', segments: readonly string[] = []): ValueChange[] {
  if (deepEqual(before, after)) return [];
  if (before === undefined) return [{ path, segments, kind: 'added', after }];
  if (after === undefined) return [{ path, segments, kind: 'removed', before }];

  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], joinKey(path, k), [...segments, k]));
  }

  if (Array.isArray(before) && Array.isArray(after)) {
    const field = identityField([before, after]);
    if (field !== undefined) {
      const byId = (list: unknown[]): Map<string, unknown> => new Map(list.map((o) => [String((o as Record<string, unknown>)[field]), o]));
      const b = byId(before);
      const a = byId(after);
      const ids = [...new Set([...b.keys(), ...a.keys()])];
      return ids.flatMap((id) => diffValues(b.get(id), a.get(id), joinItem(path, id), [...segments, id]));
    }
    if (before.length === after.length && before.every(isObject) && after.every(isObject)) {
      return before.flatMap((item, i) => diffValues(item, after[i], `${path}[${i}]`, [...segments, String(i)]));
    }
  }
  return [{ path, segments, kind: 'changed', before, after }];
}

/** Deep merge in order (objects key by key, later wins; lists appended), like successive strategic-merge patches. */
export function mergeAll(values: readonly unknown[]): unknown {
  return values.reduce((acc: unknown, v) => merge(acc, v), undefined);
}

function merge(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (isObject(a) && isObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return b;
}

/** True when `segments` starts with `prefix`. */
export function startsWith(segments: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((p, i) => segments[i] === p);
}

/** A value as one line: strings quoted, objects as compact JSON, long values shortened. */
export function show(value: unknown, max = 120): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
