/**
 * Validates rendered Talos documents against the official Talos machine-config JSON schemas in
 * ../shared/oracles/talos-config-schemas (read in place, never copied into the project).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ConfigContract } from '../../constructs/machine-config/versions';

export const ORACLES = path.resolve(__dirname, '../../../shared/oracles');
const TALOS_SCHEMAS = path.join(ORACLES, 'talos-config-schemas');

/** True when the oracle schemas are present (they live beside the project, in ../shared). */
export const oraclesPresent = fs.existsSync(TALOS_SCHEMAS);

/** `describe` when the oracles are present, otherwise a skipped block that says why. */
export function describeWithOracles(name: string, fn: () => void): void {
  if (oraclesPresent) {
    describe(name, fn);
  } else {
    describe.skip(`${name} (skipped: ${TALOS_SCHEMAS} is absent; these tests need ../shared beside the project)`, fn);
  }
}

const validators = new Map<ConfigContract, { validate: ValidateFunction; defOfKind: Map<string, string> }>();

function validatorFor(contract: ConfigContract): { validate: ValidateFunction; defOfKind: Map<string, string> } {
  let v = validators.get(contract);
  if (!v) {
    const schema = JSON.parse(fs.readFileSync(path.join(TALOS_SCHEMAS, `v${contract}.json`), 'utf8')) as Record<string, unknown>;
    // Known mistake in the official v1.14.0-rc.1 schema: it names the install document's kind `UnattendedInstall`,
    // but Talos registers `UnattendedInstallConfig` (pkg/machinery/config/types/runtime/unattended_install.go).
    const defs = schema.$defs as Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    const kind = defs['runtime.UnattendedInstallConfigV1Alpha1']?.properties?.kind;
    if (kind?.enum?.includes('UnattendedInstall')) kind.enum = ['UnattendedInstallConfig'];
    const defOfKind = new Map<string, string>();
    for (const [name, def] of Object.entries(defs)) {
      const k = def.properties?.kind?.enum;
      if (k && k.length === 1) defOfKind.set(k[0], name);
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    v = { validate: ajv.compile(schema), defOfKind };
    validators.set(contract, v);
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

/** Schema errors of one document for a contract, as readable lines; empty when it validates. */
export function schemaErrors(doc: Record<string, unknown>, contract: ConfigContract): string[] {
  // A document-level delete (`kind: X, $patch: delete`) is a directive, not a document.
  if (doc.$patch === 'delete') return [];
  const { validate, defOfKind } = validatorFor(contract);
  if (validate(withoutDirectives(doc))) return [];
  const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
  if (kind !== undefined && !defOfKind.has(kind)) return [`${kind}: no such document kind in the Talos ${contract} schema`];
  // With oneOf, report only the errors of the branch of the document's own kind (or v1alpha1.Config).
  const branch = kind !== undefined ? defOfKind.get(kind) ?? '' : 'v1alpha1.';
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.schemaPath.includes(`/${branch}`));
  const lines = errors.map((e) => `${kind ?? 'v1alpha1'}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return lines.length > 0 ? lines : [`${kind ?? 'v1alpha1'}: invalid (${JSON.stringify(validate.errors?.slice(0, 3))})`];
}

/** Asserts every document validates against the schema of its contract. */
export function expectValidDocuments(docs: Array<Record<string, unknown>>, contract: ConfigContract): void {
  const problems = docs.flatMap((d) => schemaErrors(d, contract));
  expect(problems).toEqual([]);
}
