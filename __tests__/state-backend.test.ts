import { GcsBackend, Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { FirstContact, InstallDisk, StateBackend, TalosCluster } from '../constructs';
import { addExampleStacks } from '../stacks';
import { synthApp, synthError, synthJson, testStack } from './helpers/synth';

/** Two stacks on one backend: `platform` reads the `cluster` stack's kubeconfig host (a cross-stack reference). */
function twoStacks(backend: StateBackend): { cluster: Record<string, any>; platform: Record<string, any> } {
  const app = Testing.app();
  const clusterStack = new TerraformStack(app, 'cluster');
  backend.bind(clusterStack);
  const cluster = new TalosCluster(clusterStack, 'home', { clusterName: 'home', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', firstContact: FirstContact.dhcpReservation() });
  cluster.addControlPlane({ hostname: 'home-cp-0', links: [{ interface: 'eth0', addresses: ['10.0.0.2/24'] }], installDisk: InstallDisk.path('/dev/sda') });
  const platform = new TerraformStack(app, 'platform');
  backend.bind(platform);
  new TerraformOutput(platform, 'api', { value: cluster.kubernetesClientConfiguration.host });
  const stacks = synthApp(app);
  return { cluster: stacks.get('cluster')!, platform: stacks.get('platform')! };
}

function backendOf(backend: StateBackend, name = 'cluster'): Record<string, any> {
  const { stack } = testStack(name);
  backend.bind(stack);
  return synthJson(stack).terraform.backend;
}

const MINIO = StateBackend.s3({ bucket: 'homelab-tfstate', endpoint: 'https://minio.lan:9000' });

/** The report of a backend's settings, as binding it to a stack gives it. */
function reported(backend: StateBackend): string {
  const { stack } = testStack();
  backend.bind(stack);
  return synthError(stack);
}

describe('StateBackend', () => {
  it('keeps local state at the project root with a machine-independent path', () => {
    expect(backendOf(StateBackend.local())).toEqual({ local: { path: '../../../terraform.cluster.tfstate' } });
  });

  it('puts each stack in its own key of an S3-compatible bucket, with native locking and path-style addressing', () => {
    expect(backendOf(MINIO)).toEqual({
      s3: {
        bucket: 'homelab-tfstate',
        key: 'cdktf-talos/cluster.tfstate',
        region: 'us-east-1',
        encrypt: false,
        use_lockfile: true,
        endpoints: { s3: 'https://minio.lan:9000' },
        use_path_style: true,
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_s3_checksum: true,
      },
    });
  });

  it('locks with a DynamoDB table on AWS when given one, and encrypts there by default', () => {
    const backend = StateBackend.s3({ bucket: 'tfstate', region: 'eu-central-1', keyPrefix: '/infra/talos/', dynamodbTable: 'tflocks' });
    expect(backendOf(backend, 'home-ops')).toEqual({
      s3: { bucket: 'tfstate', key: 'infra/talos/home-ops.tfstate', region: 'eu-central-1', encrypt: true, dynamodb_table: 'tflocks' },
    });
  });

  it('gives each stack its own Postgres schema and leaves the connection string to PG_CONN_STR', () => {
    expect(backendOf(StateBackend.pg(), 'home-ops')).toEqual({ pg: { schema_name: 'cdktf_talos_home_ops' } });
    expect(backendOf(StateBackend.pg({ connStr: 'postgres://db.lan/tfstate?sslmode=verify-full', schemaPrefix: 'lab' }), 'pi')).toEqual({
      pg: { conn_str: 'postgres://db.lan/tfstate?sslmode=verify-full', schema_name: 'lab_pi' },
    });
  });

  it('addresses GitLab-managed state per stack, locking with POST and DELETE on its lock address', () => {
    const state = 'https://gitlab.example.com/api/v4/projects/42/terraform/state/home-ops';
    expect(backendOf(StateBackend.gitlab({ projectId: 42, url: 'https://gitlab.example.com/' }), 'home-ops')).toEqual({
      http: {
        address: state,
        lock_address: `${state}/lock`,
        lock_method: 'POST',
        unlock_address: `${state}/lock`,
        unlock_method: 'DELETE',
        retry_wait_min: 5,
      },
    });
  });

  it('locks a plain HTTP state server with LOCK and UNLOCK on the state address, or not at all', () => {
    expect(backendOf(StateBackend.http({ address: 'https://state.lan/tf/' }))).toEqual({
      http: { address: 'https://state.lan/tf/cluster', lock_address: 'https://state.lan/tf/cluster', unlock_address: 'https://state.lan/tf/cluster' },
    });
    expect(backendOf(StateBackend.http({ address: 'https://state.lan/tf', locking: 'none' }))).toEqual({ http: { address: 'https://state.lan/tf/cluster' } });
  });

  it('accepts any other cdktf backend', () => {
    const backend = StateBackend.custom((stack) => new GcsBackend(stack, { bucket: 'tfstate', prefix: `talos/${stack.node.id}` }));
    expect(backend.kind).toBe('custom');
    expect(backendOf(backend)).toEqual({ gcs: { bucket: 'tfstate', prefix: 'talos/cluster' } });
  });

  describe.each<[string, StateBackend]>([
    ['local', StateBackend.local()],
    ['s3', MINIO],
    ['pg', StateBackend.pg()],
    ['http', StateBackend.gitlab({ projectId: 42 })],
  ])('cross-stack references with %s state', (type, backend) => {
    const { cluster, platform } = twoStacks(backend);
    const remote = platform.data.terraform_remote_state['cross-stack-reference-input-cluster'];

    it('read the producing stack\'s state through a terraform_remote_state with its exact backend settings', () => {
      expect(Object.keys(cluster.terraform.backend)).toEqual([type]);
      expect(remote.backend).toBe(type);
      // The remote state reads exactly where the producing stack writes.
      expect(remote.config).toEqual(cluster.terraform.backend[type]);
    });

    it('resolve the reference to an output of the producing stack', () => {
      const [outputName, output] = Object.entries<any>(cluster.output).find(([, o]) => o.value === '${talos_cluster_kubeconfig.home.kubernetes_client_configuration.host}')!;
      expect(platform.output.api.value).toBe(`\${data.terraform_remote_state.cross-stack-reference-input-cluster.outputs.${outputName}}`);
      expect(output.sensitive).toBe(true);
    });

    it('keep each stack in its own state', () => {
      expect(platform.terraform.backend[type]).not.toEqual(cluster.terraform.backend[type]);
    });
  });

  it('never writes credentials into the synthesized JSON', () => {
    for (const backend of [StateBackend.local(), MINIO, StateBackend.pg(), StateBackend.gitlab({ projectId: 42 })]) {
      const text = JSON.stringify(twoStacks(backend));
      expect({ kind: backend.kind, found: text.match(/access_key|secret_key|password|username|token|conn_str/g) }).toEqual({ kind: backend.kind, found: null });
    }
  });

  it('fails when a Postgres connection string carries a password, without echoing it', () => {
    expect(reported(StateBackend.pg({ connStr: 'postgres://terraform:hunter2@db.lan/tfstate' }))).toContain(
      "StateBackend.pg.connStr 'postgres://***@db.lan/tfstate' carries a password: remove it and set PGPASSWORD (or the whole string in PG_CONN_STR) in the environment, so no credential reaches the synthesized JSON",
    );
    expect(reported(StateBackend.pg({ connStr: 'host=db.lan dbname=tfstate password=hunter2' }))).toContain("connStr 'host=db.lan dbname=tfstate password=***' carries a password");
  });

  it('fails when an address is not an http(s) URL or carries credentials', () => {
    expect(reported(StateBackend.http({ address: 'state.lan/tf' }))).toContain(
      "StateBackend.http.address 'state.lan/tf' is not an http(s) URL: write it like 'https://state.example.com'",
    );
    expect(reported(StateBackend.s3({ bucket: 'b', endpoint: 'https://key:secret@minio.lan' }))).toContain(
      "StateBackend.s3.endpoint 'https://***@minio.lan' carries credentials: remove them and set them in the environment instead",
    );
  });

  it('fails when the bucket is empty or the locking style unknown', () => {
    expect(reported(StateBackend.s3({ bucket: ' ' }))).toContain("StateBackend.s3.bucket ' ' is empty: give the bucket's name, e.g. 'homelab-tfstate'");
    expect(reported(StateBackend.http({ address: 'https://s.lan', locking: 'gitlab-ish' as never }))).toContain(
      "StateBackend.http.locking 'gitlab-ish' is not one of 'gitlab', 'lock-method', 'none'",
    );
  });
});

describe('StateBackend.fromEnvironment', () => {
  it('is local state when CDKTF_TALOS_BACKEND is unset or local', () => {
    expect(StateBackend.fromEnvironment({}).kind).toBe('local');
    expect(StateBackend.fromEnvironment({ CDKTF_TALOS_BACKEND: 'local' }).kind).toBe('local');
  });

  it('builds an S3 backend from the CDKTF_TALOS_S3_* variables', () => {
    const backend = StateBackend.fromEnvironment({
      CDKTF_TALOS_BACKEND: 's3', CDKTF_TALOS_S3_BUCKET: 'lab', CDKTF_TALOS_S3_ENDPOINT: 'http://garage.lan:3900', CDKTF_TALOS_S3_REGION: 'garage',
      CDKTF_TALOS_S3_KEY_PREFIX: 'talos',
    });
    expect(backendOf(backend).s3).toMatchObject({ bucket: 'lab', key: 'talos/cluster.tfstate', region: 'garage', endpoints: { s3: 'http://garage.lan:3900' }, use_lockfile: true });
  });

  it('builds pg, http and GitLab backends (GitLab from GitLab CI\'s own variables)', () => {
    expect(backendOf(StateBackend.fromEnvironment({ CDKTF_TALOS_BACKEND: 'pg', CDKTF_TALOS_PG_SCHEMA_PREFIX: 'lab' }))).toEqual({ pg: { schema_name: 'lab_cluster' } });
    expect(backendOf(StateBackend.fromEnvironment({ CDKTF_TALOS_BACKEND: 'http', CDKTF_TALOS_HTTP_ADDRESS: 'https://s.lan', CDKTF_TALOS_HTTP_LOCKING: 'none' }))).toEqual({
      http: { address: 'https://s.lan/cluster' },
    });
    const gitlab = backendOf(StateBackend.fromEnvironment({ CDKTF_TALOS_BACKEND: 'gitlab', CI_PROJECT_ID: '7', CI_SERVER_URL: 'https://git.lan' }));
    expect(gitlab.http.address).toBe('https://git.lan/api/v4/projects/7/terraform/state/cluster');
  });

  it('fails when the backend is unknown', () => {
    expect(reported(StateBackend.fromEnvironment({ CDKTF_TALOS_BACKEND: 'dynamo' }))).toContain(
      "CDKTF_TALOS_BACKEND 'dynamo' is not a state backend: use one of local, s3, pg, http, gitlab",
    );
  });

  it('fails when a required variable is missing', () => {
    expect(reported(StateBackend.fromEnvironment({ CDKTF_TALOS_BACKEND: 's3' }))).toContain(
      "CDKTF_TALOS_S3_BUCKET is missing, and CDKTF_TALOS_BACKEND=s3 needs it: set it to the bucket's name, e.g. homelab-tfstate",
    );
    expect(reported(StateBackend.fromEnvironment({ CDKTF_TALOS_BACKEND: 'gitlab' }))).toContain(
      "CI_PROJECT_ID is missing, and CDKTF_TALOS_BACKEND=gitlab needs it: set it to the project's numeric id (as CDKTF_TALOS_GITLAB_PROJECT)",
    );
  });
});

describe('example stacks', () => {
  // The backend block each stack's JSON gets, without synthesizing the stacks again (stacks.test.ts does, once).
  it('all use the backend they are given, each under its own key', () => {
    const app = Testing.app();
    addExampleStacks(app, { backend: MINIO });
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
    expect(stacks.map((s) => s.node.id)).toEqual([
      'single-node-cluster', 'single-node-platform', 'homelab-cluster', 'homelab-platform', 'home-ops-cluster', 'home-ops-platform', 'pi-cluster', 'pi-platform',
    ]);
    for (const stack of stacks) {
      const block = stack.ensureBackendExists().toTerraform() as Record<string, any>;
      expect({ stack: stack.node.id, key: block.terraform.backend.s3.key }).toEqual({ stack: stack.node.id, key: `cdktf-talos/${stack.node.id}.tfstate` });
    }
  });
});
