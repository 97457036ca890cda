/**
 * Validates rendered custom resources against CRDs vendored, unchanged, in the repository's `oracles/` (FluxInstance
 * from flux-operator v0.58.1, Application from the argo-cd chart 10.1.1, Talos' ServiceAccount from Talos
 * v1.14.0-rc.1). `oracles/sources.json` records where each comes from and its SHA-256, which `__tests__/oracles.test.ts`
 * checks, so an edited oracle fails loudly.
 *
 * Validation is strict (unknown fields rejected, see `strict` in ./metallb-oracle): the API server would prune a
 * misspelled field silently. CEL rules (`x-kubernetes-validations`) are not evaluated here; tests assert the ones
 * that matter by hand.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { Options, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { compiledValidator } from './compiled-validator';
import { strict } from './metallb-oracle';
import { ORACLES } from './oracle';

/** The vendored CRD files: folder (an `oracles/sources.json` set), file. */
export const CRD_FILES: ReadonlyArray<readonly [string, string]> = [
  ['flux-operator-v0.58.1', 'fluxcd.controlplane.io_fluxinstances.yaml'],
  ['argo-cd-10.1.1', 'crd-application.yaml'],
  ['talos-service-account-crd-v1.14.0-rc.1', 'talos-service-account-crd.yaml'],
];

type Schema = Record<string, unknown>;

/** A CRD file's text with lines that hold only a Helm template directive removed (the argo-cd chart ships its CRDs as templates). */
function withoutTemplateDirectives(text: string): string {
  return text.split('\n').filter((l) => !/^\s*\{\{-?.*-?\}\}\s*$/.test(l)).join('\n');
}

let schemas: Map<string, Schema> | undefined;
const validators = new Map<string, ValidateFunction>();
const OPTIONS: Options = { strict: false, allErrors: true };
const newAjv = (options: Options): Ajv => {
  const ajv = new Ajv(options);
  addFormats(ajv);
  // Kubernetes' integer and byte formats, which the CRDs use and Ajv does not know: accepted as their type says.
  for (const f of ['int32', 'int64', 'byte']) ajv.addFormat(f, true);
  return ajv;
};

/** Each served `group/version/kind` with its schema, read from the vendored CRDs (compiled only when used). */
function crdSchemas(): Map<string, Schema> {
  if (schemas) return schemas;
  schemas = new Map();
  for (const [folder, file] of CRD_FILES) {
    const crd = parse(withoutTemplateDirectives(fs.readFileSync(path.join(ORACLES, folder, file), 'utf8')));
    const group: string = crd.spec.group;
    const kind: string = crd.spec.names.kind;
    for (const version of crd.spec.versions as Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Schema } }>) {
      if (!version.served) continue;
      // The API server accepts apiVersion, kind and metadata on every object whether or not the CRD's schema lists
      // them (Talos' own CRD does not).
      const root = strict(version.schema.openAPIV3Schema) as Schema;
      const implicit = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
      root.properties = { ...implicit, ...(root.properties as Schema) };
      schemas.set(`${group}/${version.name}/${kind}`, root);
    }
  }
  return schemas;
}

/** The validator of one served kind, compiled on first use, through the compiled-validator cache (./compiled-validator). */
function validatorFor(key: string): ValidateFunction | undefined {
  const known = validators.get(key);
  if (known) return known;
  const schema = crdSchemas().get(key);
  if (!schema) return undefined;
  const compiled = compiledValidator(`crd-${key.replace(/[^A-Za-z0-9.-]+/g, '_')}`, schema, OPTIONS, newAjv);
  validators.set(key, compiled);
  return compiled;
}

/** Problems of one custom resource against its vendored CRD, as readable lines; empty when it validates. */
export function customResourceErrors(resource: { apiVersion: string; kind: string; metadata?: { name?: string }; [field: string]: unknown }): string[] {
  const validate = validatorFor(`${resource.apiVersion}/${resource.kind}`);
  if (!validate) return [`${resource.apiVersion} ${resource.kind}: no vendored CRD serves it`];
  if (validate(JSON.parse(JSON.stringify(resource)))) return [];
  return (validate.errors ?? []).map((e) => `${resource.kind}/${resource.metadata?.name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The kinds the vendored CRDs serve, as `group/version/kind`. */
export function servedKinds(): string[] {
  return [...crdSchemas().keys()].sort();
}
