/**
 * Validates rendered Talos documents against the official Talos machine-config JSON schemas vendored in
 * `oracles/talos-config-schemas/` (see `oracles/README.md`: sources, tags, licence, refresh).
 *
 * Which schema a node's documents must pass is decided here, from the node's Talos version and the provider's SDK,
 * by a table of its own: never by the library's `configContract()`, which is what the tests check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { Options, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { compiledValidators } from './compiled-validator';

/** The repository's vendored oracles. */
export const ORACLES = path.resolve(__dirname, '../../oracles');
const TALOS_SCHEMAS = path.join(ORACLES, 'talos-config-schemas');

/** A Talos minor with a vendored official schema. */
export type TalosSchema = '1.11' | '1.12' | '1.13' | '1.14';

/** The vendored official schema of each Talos minor (the files at the tags `oracles/sources.json` names). */
export const TALOS_SCHEMA_FILES: Readonly<Record<TalosSchema, string>> = {
  '1.11': 'v1.11.json',
  '1.12': 'v1.12.json',
  '1.13': 'v1.13.json',
  '1.14': 'v1.14.json',
};

/**
 * The Talos minor of the SDK the pinned provider is built on: siderolabs/terraform-provider-talos v0.11.0 requires
 * github.com/siderolabs/talos/pkg/machinery v1.13 (go.mod), and decodes every patch with it
 * (shared/reference/talos-facts.md, section 3).
 */
export const PROVIDER_SDK: TalosSchema = '1.13';

/**
 * The Talos SDK minor each pinned siderolabs/talos provider release is built on, from the provider's go.mod at its tag:
 * v0.11.0 requires github.com/siderolabs/talos/pkg/machinery v1.13.0, v0.12.0-alpha.5 requires v1.14.0-alpha.1.
 */
export const PROVIDER_SDK_OF_RELEASE: Readonly<Record<string, TalosSchema>> = {
  '0.11.0': '1.13',
  '0.12.0-alpha.5': '1.14',
};

/** The SDK of the provider a synthesized stack pins (`terraform.required_providers.talos.version`). */
export function providerSdkOfStack(stack: { terraform?: { required_providers?: Record<string, { version?: string }> } }): TalosSchema {
  const version = stack.terraform?.required_providers?.talos?.version;
  const sdk = version === undefined ? undefined : PROVIDER_SDK_OF_RELEASE[version];
  if (sdk === undefined) throw new Error(`providerSdkOfStack: no SDK is known for siderolabs/talos '${String(version)}'`);
  return sdk;
}

/**
 * The schema a node's documents must pass: that of its Talos minor, or of the provider's SDK when the SDK is older
 * (the provider rejects document kinds its SDK does not know, so the node is configured in the SDK's shape).
 */
export function talosSchemaFor(talosVersion: string, providerSdk: string = PROVIDER_SDK): TalosSchema {
  const minorOf = (v: string): [number, number] => {
    const m = /^v?(\d+)\.(\d+)(\.\d+)?(-[0-9A-Za-z.-]+)?$/.exec(v);
    if (!m) throw new Error(`talosSchemaFor: '${v}' is not a Talos version`);
    return [Number(m[1]), Number(m[2])];
  };
  const node = minorOf(talosVersion);
  const sdk = minorOf(providerSdk);
  const [major, minor] = node[0] < sdk[0] || (node[0] === sdk[0] && node[1] <= sdk[1]) ? node : sdk;
  const schema = `${major}.${minor}`;
  if (!(schema in TALOS_SCHEMA_FILES)) throw new Error(`talosSchemaFor: no official schema is vendored for Talos ${schema}`);
  return schema as TalosSchema;
}

const OPTIONS: Options = { strict: false, allErrors: true };
/** The definition of the legacy (v1alpha1) machine config, the one document without a `kind`. */
const V1ALPHA1 = 'v1alpha1.Config';

/**
 * The validator of each document kind of a Talos minor. The official schema's root is a `oneOf` over one definition
 * per kind, each fixing its `kind` (and the v1alpha1 config allowing none), so a document passes the schema exactly
 * when it passes the definition of its own kind: that definition is what is checked, which is also much faster and
 * reports only that definition's errors.
 */
const validators = new Map<TalosSchema, Map<string, ValidateFunction>>();

function validatorsFor(version: TalosSchema): Map<string, ValidateFunction> {
  let v = validators.get(version);
  if (!v) {
    const schema = JSON.parse(fs.readFileSync(path.join(TALOS_SCHEMAS, TALOS_SCHEMA_FILES[version]), 'utf8')) as Record<string, unknown>;
    // Known mistake in the official v1.14.0-rc.1 schema: it names the install document's kind `UnattendedInstall`,
    // but Talos registers `UnattendedInstallConfig` (pkg/machinery/config/types/runtime/unattended_install.go).
    const defs = schema.$defs as Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    const kind = defs['runtime.UnattendedInstallConfigV1Alpha1']?.properties?.kind;
    if (kind?.enum?.includes('UnattendedInstall')) kind.enum = ['UnattendedInstallConfig'];
    const branches = (schema.oneOf as Array<{ $ref: string }>).map((b) => b.$ref.replace('#/$defs/', ''));
    const refs: Record<string, string> = {};
    for (const name of branches) {
      const k = defs[name].properties?.kind?.enum;
      if (k && k.length === 1) refs[k[0]] = `#/$defs/${name}`;
      else if (name === V1ALPHA1) refs[''] = `#/$defs/${name}`;
      else throw new Error(`Talos ${version} schema: document definition ${name} has no single kind`);
    }
    const compiled = compiledValidators(`talos-${version}`, schema, OPTIONS, (options) => {
      const ajv = new Ajv2020(options);
      addFormats(ajv);
      return ajv;
    }, refs);
    v = new Map(Object.entries(compiled));
    validators.set(version, v);
  }
  return v;
}

/** A strategic-merge `$patch` directive (delete a key or a document). */
function isDirective(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && '$patch' in (value as Record<string, unknown>);
}

/** The document without its patch directives: what the schema describes. */
export function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => k !== '$patch' && !isDirective(v))
      .map(([k, v]) => [k, withoutDirectives(v)]));
  }
  return value;
}

/** Schema errors of one document against the official schema of a Talos minor, as readable lines; empty when valid. */
export function schemaErrors(doc: Record<string, unknown>, version: TalosSchema): string[] {
  // A document-level delete (`kind: X, $patch: delete`) is a directive, not a document.
  if (doc.$patch === 'delete') return [];
  const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
  const validate = validatorsFor(version).get(kind ?? '');
  if (!validate) return [`${kind}: no such document kind in the Talos ${version} schema`];
  if (validate(withoutDirectives(doc))) return [];
  const lines = (validate.errors ?? []).map((e) => `${kind ?? 'v1alpha1'}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return lines.length > 0 ? lines : [`${kind ?? 'v1alpha1'}: invalid`];
}

/** Asserts every document validates against the official schema of a Talos minor (see {@link talosSchemaFor}). */
export function expectValidDocuments(docs: Array<Record<string, unknown>>, version: TalosSchema): void {
  const problems = docs.flatMap((d) => schemaErrors(d, version));
  expect(problems).toEqual([]);
}
