/**
 * Official Talos system extensions: which names exist for a Talos minor (the committed table, refreshed from
 * siderolabs/extensions by `npm run extensions:refresh`), and the closest official name to a misspelt one.
 */
import { closest, distance } from 'fastest-levenshtein';
import { EXTENSIONS_SOURCE, OFFICIAL_EXTENSIONS } from './extensions-table';
import { CONFIG_CONTRACTS, ConfigContract } from './versions';

export { EXTENSIONS_SOURCE, OFFICIAL_EXTENSIONS };

/** True when the extension is official for the Talos minor. */
export function isOfficialExtension(name: string, minor: ConfigContract): boolean {
  return OFFICIAL_EXTENSIONS[minor].includes(name);
}

/**
 * Why the extension cannot go into an image of this Talos minor, with the fix, or undefined when it can: it exists
 * only in other minors (named), or nowhere, in which case the closest official name of this minor is suggested when it
 * is near (Levenshtein distance at most a third of the name).
 */
export function extensionProblem(name: string, minor: ConfigContract): string | undefined {
  if (isOfficialExtension(name, minor)) return undefined;
  const elsewhere = CONFIG_CONTRACTS.filter((m) => isOfficialExtension(name, m));
  const source = `siderolabs/extensions ${EXTENSIONS_SOURCE[minor].branch}`;
  if (elsewhere.length > 0) {
    return `is not an official extension of Talos ${minor} (${source}); it exists for Talos ${elsewhere.join(', ')}: use a Talos version that has it, or drop it`;
  }
  const candidates = OFFICIAL_EXTENSIONS[minor];
  const suggestion = closest(name, candidates as string[]);
  const near = suggestion !== undefined && distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3));
  return `is not an official extension of Talos ${minor} (${source})${near ? `: did you mean '${suggestion}'?` : ': the Image Factory only builds official extensions; see https://github.com/siderolabs/extensions for the list'}`;
}
