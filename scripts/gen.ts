/**
 * Regenerates the provider bindings in `.gen/` offline, from the provider schema JSON files committed in
 * `provider-schemas/` (the `terraform providers schema -json` format). This writes the same tree that
 * `cdktf get` writes, without downloading a provider binary (no Terraform registry is needed).
 *
 * Besides the providers of `cdktf.json` (one version each, as `cdktf get` allows), further release lines of a
 * provider are generated side by side into their own folder (`SIDE_BY_SIDE`): `.gen/providers/talos-0-12/` holds
 * siderolabs/talos 0.12, next to the pinned 0.11 in `.gen/providers/talos/`. Both emit the same Terraform names
 * (`provider "talos"`, `talos_*`), so one stack uses one line.
 *
 * Usage: `npm run gen` (writes `.gen/`), `npm run gen -- --check` (exits 1 when `.gen/` differs from what the
 * schemas generate; CI runs this so the committed bindings can never drift from the committed schemas).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// Deep imports: the package index also loads jsii-pacmak (for non-TypeScript targets), which we never need.
import { CodeMaker } from 'codemaker';
import { TerraformProviderGenerator } from '@cdktf/provider-generator/lib/get/generator/provider-generator';
import { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } from '@cdktf/commons';

const root = path.resolve(__dirname, '..');
// The providers to generate: provider-schemas/providers.json, not cdktf.json, whose terraformProviders stay empty so
// that `cdktf get` / `cdktn get` never regenerate .gen/ (see that file and the README, "Runs on cdktf and cdktn").
const providerList = JSON.parse(fs.readFileSync(path.join(root, 'provider-schemas', 'providers.json'), 'utf8')) as { terraformProviders: string[] };

/** Maps each provider constraint to its committed schema file. */
function schemaFileFor(constraint: string): string {
  const [source, version] = constraint.split('@');
  const [namespace, name] = source.split('/');
  const file = path.join(root, 'provider-schemas', `${namespace}-${name}-${version}.json`);
  if (!fs.existsSync(file)) throw new Error(`no schema for ${constraint}: expected ${path.relative(root, file)}`);
  return file;
}

/**
 * Provider release lines generated beside the `cdktf.json` ones, each into `.gen/providers/<folder>/`.
 * `cdktf.json` cannot hold two versions of one provider, and `cdktf get` would overwrite the folder.
 */
const SIDE_BY_SIDE: ReadonlyArray<{ readonly constraint: string; readonly folder: string }> = [
  // The 0.12 line adds talos_machine (config, OS upgrade, drain) and talos_cluster (bootstrap, Kubernetes upgrade);
  // v0.12.0-alpha.5 is the newest tag whose source is readable here (docs/upgrades-research.md).
  { constraint: 'siderolabs/talos@0.12.0-alpha.5', folder: 'talos-0-12' },
];

/**
 * Generates one side-by-side line: generated under the provider's own name (so the provider block, the
 * `required_providers` key and every resource type stay `talos`), then moved to its folder.
 */
async function generateSideBySide(outdir: string, constraint: string, folder: string): Promise<Record<string, string | undefined>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-gen-line-'));
  try {
    const code = new CodeMaker();
    const target = new ConstructsMakerProviderTarget(new TerraformProviderConstraint(constraint), Language.TYPESCRIPT);
    const generator = new TerraformProviderGenerator(code, JSON.parse(fs.readFileSync(schemaFileFor(constraint), 'utf8')));
    generator.generate(target);
    await code.save(tmp);
    const name = constraint.split('@')[0].split('/')[1];
    fs.cpSync(path.join(tmp, 'providers', name), path.join(outdir, 'providers', folder), { recursive: true });
    return generator.versions;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function generate(outdir: string): Promise<void> {
  const code = new CodeMaker();
  const versions: Record<string, string | undefined> = {};
  const constraints: Record<string, string> = {};
  for (const constraint of providerList.terraformProviders) {
    const schema = JSON.parse(fs.readFileSync(schemaFileFor(constraint), 'utf8'));
    const [source, version] = constraint.split('@');
    const target = new ConstructsMakerProviderTarget(
      new TerraformProviderConstraint(constraint),
      Language.TYPESCRIPT,
    );
    const generator = new TerraformProviderGenerator(code, schema);
    generator.generate(target);
    Object.assign(versions, generator.versions);
    constraints[`registry.terraform.io/${source}`] = version;
  }
  await code.save(outdir);
  fs.writeFileSync(path.join(outdir, 'versions.json'), JSON.stringify(versions, null, 2) + '\n');
  fs.writeFileSync(path.join(outdir, 'constraints.json'), JSON.stringify({ cdktf: '0.21.0', providers: constraints }, null, 2) + '\n');
  // The side-by-side lines are recorded apart: versions.json and constraints.json are cdktf's own (one version per provider).
  const lines: Record<string, { source: string; version: string | undefined }> = {};
  for (const { constraint, folder } of SIDE_BY_SIDE) {
    const generated = await generateSideBySide(outdir, constraint, folder);
    const [source] = constraint.split('@');
    lines[`providers/${folder}`] = { source, version: generated[`registry.terraform.io/${source}`] };
  }
  fs.writeFileSync(path.join(outdir, 'side-by-side.json'), JSON.stringify(lines, null, 2) + '\n');
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  ).sort();
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const target = path.join(root, '.gen');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-gen-'));
  try {
    await generate(tmp);
    if (check) {
      const want = listFiles(tmp);
      const have = listFiles(target);
      const differing = [...new Set([...want, ...have])].filter((f) => {
        const a = path.join(tmp, f);
        const b = path.join(target, f);
        return !fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b));
      });
      if (differing.length > 0) {
        console.error(`.gen/ is out of date with provider-schemas/ (${differing.length} files differ, e.g. ${differing.slice(0, 5).join(', ')}): run 'npm run gen'`);
        process.exit(1);
      }
      console.log(`.gen/ matches provider-schemas/ (${want.length} files)`);
      return;
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(tmp, target, { recursive: true });
    console.log(`wrote .gen/ (${listFiles(target).length} files)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
