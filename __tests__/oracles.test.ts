/**
 * The vendored oracles (oracles/): unchanged copies of their upstream files, each with its licence, and the choice of
 * schema the Talos tests validate against.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ORACLES_DIR, readSources, refresh, sha256, upstreamUrl } from '../scripts/oracles';
import { TALOS_SCHEMA_FILES, talosSchemaFor } from './helpers/oracle';

const sources = readSources();

describe('vendored oracles', () => {
  it('are the Talos schemas, MetalLB v0.16.1 and the CRDs of Flux, Argo CD and Talos\' ServiceAccount, from their upstream tags', () => {
    expect(Object.fromEntries(Object.entries(sources).map(([set, s]) => [set, `${s.repository} ${s.license}`]))).toEqual({
      'talos-config-schemas': 'siderolabs/talos MPL-2.0',
      'metallb-v0.16.1': 'metallb/metallb Apache-2.0',
      'argo-cd-10.1.1': 'argoproj/argo-helm Apache-2.0',
      'flux-operator-v0.58.1': 'controlplaneio-fluxcd/flux-operator AGPL-3.0',
      'talos-service-account-crd-v1.14.0-rc.1': 'siderolabs/talos MPL-2.0',
    });
    expect(upstreamUrl(sources['argo-cd-10.1.1'], 'crd-application.yaml')).toBe('https://raw.githubusercontent.com/argoproj/argo-helm/argo-cd-10.1.1/charts/argo-cd/templates/crds/crd-application.yaml');
    expect(Object.entries(sources['talos-config-schemas'].files).map(([f, s]) => `${f} ${s.tag}`)).toEqual([
      'v1.11.json v1.11.6', 'v1.12.json v1.12.11', 'v1.13.json v1.13.9', 'v1.14.json v1.14.0-rc.1',
    ]);
    expect(upstreamUrl(sources['metallb-v0.16.1'], 'chart-values.yaml')).toBe('https://raw.githubusercontent.com/metallb/metallb/v0.16.1/charts/metallb/values.yaml');
  });

  it.each(Object.entries(sources).flatMap(([set, s]) => Object.keys(s.files).map((f) => [`${set}/${f}`, s.files[f].sha256] as const)))(
    '%s is unchanged (its SHA-256 is the recorded one)', (file, hash) => {
      expect(sha256(path.join(ORACLES_DIR, file))).toBe(hash);
    });

  it.each(Object.entries(sources))('%s carries its licence text and nothing unlisted', (set, s) => {
    const licence = fs.readFileSync(path.join(ORACLES_DIR, set, 'LICENSE'), 'utf8');
    const heading: Record<string, string> = {
      'MPL-2.0': 'Mozilla Public License Version 2.0',
      'Apache-2.0': 'Apache License\n                           Version 2.0, January 2004',
      'AGPL-3.0': 'GNU AFFERO GENERAL PUBLIC LICENSE\n                       Version 3, 19 November 2007',
    };
    expect(licence).toContain(heading[s.license]);
    expect(fs.readdirSync(path.join(ORACLES_DIR, set)).sort()).toEqual(['LICENSE', ...Object.keys(s.files)].sort());
  });

  it.each(Object.entries(TALOS_SCHEMA_FILES))('the Talos %s schema file is the schema of that minor', (minor, file) => {
    const schema = JSON.parse(fs.readFileSync(path.join(ORACLES_DIR, 'talos-config-schemas', file), 'utf8'));
    expect(schema.$id).toBe(`https://talos.dev/v${minor}/schemas/config.schema.json`);
  });

  it('npm run oracles:refresh copies every file unchanged and records its new hash', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-oracles-'));
    try {
      const [from, to] = [path.join(tmp, 'from'), path.join(tmp, 'to')];
      fs.cpSync(ORACLES_DIR, from, { recursive: true });
      fs.cpSync(ORACLES_DIR, to, { recursive: true });
      fs.appendFileSync(path.join(from, 'metallb-v0.16.1', 'chart-values.yaml'), '# upstream changed\n');
      const changed = refresh(from, to);
      expect(changed).toEqual([expect.stringMatching(/^metallb-v0\.16\.1\/chart-values\.yaml: [0-9a-f]{12} -> [0-9a-f]{12} \(metallb\/metallb@v0\.16\.1:charts\/metallb\/values\.yaml\)$/)]);
      expect(fs.readFileSync(path.join(to, 'metallb-v0.16.1', 'chart-values.yaml'), 'utf8')).toMatch(/# upstream changed\n$/);
      expect(readSources(to)['metallb-v0.16.1'].files['chart-values.yaml'].sha256).toBe(sha256(path.join(from, 'metallb-v0.16.1', 'chart-values.yaml')));
      expect(refresh(from, to)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refreshes only the sets it is given, and fails on a set sources.json does not list', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-oracles-'));
    try {
      const [from, to] = [path.join(tmp, 'from'), path.join(tmp, 'to')];
      fs.mkdirSync(path.join(from, 'flux-operator-v0.58.1'), { recursive: true });
      fs.writeFileSync(path.join(from, 'flux-operator-v0.58.1', 'fluxcd.controlplane.io_fluxinstances.yaml'), 'changed upstream\n');
      fs.cpSync(ORACLES_DIR, to, { recursive: true });
      expect(refresh(from, to, ['flux-operator-v0.58.1'])).toEqual([expect.stringMatching(/^flux-operator-v0\.58\.1\/fluxcd\.controlplane\.io_fluxinstances\.yaml: /)]);
      expect(readSources(to)['metallb-v0.16.1']).toEqual(sources['metallb-v0.16.1']);
      expect(() => refresh(from, to, ['flux-operator'])).toThrow('not an oracle set of sources.json: flux-operator');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('fails when the refresh source lacks a file, naming it, and copies nothing', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-oracles-'));
    try {
      fs.cpSync(ORACLES_DIR, path.join(tmp, 'to'), { recursive: true });
      fs.mkdirSync(path.join(tmp, 'from', 'talos-config-schemas'), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'from', 'talos-config-schemas', 'v1.11.json'), '{}');
      expect(() => refresh(path.join(tmp, 'from'), path.join(tmp, 'to'))).toThrow(/^missing in .*: talos-config-schemas\/v1\.12\.json, .*talos-service-account-crd-v1\.14\.0-rc\.1\/talos-service-account-crd\.yaml$/);
      expect(sha256(path.join(tmp, 'to', 'talos-config-schemas', 'v1.11.json'))).toBe(sources['talos-config-schemas'].files['v1.11.json'].sha256);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the schema a node must pass (independent of the library\'s configContract)', () => {
  it.each([
    ['v1.11.6', '1.13', '1.11'], ['v1.12.11', '1.13', '1.12'], ['v1.13.9', '1.13', '1.13'], ['v1.14.0', '1.13', '1.13'],
    ['v1.14.0-rc.1', '1.13', '1.13'], ['v1.14.0', '1.14', '1.14'], ['v1.13.9', '1.14', '1.13'], ['1.12.0', '1.13', '1.12'],
  ])('Talos %s with a provider on SDK %s: the %s schema', (talosVersion, sdk, schema) => {
    expect(talosSchemaFor(talosVersion, sdk)).toBe(schema);
  });

  it('defaults to the pinned provider\'s SDK, 1.13', () => expect(talosSchemaFor('v1.14.0')).toBe('1.13'));

  it('fails when the version is not a Talos version, or no schema is vendored for it', () => {
    expect(() => talosSchemaFor('latest')).toThrow("talosSchemaFor: 'latest' is not a Talos version");
    expect(() => talosSchemaFor('v1.10.7')).toThrow('talosSchemaFor: no official schema is vendored for Talos 1.10');
  });
});
