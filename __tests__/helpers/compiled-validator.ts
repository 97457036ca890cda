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
 * The validator of `schema`, compiled by `newAjv` (which must set `code: { source: true }` among `options`), from the
 * cache when this exact schema and setup were compiled before.
 */
export function compiledValidator(kind: string, schema: object, options: Options, newAjv: (options: Options) => Ajv): ValidateFunction {
  const text = JSON.stringify(schema);
  const key = createHash('sha256').update(`${kind}\n${VERSIONS}\n${JSON.stringify(options)}\n${text}`).digest('hex').slice(0, 24);
  const file = path.join(CACHE, `${kind}-${key}.cjs`);
  let code: string | undefined;
  try {
    code = fs.readFileSync(file, 'utf8');
  } catch {
    const ajv = newAjv({ ...options, code: { ...options.code, source: true } });
    code = standaloneCode(ajv, ajv.compile(JSON.parse(text) as object));
    fs.mkdirSync(CACHE, { recursive: true });
    // Written under a unique name, then renamed: test files compiling the same schema in parallel never see half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  }
  const mod: { exports: { default?: ValidateFunction } } = { exports: {} };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', code)(mod, mod.exports, require);
  const validate = mod.exports.default ?? (mod.exports as unknown as ValidateFunction);
  return validate;
}
