/**
 * `npm run releases:refresh`: raises constructs/machine-config/releases-table.ts, the newest known Talos and Kubernetes
 * release of each minor the library supports, from release tags. An entry is only ever raised, never lowered, so a
 * partial tag list cannot forget a release; pre-releases (`-alpha`, `-rc`) are not releases.
 *
 *   git ls-remote --tags https://github.com/siderolabs/talos > /tmp/talos-tags
 *   git ls-remote --tags https://github.com/kubernetes/kubernetes > /tmp/kubernetes-tags
 *   npm run releases:refresh -- --talos /tmp/talos-tags --kubernetes /tmp/kubernetes-tags
 *
 * Each source is a text file of tags (one per line, `git tag` or `git ls-remote --tags` output) or a git directory
 * (its tags are listed).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';
import { CONFIG_CONTRACTS, KUBERNETES_SUPPORT } from '../constructs/machine-config/versions';

export const TABLE = path.resolve(__dirname, '..', 'constructs', 'machine-config', 'releases-table.ts');

/** The release versions (no pre-releases) among tag names or `git ls-remote` lines, e.g. `refs/tags/v1.13.9`. */
export function releasesIn(text: string): semver.SemVer[] {
  const found: semver.SemVer[] = [];
  for (const line of text.split('\n')) {
    const m = /(?:^|\/|\s)v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:\^\{\})?\s*$/.exec(line.trim());
    const v = m ? semver.parse(m[1]) : null;
    if (v && v.prerelease.length === 0) found.push(v);
  }
  return found;
}

/** The table's minors raised to the newest release of each among `releases`; `prefix` is 'v' for Talos. */
export function raise(table: Record<string, string>, minors: readonly string[], releases: semver.SemVer[], prefix: '' | 'v'): Record<string, string> {
  const out: Record<string, string> = { ...table };
  for (const minor of minors) {
    const [major, min] = minor.split('.').map(Number);
    let newest = out[minor] !== undefined ? semver.parse(out[minor].replace(/^v/, '')) : null;
    for (const r of releases) if (r.major === major && r.minor === min && (newest === null || semver.gt(r, newest))) newest = r;
    if (newest) out[minor] = `${prefix}${newest.version}`;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => semver.compare(`${a}.0`, `${b}.0`)));
}

/** Rewrites one `export const NAME ... = { ... };` record of the table source. */
export function replaceRecord(source: string, name: string, record: Record<string, string>): string {
  const body = Object.entries(record).map(([k, v]) => `  '${k}': '${v}',`).join('\n');
  const re = new RegExp(`(export const ${name}: [^=]+= \\{\\n)[\\s\\S]*?(\\n\\};)`);
  if (!re.test(source)) throw new Error(`${name} not found in the table`);
  return source.replace(re, `$1${body}$2`);
}

function tagsOf(source: string): string {
  if (fs.statSync(source).isDirectory()) return execFileSync('git', ['-C', source, 'tag', '--list'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return fs.readFileSync(source, 'utf8');
}

/** The Kubernetes minors some supported Talos minor runs. */
export function kubernetesMinors(): string[] {
  const minors = new Set<string>();
  for (const c of CONFIG_CONTRACTS) for (let m = KUBERNETES_SUPPORT[c].min; m <= KUBERNETES_SUPPORT[c].max; m++) minors.add(`1.${m}`);
  return [...minors];
}

if (require.main === module) {
  const arg = (name: string): string | undefined => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
  const talos = arg('--talos');
  const kubernetes = arg('--kubernetes');
  if (!talos && !kubernetes) {
    console.error('usage: npm run releases:refresh -- [--talos <tags file | git dir>] [--kubernetes <tags file | git dir>]');
    process.exit(2);
  }
  // Loaded as text, so the table's own module is not cached with its old values.
  let source = fs.readFileSync(TABLE, 'utf8');
  const read = (name: string): Record<string, string> => {
    const m = new RegExp(`export const ${name}: [^=]+= \\{\\n([\\s\\S]*?)\\n\\};`).exec(source);
    return Object.fromEntries([...(m?.[1] ?? '').matchAll(/'([^']+)': '([^']+)'/g)].map((x) => [x[1], x[2]]));
  };
  const before = source;
  if (talos) source = replaceRecord(source, 'NEWEST_TALOS', raise(read('NEWEST_TALOS'), CONFIG_CONTRACTS, releasesIn(tagsOf(talos)), 'v'));
  if (kubernetes) source = replaceRecord(source, 'NEWEST_KUBERNETES', raise(read('NEWEST_KUBERNETES'), kubernetesMinors(), releasesIn(tagsOf(kubernetes)), ''));
  if (source !== before) source = source.replace(/export const RELEASES_AS_OF = '[^']*';/, `export const RELEASES_AS_OF = '${new Date().toISOString().slice(0, 7)}';`);
  fs.writeFileSync(TABLE, source);
  console.log(source === before ? 'releases table unchanged' : `raised ${path.relative(process.cwd(), TABLE)}`);
}
