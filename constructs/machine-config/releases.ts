/**
 * Releases the library knows: a pinned Talos or Kubernetes version whose patch is newer than the newest known release
 * of its minor may not exist (a typo such as `v1.13.90`), and then fails only at apply, when the image is pulled. That
 * is a warning, not an error: a release newer than the table is fine.
 */
import * as semver from 'semver';
import { NEWEST_KUBERNETES, NEWEST_TALOS, RELEASES_AS_OF } from './releases-table';

export { NEWEST_KUBERNETES, NEWEST_TALOS, RELEASES_AS_OF };

/** The newest known release of the version's minor when the version is newer than it; otherwise undefined. */
function newerThanKnown(version: string, table: Readonly<Record<string, string>>): string | undefined {
  const v = semver.parse(version.replace(/^v/, ''));
  if (!v) return undefined;
  const newest = table[`${v.major}.${v.minor}`];
  if (newest === undefined) return undefined;
  return semver.gt(v, newest.replace(/^v/, '')) ? newest : undefined;
}

/** Why a release may not exist (for a warning), or undefined when the table knows it or knows nothing newer. */
export function unknownReleaseWarning(kind: 'Talos' | 'Kubernetes', version: string): string | undefined {
  const newest = newerThanKnown(version, kind === 'Talos' ? NEWEST_TALOS : NEWEST_KUBERNETES);
  if (newest === undefined) return undefined;
  const minor = newest.replace(/^v/, '').split('.').slice(0, 2).join('.');
  return `is newer than the newest ${kind} ${minor} release this library knows (${newest}, as of ${RELEASES_AS_OF}): check that the release exists, because a version that does not fails only at apply, when its image is pulled`;
}
