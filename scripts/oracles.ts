/**
 * `npm run oracles:refresh`: re-copies the official schemas the tests validate against into `oracles/`, unchanged,
 * and records each file's SHA-256 in `oracles/sources.json` (which also names its upstream repository, tag and path).
 *
 *   npm run oracles:refresh                        # copy from ../shared/oracles (the folder beside the project)
 *   npm run oracles:refresh -- --from <dir>        # copy from another folder of the same layout
 *   npm run oracles:refresh -- --set <set> ...     # only these sets (folders of oracles/), each complete in <dir>
 *   npm run oracles:refresh -- --urls              # print where to download each file at its tag (curl commands)
 *
 * Without `--set`, every set that has a folder in the source is refreshed and the others are kept as they are
 * (../shared/oracles holds the Talos schemas and MetalLB; the CRDs of Flux, Argo CD and Talos' ServiceAccount are
 * downloaded with `--urls`). To move to another upstream tag: change the `tag` in `oracles/sources.json`, download the
 * files with the `--urls` commands into a folder, and refresh from it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface OracleSet {
  /** GitHub `owner/name`. */
  readonly repository: string;
  /** SPDX licence identifier; the set's folder holds the licence text as `LICENSE`. */
  readonly license: string;
  /** Vendored file name -> where it comes from. */
  readonly files: Record<string, { tag: string; path: string; sha256: string }>;
}

export type Sources = Record<string, OracleSet>;

export const ORACLES_DIR = path.resolve(__dirname, '..', 'oracles');

export function readSources(dir = ORACLES_DIR): Sources {
  return JSON.parse(fs.readFileSync(path.join(dir, 'sources.json'), 'utf8')) as Sources;
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The URL of a vendored file's original at its tag. */
export function upstreamUrl(set: OracleSet, file: string): string {
  const f = set.files[file];
  return `https://raw.githubusercontent.com/${set.repository}/${f.tag}/${f.path}`;
}

/**
 * Copies every file `sources.json` lists for the chosen sets (default: all) from `from/<set>/<file>` to
 * `to/<set>/<file>` byte for byte and records the new hashes. Returns one line per file that changed. Fails, copying
 * nothing, when any file of a chosen set is missing or a chosen set is unknown.
 */
export function refresh(from: string, to = ORACLES_DIR, sets?: readonly string[]): string[] {
  const sources = readSources(to);
  const unknown = (sets ?? []).filter((set) => !(set in sources));
  if (unknown.length > 0) throw new Error(`not an oracle set of sources.json: ${unknown.join(', ')}`);
  const chosen = Object.entries(sources).filter(([set]) => sets === undefined || sets.includes(set));
  const missing = chosen.flatMap(([set, s]) => Object.keys(s.files).map((f) => path.join(from, set, f)).filter((p) => !fs.existsSync(p)));
  if (missing.length > 0) throw new Error(`missing in ${from}: ${missing.map((p) => path.relative(from, p)).join(', ')}`);
  const changed: string[] = [];
  for (const [set, s] of chosen) {
    for (const [file, f] of Object.entries(s.files)) {
      const target = path.join(to, set, file);
      fs.copyFileSync(path.join(from, set, file), target);
      const hash = sha256(target);
      if (hash !== f.sha256) changed.push(`${set}/${file}: ${f.sha256.slice(0, 12)} -> ${hash.slice(0, 12)} (${s.repository}@${f.tag}:${f.path})`);
      f.sha256 = hash;
    }
  }
  fs.writeFileSync(path.join(to, 'sources.json'), `${JSON.stringify(sources, null, 2)}\n`);
  return changed;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const sources = readSources();
  if (args.includes('--urls')) {
    for (const [set, s] of Object.entries(sources)) {
      for (const file of Object.keys(s.files)) console.log(`curl -fsSL -o ${set}/${file} ${upstreamUrl(s, file)}`);
    }
  } else {
    const i = args.indexOf('--from');
    const from = path.resolve(i >= 0 ? args[i + 1] : path.join(ORACLES_DIR, '..', '..', 'shared', 'oracles'));
    const named = args.flatMap((a, j) => (a === '--set' && args[j + 1] !== undefined ? [args[j + 1]] : []));
    const sets = named.length > 0 ? named : Object.keys(sources).filter((set) => fs.existsSync(path.join(from, set)));
    if (sets.length === 0) throw new Error(`${from} holds none of the oracle sets (${Object.keys(sources).join(', ')})`);
    const changed = refresh(from, ORACLES_DIR, sets);
    console.log(changed.length > 0 ? changed.join('\n') : `oracles/ already matches ${from} for ${sets.join(', ')}`);
    const kept = Object.keys(sources).filter((set) => !sets.includes(set));
    if (kept.length > 0) console.log(`kept as they are (not in ${from}): ${kept.join(', ')}; download them with --urls`);
  }
}
