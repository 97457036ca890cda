import { Testing, TerraformStack } from 'cdktf';
import { TalosCluster } from '../constructs';
import { PlatformProviders } from '../constructs/private/platform-providers';
import { clusterAndPlatform, HOMELAB, lanNode, synthStacks, thrown } from './helpers/platform';

/** Every string in a JSON value, with its key. */
function strings(value: unknown, key = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value !== null && typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => strings(v, k));
  return [];
}

const REMOTE = 'data.terraform_remote_state.cross-stack-reference-input-homelab-cluster.outputs';
const OUT = 'cross-stack-output-talos_cluster_kubeconfighomelabkubernetes_client_configuration';

describe('PlatformProviders', () => {
  const { app } = clusterAndPlatform();
  const stacks = synthStacks(app);
  const platform = stacks.get('homelab-platform')!;
  const cluster = stacks.get('homelab-cluster')!;

  it('configures Helm and Kubernetes from the cluster stack\'s outputs, decoding the base64 PEM', () => {
    const credentials = {
      host: `\${${REMOTE}.${OUT}host}`,
      cluster_ca_certificate: `\${base64decode(${REMOTE}.${OUT}ca_certificate)}`,
      client_certificate: `\${base64decode(${REMOTE}.${OUT}client_certificate)}`,
      client_key: `\${base64decode(${REMOTE}.${OUT}client_key)}`,
    };
    expect(platform.provider.helm).toEqual([{ kubernetes: credentials }]);
    expect(platform.provider.kubernetes).toEqual([credentials]);
    expect(platform.terraform.required_providers).toEqual({
      helm: { source: 'helm', version: '3.1.1' },
      kubernetes: { source: 'kubernetes', version: '2.38.0' },
    });
  });

  it('reads the cluster stack\'s state through terraform_remote_state at the cluster\'s local state file', () => {
    expect(platform.data.terraform_remote_state['cross-stack-reference-input-homelab-cluster']).toMatchObject({
      backend: 'local',
    });
  });

  it('exports the kubeconfig\'s client configuration from the cluster stack as sensitive outputs, never the Talos API credentials', () => {
    const outputs = cluster.output as Record<string, { value: string; sensitive?: boolean }>;
    expect(Object.keys(outputs).sort()).toEqual([`${OUT}ca_certificate`, `${OUT}client_certificate`, `${OUT}client_key`, `${OUT}host`]);
    for (const [id, out] of Object.entries(outputs)) {
      expect({ id, sensitive: out.sensitive }).toEqual({ id, sensitive: true });
      expect(out.value).toMatch(/^\$\{talos_cluster_kubeconfig\.homelab\.kubernetes_client_configuration\.(host|ca_certificate|client_certificate|client_key)\}$/);
    }
    // The Talos API credentials (machine secrets' client configuration, talosconfig) never reach the platform.
    expect(JSON.stringify(platform)).not.toMatch(/talos_machine_secrets|talos_client_configuration|talos_config/);
  });

  it('puts no credential value in either stack, only references', () => {
    for (const [name, json] of stacks) {
      const text = JSON.stringify(json);
      expect({ name, pem: /BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)/.test(text) }).toEqual({ name, pem: false });
      const credentials = [
        ...strings(json).filter(([k]) => /^(host|client_key|client_certificate|cluster_ca_certificate|token|password|client_configuration|machine_secrets)$/.test(k)),
        ...Object.values<{ value: string }>(json.output ?? {}).map((o) => ['output', o.value] as [string, string]),
      ];
      for (const [k, v] of credentials) expect({ name, k, v, reference: /^\$\{.*\}$/.test(v) }).toMatchObject({ reference: true });
    }
    // Eight in the platform (four per provider), four outputs in the cluster stack, plus the cluster's own.
    expect(strings(platform).filter(([k]) => /^(host|client_key|client_certificate|cluster_ca_certificate)$/.test(k))).toHaveLength(8);
  });

  it('fails when the platform is declared in the cluster\'s own stack', () => {
    const app2 = Testing.app();
    const stack = new TerraformStack(app2, 'one');
    const cluster = new TalosCluster(stack, 'homelab', HOMELAB);
    cluster.addControlPlane(lanNode('cp1', '10.0.20.11'));
    expect(thrown(() => new PlatformProviders(stack, 'providers', { cluster }))).toContain("cluster 'homelab' is declared in the platform's own stack 'one': put the platform in its own stack");
  });

  it('fails when a stack gets a second set of providers', () => {
    const { platformStack, cluster } = clusterAndPlatform();
    expect(thrown(() => new PlatformProviders(platformStack, 'again', { cluster }))).toContain("platform is the second of stack 'homelab-platform', which already configures Helm and Kubernetes providers: use one platform per stack");
  });
});
