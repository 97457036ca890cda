/**
 * The runtime contract of the public boundary: what each entry point accepts, checked before anything is used.
 *
 * TypeScript checks the types of a TypeScript caller only; a caller writing JavaScript, or reading a declaration from
 * a data file, can pass a string where a number is due, `null` inside a list, `NaN`, a key named `__proto__`. The
 * contract catches all of them with one message each (the field's path, the value as received, the fix), instead of
 * a `TypeError` deep inside the library.
 *
 * The contract is not written by hand: `npm run contract` generates JSON Schemas from the TypeScript types of the
 * entry points (the roots below, and those of the constructs in `constructs/private/contract.ts`) with
 * ts-json-schema-generator, into the committed `contract.schema.json` files; a test regenerates them and fails on any
 * difference, so the types and the contract never drift. Ajv checks values against them (compiled once per process,
 * on first use). The generator adds three things the types say in prose:
 * - every number a type declares as a field (an id, a count, a size, a port, a metric) is a whole number from 0 to
 *   2^53-1; a field's own rule (a VLAN id from 1 to 4094) speaks for it when it has one, so these *range* problems are
 *   reported only where no other rule reports the same field;
 * - an object of a class (`InstallDisk`, `FirstContact`, ...) must be one made by the class's factories;
 * - objects take only the fields their type declares (a misspelt field would be silently ignored).
 * Before the schema, one walk over the value finds what no schema can say: a value that contains itself, nesting
 * deeper than {@link MAX_DEPTH} levels, and `__proto__`, `constructor` or `prototype` used as keys.
 */
import type { ClusterNode, ClusterOptions, NodeDeclarationContext, NodeOptions } from './declaration';
import { FirstContact } from './first-contact';
import type { GpuOptions } from './gpu';
import { Board } from './image';
import { Problem, quote } from './problems';
import { InstallDisk } from './settings';
import { PciPassthrough } from './vm';
import { registerContractClass } from './contract-classes';
import CONTRACT_SCHEMA from './contract.schema.json';
import * as VALIDATOR_MODULE from './contract-validators';

/** The entry points of the core, by the name of the type each takes. The core's contract is generated from these. */
export interface CoreContractRoots {
  /** `declareCluster(options)`. */
  readonly ClusterOptions: ClusterOptions;
  /** `declareCluster(options, nodes)`: each node. */
  readonly ClusterNode: ClusterNode;
  /** `declareNode(cluster, role, options)`. */
  readonly NodeOptions: NodeOptions;
  /** `declareNode(cluster)`. */
  readonly NodeDeclarationContext: NodeDeclarationContext;
  /** `declareNode(cluster, role, options, gpu)`. */
  readonly GpuOptions: GpuOptions;
}

/** How deep a declaration may nest (a Helm values tree is rarely deeper than 10). */
export const MAX_DEPTH = 64;

/** Keys that would reach an object's prototype, or shadow it, when a map is read or merged. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** What one check of a value against its contract found. */
export interface ContractResult {
  /**
   * Problems of type and shape: the value cannot be used. Nothing that reads the value may run (its other rules
   * included).
   */
  readonly problems: Problem[];
  /**
   * Problems of range: a number that is not a whole number from 0 to 2^53-1 where one is due, NaN or Infinity, a value
   * not among a field's choices. The value can be read, and a rule of the field's own, when there is one, speaks for
   * it instead (see {@link withoutShadowedRanges}).
   */
  readonly ranges: Problem[];
}

/** Options of a contract check. */
export interface ContractCheckOptions {
  /** The path of the value in messages, e.g. `nodes['k8s-node2']`; '' for a value at the top. */
  readonly path: string;
  /**
   * True for a value that is a token (resolved by Terraform later): it passes, whatever its type appears to be.
   * @default - nothing is a token
   */
  readonly isUnresolved?: (value: unknown) => boolean;
}

registerContractClass('InstallDisk', (v) => v instanceof InstallDisk);
registerContractClass('FirstContact', (v) => v instanceof FirstContact);
registerContractClass('PciPassthrough', (v) => v instanceof PciPassthrough);
registerContractClass('Board', (v) => v instanceof Board);

registerContractClass('InstallDisk', (v) => v instanceof InstallDisk);
registerContractClass('FirstContact', (v) => v instanceof FirstContact);
registerContractClass('PciPassthrough', (v) => v instanceof PciPassthrough);
registerContractClass('Board', (v) => v instanceof Board);

interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | string[];
  readonly properties?: Record<string, JsonSchema>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: JsonSchema[];
  readonly allOf?: JsonSchema[];
  readonly enum?: unknown[];
  readonly const?: unknown;
  readonly required?: string[];
  readonly instanceOf?: string;
  readonly rangeOf?: string;
}

/** One error of a generated validator (Ajv's error objects). */
interface ValidatorError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
}

/** A generated validator: true when valid, else its errors are in `errors`. */
type Validator = ((value: unknown) => boolean) & { errors?: ValidatorError[] | null };

const DEFINITIONS = (CONTRACT_SCHEMA as { definitions: Record<string, JsonSchema> }).definitions;
const VALIDATORS = VALIDATOR_MODULE as unknown as Record<string, Validator>;

/** Every problem of a value against the contract of the named root type (a type of {@link CoreContractRoots}, or of the constructs' roots). */
export function checkContract(root: string, value: unknown, options: ContractCheckOptions): ContractResult {
  const isUnresolved = options.isUnresolved ?? ((): boolean => false);
  const walked = walk(value, options.path, isUnresolved);
  if (walked.length > 0) return { problems: walked, ranges: [] };
  const validate = VALIDATORS[root];
  if (validate === undefined) throw new Error(`no contract for '${root}': run npm run contract`);
  if (validate(value)) return { problems: [], ranges: [] };
  return translate(root, value, validate.errors ?? [], options.path, isUnresolved);
}

/** One problem per field from the validator's errors, in the order of the fields. */
function translate(root: string, value: unknown, errors: readonly ValidatorError[], base: string, isUnresolved: (v: unknown) => boolean): ContractResult {
  const problems: Problem[] = [];
  const ranges: Problem[] = [];
  const byPath = new Map<string, ValidatorError[]>();
  for (const e of errors) {
    // A missing or unknown field is the parent's error, but it is reported at the field's own path.
    const field = e.keyword === 'required' ? e.params.missingProperty as string
      : e.keyword === 'additionalProperties' ? e.params.additionalProperty as string : undefined;
    const pointer = field === undefined ? e.instancePath : `${e.instancePath}/${escapePointer(field)}`;
    const list = byPath.get(pointer) ?? [];
    list.push(e);
    byPath.set(pointer, list);
  }
  for (const [pointer, errs] of byPath) {
    const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
    // A token (or a value inside one) is Terraform's to resolve: never judged here.
    if (tokenOnPath(value, segments, isUnresolved)) continue;
    const { path, schemas, raw, parents } = locate(root, base, segments);
    const at = valueAt(value, segments);
    const problem = explain(at.found, at.value, errs, schemas, raw, parents, segments[segments.length - 1]);
    if (problem === undefined) continue;
    (problem.range ? ranges : problems).push({ path: path || 'props', message: problem.message });
  }
  // A union that failed only for a nested field reports that field; drop a parent whose child is reported.
  const reported = problems.map((p) => p.path);
  const kept = problems.filter((p) => !reported.some((o) => o !== p.path && o.startsWith(p.path) && /^[.[]/.test(o.slice(p.path.length))));
  return { problems: kept, ranges };
}

function explain(
  found: boolean, value: unknown, errs: ValidatorError[], schemas: JsonSchema[], raw: JsonSchema[], parents: JsonSchema[], key: string | undefined,
): { message: string; range?: boolean } | undefined {
  if (errs.some((e) => e.keyword === 'required')) {
    return { message: `is missing: give ${expected(raw)}` };
  }
  if (errs.some((e) => e.keyword === 'additionalProperties')) {
    const owner = parents.find((s) => s.properties !== undefined);
    const known = Object.keys(owner?.properties ?? {});
    const near = closest(key ?? '', known);
    return { message: `is not a field of ${typeName(parents) ?? 'this object'}${near ? ` (did you mean '${near}'?)` : ''}, so it would be ignored: remove it${known.length > 0 && known.length <= 12 ? ` (the fields are ${known.join(', ')})` : ''}` };
  }
  if (!found) return undefined;
  const shape = errs.filter((e) => e.keyword !== 'rangeOf' && e.keyword !== 'if');
  if (shape.length === 0) {
    return { message: `${show(value)} is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}: write a count, an id or a size, like 4096`, range: true };
  }
  // NaN or Infinity where a number is due: a number out of range, for the field's own rule to name when it has one.
  if (typeof value === 'number' && !Number.isFinite(value) && schemas.some((s) => s.type === 'number' || (Array.isArray(s.type) && s.type.includes('number')))) {
    return { message: `is ${describe(value)}, but ${expected(raw)} is due`, range: true };
  }
  const cls = schemas.find((s) => s.instanceOf !== undefined)?.instanceOf;
  if (shape.some((e) => e.keyword === 'instanceOf') && cls !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { message: `is ${describe(value)}, not ${article(cls)}: ${classHint(cls)}` };
  }
  // A value that is not among a field's choices is of the right type: the field's own rule names it, when it has one.
  if (shape.every((e) => e.keyword === 'enum' || e.keyword === 'const')) {
    return { message: `${show(value)} is not one of ${expected(raw)}`, range: true };
  }
  // null, undefined, NaN and Infinity say it all in words.
  const shown = value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value)) ? '' : `${show(value)} `;
  return { message: `${shown}is ${describe(value)}, but ${expected(raw)} is due` };
}

/** What the schemas at a path ask for, in words: `a string`, `a whole number`, `'auto', 'reboot'`, `a NetworkLink object`. */
function expected(schemas: JsonSchema[]): string {
  const words = unique(schemas.map((s) => expectedOne(s, 0)).filter((w) => w !== ''));
  return words.length > 0 ? words.join(' or ') : 'a value';
}

function expectedOne(schema: JsonSchema | undefined, depth: number): string {
  if (schema === undefined || depth > 4) return '';
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace(/^.*\//, '');
    const target = DEFINITIONS[name];
    if (target === undefined) return '';
    if (target.instanceOf !== undefined) return `${article(target.instanceOf)} (${classHint(target.instanceOf)})`;
    if (target.type === 'object' && target.properties !== undefined) return `a ${name} object`;
    return expectedOne(target, depth + 1);
  }
  if (schema.instanceOf !== undefined) return schema.instanceOf === 'Undefined' ? '' : article(schema.instanceOf);
  if (schema.enum !== undefined) return schema.enum.map((v) => quote(v)).join(', ');
  if ('const' in schema) return quote(schema.const);
  if (schema.anyOf !== undefined) return unique(schema.anyOf.map((s) => expectedOne(s, depth + 1)).filter((w) => w !== '')).join(' or ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type !== undefined ? [schema.type] : [];
  return types.map((t) => {
    switch (t) {
      case 'string': return 'a string';
      case 'number': return schema.rangeOf !== undefined ? 'a whole number' : 'a number';
      case 'integer': return 'a whole number';
      case 'boolean': return 'true or false';
      case 'null': return 'null';
      case 'array': return `a list${listOf(expectedOne(schema.items, depth + 1))}`;
      default: return schema.properties === undefined && typeof schema.additionalProperties === 'object'
        ? `a map${listOf(expectedOne(schema.additionalProperties, depth + 1))}`
        : 'an object';
    }
  }).join(' or ');
}

/**
 * Where a JSON pointer leads: the path in the library's style (`nodes['k8s-node2'].links[0].addresses[1]`, map keys
 * in brackets), the schemas that apply there and those of its parent.
 */
function locate(root: string, base: string, segments: string[]): { path: string; schemas: JsonSchema[]; raw: JsonSchema[]; parents: JsonSchema[] } {
  let out = base;
  let raw: JsonSchema[] = [{ $ref: `#/definitions/${root}` }];
  let schemas = flatten(raw[0]);
  let parents: JsonSchema[] = [];
  for (const seg of segments) {
    const named = schemas.some((s) => s.properties?.[seg] !== undefined);
    const listed = schemas.some((s) => s.type === 'array' || s.items !== undefined);
    const closed = schemas.some((s) => s.properties !== undefined);
    const ident = /^[A-Za-z_$][\w$]*$/.test(seg);
    if (listed && /^\d+$/.test(seg)) out += `[${seg}]`;
    else if ((named || closed) && ident) out += out === '' ? seg : `.${seg}`;
    else out += `[${quote(seg)}]`;
    parents = schemas;
    raw = schemas.flatMap((s) => {
      const next = s.properties?.[seg] ?? (listed ? s.items : undefined) ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      return next ? [next] : [];
    });
    schemas = raw.flatMap((s) => flatten(s));
  }
  return { path: out, schemas, raw, parents };
}

function flatten(s: JsonSchema, depth = 0): JsonSchema[] {
  if (depth > 8) return [];
  if (s.$ref !== undefined) {
    const name = s.$ref.replace(/^.*\//, '');
    const target = DEFINITIONS[name];
    return target ? flatten({ ...target, title: name } as JsonSchema, depth + 1) : [];
  }
  const branches = [...(s.anyOf ?? []), ...(s.allOf ?? [])];
  return branches.length > 0 ? [s, ...branches.flatMap((b) => flatten(b, depth + 1))] : [s];
}

function typeName(schemas: JsonSchema[]): string | undefined {
  return schemas.map((s) => (s as { title?: string }).title).find((t) => t !== undefined);
}

/**
 * Drops range problems of fields another rule reports too (that rule says the field's own range): the same path, or
 * the same field quoting the same value (a GPU's passthrough is checked where it lands, among the VM's PCI devices).
 */
export function withoutShadowedRanges(ranges: readonly Problem[], others: readonly Problem[]): Problem[] {
  const paths = new Set(others.map((p) => p.path));
  const field = (p: Problem): string => `${/[^.[\]']+'?\]?$/.exec(p.path)?.[0] ?? p.path} ${/^'[^']*'/.exec(p.message)?.[0] ?? p.message}`;
  const fields = new Set(others.map(field));
  return ranges.filter((r) => !paths.has(r.path) && !fields.has(field(r)));
}

/** Every problem of a value given to the core: type and shape, then ranges. */
export function coreContractProblems(root: keyof CoreContractRoots, value: unknown, options: ContractCheckOptions): Problem[] {
  const r = checkContract(root, value, options);
  return [...r.problems, ...r.ranges];
}

/**
 * The walk before the schema: a value that contains itself (the schema check would never end), nesting deeper than
 * {@link MAX_DEPTH}, and prototype keys. Objects of classes (constructs, tokens, value classes) are not entered: their
 * own fields are not the caller's.
 */
function walk(root: unknown, base: string, isUnresolved: (v: unknown) => boolean): Problem[] {
  const problems: Problem[] = [];
  const onPath = new Set<unknown>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value !== 'object' || value === null || isUnresolved(value)) return;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return;
    if (onPath.has(value)) {
      problems.push({ path: path || 'props', message: 'contains itself (a circular reference): give a plain value, as JSON would hold it' });
      return;
    }
    if (depth > MAX_DEPTH) {
      problems.push({ path: path || 'props', message: `is nested more than ${MAX_DEPTH} levels deep: flatten it` });
      return;
    }
    onPath.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
    } else {
      for (const key of Object.keys(value)) {
        const at = `${path}[${quote(key)}]`;
        if (PROTOTYPE_KEYS.includes(key)) {
          problems.push({ path: at, message: `uses the key ${quote(key)}, which names a part of every JavaScript object: rename or remove it` });
          continue;
        }
        visit((value as Record<string, unknown>)[key], /^[A-Za-z_$][\w$]*$/.test(key) && path !== '' ? `${path}.${key}` : path === '' && /^[A-Za-z_$][\w$]*$/.test(key) ? key : at, depth + 1);
      }
    }
    onPath.delete(value);
  };
  visit(root, base, 0);
  return problems;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(root: unknown, segments: string[]): { found: boolean; value: unknown } {
  let v: unknown = root;
  for (const seg of segments) {
    if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, seg)) return { found: false, value: undefined };
    v = (v as Record<string, unknown>)[seg];
  }
  return { found: true, value: v };
}

function tokenOnPath(root: unknown, segments: string[], isUnresolved: (v: unknown) => boolean): boolean {
  let v: unknown = root;
  if (isUnresolved(v)) return true;
  for (const seg of segments) {
    if (typeof v !== 'object' || v === null) return false;
    v = (v as Record<string, unknown>)[seg];
    if (isUnresolved(v)) return true;
  }
  return false;
}

/** The value's kind, in words. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'not a number (NaN)';
    if (!Number.isFinite(value)) return 'infinite';
    return 'a number';
  }
  if (typeof value === 'string') return value.trim() === '' ? (value === '' ? 'an empty string' : 'a blank string') : 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'symbol') return 'a symbol';
  if (Array.isArray(value)) return 'a list';
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const name = proto?.constructor?.name;
  return proto === null || proto === Object.prototype || name === undefined || name === '' ? 'an object' : `a ${name}`;
}

/** A value as received, for a message: `'10.0.20.1'`, `'42'`, `NaN`, `undefined`. */
function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return String(typeof value);
  return quote(value);
}

function article(name: string): string {
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

function listOf(item: string): string {
  return item === '' ? '' : ` of ${plural(item)}`;
}

function classHint(name: string): string {
  switch (name) {
    case 'InstallDisk': return "make it with InstallDisk.path('/dev/sda') or InstallDisk.selector({ ... })";
    case 'FirstContact': return 'make it with FirstContact.bootMedia(), FirstContact.dhcpLease(address) or FirstContact.dhcpReservation()';
    case 'PciPassthrough': return "make it with PciPassthrough.mapping('<name>') or PciPassthrough.createMapping('<name>', { path, id })";
    case 'Board': return "use Board.RASPBERRY_PI or Board.overlay('<overlay>', '<image>', '<disk>')";
    case 'Cni': return 'make it with Cni.cilium({ ... }) or Cni.flannel()';
    case 'MetalLbAdvertisement': return 'make it with MetalLbAdvertisement.l2({ ... }) or MetalLbAdvertisement.bgp({ ... })';
    case 'Function': return 'give a function';
    default: return `give the ${name} itself`;
  }
}

function plural(expected: string): string {
  return expected.replace(/^an? /, '').replace(/^(string|number|whole number|list|object|map)\b/, '$1s').replace(/ object$/, ' objects');
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** The known name closest to a misspelt one (at most a third of its letters apart), for "did you mean". */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
