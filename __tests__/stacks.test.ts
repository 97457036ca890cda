import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { ConfigContract, configContract, parseTalosVersion, supportedMinor } from '../constructs';
import { addExampleStacks } from '../stacks';
import { describeWithOracles, expectValidDocuments } from './helpers/oracle';

/** Synthesizes every example stack of a fresh app: stack name -> cdk.tf.json text. */
function synthAll(): Map<string, string> {
  const app = Testing.app();
  addExampleStacks(app);
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  return new Map(stacks.map((s) => [s.node.id, Testing.synth(s, true)]));
}

const synthesized = synthAll();
const json = (stack: string): Record<string, any> => JSON.parse(synthesized.get(stack) ?? 'null');

/** Every string in a JSON value, with its key. */
function strings(value: unknown, key = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value !== null && typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => strings(v, k));
  return [];
}

describe('example stacks', () => {
  it('synthesize byte-identical JSON twice', () => {
    const again = synthAll();
    expect([...again.keys()]).toEqual([...synthesized.keys()]);
    for (const [name, text] of synthesized) expect(again.get(name)).toBe(text);
  });

  it('contain no private key, token or password, only references to them', () => {
    for (const [name, text] of synthesized) {
      expect({ name, privateKey: /PRIVATE KEY/.test(text) }).toEqual({ name, privateKey: false });
      const secretish = strings(JSON.parse(text)).filter(([k]) => /(key|token|password|secret)$/i.test(k) && !/^(node_selector|kms)/.test(k));
      for (const [k, v] of secretish) expect({ name, k, v, isReference: /^\$\{.*\}$/.test(v) }).toMatchObject({ isReference: true });
    }
  });

  it('mark every output that carries credentials as sensitive', () => {
    for (const [name] of synthesized) {
      for (const [id, out] of Object.entries((json(name).output ?? {}) as Record<string, { value: unknown; sensitive?: boolean }>)) {
        const carries = /kubeconfig_raw|talos_config|client_key|client_configuration|machine_secrets/.test(JSON.stringify(out.value));
        if (carries) expect({ name, id, sensitive: out.sensitive }).toEqual({ name, id, sensitive: true });
      }
    }
  });

  it.each([...synthesized.keys()])('%s matches its snapshot', (name) => {
    expect(json(name)).toMatchSnapshot();
  });
});

describe('single-node-cluster (seed 002)', () => {
  const j = json('single-node-cluster');

  it('has one guarded secrets resource, one bootstrap after the control plane\'s apply, one apply, one kubeconfig', () => {
    expect(Object.keys(j.resource.talos_machine_secrets)).toHaveLength(1);
    expect(Object.values<any>(j.resource.talos_machine_secrets)[0].lifecycle).toEqual({ prevent_destroy: true });
    expect(Object.keys(j.resource.talos_machine_configuration_apply)).toEqual(['home_home-01-cp-0']);
    expect(Object.values<any>(j.resource.talos_machine_bootstrap)).toHaveLength(1);
    expect(j.resource.talos_machine_bootstrap.home.depends_on).toEqual(['talos_machine_configuration_apply.home_home-01-cp-0']);
    expect(Object.keys(j.resource.talos_cluster_kubeconfig)).toHaveLength(1);
    expect(j.terraform.required_providers.talos).toEqual({ source: 'siderolabs/talos', version: '0.11.0' });
  });

  it('schedules workloads on the control plane and removes the load-balancer exclusion label', () => {
    const v1alpha1 = parse(j.data.talos_machine_configuration['home_home-01-cp-0'].config_patches[0]);
    expect(v1alpha1.cluster.allowSchedulingOnControlPlanes).toBe(true);
    expect(v1alpha1.machine.nodeLabels).toEqual({ 'node.kubernetes.io/exclude-from-external-load-balancers': { $patch: 'delete' } });
  });

  it('outputs talosconfig and kubeconfig, both sensitive', () => {
    expect(j.output.talosconfig).toEqual({ value: '${data.talos_client_configuration.home.talos_config}', sensitive: true });
    expect(j.output.kubeconfig).toEqual({ value: '${talos_cluster_kubeconfig.home.kubeconfig_raw}', sensitive: true });
  });

  it('keeps local state at the project root with a machine-independent path', () => {
    expect(j.terraform.backend).toEqual({ local: { path: '../../../terraform.single-node-cluster.tfstate' } });
  });
});

describeWithOracles('every Talos document of every example stack passes the schema of its contract', () => {
  const cases: Array<[string, string, ConfigContract, Array<Record<string, unknown>>]> = [];
  for (const name of synthesized.keys()) {
    for (const [id, data] of Object.entries<any>(json(name).data?.talos_machine_configuration ?? {})) {
      const minor = supportedMinor(parseTalosVersion(data.talos_version)!)!;
      const docs = (data.config_patches as string[]).map((p) => parse(p) as Record<string, unknown>);
      cases.push([name, id, configContract(minor), docs]);
    }
  }

  it('has documents to check', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('%s %s (Talos %s)', (_stack, _id, contract, docs) => expectValidDocuments(docs, contract));
});
