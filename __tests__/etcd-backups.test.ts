/**
 * `platform.addEtcdBackups()`: siderolabs/talos-backup as a CronJob, its Talos ServiceAccount, the credentials Secret,
 * the wait for Talos' ServiceAccount kind, and the check that the cluster grants the access (docs/day2-research.md).
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Platform, S3Credentials, TalosClusterReference } from '../constructs';
import { EtcdBackupOptions } from '../constructs/platform-config';
import { customResourceErrors } from './helpers/crd-oracle';
import { clusterAndPlatform, lanNode, releaseValues, synthPlatform, synthStacksError, thrown } from './helpers/platform';
import { restrictedViolations } from './helpers/pod-security';

/** A recipient made for these tests (`age1` + bech32 of an X25519 public key whose private key was discarded). */
const RECIPIENT = 'age1tdq4hnkkypm2zce0erdcs97sr6j8qy5ewh44u09yckhverjjzqwqvzt57x';

const GRANTED = { kubernetes: { etcdBackupAccess: {} } };

/** Backups to an S3-compatible service with a Secret created out of band. */
const OUT_OF_BAND: EtcdBackupOptions = {
  s3: { bucket: 'talos-backups', region: 'us-east-1', endpoint: 'https://s3.home.arpa' },
  credentials: S3Credentials.fromSecret('talos-backup-s3'),
  ageRecipient: RECIPIENT,
};

const objects = (json: Record<string, any>, release: string): Array<Record<string, any>> => releaseValues(json, release).manifests;

describe('etcd backups on the platform', () => {
  it('creates the Talos ServiceAccount with role os:etcd:backup in the backup namespace, valid against Talos\' CRD', () => {
    const { app, platform } = clusterAndPlatform(GRANTED);
    platform.addEtcdBackups(OUT_OF_BAND);
    const [account] = objects(synthPlatform(app), 'talos-backup');
    expect(account).toEqual({ apiVersion: 'talos.dev/v1alpha1', kind: 'ServiceAccount', metadata: { name: 'talos-backup', namespace: 'talos-backup' }, spec: { roles: ['os:etcd:backup'] } });
    expect(customResourceErrors(account as any)).toEqual([]);
  });

  it('runs the talos-backup CronJob on the schedule, reading the ServiceAccount\'s Secret and the named S3 Secret', () => {
    const { app, platform } = clusterAndPlatform(GRANTED);
    platform.addEtcdBackups({ ...OUT_OF_BAND, schedule: '30 2 * * *', timeZone: 'Europe/Berlin' });
    const [, job] = objects(synthPlatform(app), 'talos-backup');
    expect(job.kind).toBe('CronJob');
    expect(job.spec.schedule).toBe('30 2 * * *');
    expect(job.spec.timeZone).toBe('Europe/Berlin');
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].image).toBe('ghcr.io/siderolabs/talos-backup:v0.1.0-beta.3');
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'talos-secrets', secret: { secretName: 'talos-backup' } }]);
    expect(pod.containers[0].env.filter((e: any) => e.valueFrom)).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'talos-backup-s3', key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'talos-backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } } },
    ]);
    expect(pod.containers[0].env.find((e: any) => e.name === 'CLUSTER_NAME')).toEqual({ name: 'CLUSTER_NAME', value: 'homelab' });
    expect(restrictedViolations(pod)).toEqual([]);
  });

  it('defaults to every six hours and to the talos-backup namespace, which enforces restricted', () => {
    const { app, platform } = clusterAndPlatform(GRANTED);
    const backups = platform.addEtcdBackups(OUT_OF_BAND);
    expect([backups.schedule, backups.namespace]).toEqual(['0 */6 * * *', 'talos-backup']);
    const json = synthPlatform(app);
    expect(objects(json, 'talos-backup')[1].spec.schedule).toBe('0 */6 * * *');
    expect(json.resource.kubernetes_namespace_v1['talos-backup'].metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('creates the S3 Secret from sensitive variables: only references reach the JSON, never Helm values', () => {
    const { app, platformStack, platform } = clusterAndPlatform(GRANTED);
    const id = new TerraformVariable(platformStack, 's3_access_key_id', { type: 'string', sensitive: true });
    const key = new TerraformVariable(platformStack, 's3_secret_access_key', { type: 'string', sensitive: true });
    platform.addEtcdBackups({ ...OUT_OF_BAND, credentials: S3Credentials.fromSensitiveValues({ accessKeyId: id.stringValue, secretAccessKey: key.stringValue }) });
    const json = synthPlatform(app);
    expect(json.resource.kubernetes_secret_v1).toEqual({
      'talos-backup_talos-backup-s3': {
        metadata: { name: 'talos-backup-s3', namespace: 'talos-backup' },
        data: { AWS_ACCESS_KEY_ID: '${var.s3_access_key_id}', AWS_SECRET_ACCESS_KEY: '${var.s3_secret_access_key}' },
        depends_on: ['kubernetes_namespace_v1.talos-backup'],
      },
    });
    expect(json.variable).toEqual({ s3_access_key_id: { type: 'string', sensitive: true }, s3_secret_access_key: { type: 'string', sensitive: true } });
    expect(JSON.stringify(json.resource.helm_release)).not.toContain('var.s3');
    expect(json.resource.helm_release['talos-backup'].depends_on).toContain('kubernetes_secret_v1.talos-backup_talos-backup-s3');
  });

  it('creates no Secret for credentials named out of band', () => {
    const { app, platform } = clusterAndPlatform(GRANTED);
    platform.addEtcdBackups(OUT_OF_BAND);
    expect(synthPlatform(app).resource.kubernetes_secret_v1).toBeUndefined();
  });

  it('waits for Talos\' ServiceAccount kind in a release of its own, whose hook asks the discovery endpoint', () => {
    const { app, platform } = clusterAndPlatform(GRANTED);
    platform.addEtcdBackups(OUT_OF_BAND);
    const json = synthPlatform(app);
    expect(json.resource.helm_release['talos-backup'].depends_on).toEqual(['kubernetes_namespace_v1.talos-backup', 'helm_release.talos-backup-wait-for-crd']);
    const [probe] = objects(json, 'talos-backup-wait-for-crd');
    expect(probe.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const pod = probe.spec.template.spec;
    expect(pod.containers[0]).toMatchObject({ image: 'registry.k8s.io/kubectl:v1.35.4', args: ['get', '--raw', '/apis/talos.dev/v1alpha1'] });
    expect(restrictedViolations(pod)).toEqual([]);
  });

  it('is ordered after the CNI: every release of the backups waits for Cilium', () => {
    const { app, platform } = clusterAndPlatform({ kubernetes: { cni: 'none', etcdBackupAccess: {} } });
    platform.addEtcdBackups(OUT_OF_BAND);
    const releases = synthPlatform(app).resource.helm_release;
    expect(releases['talos-backup-wait-for-crd'].depends_on).toEqual(['kubernetes_namespace_v1.talos-backup', 'helm_release.cilium']);
    expect(releases['talos-backup'].depends_on).toEqual(['kubernetes_namespace_v1.talos-backup', 'helm_release.cilium', 'helm_release.talos-backup-wait-for-crd']);
  });

  it('follows a namespace of the user\'s choice on both sides', () => {
    const { app, platform } = clusterAndPlatform({ kubernetes: { etcdBackupAccess: { namespace: 'etcd-backup' } } });
    platform.addEtcdBackups({ ...OUT_OF_BAND, namespace: 'etcd-backup' });
    const json = synthPlatform(app);
    expect(objects(json, 'talos-backup').map((o) => o.metadata.namespace)).toEqual(['etcd-backup', 'etcd-backup']);
    expect(json.resource.helm_release['talos-backup'].namespace).toBe('etcd-backup');
  });

  it('fails when the cluster\'s control planes grant no Talos API access, naming them and the setting', () => {
    const { app, platform } = clusterAndPlatform({}, { controlPlanes: [lanNode('cp1', '10.0.20.11'), lanNode('cp2', '10.0.20.12'), lanNode('cp3', '10.0.20.13')] });
    platform.addEtcdBackups(OUT_OF_BAND);
    expect(synthStacksError(app)).toContain(
      "etcdBackups needs Talos API access with role 'os:etcd:backup' from namespace 'talos-backup', but control planes 'cp1', 'cp2', 'cp3' do not grant role 'os:etcd:backup' and namespace 'talos-backup', so Talos never issues the job its credentials: set kubernetes: { etcdBackupAccess: { namespace: 'talos-backup' } } on cluster 'homelab' (it grants exactly that namespace the role, on the control planes), deploy the cluster stack, then this one");
  });

  it('fails when the cluster grants another namespace', () => {
    const { app, platform } = clusterAndPlatform({ kubernetes: { etcdBackupAccess: { namespace: 'etcd-backup' } } });
    platform.addEtcdBackups(OUT_OF_BAND);
    expect(synthStacksError(app)).toContain("but control plane 'cp1' does not grant namespace 'talos-backup', so Talos never issues the job its credentials: set kubernetes: { etcdBackupAccess: { namespace: 'talos-backup' } }");
  });

  it('reads the grant of a cluster declared elsewhere (TalosClusterReference) the same way', () => {
    const { app } = clusterAndPlatform(GRANTED);
    const stack = new TerraformStack(app, 'elsewhere-platform');
    const attributes = {
      clusterName: 'elsewhere', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.20.1' },
      nodes: [{ role: 'controlplane' as const, hostname: 'far-cp', links: [{ interface: 'eth0', addresses: ['10.0.20.50/24'] }] }],
      kubernetesClientConfiguration: { host: 'https://10.0.20.50:6443', caCertificate: 'Y2E=', clientCertificate: 'Y2VydA==', clientKey: '${var.k}' },
    };
    const without = new Platform(stack, 'platform', { cluster: TalosClusterReference.fromAttributes(stack, 'far', attributes) });
    without.addEtcdBackups(OUT_OF_BAND);
    expect(synthStacksError(app)).toContain("control plane 'far-cp' does not grant role 'os:etcd:backup' and namespace 'talos-backup'");
  });

  it('fails when backups are declared twice', () => {
    const { platform } = clusterAndPlatform(GRANTED);
    platform.addEtcdBackups(OUT_OF_BAND);
    expect(thrown(() => platform.addEtcdBackups(OUT_OF_BAND))).toContain(
      "etcdBackups is declared twice: one backup job per cluster takes every snapshot; give all its options in one addEtcdBackups()");
  });

  it('takes a credential written as a Terraform reference by hand like a variable\'s token', () => {
    const { platform } = clusterAndPlatform(GRANTED);
    expect(() => platform.addEtcdBackups({ ...OUT_OF_BAND, credentials: S3Credentials.fromSensitiveValues({ accessKeyId: '${var.id}', secretAccessKey: '${var.key}' }) })).not.toThrow();
  });

  it('fails when a credential is a literal, reporting every problem of the declaration at once', () => {
    const { platform } = clusterAndPlatform(GRANTED);
    const message = thrown(() => platform.addEtcdBackups({
      ...OUT_OF_BAND, schedule: '0 0 * * 7', credentials: S3Credentials.fromSensitiveValues({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: '${var.s3_secret_access_key}' }),
    }));
    expect(message).toContain('the app has 2 problems:');
    expect(message).toContain("etcdBackups.schedule '0 0 * * 7' has '7' as its day of week");
    expect(message).toContain('etcdBackups.credentials.accessKeyId is a literal value, so the S3 access key ID would be written in clear into the synthesized JSON');
    expect(message).not.toContain('AKIAEXAMPLE');
  });
});
