import { bech32 } from 'bech32';
import fc from 'fast-check';
import { CronJob, ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import {
  ageRecipientProblem, backupCredentialsSecret, BACKUP_POD_SECURITY, bucketNameProblem, cronScheduleProblem, endpointProblem,
  EtcdBackupOptions, etcdBackupProblems, keyPrefixProblem, renderBackupCronJob, renderEtcdBackupResources, renderTalosServiceAccount,
  S3Credentials, TALOS_BACKUP_IMAGE, timeZoneProblem,
} from '../../constructs/platform-config/backup';
import { etcdBackupApiAccess, missingTalosApiAccessProblems } from '../../constructs/machine-config/talos-api-access';
import { customResourceErrors } from '../helpers/crd-oracle';
import { restrictedViolations } from '../helpers/pod-security';

/** An age X25519 recipient: the public key in siderolabs/talos-backup `cronjob.sample.yaml` (v0.1.0-beta.3). */
const UPSTREAM_RECIPIENT = 'age1khpnnl86pzx96ttyjmldptsl5yn2v9jgmmzcjcufvk00ttkph9zs0ytgec';
const recipientOf = (hrp: string, bytes: number): string => bech32.encode(hrp, bech32.toWords(Buffer.alloc(bytes, 7)), 1023);

const ACCESS_KEY = '${var.s3_access_key_id}';
const SECRET_KEY = '${var.s3_secret_access_key}';

/** home-ops style: Garage on the LAN, path style, keys from sensitive Terraform variables. */
const GARAGE: EtcdBackupOptions = {
  schedule: '0 */6 * * *',
  s3: { bucket: 'talos-backups', region: 'garage', endpoint: 'http://garage.storage.svc.cluster.local:3900' },
  credentials: S3Credentials.fromSensitiveValues({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY }),
  ageRecipient: UPSTREAM_RECIPIENT,
};

/** AWS S3 with a Secret created out of band. */
const AWS: EtcdBackupOptions = {
  s3: { bucket: 'homelab-etcd', region: 'eu-central-1', prefix: 'clusters/homelab' },
  credentials: S3Credentials.fromSecret('aws-backup-keys', { accessKeyId: 'id', secretAccessKey: 'secret' }),
  ageRecipient: UPSTREAM_RECIPIENT,
  timeZone: 'Europe/Berlin',
  namespace: 'etcd-backup',
};

const problems = (o: EtcdBackupOptions): string[] => etcdBackupProblems(o, { path: 'etcdBackups', clusterName: 'home-ops' }).map((p) => `${p.path} ${p.message}`);

describe('cronScheduleProblem (Kubernetes CronJob syntax: robfig/cron standard parser)', () => {
  it('accepts five-field schedules, names, ? and the documented macros', () => {
    for (const s of ['0 */6 * * *', '30 2 * * *', '0 3 * * mon-fri', '0 3 * JAN,jul SUN', '0 3 ? * *', '5-55/10 0-23 1-31 1-12 0-6', '@daily', '@midnight', '@hourly', '@weekly', '@monthly', '@yearly', '@annually']) {
      expect([s, cronScheduleProblem(s)]).toEqual([s, undefined]);
    }
  });

  it('accepts every value at the bounds of each field and rejects one past them', () => {
    const bounds: Array<[number, number, number]> = [[0, 0, 59], [1, 0, 23], [2, 1, 31], [3, 1, 12], [4, 0, 6]];
    for (const [field, min, max] of bounds) {
      const at = (v: number): string => ['0', '0', '1', '1', '*'].map((d, i) => (i === field ? String(v) : d)).join(' ');
      expect(cronScheduleProblem(at(min))).toBeUndefined();
      expect(cronScheduleProblem(at(max))).toBeUndefined();
      expect(cronScheduleProblem(at(max + 1))).toBeDefined();
      if (min > 0) expect(cronScheduleProblem(at(min - 1))).toBeDefined();
    }
  });

  it('accepts any in-range five-field schedule (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 6 }),
      (m, h, d, mo, w) => { expect(cronScheduleProblem(`${m} ${h} ${d} ${mo} ${w}`)).toBeUndefined(); }));
  });

  it('fails when the schedule has six fields (seconds) or four, naming the count', () => {
    expect(cronScheduleProblem('0 0 3 * * *')).toBe('\'0 0 3 * * *\' has 6 fields, and Kubernetes CronJobs take exactly five (no seconds, no year): write five fields (minute hour day-of-month month day-of-week), like \'0 */6 * * *\' (every six hours) or \'30 2 * * *\' (daily at 02:30), or a macro like \'@daily\'');
    expect(cronScheduleProblem('0 3 * *')).toMatch(/^'0 3 \* \*' has 4 fields, and Kubernetes CronJobs take exactly five/);
  });

  it('fails when it uses L, W, # or H, which cron-parser accepts and Kubernetes does not', () => {
    expect(cronScheduleProblem('0 0 L * *')).toMatch(/^'0 0 L \* \*' has 'L' as its day of month, which Kubernetes' cron syntax does not accept \(no L, W, # or H/);
    expect(cronScheduleProblem('0 0 1W * *')).toMatch(/has '1W' as its day of month/);
    expect(cronScheduleProblem('0 3 * * 1#2')).toMatch(/has '1#2' as its day of week/);
    expect(cronScheduleProblem('H 3 * * *')).toMatch(/has 'H' as its minute/);
    expect(cronScheduleProblem('0 3 * jan mon')).toBeUndefined();
    expect(cronScheduleProblem('0 3 * mon *')).toMatch(/has 'mon' as its month/);
  });

  it('fails when the day of week is 7 (robfig/cron counts 0-6)', () => {
    expect(cronScheduleProblem('0 3 * * 7')).toMatch(/^'0 3 \* \* 7' has '7' as its day of week, and Kubernetes counts days of the week 0-6 \(0 is Sunday; 7 is rejected\)/);
    expect(cronScheduleProblem('0 3 * * 5-7')).toMatch(/Kubernetes counts days of the week 0-6/);
  });

  it('fails when a time zone is set inside the schedule', () => {
    expect(cronScheduleProblem('CRON_TZ=UTC 0 3 * * *')).toBe('\'CRON_TZ=UTC 0 3 * * *\' sets a time zone inside the schedule, which Kubernetes rejects: remove \'TZ=...\'/\'CRON_TZ=...\' and set timeZone instead');
  });

  it('fails when a macro is not one Kubernetes documents, or the schedule is empty', () => {
    expect(cronScheduleProblem('@every 1h')).toMatch(/^'@every 1h' is not a schedule macro Kubernetes documents \(@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly\)/);
    expect(cronScheduleProblem('  ')).toMatch(/^is empty: write five fields/);
  });

  it('fails when a range, step or value is invalid, with the parser\'s reason', () => {
    expect(cronScheduleProblem('61 * * * *')).toMatch(/^'61 \* \* \* \*' is not a valid schedule \(Constraint error, got value 61 expected range 0-59\)/);
    expect(cronScheduleProblem('*/0 * * * *')).toMatch(/is not a valid schedule \(.*0.*\)/);
    expect(cronScheduleProblem('5-1 * * * *')).toMatch(/is not a valid schedule \(Invalid range: 5-1/);
  });

  it('fails when the schedule can never run (30 February)', () => {
    expect(cronScheduleProblem('0 0 30 2 *')).toMatch(/^'0 0 30 2 \*' never runs: none of its months has that day of month/);
  });
});

describe('timeZoneProblem', () => {
  it('accepts IANA names', () => {
    for (const tz of ['Europe/Berlin', 'Etc/UTC', 'America/Argentina/Buenos_Aires', 'UTC']) expect(timeZoneProblem(tz)).toBeUndefined();
  });

  it('fails when the zone is Local, empty or unknown', () => {
    expect(timeZoneProblem('Local')).toBe('\'Local\' is not an explicit time zone: use an IANA time zone name, like \'Europe/Berlin\' or \'Etc/UTC\'');
    expect(timeZoneProblem('')).toMatch(/is not an explicit time zone/);
    expect(timeZoneProblem('Europe/Pariss')).toBe('\'Europe/Pariss\' is not a known time zone: use an IANA time zone name, like \'Europe/Berlin\' or \'Etc/UTC\'');
  });
});

describe('bucketNameProblem (Amazon S3 general purpose bucket naming rules)', () => {
  it('accepts names of 3 and 63 characters with letters, digits, dots and hyphens', () => {
    for (const b of ['abc', 'a'.repeat(63), 'talos-backups', 'my.backups-2', '1backup9']) expect([b, bucketNameProblem(b)]).toEqual([b, undefined]);
  });

  it('fails when the name has 2 or 64 characters', () => {
    expect(bucketNameProblem('ab')).toBe('\'ab\' is 2 characters long, and bucket names have 3 to 63: write it like \'talos-backups\'');
    expect(bucketNameProblem('a'.repeat(64))).toMatch(/is 64 characters long/);
  });

  it('fails when the name has upper case or underscores, or starts or ends with a symbol', () => {
    expect(bucketNameProblem('Talos')).toMatch(/has characters bucket names cannot have/);
    expect(bucketNameProblem('talos_backups')).toMatch(/has characters bucket names cannot have/);
    expect(bucketNameProblem('-talos')).toBe('\'-talos\' must begin and end with a letter or digit: write it like \'talos-backups\'');
    expect(bucketNameProblem('talos.')).toMatch(/must begin and end with a letter or digit/);
  });

  it('fails when the name has adjacent periods or looks like an IP address', () => {
    expect(bucketNameProblem('a..b')).toMatch(/has two adjacent periods/);
    expect(bucketNameProblem('192.168.5.4')).toBe('\'192.168.5.4\' is formatted as an IP address, which bucket names cannot be: write it like \'talos-backups\'');
  });

  it('fails when the name uses a reserved prefix or suffix', () => {
    for (const b of ['xn--abc', 'sthree-abc', 'amzn-s3-demo-abc']) expect(bucketNameProblem(b)).toMatch(/starts with the reserved prefix/);
    for (const b of ['abc-s3alias', 'abc--ol-s3', 'abc.mrap', 'abc--x-s3', 'abc--table-s3']) expect(bucketNameProblem(b)).toMatch(/ends with the reserved suffix/);
  });
});

describe('endpointProblem (the URL checked whole)', () => {
  it('accepts http(s) base URLs with a port', () => {
    for (const e of ['https://s3.example.com', 'https://s3.example.com/', 'http://minio.minio.svc.cluster.local:9000', 'https://10.0.20.5:9000']) expect([e, endpointProblem(e)]).toEqual([e, undefined]);
  });

  it('fails when the endpoint carries credentials, without quoting them back as fine', () => {
    expect(endpointProblem('https://key:secret@s3.example.com')).toBe('\'https://key:secret@s3.example.com\' carries credentials in the URL, which would be written in clear into the synthesized JSON: remove them and give them with credentials instead');
  });

  it('fails when the endpoint has a path, query or fragment, or is not an http(s) URL', () => {
    expect(endpointProblem('https://s3.example.com/talos-backups')).toMatch(/has a path, query or fragment: give only scheme, host and port \(the bucket goes in s3.bucket/);
    expect(endpointProblem('https://s3.example.com?region=x')).toMatch(/has a path, query or fragment/);
    expect(endpointProblem('https://s3.example.com#')).toMatch(/has a path, query or fragment/);
    expect(endpointProblem('s3.example.com')).toMatch(/^'s3.example.com' is not a URL/);
    expect(endpointProblem('ftp://s3.example.com')).toMatch(/is not an http\(s\) URL/);
    expect(endpointProblem(' https://s3.example.com')).toMatch(/has white space/);
  });
});

describe('keyPrefixProblem', () => {
  it('accepts segments of safe characters', () => {
    expect(keyPrefixProblem('clusters/home-ops')).toBeUndefined();
  });

  it('fails when the prefix has leading, trailing or double slashes, dot segments or unsafe characters', () => {
    for (const p of ['/clusters', 'clusters/', 'a//b', 'a/../b']) expect(keyPrefixProblem(p)).toMatch(/has an empty, '\.' or '\.\.' segment/);
    expect(keyPrefixProblem('a b')).toMatch(/has characters outside S3's safe set/);
    expect(keyPrefixProblem('')).toMatch(/^is empty: leave prefix out to use the cluster name/);
  });
});

describe('ageRecipientProblem (age X25519 recipients, as talos-backup parses them)', () => {
  it('accepts the upstream sample recipient and any bech32 age key of 32 bytes', () => {
    expect(ageRecipientProblem(UPSTREAM_RECIPIENT)).toBeUndefined();
    expect(ageRecipientProblem(recipientOf('age', 32))).toBeUndefined();
  });

  it('fails when the checksum is wrong', () => {
    const broken = `${UPSTREAM_RECIPIENT.slice(0, -1)}x`;
    expect(ageRecipientProblem(broken)).toBe(`'${broken}' is not an age recipient (not bech32, or its checksum is wrong): give the public key that 'age-keygen -y key.txt' prints, starting 'age1'`);
  });

  it('fails when the key is not 32 bytes', () => {
    expect(ageRecipientProblem(recipientOf('age', 31))).toMatch(/does not hold a 32-byte X25519 key/);
    expect(ageRecipientProblem(recipientOf('age', 33))).toMatch(/does not hold a 32-byte X25519 key/);
  });

  it('fails when it is a private key, without repeating it', () => {
    const identity = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';
    const message = ageRecipientProblem(identity) as string;
    expect(message).toMatch(/^is an age private key \(identity\), not a recipient: .*treat it as leaked/);
    expect(message).not.toContain('QQQQ');
  });

  it('fails when it is an SSH key or a plugin recipient, which talos-backup cannot encrypt to', () => {
    expect(ageRecipientProblem('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA')).toMatch(/is an SSH public key, and talos-backup only encrypts to native age X25519 recipients/);
    expect(ageRecipientProblem(recipientOf('age1yubikey', 33))).toMatch(/is an age plugin recipient \('age1yubikey1\.\.\.'\)/);
    expect(ageRecipientProblem(` ${UPSTREAM_RECIPIENT}`)).toMatch(/has white space around it/);
  });
});

describe('etcdBackupProblems', () => {
  it('accepts the examples', () => {
    expect(problems(GARAGE)).toEqual([]);
    expect(problems(AWS)).toEqual([]);
  });

  it('reports every problem at once, each with its path', () => {
    const bad: EtcdBackupOptions = {
      schedule: '0 3 * * 7',
      timeZone: 'Local',
      s3: { bucket: 'Talos', region: 'eu-central-1', endpoint: 'https://s3.example.com/x', prefix: '/x' },
      credentials: S3Credentials.fromSensitiveValues({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'hunter2' }),
      ageRecipient: 'age1nope',
      namespace: 'kube-system',
    };
    expect(problems(bad).map((p) => p.split(' ')[0])).toEqual([
      'etcdBackups.schedule', 'etcdBackups.timeZone', 'etcdBackups.s3.bucket', 'etcdBackups.s3.endpoint', 'etcdBackups.s3.prefix',
      'etcdBackups.ageRecipient', 'etcdBackups.namespace', 'etcdBackups.credentials.accessKeyId', 'etcdBackups.credentials.secretAccessKey',
    ]);
  });

  it('fails when credentials are literal values, and never quotes them', () => {
    const literal = { ...GARAGE, credentials: S3Credentials.fromSensitiveValues({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'hunter2' }) };
    const found = problems(literal);
    expect(found).toHaveLength(2);
    expect(found[1]).toMatch(/^etcdBackups.credentials.secretAccessKey is a literal value, so the S3 secret access key would be written in clear into the synthesized JSON.*pass the value of a TerraformVariable declared with sensitive: true/);
    expect(found.join('\n')).not.toMatch(/hunter2|AKIAEXAMPLE/);
    expect(problems({ ...GARAGE, credentials: S3Credentials.fromSensitiveValues({ accessKeyId: ACCESS_KEY, secretAccessKey: '' }) })).toEqual([
      'etcdBackups.credentials.secretAccessKey is empty: give the S3 secret access key as the value of a TerraformVariable declared with sensitive: true',
    ]);
  });

  it('fails when the region is not an AWS region and no endpoint is set', () => {
    expect(problems({ ...AWS, s3: { ...AWS.s3, region: 'garage' } })).toEqual([
      'etcdBackups.s3.region \'garage\' is not an AWS region, and without s3.endpoint the snapshots go to AWS S3: write an AWS region like \'eu-central-1\', or set s3.endpoint to your S3-compatible service',
    ]);
    expect(problems({ ...GARAGE, s3: { ...GARAGE.s3, region: 'us east' } })[0]).toMatch(/^etcdBackups.s3.region 'us east' is not a region name/);
  });

  it('fails when path style is set without an endpoint', () => {
    expect(problems({ ...AWS, s3: { ...AWS.s3, pathStyle: true } })).toEqual([
      'etcdBackups.s3.pathStyle is true, but talos-backup applies path style only to a custom endpoint (pkg/s3/s3.go): remove pathStyle, or set s3.endpoint',
    ]);
  });

  it('fails when the namespace is shared with other workloads (kube-system, default)', () => {
    for (const namespace of ['kube-system', 'default']) {
      expect(problems({ ...GARAGE, namespace })).toEqual([
        `etcdBackups.namespace '${namespace}' is shared with other workloads, and the namespace is granted Talos API access: every pod there could obtain etcd snapshots (the whole cluster's secrets); use a namespace of its own, like 'talos-backup'`,
      ]);
    }
  });

  it('fails when the image is not pinned, or its USE_PATH_STYLE was not read and a custom endpoint needs it', () => {
    expect(problems({ ...AWS, imageTag: 'latest' })[0]).toMatch(/^etcdBackups.imageTag 'latest' is not an exact image tag .*like 'v0.1.0-beta.3'/);
    expect(problems({ ...AWS, imageTag: 'v0.1.0' })).toEqual([]);
    expect(problems({ ...GARAGE, imageTag: 'v0.1.0' })).toEqual([
      'etcdBackups.imageTag \'v0.1.0\' is a talos-backup release whose USE_PATH_STYLE the library has not read (it flipped meaning after v0.1.0-beta.3, siderolabs/talos-backup#62), so the path style of a custom endpoint would be a guess: use \'v0.1.0-beta.3\', or AWS S3 without s3.endpoint',
    ]);
  });

  it('fails when the S3 Secret would take the name of the Secret Talos writes', () => {
    expect(problems({ ...AWS, credentials: S3Credentials.fromSecret('talos-backup') })).toEqual([
      'etcdBackups.credentials.secretName \'talos-backup\' is the Secret Talos writes for the job\'s Talos ServiceAccount, and Talos refuses to touch a Secret it does not own: name the S3 Secret differently, like \'talos-backup-s3\'',
    ]);
  });

  it('fails when a Secret name or key is invalid', () => {
    expect(problems({ ...AWS, credentials: S3Credentials.fromSecret('S3_Keys', { secretAccessKey: 'secret key' }) })).toEqual([
      'etcdBackups.credentials.secretName \'S3_Keys\' is not a valid object name: at most 253 characters, lower-case letters, digits, \'-\' and \'.\', starting and ending alphanumeric, like \'talos-backup-s3\' (it names a Secret)',
      'etcdBackups.credentials.keys.secretAccessKey \'secret key\' is not a Secret key: at most 253 letters, digits, \'-\', \'_\' and \'.\', like \'AWS_SECRET_ACCESS_KEY\'',
    ]);
  });

  it('skips values not known until apply', () => {
    const tokens = { ...GARAGE, s3: { bucket: '${var.bucket}', region: '${var.region}', endpoint: '${var.endpoint}' }, ageRecipient: '${var.age}' };
    expect(problems(tokens)).toEqual([]);
  });
});

describe('the Talos ServiceAccount', () => {
  it('asks for role os:etcd:backup only, in the backup namespace, and validates against Talos\' CRD', () => {
    const sa = renderTalosServiceAccount(GARAGE);
    expect(sa).toEqual({ apiVersion: 'talos.dev/v1alpha1', kind: 'ServiceAccount', metadata: { name: 'talos-backup', namespace: 'talos-backup' }, spec: { roles: ['os:etcd:backup'] } });
    expect(customResourceErrors(sa)).toEqual([]);
    expect(customResourceErrors({ ...sa, spec: { role: ['os:etcd:backup'] } })).toEqual(['ServiceAccount/talos-backup/spec must NOT have additional properties {"additionalProperty":"role"}']);
  });

  it('is granted by exactly the access the cluster side renders for its namespace', () => {
    const sa = renderTalosServiceAccount(AWS);
    const roles = (sa.spec as { roles: string[] }).roles;
    const needs = { role: roles[0], namespace: sa.metadata.namespace as string };
    expect(roles).toHaveLength(1);
    expect(missingTalosApiAccessProblems([{ hostname: 'cp1', access: etcdBackupApiAccess('etcd-backup') }], needs, 'etcdBackups')).toEqual([]);
    expect(missingTalosApiAccessProblems([{ hostname: 'cp1', access: etcdBackupApiAccess('talos-backup') }], needs, 'etcdBackups')).toHaveLength(1);
  });
});

describe('the backup CronJob', () => {
  const expected: ICronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'talos-backup', namespace: 'talos-backup' },
    spec: {
      schedule: '0 */6 * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{
                name: 'talos-backup',
                image: 'ghcr.io/siderolabs/talos-backup:v0.1.0-beta.3',
                command: ['/talos-backup'],
                workingDir: '/tmp',
                env: [
                  { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'talos-backup-s3', key: 'AWS_ACCESS_KEY_ID' } } },
                  { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'talos-backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } } },
                  { name: 'AWS_REGION', value: 'garage' },
                  { name: 'BUCKET', value: 'talos-backups' },
                  { name: 'CLUSTER_NAME', value: 'home-ops' },
                  { name: 'S3_PREFIX', value: 'home-ops' },
                  { name: 'AGE_X25519_PUBLIC_KEY', value: UPSTREAM_RECIPIENT },
                  { name: 'CUSTOM_S3_ENDPOINT', value: 'http://garage.storage.svc.cluster.local:3900' },
                  { name: 'USE_PATH_STYLE', value: 'false' },
                ],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                volumeMounts: [
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'talos-secrets', mountPath: '/var/run/secrets/talos.dev', readOnly: true },
                ],
              }],
              volumes: [
                { name: 'tmp', emptyDir: {} },
                { name: 'talos-secrets', secret: { secretName: 'talos-backup' } },
              ],
            },
          },
        },
      },
    },
  };

  it('renders the job for Garage (typed against the Kubernetes API, so a misspelled field fails the type-check)', () => {
    expect(renderBackupCronJob(GARAGE, 'home-ops')).toEqual(expected);
  });

  it('validates against the Kubernetes 1.27 API schema (kubernetes-models)', () => {
    expect(() => new CronJob(renderBackupCronJob(GARAGE, 'home-ops') as ICronJob).validate()).not.toThrow();
    expect(() => new CronJob(renderBackupCronJob(AWS, 'homelab') as ICronJob).validate()).not.toThrow();
    expect(() => new CronJob({ ...expected, spec: { ...expected.spec!, schedule: 3 as unknown as string } }).validate()).toThrow(/schedule must be string/);
  });

  it('is admitted in a namespace that enforces restricted (no host access needed), so the namespace is not privileged', () => {
    const pod = (renderBackupCronJob(GARAGE, 'home-ops').spec as any).jobTemplate.spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(BACKUP_POD_SECURITY).toBe('restricted');
    expect(restrictedViolations({ ...pod, volumes: [...pod.volumes, { name: 'etcd', hostPath: { path: '/var/lib/etcd' } }] })).toEqual(['hostPathVolumes', 'volumeTypes (etcd)']);
  });

  it('turns path style on with USE_PATH_STYLE=false, as v0.1.0-beta.3 reads it (inverted), and off with true', () => {
    const env = (o: EtcdBackupOptions): Record<string, string> => Object.fromEntries(((renderBackupCronJob(o, 'c').spec as any).jobTemplate.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>)
      .filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
    expect(env(GARAGE).USE_PATH_STYLE).toBe('false');
    expect(env({ ...GARAGE, s3: { ...GARAGE.s3, pathStyle: false } }).USE_PATH_STYLE).toBe('true');
    expect(env(AWS)).toEqual({ AWS_REGION: 'eu-central-1', BUCKET: 'homelab-etcd', CLUSTER_NAME: 'c', S3_PREFIX: 'clusters/homelab', AGE_X25519_PUBLIC_KEY: UPSTREAM_RECIPIENT });
  });

  it('reads an existing Secret under its own keys, and carries the time zone and namespace', () => {
    const spec = renderBackupCronJob(AWS, 'homelab').spec as any;
    expect(spec.timeZone).toBe('Europe/Berlin');
    expect(spec.schedule).toBe('0 */6 * * *');
    expect(spec.jobTemplate.spec.template.spec.containers[0].env.slice(0, 2)).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'aws-backup-keys', key: 'id' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws-backup-keys', key: 'secret' } } },
    ]);
    expect(renderBackupCronJob(AWS, 'homelab').metadata.namespace).toBe('etcd-backup');
  });

  it('pins the image to the tag whose sources were read', () => {
    expect(TALOS_BACKUP_IMAGE).toEqual({ repository: 'ghcr.io/siderolabs/talos-backup', tag: 'v0.1.0-beta.3' });
    expect((renderBackupCronJob({ ...AWS, imageTag: 'v0.1.0-beta.2' }, 'c').spec as any).jobTemplate.spec.template.spec.containers[0].image).toBe('ghcr.io/siderolabs/talos-backup:v0.1.0-beta.2');
  });
});

describe('credentials never in the rendered objects', () => {
  it('keeps sensitive values out of the manifests and in the Secret the platform creates', () => {
    const manifests = JSON.stringify(renderEtcdBackupResources(GARAGE, 'home-ops'));
    expect(manifests).not.toContain(ACCESS_KEY);
    expect(manifests).not.toContain(SECRET_KEY);
    expect(backupCredentialsSecret(GARAGE)).toEqual({
      name: 'talos-backup-s3', namespace: 'talos-backup', sensitiveData: { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY },
    });
  });

  it('creates no Secret for one made out of band', () => {
    expect(backupCredentialsSecret(AWS)).toBeUndefined();
  });

  it('renders the ServiceAccount before the CronJob', () => {
    expect(renderEtcdBackupResources(AWS, 'homelab').map((m) => `${m.apiVersion}/${m.kind}`)).toEqual(['talos.dev/v1alpha1/ServiceAccount', 'batch/v1/CronJob']);
  });
});
