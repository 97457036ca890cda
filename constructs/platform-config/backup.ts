/**
 * Scheduled etcd backups with siderolabs/talos-backup: the options in the users' vocabulary, the checks that run
 * before apply, and the Kubernetes objects they render to. Pure functions, no cdktf.
 *
 * How talos-backup works (read at siderolabs/talos-backup v0.1.0-beta.3, the newest tag): one run takes an etcd
 * snapshot through the Talos API (`EtcdSnapshot`, allowed for the role `os:etcd:backup`), encrypts it to one age X25519
 * recipient, and uploads it to S3 as `<S3_PREFIX>/<CLUSTER_NAME>-<RFC 3339 time>.snap.age`. It reads its settings from
 * environment variables only (`pkg/config/service.go`) and its Talos credentials from the talosconfig that Talos
 * writes into a Secret for a `talos.dev/v1alpha1` `ServiceAccount` (mounted at `/var/run/secrets/talos.dev`, the last
 * default path of the Talos client, `pkg/machinery/client/config/path.go`). It needs no host access: the CronJob below
 * satisfies Pod Security `restricted`.
 *
 * Interfaces tagged `@inline` are documented where they are used (typedoc), so the package entry point names only the
 * options and value classes users import.
 */
import { bech32 } from 'bech32';
import { CronExpressionParser } from 'cron-parser';
import { DEFAULT_ETCD_BACKUP_NAMESPACE, ETCD_BACKUP_ROLE, Problem } from '../machine-config';
import { containsToken, IsUnresolved, secretKeyProblem, secretNameProblems, sensitiveValueProblems, SensitiveSecret } from './credentials';
import { KubernetesManifest } from './manifest';
import { dnsLabelProblem, isPinnedVersion, PodSecurityLevel, SYSTEM_NAMESPACES } from './values';

/**
 * The talos-backup image. Source: siderolabs/talos-backup `Makefile` at v0.1.0-beta.3 (`REGISTRY ?= ghcr.io`,
 * `USERNAME ?= siderolabs`, image name `talos-backup`, tag from `git describe`).
 */
export const TALOS_BACKUP_IMAGE = { repository: 'ghcr.io/siderolabs/talos-backup', tag: 'v0.1.0-beta.3' } as const;

/**
 * Releases whose `USE_PATH_STYLE` is inverted: path-style addressing is on when the variable is the string `false`
 * (`UsePathStyle: os.Getenv("USE_PATH_STYLE") == "false"`, `pkg/config/service.go` at v0.1.0-beta.2 and -beta.3), and
 * only with `CUSTOM_S3_ENDPOINT` (`pkg/s3/s3.go`). Later commits dropped the variable and re-added it with the
 * opposite sense (siderolabs/talos-backup#59, #62), so the library renders it only for the releases it has read.
 */
export const INVERTED_PATH_STYLE_TAGS: readonly string[] = ['v0.1.0-beta.2', 'v0.1.0-beta.3'];

/** The namespace the backup job runs in unless the user picks another (the cluster's `etcdBackupAccess` default too). */
export const DEFAULT_BACKUP_NAMESPACE = DEFAULT_ETCD_BACKUP_NAMESPACE;

/** The name of the CronJob, and of the Talos `ServiceAccount` (whose Secret Talos names the same). */
export const BACKUP_JOB_NAME = 'talos-backup';

/**
 * The Pod Security level of the backup namespace: the job runs as a non-root user with every capability dropped, no
 * privilege escalation, the runtime's seccomp profile and only `emptyDir` and Secret volumes, which `restricted`
 * admits (siderolabs/talos-backup `cronjob.sample.yaml` sets the same securityContext).
 */
export const BACKUP_POD_SECURITY: PodSecurityLevel = 'restricted';

/** Where the Talos client in the job finds its talosconfig (`constants.ServiceAccountMountPath`, siderolabs/talos). */
export const TALOS_SECRET_MOUNT_PATH = '/var/run/secrets/talos.dev';

/** The default schedule: every six hours, on the hour. */
export const DEFAULT_BACKUP_SCHEDULE = '0 */6 * * *';

/**
 * The S3 bucket the snapshots go to (AWS S3 or any S3-compatible service: MinIO, Garage, Ceph RGW, R2, B2).
 * @inline
 */
export interface S3BucketOptions {
  /** The bucket, e.g. `talos-backups`. It must exist. */
  readonly bucket: string;
  /**
   * The region the requests are signed for, e.g. `eu-central-1` on AWS, `us-east-1` for MinIO, `garage` for Garage,
   * `auto` for Cloudflare R2.
   */
  readonly region: string;
  /**
   * The service's base URL for S3-compatible storage, e.g. `https://s3.example.com` or
   * `http://minio.minio.svc.cluster.local:9000` (no path: the bucket goes in `bucket`, the key prefix in `prefix`).
   * @default - AWS S3 in `region`
   */
  readonly endpoint?: string;
  /**
   * Address the bucket in the path (`https://s3.example.com/bucket/key`) instead of the host name
   * (`https://bucket.s3.example.com/key`). Self-hosted services (MinIO, Garage) usually need path style.
   * Only meaningful with `endpoint`.
   * @default - true when `endpoint` is set
   */
  readonly pathStyle?: boolean;
  /**
   * Key prefix of the snapshots, e.g. `clusters/homelab`.
   * @default - the cluster name
   */
  readonly prefix?: string;
}

/**
 * Keys of an existing Secret holding S3 credentials.
 * @inline
 */
export interface S3SecretKeys {
  /**
   * The key holding the access key ID.
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyId?: string;
  /**
   * The key holding the secret access key.
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKey?: string;
}

/**
 * S3 credentials given as sensitive references (e.g. sensitive Terraform variables' values).
 * @inline
 */
export interface S3SensitiveValues {
  /** The access key ID: a sensitive reference, never a literal. */
  readonly accessKeyId: string;
  /** The secret access key: a sensitive reference, never a literal. */
  readonly secretAccessKey: string;
  /**
   * The name of the Secret the platform creates from them.
   * @default 'talos-backup-s3'
   */
  readonly secretName?: string;
}

/** How the backup job gets its S3 credentials: never as literal values. */
export class S3Credentials {
  /**
   * An existing Secret in the backup namespace, created out of band (for example
   * `kubectl -n talos-backup create secret generic talos-backup-s3 --from-literal=AWS_ACCESS_KEY_ID=... --from-literal=AWS_SECRET_ACCESS_KEY=...`).
   */
  public static fromSecret(name: string, keys: S3SecretKeys = {}): S3Credentials {
    return new S3Credentials(name, { ...keys }, undefined);
  }

  /**
   * Sensitive references, typically `new TerraformVariable(stack, 's3_secret_access_key', { sensitive: true }).stringValue`:
   * the platform creates the Secret from them, and only the references are synthesized.
   */
  public static fromSensitiveValues(values: S3SensitiveValues): S3Credentials {
    return new S3Credentials(values.secretName ?? 'talos-backup-s3', {}, { ...values });
  }

  private constructor(
    /** The Secret the job reads, existing or created by the platform. */
    public readonly secretName: string,
    /** Its keys, for an existing Secret. */
    public readonly keys: S3SecretKeys,
    /** The sensitive values, when the platform creates the Secret. */
    public readonly sensitiveValues: S3SensitiveValues | undefined,
  ) {}
}

/** Scheduled, encrypted etcd snapshots to S3 (for `platform.addEtcdBackups()` in phase 2). */
export interface EtcdBackupOptions {
  /**
   * When to take a snapshot: Kubernetes CronJob syntax (five fields: minute hour day-of-month month day-of-week, or
   * `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`).
   * @default - every six hours, on the hour
   */
  readonly schedule?: string;
  /**
   * The IANA time zone of the schedule, e.g. `Europe/Berlin`.
   * @default - the time zone of kube-controller-manager (UTC on Talos)
   */
  readonly timeZone?: string;
  /** Where the snapshots go. */
  readonly s3: S3BucketOptions;
  /** The S3 credentials: an existing Secret's name, or sensitive references. */
  readonly credentials: S3Credentials;
  /**
   * The age X25519 public key the snapshots are encrypted to (`age1...`, printed by `age-keygen -y key.txt`). Keep the
   * private key off the cluster: it is what restores a snapshot.
   */
  readonly ageRecipient: string;
  /**
   * The namespace of the job. It is the only namespace granted Talos API access (with role `os:etcd:backup` alone),
   * so give the job a namespace of its own.
   * @default 'talos-backup'
   */
  readonly namespace?: string;
  /**
   * The talos-backup image tag, pinned.
   * @default 'v0.1.0-beta.3'
   */
  readonly imageTag?: string;
}

/** Options of {@link etcdBackupProblems}. */
export interface BackupCheckOptions {
  /** Where the backups were declared, for messages: `etcdBackups`. */
  readonly path: string;
  /** The cluster's name (the snapshot file name and the default key prefix). */
  readonly clusterName: string;
  /**
   * True for values not known until apply (cdktf tokens); those are skipped.
   * @default - strings containing `${`
   */
  readonly isUnresolved?: IsUnresolved;
}

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;

// Descriptors of robfig/cron v3.0.1 `parseDescriptor` (parser.go) as documented for Kubernetes CronJobs. robfig also
// accepts `@every <duration>`, which Kubernetes' documentation does not list; the library does not offer it.
const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const CRON_FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const MONTH_NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$/i;
const DAY_NAMES = /^(sun|mon|tue|wed|thu|fri|sat)$/i;

/**
 * The reason a schedule is not one the Kubernetes API server accepts for a CronJob, or undefined.
 *
 * Kubernetes validates `spec.schedule` with robfig/cron's standard parser and rejects `TZ=`/`CRON_TZ=` in it
 * (kubernetes `pkg/apis/batch/validation/validation.go`, `validateScheduleFormat`; robfig/cron v3.0.1 `parser.go`,
 * `spec.go`): exactly five fields, numbers, `*`, `?`, ranges `a-b`, steps `/n`, lists, month and weekday names, day of
 * week 0-6. cron-parser does the range, step and calendar checks; the shape checks below keep out what it accepts and
 * Kubernetes does not (a sixth seconds field, `L`, `W`, `#`, `H`, day of week 7).
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  const fix = 'write five fields (minute hour day-of-month month day-of-week), like \'0 */6 * * *\' (every six hours) or \'30 2 * * *\' (daily at 02:30), or a macro like \'@daily\'';
  if (text === '') return `is empty: ${fix}`;
  if (text.includes('TZ')) return `${q(schedule)} sets a time zone inside the schedule, which Kubernetes rejects: remove 'TZ=...'/'CRON_TZ=...' and set timeZone instead`;
  if (text.startsWith('@')) {
    if (CRON_MACROS.includes(text)) return undefined;
    return `${q(schedule)} is not a schedule macro Kubernetes documents (${CRON_MACROS.join(', ')}): ${fix}`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) {
    return `${q(schedule)} has ${fields.length} field${fields.length === 1 ? '' : 's'}, and Kubernetes CronJobs take exactly five (no seconds, no year): ${fix}`;
  }
  for (let i = 0; i < 5; i++) {
    const field = fields[i];
    const words = field.split(/[^A-Za-z]+/).filter((w) => w !== '');
    const allowedWord = i === 3 ? MONTH_NAMES : i === 4 ? DAY_NAMES : undefined;
    const stray = words.find((w) => allowedWord === undefined || !allowedWord.test(w));
    if (stray !== undefined || /[^A-Za-z0-9*?,/-]/.test(field)) {
      return `${q(schedule)} has ${q(field)} as its ${CRON_FIELDS[i]}, which Kubernetes' cron syntax does not accept (no L, W, # or H; names only for months and weekdays): ${fix}`;
    }
    if (i === 4 && field.split(/[^0-9]+/).some((n) => n !== '' && Number(n) > 6)) {
      return `${q(schedule)} has ${q(field)} as its day of week, and Kubernetes counts days of the week 0-6 (0 is Sunday; 7 is rejected): ${fix}`;
    }
  }
  try {
    CronExpressionParser.parse(text, { strict: false });
  } catch (e) {
    const reason = (e as Error).message;
    // Kubernetes accepts a day that no month in the schedule has (robfig/cron only checks ranges); the job never runs.
    if (/day of month/i.test(reason)) return `${q(schedule)} never runs: none of its months has that day of month; ${fix}`;
    return `${q(schedule)} is not a valid schedule (${reason}): ${fix}`;
  }
  return undefined;
}

/**
 * The reason a CronJob time zone is invalid, or undefined: Kubernetes rejects `Local` and names outside the IANA
 * database (kubernetes `pkg/apis/batch/validation/validation.go`, `validateTimeZone`); the database here is ICU's.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  const fix = 'use an IANA time zone name, like \'Europe/Berlin\' or \'Etc/UTC\'';
  if (timeZone.trim() === '' || timeZone.toLowerCase() === 'local') return `${q(timeZone)} is not an explicit time zone: ${fix}`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return `${q(timeZone)} is not a known time zone: ${fix}`;
  }
  return undefined;
}

/**
 * The reason a bucket name breaks Amazon S3's general purpose bucket naming rules (which S3-compatible services
 * follow), or undefined. Source: AWS, "General purpose bucket naming rules" (Amazon S3 User Guide).
 */
export function bucketNameProblem(bucket: string): string | undefined {
  const example = 'write it like \'talos-backups\'';
  if (bucket.length < 3 || bucket.length > 63) return `${q(bucket)} is ${bucket.length} characters long, and bucket names have 3 to 63: ${example}`;
  if (!/^[a-z0-9.-]+$/.test(bucket)) return `${q(bucket)} has characters bucket names cannot have (only lower-case letters, digits, '.' and '-'): ${example}`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return `${q(bucket)} must begin and end with a letter or digit: ${example}`;
  if (bucket.includes('..')) return `${q(bucket)} has two adjacent periods, which bucket names cannot have: ${example}`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) return `${q(bucket)} is formatted as an IP address, which bucket names cannot be: ${example}`;
  const prefix = ['xn--', 'sthree-', 'amzn-s3-demo-'].find((p) => bucket.startsWith(p));
  if (prefix) return `${q(bucket)} starts with the reserved prefix ${q(prefix)}: ${example}`;
  const suffix = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].find((s) => bucket.endsWith(s));
  if (suffix) return `${q(bucket)} ends with the reserved suffix ${q(suffix)}: ${example}`;
  return undefined;
}

/** The reason an S3 endpoint is not a whole http(s) base URL without credentials, path, query or fragment, or undefined. */
export function endpointProblem(endpoint: string): string | undefined {
  const fix = 'write the service\'s base URL, like \'https://s3.example.com\' or \'http://minio.minio.svc.cluster.local:9000\'';
  if (endpoint !== endpoint.trim() || /\s/.test(endpoint)) return `${q(endpoint)} has white space: ${fix}`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `${q(endpoint)} is not a URL: ${fix}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${q(endpoint)} is not an http(s) URL: ${fix}`;
  if (url.username !== '' || url.password !== '') {
    return `${q(endpoint)} carries credentials in the URL, which would be written in clear into the synthesized JSON: remove them and give them with credentials instead`;
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || endpoint.endsWith('?') || endpoint.endsWith('#')) {
    return `${q(endpoint)} has a path, query or fragment: give only scheme, host and port (the bucket goes in s3.bucket, the key prefix in s3.prefix); ${fix}`;
  }
  return undefined;
}

/** The reason an S3 key prefix is unsafe, or undefined. Safe characters: AWS, "Naming Amazon S3 objects". */
export function keyPrefixProblem(prefix: string): string | undefined {
  const fix = 'write segments separated by single \'/\', without a leading or trailing \'/\', like \'clusters/homelab\'';
  if (prefix === '') return `is empty: leave prefix out to use the cluster name, or ${fix}`;
  if (!/^[A-Za-z0-9!_.*'()/-]+$/.test(prefix)) return `${q(prefix)} has characters outside S3's safe set (letters, digits, '!', '-', '_', '.', '*', ''', '(', ')' and '/'): ${fix}`;
  if (prefix.split('/').some((s) => s === '' || s === '.' || s === '..')) return `${q(prefix)} has an empty, '.' or '..' segment: ${fix}`;
  return undefined;
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The reason a value is not an age X25519 recipient (`age1` + bech32 of a 32-byte key), or undefined. talos-backup
 * parses it with `age.ParseX25519Recipient` (`pkg/encryption/encryption.go` at v0.1.0-beta.3): SSH and plugin
 * recipients are refused there, and a private key must never be here.
 */
export function ageRecipientProblem(recipient: string): string | undefined {
  const fix = 'give the public key that \'age-keygen -y key.txt\' prints, starting \'age1\'';
  const text = recipient.trim();
  if (/^AGE-SECRET-KEY-1/i.test(text)) {
    return `is an age private key (identity), not a recipient: it would be written in clear into the synthesized JSON, and whoever holds it can decrypt every snapshot; remove it from the code, treat it as leaked, and ${fix}`;
  }
  if (/^(ssh-|ecdsa-)/.test(text)) return `${q(recipient)} is an SSH public key, and talos-backup only encrypts to native age X25519 recipients: ${fix}`;
  if (text !== recipient) return `${q(recipient)} has white space around it: ${fix}`;
  const decoded = bech32.decodeUnsafe(text, 1023);
  if (!decoded) return `${q(recipient)} is not an age recipient (not bech32, or its checksum is wrong): ${fix}`;
  if (decoded.prefix !== 'age') {
    return `${q(recipient)} is an age plugin recipient ('${decoded.prefix}1...'), and talos-backup only encrypts to native X25519 recipients: ${fix}`;
  }
  const key = bech32.fromWordsUnsafe(decoded.words);
  if (key === undefined || key.length !== 32) return `${q(recipient)} does not hold a 32-byte X25519 key: ${fix}`;
  return undefined;
}

function namespaceOf(options: EtcdBackupOptions): string {
  return options.namespace ?? DEFAULT_BACKUP_NAMESPACE;
}

function imageTagOf(options: EtcdBackupOptions): string {
  return options.imageTag ?? TALOS_BACKUP_IMAGE.tag;
}

function pathStyleOf(s3: S3BucketOptions): boolean | undefined {
  return s3.endpoint === undefined ? undefined : s3.pathStyle ?? true;
}

/** Every problem of a backup declaration. Empty when it is fine. */
export function etcdBackupProblems(options: EtcdBackupOptions, check: BackupCheckOptions): Problem[] {
  const problems: Problem[] = [];
  const unresolved = check.isUnresolved ?? containsToken;
  const add = (p: string, message: string | undefined): void => { if (message !== undefined) problems.push({ path: p, message }); };
  const at = (field: string): string => `${check.path}.${field}`;

  const schedule = options.schedule ?? DEFAULT_BACKUP_SCHEDULE;
  if (!unresolved(schedule)) add(at('schedule'), cronScheduleProblem(schedule));
  if (options.timeZone !== undefined && !unresolved(options.timeZone)) add(at('timeZone'), timeZoneProblem(options.timeZone));

  const s3 = options.s3;
  if (!unresolved(s3.bucket)) add(at('s3.bucket'), bucketNameProblem(s3.bucket));
  if (!unresolved(s3.region)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s3.region)) {
      add(at('s3.region'), `${q(s3.region)} is not a region name: write it like 'eu-central-1' (AWS), 'us-east-1' (MinIO) or 'garage' (Garage)`);
    } else if (s3.endpoint === undefined && !AWS_REGION.test(s3.region)) {
      add(at('s3.region'), `${q(s3.region)} is not an AWS region, and without s3.endpoint the snapshots go to AWS S3: write an AWS region like 'eu-central-1', or set s3.endpoint to your S3-compatible service`);
    }
  }
  if (s3.endpoint !== undefined && !unresolved(s3.endpoint)) add(at('s3.endpoint'), endpointProblem(s3.endpoint));
  if (s3.endpoint === undefined && s3.pathStyle !== undefined) {
    add(at('s3.pathStyle'), `is ${s3.pathStyle}, but talos-backup applies path style only to a custom endpoint (pkg/s3/s3.go): remove pathStyle, or set s3.endpoint`);
  }
  if (s3.prefix !== undefined && !unresolved(s3.prefix)) add(at('s3.prefix'), keyPrefixProblem(s3.prefix));

  if (!unresolved(options.ageRecipient)) add(at('ageRecipient'), ageRecipientProblem(options.ageRecipient));

  const namespace = namespaceOf(options);
  if (!unresolved(namespace)) {
    const nsProblem = dnsLabelProblem(namespace, DEFAULT_BACKUP_NAMESPACE);
    add(at('namespace'), nsProblem ? `${nsProblem} (it names the backup namespace)` : undefined);
    if (SYSTEM_NAMESPACES.includes(namespace)) {
      add(at('namespace'), `${q(namespace)} is shared with other workloads, and the namespace is granted Talos API access: every pod there could obtain etcd snapshots (the whole cluster's secrets); use a namespace of its own, like '${DEFAULT_BACKUP_NAMESPACE}'`);
    }
  }

  const tag = imageTagOf(options);
  if (!unresolved(tag)) {
    const pinned = isPinnedVersion(tag);
    if (!pinned) {
      add(at('imageTag'), `${q(tag)} is not an exact image tag (a moving tag like 'latest' changes the job without a change here): pin one release, like '${TALOS_BACKUP_IMAGE.tag}'`);
    }
    if (pinned && s3.endpoint !== undefined && !INVERTED_PATH_STYLE_TAGS.includes(tag)) {
      add(at('imageTag'), `${q(tag)} is a talos-backup release whose USE_PATH_STYLE the library has not read (it flipped meaning after ${TALOS_BACKUP_IMAGE.tag}, siderolabs/talos-backup#62), so the path style of a custom endpoint would be a guess: use ${q(TALOS_BACKUP_IMAGE.tag)}, or AWS S3 without s3.endpoint`);
    }
  }

  const creds = options.credentials;
  problems.push(...secretNameProblems(at('credentials.secretName'), creds.secretName, unresolved));
  if (creds.secretName === BACKUP_JOB_NAME) {
    add(at('credentials.secretName'), `${q(creds.secretName)} is the Secret Talos writes for the job's Talos ServiceAccount, and Talos refuses to touch a Secret it does not own: name the S3 Secret differently, like 'talos-backup-s3'`);
  }
  if (creds.sensitiveValues) {
    problems.push(...sensitiveValueProblems(at('credentials.accessKeyId'), creds.sensitiveValues.accessKeyId, 'the S3 access key ID', unresolved));
    problems.push(...sensitiveValueProblems(at('credentials.secretAccessKey'), creds.sensitiveValues.secretAccessKey, 'the S3 secret access key', unresolved));
  } else {
    for (const [field, key] of Object.entries(creds.keys) as Array<[keyof S3SecretKeys, string | undefined]>) {
      if (key !== undefined && !unresolved(key)) add(at(`credentials.keys.${field}`), secretKeyProblem(key));
    }
  }
  return problems;
}

/**
 * The Talos `ServiceAccount` custom resource (group `talos.dev`, version `v1alpha1`, from Talos' own CRD, siderolabs/talos
 * `internal/app/machined/pkg/controllers/k8s/internal/k8stemplates/crds.go`). Talos' controller answers it with a Secret
 * of the same name and namespace holding a talosconfig (key `config`) whose client certificate carries exactly these
 * roles, renewed before its 6-hour lifetime ends (`kubeaccess/serviceaccount/crd_controller.go`), provided the
 * namespace and the roles are allowed by the control planes' Talos API access.
 */
export function renderTalosServiceAccount(options: EtcdBackupOptions): KubernetesManifest {
  return {
    apiVersion: 'talos.dev/v1alpha1',
    kind: 'ServiceAccount',
    metadata: { name: BACKUP_JOB_NAME, namespace: namespaceOf(options) },
    spec: { roles: [ETCD_BACKUP_ROLE] },
  };
}

/** The Secret the platform creates from sensitive S3 credentials, or undefined for an existing Secret. */
export function backupCredentialsSecret(options: EtcdBackupOptions): SensitiveSecret | undefined {
  const values = options.credentials.sensitiveValues;
  if (!values) return undefined;
  return {
    name: options.credentials.secretName,
    namespace: namespaceOf(options),
    sensitiveData: { AWS_ACCESS_KEY_ID: values.accessKeyId, AWS_SECRET_ACCESS_KEY: values.secretAccessKey },
  };
}

type EnvVar = { name: string; value: string } | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };

/** The job's environment (talos-backup `pkg/config/service.go` and the AWS SDK's `AWS_*` variables). */
function backupEnv(options: EtcdBackupOptions, clusterName: string): EnvVar[] {
  const creds = options.credentials;
  const secretRef = (name: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: creds.secretName, key } } });
  const s3 = options.s3;
  const env: EnvVar[] = [
    secretRef('AWS_ACCESS_KEY_ID', creds.keys.accessKeyId ?? 'AWS_ACCESS_KEY_ID'),
    secretRef('AWS_SECRET_ACCESS_KEY', creds.keys.secretAccessKey ?? 'AWS_SECRET_ACCESS_KEY'),
    { name: 'AWS_REGION', value: s3.region },
    { name: 'BUCKET', value: s3.bucket },
    // The talosconfig of a Talos ServiceAccount names its context `default` (crd_controller.go,
    // `talosconfigContextName`), and talos-backup falls back to the context name: without CLUSTER_NAME every snapshot
    // would be called `default-<time>.snap.age`.
    { name: 'CLUSTER_NAME', value: clusterName },
    { name: 'S3_PREFIX', value: s3.prefix ?? clusterName },
    { name: 'AGE_X25519_PUBLIC_KEY', value: options.ageRecipient },
  ];
  if (s3.endpoint !== undefined) {
    env.push({ name: 'CUSTOM_S3_ENDPOINT', value: s3.endpoint });
    // Inverted in the pinned release: "false" turns path style on (see INVERTED_PATH_STYLE_TAGS).
    env.push({ name: 'USE_PATH_STYLE', value: pathStyleOf(s3) === true ? 'false' : 'true' });
  }
  return env;
}

/**
 * The CronJob that runs talos-backup on the schedule. Its pod uses no host namespace, path or port, runs as user
 * 1000 without privileges or capabilities under the runtime's seccomp profile, mounts only an `emptyDir` (the
 * snapshot's scratch space, the working directory) and the Talos ServiceAccount's Secret, and has no Kubernetes API
 * token (it talks only to the Talos API, through the `talos` Service Talos keeps in `default`).
 */
export function renderBackupCronJob(options: EtcdBackupOptions, clusterName: string): KubernetesManifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: BACKUP_JOB_NAME, namespace: namespaceOf(options) },
    spec: {
      schedule: options.schedule ?? DEFAULT_BACKUP_SCHEDULE,
      ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
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
                image: `${TALOS_BACKUP_IMAGE.repository}:${imageTagOf(options)}`,
                command: ['/talos-backup'],
                workingDir: '/tmp',
                env: backupEnv(options, clusterName),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  runAsNonRoot: true,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                volumeMounts: [
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'talos-secrets', mountPath: TALOS_SECRET_MOUNT_PATH, readOnly: true },
                ],
              }],
              volumes: [
                { name: 'tmp', emptyDir: {} },
                { name: 'talos-secrets', secret: { secretName: BACKUP_JOB_NAME } },
              ],
            },
          },
        },
      },
    },
  };
}

/** The objects of the backups, in the order they are created: the Talos ServiceAccount, then the CronJob. */
export function renderEtcdBackupResources(options: EtcdBackupOptions, clusterName: string): KubernetesManifest[] {
  return [renderTalosServiceAccount(options), renderBackupCronJob(options, clusterName)];
}

/** The API group and version Talos' ServiceAccount CRD serves, once Talos has created it. */
export const TALOS_SERVICE_ACCOUNT_API = 'talos.dev/v1alpha1';

/**
 * A Helm pre-install/pre-upgrade hook that waits until the API server serves Talos' ServiceAccount kind. Talos
 * creates that CRD itself, as bootstrap manifest `13-talos-service-account-crd`, only once the control planes' config
 * enables Kubernetes Talos API access (siderolabs/talos `internal/app/machined/pkg/controllers/k8s/manifest.go`), so on
 * a fresh cluster it can appear after the platform stack starts. Helm resolves every kind of a release before it runs
 * any hook, so the wait is a release of its own, which the release holding the ServiceAccount needs.
 *
 * The Job asks the discovery endpoint `/apis/talos.dev/v1alpha1` (404 until the CRD is established), which every
 * authenticated client may read (Kubernetes' `system:discovery` ClusterRole, bound to `system:authenticated`:
 * `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go`), so it needs no RBAC of its own; the Job's back-off
 * retries it. Its pod satisfies Pod Security `restricted`, like the backup job.
 */
export function talosServiceAccountCrdProbe(releaseName: string, kubernetesVersion: string, namespace: string): KubernetesManifest[] {
  const name = releaseName.slice(0, 63).replace(/-+$/, '');
  return [{
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      annotations: {
        'helm.sh/hook': 'pre-install,pre-upgrade',
        'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      },
    },
    spec: {
      // Back-off 10 s, 20 s, 40 s ... capped at 6 min by Kubernetes; the deadline stays below Helm's 600 s timeout.
      backoffLimit: 10,
      activeDeadlineSeconds: 540,
      template: {
        spec: {
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'probe',
            image: `registry.k8s.io/kubectl:v${kubernetesVersion.replace(/^v/, '')}`,
            args: ['get', '--raw', `/apis/${TALOS_SERVICE_ACCOUNT_API}`],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          }],
        },
      },
    },
  }];
}
