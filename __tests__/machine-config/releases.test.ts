import * as fs from 'node:fs';
import { NEWEST_KUBERNETES, NEWEST_TALOS, unknownReleaseWarning } from '../../constructs/machine-config/releases';
import { CONFIG_CONTRACTS } from '../../constructs/machine-config/versions';
import { kubernetesMinors, raise, releasesIn, replaceRecord, TABLE } from '../../scripts/releases';
import { cluster, errors, warnings } from '../helpers/declarations';

describe('releases the library knows', () => {
  it('has the newest release of every supported Talos minor and every Kubernetes minor they run', () => {
    expect(Object.keys(NEWEST_TALOS)).toEqual([...CONFIG_CONTRACTS]);
    expect(Object.keys(NEWEST_KUBERNETES)).toEqual(kubernetesMinors());
  });

  it.each([
    ['Talos', 'v1.13.9', undefined], ['Talos', 'v1.13.0', undefined], ['Talos', 'v1.14.0', undefined],
    ['Talos', 'v1.13.10', "is newer than the newest Talos 1.13 release this library knows (v1.13.9, as of 2026-11): check that the release exists, because a version that does not fails only at apply, when its image is pulled"],
    ['Kubernetes', '1.36.3', undefined], ['Kubernetes', '1.29.14', undefined],
    ['Kubernetes', '1.36.4', "is newer than the newest Kubernetes 1.36 release this library knows (1.36.3, as of 2026-11): check that the release exists, because a version that does not fails only at apply, when its image is pulled"],
    ['Kubernetes', '1.40.0', undefined],
  ] as const)('%s %s', (kind, version, warning) => {
    expect(unknownReleaseWarning(kind, version)).toBe(warning);
  });

  it('warns, without failing, when a pinned patch release is newer than any it knows, naming the newest', () => {
    const decl = cluster({ talosVersion: 'v1.13.90', kubernetesVersion: '1.36.30' });
    expect(errors(decl)).toEqual([]);
    expect(warnings(decl)).toEqual([
      "talosVersion 'v1.13.90' is newer than the newest Talos 1.13 release this library knows (v1.13.9, as of 2026-11): check that the release exists, because a version that does not fails only at apply, when its image is pulled",
      "kubernetesVersion '1.36.30' is newer than the newest Kubernetes 1.36 release this library knows (1.36.3, as of 2026-11): check that the release exists, because a version that does not fails only at apply, when its image is pulled",
    ]);
    expect(warnings(cluster())).toEqual([]);
  });

  it('warns for a node\'s own Talos version too', () => {
    const decl = cluster({}, [
      { role: 'controlplane', hostname: 'k8s-master', talosVersion: 'v1.12.99', vm: { proxmoxNode: 'pve', vmId: 200, nics: [{ addresses: ['10.0.20.100/24'] }] } },
    ]);
    expect(warnings(decl)).toEqual(["nodes['k8s-master'].talosVersion 'v1.12.99' is newer than the newest Talos 1.12 release this library knows (v1.12.11, as of 2026-11): check that the release exists, because a version that does not fails only at apply, when its image is pulled"]);
  });
});

describe('npm run releases:refresh', () => {
  it('reads releases from git tag lists and ls-remote output, never pre-releases', () => {
    const text = 'v1.13.9\nabc\trefs/tags/v1.36.5\nabc\trefs/tags/v1.36.5^{}\nv1.14.0-rc.1\nnot-a-tag\n';
    expect(releasesIn(text).map((v) => v.version)).toEqual(['1.13.9', '1.36.5', '1.36.5']);
  });

  it('only raises an entry, for the minors asked, and keeps their order', () => {
    const releases = releasesIn('v1.36.5\nv1.36.1\nv1.35.0\nv1.38.0');
    expect(raise({ '1.35': '1.35.4', '1.36': '1.36.3' }, ['1.35', '1.36'], releases, '')).toEqual({ '1.35': '1.35.4', '1.36': '1.36.5' });
    expect(raise({ '1.13': 'v1.13.9' }, ['1.13', '1.14'], releasesIn('v1.14.1'), 'v')).toEqual({ '1.13': 'v1.13.9', '1.14': 'v1.14.1' });
  });

  it('rewrites the records of the committed table in place', () => {
    const source = fs.readFileSync(TABLE, 'utf8');
    const raised = replaceRecord(source, 'NEWEST_TALOS', { ...NEWEST_TALOS, '1.14': 'v1.14.3' });
    expect(raised).toContain("  '1.14': 'v1.14.3',\n};");
    expect(raised.replace("'v1.14.3'", "'v1.14.0'")).toBe(source);
  });
});
