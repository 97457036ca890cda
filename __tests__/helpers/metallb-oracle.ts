/**
 * Validates rendered MetalLB custom resources against the CRDs' openAPIV3Schema, and chart values against the chart's
 * values.schema.json, from the MetalLB v0.16.1 files vendored in `oracles/metallb-v0.16.1/` (see `oracles/README.md`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { Options, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { compiledValidator } from './compiled-validator';
import { ORACLES } from './oracle';

const METALLB = path.join(ORACLES, 'metallb-v0.16.1');
const OPTIONS: Options = { strict: false, allErrors: true };
const newAjv = (options: Options): Ajv => {
  const ajv = new Ajv(options);
  addFormats(ajv);
  return ajv;
};

type Schema = Record<string, unknown>;

/**
 * The schema made strict: every object that lists `properties` (and does not preserve unknown fields) rejects other
 * keys. CRD schemas leave unknown fields to the API server, which prunes them silently, so a misspelled field would
 * pass a plain check.
 */
export function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, strict(ps)])) : strict(v);
  }
  if (s.properties !== undefined && s['x-kubernetes-preserve-unknown-fields'] !== true && s.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

let crdValidators: Map<string, ValidateFunction> | undefined;

/** `apiVersion/kind` -> strict validator of the whole object, for every served version of every MetalLB CRD. */
function validators(): Map<string, ValidateFunction> {
  if (crdValidators) return crdValidators;
  crdValidators = new Map();
  for (const file of fs.readdirSync(METALLB).filter((f) => /^metallb\.io_.*\.yaml$/.test(f)).sort()) {
    const crd = parse(fs.readFileSync(path.join(METALLB, file), 'utf8'));
    const group: string = crd.spec.group;
    const kind: string = crd.spec.names.kind;
    for (const version of crd.spec.versions as Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Schema } }>) {
      if (!version.served) continue;
      const schema = strict(version.schema.openAPIV3Schema) as Schema;
      crdValidators.set(`${group}/${version.name}/${kind}`, compiledValidator(`metallb-${kind}-${version.name}`, schema, OPTIONS, newAjv));
    }
  }
  return crdValidators;
}

/** Problems of one MetalLB resource against its CRD, as readable lines; empty when it validates. */
export function crdErrors(resource: Record<string, any>): string[] {
  const validate = validators().get(`${resource.apiVersion}/${resource.kind}`);
  if (!validate) return [`${resource.apiVersion} ${resource.kind}: no served MetalLB CRD version`];
  if (validate({ ...resource })) return [];
  return (validate.errors ?? []).map((e) => `${resource.kind}/${resource.metadata?.name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The chart's default values (values.yaml). */
export function chartDefaults(): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(METALLB, 'chart-values.yaml'), 'utf8'));
}

let valuesValidator: ValidateFunction | undefined;

/** Problems of chart values (already merged over the defaults) against values.schema.json. */
export function chartValuesErrors(merged: Record<string, unknown>): string[] {
  if (!valuesValidator) {
    const schema = JSON.parse(fs.readFileSync(path.join(METALLB, 'chart-values.schema.json'), 'utf8')) as Schema;
    // The schema names draft-07 by an https URL Ajv does not register; Ajv's default dialect is draft-07.
    delete schema.$schema;
    valuesValidator = compiledValidator('metallb-chart-values', schema, OPTIONS, newAjv);
  }
  if (valuesValidator(merged)) return [];
  return (valuesValidator.errors ?? []).map((e) => `values${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/**
 * Keys of `values` that the chart's values.yaml does not have (the schema allows unknown keys, so a misspelled value
 * such as `speaker.ignoreExcludeLb` would pass it and be ignored by the chart).
 */
export function unknownValueKeys(values: unknown, defaults: unknown, at = ''): string[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return [];
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) return [];
  return Object.entries(values as Schema).flatMap(([k, v]) => {
    const d = (defaults as Schema)[k];
    if (!(k in (defaults as Schema))) return [`${at}${k}`];
    return unknownValueKeys(v, d, `${at}${k}.`);
  });
}
