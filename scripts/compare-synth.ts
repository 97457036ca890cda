/**
 * `tsx scripts/compare-synth.ts <cdktf outdir> <cdktn outdir>`: exits 1 unless both synth outputs hold the same
 * stacks with the same Terraform JSON, apart from metadata (the top-level `//` of each stack, which names the CDK and
 * its version) and the manifest's own version field. Asset files (the manifests chart) must be identical too.
 * Used by `.ci/cdktn`, which synthesizes every example stack on cdktf and on cdktn.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly workingDirectory: string }>;
}

function readManifest(outdir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
}

/** The stack's JSON without its metadata. */
function withoutMetadata(file: string): unknown {
  const { '//': _metadata, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  return rest;
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Differences between two synth outputs, as lines; empty when they are equal apart from metadata. */
export function compareSynth(a: string, b: string): string[] {
  const [ma, mb] = [readManifest(a), readManifest(b)];
  const problems: string[] = [];
  const [sa, sb] = [Object.keys(ma.stacks).sort(), Object.keys(mb.stacks).sort()];
  if (!isDeepStrictEqual(sa, sb)) problems.push(`stacks differ: ${sa.join(', ')} vs ${sb.join(', ')}`);
  for (const name of sa.filter((s) => sb.includes(s))) {
    const [ja, jb] = [withoutMetadata(path.join(a, ma.stacks[name].synthesizedStackPath)), withoutMetadata(path.join(b, mb.stacks[name].synthesizedStackPath))];
    if (!isDeepStrictEqual(ja, jb)) {
      const keys = [...new Set([...Object.keys(ja as object), ...Object.keys(jb as object)])]
        .filter((k) => !isDeepStrictEqual((ja as Record<string, unknown>)[k], (jb as Record<string, unknown>)[k]));
      problems.push(`stack ${name}: the JSON differs under ${keys.join(', ')}`);
    }
    const [da, db] = [path.join(a, ma.stacks[name].workingDirectory), path.join(b, mb.stacks[name].workingDirectory)];
    const [fa, fb] = [files(path.join(da, 'assets')), files(path.join(db, 'assets'))];
    if (!isDeepStrictEqual(fa, fb)) problems.push(`stack ${name}: the asset files differ`);
    else for (const f of fa) if (!fs.readFileSync(path.join(da, 'assets', f)).equals(fs.readFileSync(path.join(db, 'assets', f)))) problems.push(`stack ${name}: asset ${f} differs`);
  }
  return problems;
}

if (require.main === module) {
  const [a, b] = process.argv.slice(2);
  if (a === undefined || b === undefined) {
    console.error('usage: tsx scripts/compare-synth.ts <outdir> <outdir>');
    process.exit(2);
  }
  const problems = compareSynth(a, b);
  const count = Object.keys(readManifest(a).stacks).length;
  if (problems.length > 0) {
    console.error(`${a} and ${b} differ:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`${count} stacks synthesize to the same JSON (apart from metadata) in ${a} and ${b}`);
}
