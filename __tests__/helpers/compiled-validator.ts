/**
 * Ajv validators compiled once per schema content, not once per test file.
 *
 * Compiling one official Talos schema takes about a second; every test file that validates against it would pay that
 * again (jest gives each file a fresh module registry). So the validator is compiled to standalone JavaScript (Ajv's
 * `standaloneCode`) and kept in `node_modules/.cache/cdktf-talos/`, named by a hash of everything the code depends
 * on: the schema text, the Ajv options and the Ajv and ajv-formats versions. A changed schema or Ajv gets a new name,
 * so the cache cannot serve a validator of another schema. Delete the directory to clear it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

const CACHE = path.resolve(__dirname, '../../node_modules/.cache/cdktf-talos');
const VERSIONS = ['ajv', 'ajv-formats'].map((p) => `${p}@${(require(`${p}/package.json`) as { version: string }).version}`).join(' ');

/**
 * The validator of `schema`, compiled by `newAjv` with `options`, from the cache when this exact schema and setup
 * were compiled before.
 */
export function compiledValidator(kind: string, schema: object, options: Options, newAjv: (options: Options) => Ajv): ValidateFunction {
  return compiledValidators(kind, schema, options, newAjv)[''];
}

/**
 * Validators of parts of `schema`: `refs` maps a name to a JSON pointer into it (`''` is the whole schema, the
 * default), e.g. `{ LinkConfig: '#/$defs/network.LinkConfigV1Alpha1' }`. Cached like {@link compiledValidator}.
 */
export function compiledValidators(kind: string, schema: object, options: Options, newAjv: (options: Options) => Ajv, refs: Record<string, string> = { '': '' }): Record<string, ValidateFunction> {
  const text = JSON.stringify(schema);
  const key = createHash('sha256').update(`${kind}\n${VERSIONS}\n${JSON.stringify(options)}\n${JSON.stringify(refs)}\n${text}`).digest('hex').slice(0, 24);
  const file = path.join(CACHE, `${kind}-${key}.cjs`);
  // Export names are identifiers in the generated module: number them, and map the names back.
  const names = Object.keys(refs);
  let code: string | undefined;
  try {
    code = fs.readFileSync(file, 'utf8');
  } catch {
    const ajv = newAjv({ ...options, code: { ...options.code, source: true } });
    const id = 'schema';
    ajv.addSchema(JSON.parse(text) as object, id);
    code = standaloneCode(ajv, Object.fromEntries(names.map((n, i) => [`v${i}`, `${id}${refs[n]}`])));
    fs.mkdirSync(CACHE, { recursive: true });
    // Written under a unique name, then renamed: test files compiling the same schema in parallel never see half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  }
  const mod: { exports: Record<string, ValidateFunction> } = { exports: {} };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', code)(mod, mod.exports, require);
  return Object.fromEntries(names.map((n, i) => [n, mod.exports[`v${i}`]]));
}
