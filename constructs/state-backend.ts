import { DeclarationError, Problem } from './machine-config';
import { checkProps } from './private/contract';
import { recordProblems } from './private/report';
import { HttpBackend, LocalBackend, PgBackend, PgBackendConfig, S3Backend, S3BackendConfig, TerraformBackend, TerraformStack } from 'cdktf';
import { TERRAFORM_FEATURES, TerraformVersion } from './terraform-version';

/** Where Terraform keeps a stack's state. */
export type StateBackendKind = 'local' | 's3' | 'pg' | 'http' | 'custom';

/** Options of {@link StateBackend.s3}. Credentials never go here: Terraform reads them from the environment. */
export interface S3StateOptions {
  /** The bucket that holds the state files, e.g. `homelab-tfstate`. It must exist. */
  readonly bucket: string;
  /**
   * The bucket's region.
   * @default - `AWS_REGION` / `AWS_DEFAULT_REGION` at `terraform init`; `us-east-1` with a custom `endpoint`
   */
  readonly region?: string;
  /**
   * The S3 API endpoint of an S3-compatible store (MinIO, Garage, Ceph RGW, ...), e.g. `https://minio.lan:9000`.
   * Turns on path-style addressing and turns off the AWS-only checks (account id, STS, region names, metadata API).
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * The prefix of every stack's key: the state of stack `s` is `<keyPrefix>/s.tfstate`.
   * @default 'cdktf-talos'
   */
  readonly keyPrefix?: string;
  /**
   * A DynamoDB table (with a `LockID` string key) to lock state with, for Terraform older than 1.10 or stores without
   * conditional writes.
   * @default - S3-native locking: a `.tflock` object beside the state (`use_lockfile`, Terraform >= 1.10)
   */
  readonly dynamodbTable?: string;
  /**
   * Server-side encryption of the state object.
   * @default - true on AWS; false with a custom `endpoint` (most S3-compatible stores refuse it without a KMS)
   */
  readonly encrypt?: boolean;
}

/** Options of {@link StateBackend.pg}. */
export interface PgStateOptions {
  /**
   * A connection string without credentials, e.g. `postgres://db.lan/terraform_state?sslmode=verify-full`; the user
   * and password come from `PGUSER` / `PGPASSWORD` (libpq's variables). A string with a password is rejected.
   * @default - `PG_CONN_STR` at `terraform init` (it may carry credentials: it never reaches the synthesized JSON)
   */
  readonly connStr?: string;
  /**
   * The prefix of each stack's Postgres schema: stack `home-ops` keeps its state in schema `<schemaPrefix>_home_ops`.
   * @default 'cdktf_talos'
   */
  readonly schemaPrefix?: string;
}

/** How an HTTP state server locks (see {@link HttpStateOptions.locking}). Internal: the option spells the choices out. */
type HttpLocking = NonNullable<HttpStateOptions['locking']>;

/** Options of {@link StateBackend.http}. Credentials come from `TF_HTTP_USERNAME` / `TF_HTTP_PASSWORD`. */
export interface HttpStateOptions {
  /** The base address: the state of stack `s` lives at `<address>/s`, e.g. `https://state.lan/terraform`. */
  readonly address: string;
  /**
   * How the server locks state: `gitlab` POSTs and DELETEs `<state address>/lock` (GitLab's Terraform state API);
   * `lock-method` sends LOCK and UNLOCK to the state address (Terraform's defaults); `none` does not lock.
   * @default 'lock-method'
   */
  readonly locking?: 'gitlab' | 'lock-method' | 'none';
}

/** Options of {@link StateBackend.gitlab}. Credentials: `TF_HTTP_USERNAME` (a user name) and `TF_HTTP_PASSWORD` (a token with `api` scope). */
export interface GitLabStateOptions {
  /** The GitLab project's numeric id (Settings > General). */
  readonly projectId: string | number;
  /**
   * The GitLab instance.
   * @default 'https://gitlab.com'
   */
  readonly url?: string;
}

/** The environment variables {@link StateBackend.fromEnvironment} reads. */
export const STATE_BACKEND_VARIABLES = {
  backend: 'CDKTF_TALOS_BACKEND',
  s3Bucket: 'CDKTF_TALOS_S3_BUCKET',
  s3Region: 'CDKTF_TALOS_S3_REGION',
  s3Endpoint: 'CDKTF_TALOS_S3_ENDPOINT',
  s3KeyPrefix: 'CDKTF_TALOS_S3_KEY_PREFIX',
  s3DynamodbTable: 'CDKTF_TALOS_S3_DYNAMODB_TABLE',
  pgSchemaPrefix: 'CDKTF_TALOS_PG_SCHEMA_PREFIX',
  httpAddress: 'CDKTF_TALOS_HTTP_ADDRESS',
  httpLocking: 'CDKTF_TALOS_HTTP_LOCKING',
  gitlabProject: 'CDKTF_TALOS_GITLAB_PROJECT',
  gitlabUrl: 'CDKTF_TALOS_GITLAB_URL',
} as const;

const KINDS_FROM_ENV = ['local', 's3', 'pg', 'http', 'gitlab'] as const;
const HTTP_LOCKING: readonly HttpLocking[] = ['gitlab', 'lock-method', 'none'];

/** The S3 backend settings cdktf 0.21's types lack (`use_lockfile` arrived in Terraform 1.10). */
interface S3Settings extends S3BackendConfig {
  readonly useLockfile?: boolean;
}

/**
 * Where the stacks keep their Terraform state: a small value object a stack binds once with `bind(this)`.
 *
 * Local state is the default (one machine, zero set-up). Teams pick a shared backend with locking: an S3-compatible
 * bucket, PostgreSQL or an HTTP state server such as GitLab's. Only non-secret settings (bucket, key, addresses) reach
 * the synthesized JSON; Terraform reads credentials from the environment at `terraform init`. Every stack bound to the
 * same backend gets its own state (key, schema or address named after the stack), and cross-stack references read it
 * back through a `terraform_remote_state` with the same settings.
 *
 * @example
 * StateBackend.s3({ bucket: 'homelab-tfstate', endpoint: 'https://minio.lan:9000' }).bind(stack);
 */
export class StateBackend {
  /**
   * Local state: `terraform.<stack>.tfstate` at the project root. The path is relative to the directory Terraform
   * runs in (`cdktf.out/stacks/<stack>`), so the synthesized JSON is the same on every machine and every stack's
   * `terraform_remote_state` resolves to the same file.
   */
  public static local(): StateBackend {
    return new StateBackend('local', (stack, name) => new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` }));
  }

  /** An S3 bucket (AWS or S3-compatible) with locking. Credentials: `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (or `AWS_PROFILE`). */
  public static s3(options: S3StateOptions): StateBackend {
    return checked('S3StateOptions', options, 'StateBackend.s3', () => {
      const where = 'StateBackend.s3';
      requireText(options.bucket, `${where}.bucket`, "the bucket's name, e.g. 'homelab-tfstate'");
      if (options.endpoint !== undefined) requireUrl(options.endpoint, `${where}.endpoint`);
      const keyPrefix = trimSlashes(options.keyPrefix ?? 'cdktf-talos');
      const custom = options.endpoint !== undefined;
      return new StateBackend('s3', (stack, name) => {
        const settings: S3Settings = {
          bucket: options.bucket,
          key: keyPrefix === '' ? `${name}.tfstate` : `${keyPrefix}/${name}.tfstate`,
          region: options.region ?? (custom ? 'us-east-1' : undefined),
          encrypt: options.encrypt ?? !custom,
          ...(options.dynamodbTable !== undefined ? { dynamodbTable: options.dynamodbTable } : { useLockfile: true }),
          ...(custom
            ? {
              endpoints: { s3: options.endpoint },
              usePathStyle: true,
              skipCredentialsValidation: true,
              skipRegionValidation: true,
              skipRequestingAccountId: true,
              skipMetadataApiCheck: true,
              skipS3Checksum: true,
            }
            : {}),
        };
        const backend = new S3Backend(stack, withoutUndefined(settings));
        if (settings.useLockfile === true) {
          TerraformVersion.require(stack, TERRAFORM_FEATURES.s3NativeLocking);
          // cdktn (the maintained cdktf fork) checks that the project's declared `targetVersions` all have S3-native
          // locking (cdktn 0.24 lib/backends/s3-backend.js); its default targets (Terraform >= 1.5.7, OpenTofu >= 1.6)
          // do not. The stack's required_version (>= 1.10.0) already rules older releases out, so declare that for this
          // backend unless the project declared targets of its own. cdktf 0.21 reads no such context.
          if (backend.node.tryGetContext('targetVersions') === undefined) {
            backend.node.setContext('targetVersions', { terraform: '>=1.10.0', opentofu: '>=1.10.0' });
          }
        }
        return backend;
      });
    });
  }

  /** A PostgreSQL database (the `pg` backend, which locks with advisory locks); one schema per stack. */
  public static pg(options: PgStateOptions = {}): StateBackend {
    return checked('PgStateOptions', options, 'StateBackend.pg', () => {
      const where = 'StateBackend.pg';
      if (options.connStr !== undefined && carriesPassword(options.connStr)) {
        fail(`${where}.connStr`, `'${redact(options.connStr)}' carries a password: remove it and set PGPASSWORD (or the whole string in PG_CONN_STR) in the environment, so no credential reaches the synthesized JSON`);
      }
      const prefix = options.schemaPrefix ?? 'cdktf_talos';
      return new StateBackend('pg', (stack, name) => {
        const settings = withoutUndefined({ connStr: options.connStr, schemaName: pgIdentifier(`${prefix}_${name}`) });
        // connStr is optional for Terraform (PG_CONN_STR), though cdktf's type requires it.
        return new PgBackend(stack, settings as PgBackendConfig);
      });
    });
  }

  /** An HTTP state server (the `http` backend). Credentials: `TF_HTTP_USERNAME` / `TF_HTTP_PASSWORD`. */
  public static http(options: HttpStateOptions): StateBackend {
    return checked('HttpStateOptions', options, 'StateBackend.http', () => {
      const where = 'StateBackend.http';
      requireUrl(options.address, `${where}.address`);
      const locking = options.locking ?? 'lock-method';
      if (!HTTP_LOCKING.includes(locking)) {
        fail(`${where}.locking`, `'${String(locking)}' is not a locking style: use one of ${HTTP_LOCKING.join(', ')}`);
      }
      const base = options.address.replace(/\/+$/, '');
      return new StateBackend('http', (stack, name) => {
        const address = `${base}/${encodeURIComponent(name)}`;
        const lock = locking === 'gitlab'
          ? { lockAddress: `${address}/lock`, lockMethod: 'POST', unlockAddress: `${address}/lock`, unlockMethod: 'DELETE', retryWaitMin: 5 }
          : locking === 'lock-method'
            ? { lockAddress: address, unlockAddress: address }
            : {};
        return new HttpBackend(stack, { address, ...lock });
      });
    });
  }

  /** GitLab's Terraform state API: one GitLab-managed state per stack, named after it, with locking. */
  public static gitlab(options: GitLabStateOptions): StateBackend {
    return checked('GitLabStateOptions', options, 'StateBackend.gitlab', () => {
      requireText(String(options.projectId), 'StateBackend.gitlab.projectId', "the project's numeric id, e.g. 12345678");
      const url = (options.url ?? 'https://gitlab.com').replace(/\/+$/, '').replace(/\/api\/v4$/, '');
      return StateBackend.http({
        address: `${url}/api/v4/projects/${encodeURIComponent(String(options.projectId))}/terraform/state`,
        locking: 'gitlab',
      });
    });
  }

  /**
   * Any other cdktf backend (GCS, Azure, Consul, Terraform Cloud, ...): `create` makes it in the stack it is given.
   *
   * @example
   * StateBackend.custom((stack) => new GcsBackend(stack, { bucket: 'tfstate', prefix: stack.node.id }));
   */
  public static custom(create: (stack: TerraformStack) => TerraformBackend): StateBackend {
    return new StateBackend('custom', (stack) => create(stack));
  }

  /**
   * The backend the environment names, for apps and CI: `CDKTF_TALOS_BACKEND` is `local` (or unset), `s3`, `pg`,
   * `http` or `gitlab`, and each takes its settings from the variables in `STATE_BACKEND_VARIABLES` (the table in the README):
   * - `s3`: `CDKTF_TALOS_S3_BUCKET` (required), `CDKTF_TALOS_S3_REGION`, `CDKTF_TALOS_S3_ENDPOINT`,
   *   `CDKTF_TALOS_S3_KEY_PREFIX`, `CDKTF_TALOS_S3_DYNAMODB_TABLE`;
   * - `pg`: `CDKTF_TALOS_PG_SCHEMA_PREFIX` (the connection string comes from `PG_CONN_STR` at `terraform init`);
   * - `http`: `CDKTF_TALOS_HTTP_ADDRESS` (required), `CDKTF_TALOS_HTTP_LOCKING`;
   * - `gitlab`: `CDKTF_TALOS_GITLAB_PROJECT` and `CDKTF_TALOS_GITLAB_URL`, defaulting to GitLab CI's `CI_PROJECT_ID`
   *   and `CI_SERVER_URL`.
   * Credentials are never read here: Terraform takes them from its own variables.
   */
  public static fromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): StateBackend {
    return checked(undefined, undefined, 'fromEnvironment', () => {
      const v = STATE_BACKEND_VARIABLES;
      const get = (name: string): string | undefined => {
        const value = env[name]?.trim();
        return value === undefined || value === '' ? undefined : value;
      };
      const required = (name: string, kind: string, example: string): string => {
        const value = get(name);
        if (value === undefined) fail(name, `is missing, and ${v.backend}=${kind} needs it: set it to ${example}`);
        return value;
      };
      const kind = get(v.backend) ?? 'local';
      switch (kind as (typeof KINDS_FROM_ENV)[number]) {
        case 'local':
          return StateBackend.local();
        case 's3':
          return StateBackend.s3({
            bucket: required(v.s3Bucket, 's3', "the bucket's name, e.g. homelab-tfstate"),
            region: get(v.s3Region),
            endpoint: get(v.s3Endpoint),
            keyPrefix: get(v.s3KeyPrefix),
            dynamodbTable: get(v.s3DynamodbTable),
          });
        case 'pg':
          return StateBackend.pg({ schemaPrefix: get(v.pgSchemaPrefix) });
        case 'http':
          return StateBackend.http({
            address: required(v.httpAddress, 'http', 'the base URL of the state server, e.g. https://state.lan/terraform'),
            locking: get(v.httpLocking) as HttpLocking | undefined,
          });
        case 'gitlab':
          return StateBackend.gitlab({
            projectId: get(v.gitlabProject) ?? required('CI_PROJECT_ID', 'gitlab', `the project's numeric id (as ${v.gitlabProject})`),
            url: get(v.gitlabUrl) ?? get('CI_SERVER_URL'),
          });
        default:
          return fail(v.backend, `'${kind}' is not a state backend: use one of ${KINDS_FROM_ENV.join(', ')}`);
      }
    });
  }

  private constructor(
    /** Which kind of backend this is. */
    public readonly kind: StateBackendKind,
    private readonly create: (stack: TerraformStack, stackName: string) => TerraformBackend,
    private readonly problems: readonly Problem[] = [],
  ) {}

  /**
   * A backend whose settings have problems: binding it reports them with the app's other problems (and binds local
   * state, which is never synthesized).
   * @internal
   */
  public static _rejected(problems: readonly Problem[]): StateBackend {
    return new StateBackend('local', (stack, name) => new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` }), problems);
  }

  /**
   * Makes this backend the stack's backend (once per stack); the stack's id names its state. A backend made from
   * settings with problems reports them here, with the app's other problems.
   */
  public bind(stack: TerraformStack): TerraformBackend {
    if (this.problems.length > 0) recordProblems(stack, this.problems);
    return this.create(stack, stack.node.id);
  }
}

/**
 * Builds a backend from options that passed the contract; a problem found on the way (see `fail`) makes a rejected
 * backend, which reports it when bound to a stack.
 */
function checked(root: 'S3StateOptions' | 'PgStateOptions' | 'HttpStateOptions' | 'GitLabStateOptions' | undefined, options: unknown, path: string, build: () => StateBackend): StateBackend {
  if (root !== undefined) {
    const check = checkProps(root, options, path);
    if (check.problems.length > 0 || check.ranges.length > 0) return StateBackend._rejected([...check.problems, ...check.ranges]);
  }
  try {
    return build();
  } catch (err) {
    if (err instanceof DeclarationError) return StateBackend._rejected(err.problems);
    throw err;
  }
}

/** Fails with one problem of a state backend's settings. */
function fail(path: string, message: string): never {
  throw new DeclarationError([{ path, message }], 'state backend');
}

function requireText(value: string | undefined, path: string, example: string): void {
  if (value === undefined || value.trim() === '') fail(path, `'${value ?? ''}' is empty: give ${example}`);
}

function requireUrl(value: string, path: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    fail(path, `'${value}' is not an http(s) URL: write it like 'https://state.example.com'`);
  }
  if (url.username !== '' || url.password !== '') {
    fail(path, `'${redact(value)}' carries credentials: remove them and set them in the environment instead`);
  }
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}

/** True when a libpq connection string (URL or key=value form) contains a password. */
function carriesPassword(connStr: string): boolean {
  if (/^postgres(ql)?:\/\//i.test(connStr)) {
    try {
      const url = new URL(connStr);
      return url.password !== '' || url.searchParams.has('password');
    } catch {
      return /:\/\/[^/@]*:[^/@]*@/.test(connStr);
    }
  }
  return /(^|\s)password\s*=/i.test(connStr);
}

function redact(text: string): string {
  return text.replace(/(:\/\/)[^/@]*@/, '$1***@').replace(/(password\s*=\s*)\S+/gi, '$1***');
}

/** A Postgres identifier that needs no quoting: lower case letters, digits and `_`. */
function pgIdentifier(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
