import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { KubernetesManifest } from '../constructs';
import { chartHash, manifestsChartSource } from '../constructs/private/manifests-chart';
import { clusterAndPlatform, releaseValues, synthPlatform, thrown } from './helpers/platform';

const CHART = path.resolve(__dirname, '../charts/manifests');

const issuer: KubernetesManifest = {
  apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'self-signed' }, spec: { selfSigned: {} },
};

function withIssuers() {
  const built = clusterAndPlatform();
  const certManager = built.platform.addRelease({ name: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.18.2' });
  const issuers = built.platform.addManifests({ name: 'issuers', namespace: 'cert-manager', manifests: [issuer], needs: [certManager] });
  return { ...built, issuers };
}

describe('ManifestsRelease', () => {
  it('creates the objects with the project\'s manifests chart, after the release that brings their CRDs', () => {
    const { app } = withIssuers();
    const json = synthPlatform(app);
    expect(json.resource.helm_release.issuers).toMatchObject({
      name: 'issuers', namespace: 'cert-manager', chart: `./assets/manifests-chart/${chartHash(CHART)}`, wait: true,
      depends_on: ['kubernetes_namespace_v1.cert-manager', 'helm_release.cert-manager'],
    });
    expect(json.resource.helm_release.issuers.repository).toBeUndefined();
    expect(json.resource.helm_release.issuers.version).toBeUndefined();
    expect(releaseValues(json, 'issuers')).toEqual({ manifests: [issuer] });
  });

  it('uses no kubernetes_manifest, so nothing needs a CRD at plan time', () => {
    const { app } = withIssuers();
    expect(synthPlatform(app).resource.kubernetes_manifest).toBeUndefined();
  });

  it('writes a chart path relative to the stack\'s working directory, the same from any current directory', () => {
    const before = synthPlatform(withIssuers().app).resource.helm_release.issuers.chart;
    const cwd = process.cwd();
    try {
      process.chdir(os.tmpdir());
      expect(synthPlatform(withIssuers().app).resource.helm_release.issuers.chart).toBe(before);
    } finally {
      process.chdir(cwd);
    }
  });

  it('copies the chart into the stack\'s working directory on synth, where the path points', () => {
    const { app } = withIssuers();
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks/homelab-platform/cdk.tf.json'), 'utf8'));
    const copied = path.resolve(app.outdir, 'stacks/homelab-platform', json.resource.helm_release.issuers.chart);
    for (const file of ['Chart.yaml', 'values.yaml', 'values.schema.json', 'templates/manifests.yaml']) {
      expect(fs.readFileSync(path.join(copied, file), 'utf8')).toBe(fs.readFileSync(path.join(CHART, file), 'utf8'));
    }
  });

  it('hashes the chart by sorted file names and contents, whatever order the files were written in', () => {
    const copy = (order: string[]): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-'));
      for (const f of order) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.copyFileSync(path.join(CHART, f), path.join(dir, f));
      }
      return dir;
    };
    const files = ['Chart.yaml', 'values.yaml', 'values.schema.json', 'templates/manifests.yaml'];
    expect(chartHash(copy(files))).toBe(chartHash(CHART));
    expect(chartHash(copy([...files].reverse()))).toBe(chartHash(CHART));
    const changed = copy(files);
    fs.appendFileSync(path.join(changed, 'values.yaml'), '# changed\n');
    expect(chartHash(changed)).not.toBe(chartHash(CHART));
  });

  it('finds the chart at the package root', () => {
    expect(manifestsChartSource()).toBe(CHART);
  });

  it('ships a Helm v2 chart whose schema accepts the values the releases render', () => {
    const chart = parse(fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8'));
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'manifests', type: 'application', version: '1.0.0' });
    expect(parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'))).toEqual({ manifests: [] });
    const validate = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(path.join(CHART, 'values.schema.json'), 'utf8')));
    expect(validate(releaseValues(synthPlatform(withIssuers().app), 'issuers'))).toBe(true);
    expect(validate({ manifests: [{ kind: 'ClusterIssuer', metadata: { name: 'x' } }] })).toBe(false);
    const template = fs.readFileSync(path.join(CHART, 'templates/manifests.yaml'), 'utf8');
    expect(template).toContain('range $object := .Values.manifests');
    expect(template).toContain('toYaml $object');
  });

  it('fails when an external-secrets object uses v1beta1, which external-secrets no longer serves', () => {
    const { issuers } = withIssuers();
    const store = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ClusterSecretStore', metadata: { name: 'vault' }, spec: {} };
    expect(thrown(() => issuers.addManifests(store), issuers)).toContain(
      "releases['issuers'].manifests[1].apiVersion 'external-secrets.io/v1beta1' is not served by external-secrets 0.17 and newer (2.x included): write 'external-secrets.io/v1', served since 0.16");
    expect(() => issuers.addManifests({ ...store, apiVersion: 'external-secrets.io/v1' })).not.toThrow();
  });

  it('fails when an object has no kind, an invalid name or appears twice', () => {
    const { issuers } = withIssuers();
    const message = thrown(() => issuers.addManifests(
      { apiVersion: 'v1', kind: '', metadata: { name: 'Bad Name' } } as KubernetesManifest,
      issuer,
    ), issuers);
    expect(message).toContain("releases['issuers'].manifests[1].kind '' is not a kind: write it like 'IPAddressPool'");
    expect(message).toContain("releases['issuers'].manifests[1].metadata.name 'Bad Name' is not an object name");
    expect(message).toContain("releases['issuers'].manifests[2] 'ClusterIssuer/cert-manager/self-signed' is already in this release");
  });
});
