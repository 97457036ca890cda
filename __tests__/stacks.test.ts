import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { addExampleStacks, HomeOpsClusterStack, HomeOpsClusterStackProps } from '../stacks';
import { formatProblem } from '../constructs/machine-config/problems';
import { ClusterVersionFacts, upgradeBetween, versionFactsOf } from '../constructs/machine-config/rolling';
import { describeUpgradePlan, planUpgrade, upgradeProblems } from '../constructs/machine-config/upgrade';
import { mergeValues } from '../constructs/platform-config/values';
import { chartDefaults, chartValuesErrors, crdErrors, unknownValueKeys } from './helpers/metallb-oracle';
import { customResourceErrors } from './helpers/crd-oracle';
import { expectValidDocuments, providerSdkOfStack, TalosSchema, talosSchemaFor } from './helpers/oracle';

/**
 * Synthesizes every example stack of a fresh app: stack name -> cdk.tf.json text. Every stack is prepared first, as
 * `app.synth()` does, so cross-stack references become outputs and `terraform_remote_state`.
 */
function synthAll(): Map<string, string> {
  const app = Testing.app();
  addExampleStacks(app);
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  for (const s of stacks) s.prepareStack();
  return new Map(stacks.map((s) => [s.node.id, Testing.synth(s, true)]));
}

const synthesized = synthAll();
const json = (stack: string): Record<string, any> => JSON.parse(synthesized.get(stack) ?? 'null');

/** Every container environment variable in a JSON value (objects with a `name` and a `value` or `valueFrom`). */
function envVars(value: unknown): Array<{ name: string; value?: string; valueFrom?: any }> {
  if (Array.isArray(value)) return value.flatMap(envVars);
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const self = Array.isArray(o.env) ? (o.env as Array<{ name: string }>) : [];
  return [...self, ...Object.values(o).flatMap(envVars)];
}

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

  // Helm values are shown in clear in plans and kept in the release's Secret in the cluster: credentials never go
  // there, only names of Secrets (`secretKeyRef.key` names a key of a Secret, `secretName` a Secret).
  it('carry no credential in Helm values: credential-named values are Secret references, and no variable is read there', () => {
    let checked = 0;
    for (const [name] of synthesized) {
      for (const [release, r] of Object.entries<any>(json(name).resource?.helm_release ?? {})) {
        for (const text of (r.values ?? []) as string[]) {
          expect({ name, release, readsVariable: /\$\{var\./.test(text) }).toEqual({ name, release, readsVariable: false });
          const values = parse(text);
          for (const [k, v] of strings(values)) {
            if (!/(key|token|password|secret)$/i.test(k) || k === 'key') continue;
            expect({ name, release, k, v }).toEqual({ name, release, k, v: expect.stringMatching(/^\$\{.*\}$/) });
          }
          // Environment variables named like credentials come from Secrets, never as values.
          for (const env of envVars(values)) {
            checked += 1;
            if (/(KEY|TOKEN|PASSWORD|SECRET)(_ID)?$/.test(env.name) && !/PUBLIC_KEY$/.test(env.name)) {
              expect({ name, release, env: env.name, fromSecret: env.valueFrom?.secretKeyRef !== undefined }).toEqual({ name, release, env: env.name, fromSecret: true });
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('fill every Secret they create only from sensitive variables without defaults, never from literals', () => {
    const secrets: Array<[string, string, string, string]> = [];
    for (const [name] of synthesized) {
      const stack = json(name);
      for (const [id, secret] of Object.entries<any>(stack.resource?.kubernetes_secret_v1 ?? {})) {
        for (const [key, value] of Object.entries<string>(secret.data)) {
          const variable = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(value)?.[1];
          if (variable === undefined) continue;   // not secret: a repository URL, a user name, a known_hosts line
          secrets.push([name, id, key, variable]);
          expect({ name, id, key, variable: stack.variable[variable] }).toEqual({ name, id, key, variable: expect.objectContaining({ sensitive: true }) });
          expect(stack.variable[variable].default).toBeUndefined();
        }
      }
    }
    expect(secrets.map(([name, id, key]) => `${name} ${id}.${key}`).sort()).toEqual([
      'home-ops-platform talos-backup_talos-backup-s3.AWS_ACCESS_KEY_ID',
      'home-ops-platform talos-backup_talos-backup-s3.AWS_SECRET_ACCESS_KEY',
      'pi-platform argocd_gitops-repository.password',
    ]);
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

describe('home-ops-cluster (seed 003): declared, rolling upgrades on the 0.12 line', () => {
  /** The HA example with other versions: its JSON (without comments) and the version facts of its JSON comment. */
  function homeOps(props: HomeOpsClusterStackProps = {}): { json: Record<string, any>; facts: ClusterVersionFacts } {
    const stack = new HomeOpsClusterStack(Testing.app(), 'home-ops-cluster', props);
    const text = Testing.synth(stack, true);
    return { json: JSON.parse(text), facts: versionFactsOf(stack.toTerraform()).get('main')! };
  }
  const current = homeOps();
  const j = json('home-ops-cluster');

  /** Every attribute path of every block, with its value, to compare two synthesized stacks. */
  function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) leaves(v, path === '' ? k : `${path}.${k}`, out);
    } else {
      out.set(path, JSON.stringify(value));
    }
    return out;
  }
  /** The blocks (resources, data sources, ephemeral resources, ...) whose attributes differ, by kind of difference. */
  function changedBlocks(a: Record<string, any>, b: Record<string, any>): { changed: Map<string, string[]>; added: string[]; removed: string[] } {
    const [la, lb] = [leaves(a), leaves(b)];
    const block = (p: string): string => p.split('.').slice(0, 3).join('.');
    const changed = new Map<string, string[]>();
    const blocksOf = (l: Map<string, string>): Set<string> => new Set([...l.keys()].map(block));
    const [ba, bb] = [blocksOf(la), blocksOf(lb)];
    for (const p of new Set([...la.keys(), ...lb.keys()])) {
      if (la.get(p) === lb.get(p) || !ba.has(block(p)) || !bb.has(block(p))) continue;
      changed.set(block(p), [...(changed.get(block(p)) ?? []), p.split('.').slice(3).join('.')]);
    }
    return { changed, added: [...bb].filter((x) => !ba.has(x)).sort(), removed: [...ba].filter((x) => !bb.has(x)).sort() };
  }

  it('is the committed example (the default versions)', () => {
    for (const block of ['terraform', 'resource', 'data', 'ephemeral']) expect(current.json[block]).toEqual(j[block]);
  });

  it('uses the 0.12 line: a talos_machine per control plane, one talos_cluster, health gates, no 0.11 applies', () => {
    expect(j.terraform.required_providers.talos).toEqual({ source: 'siderolabs/talos', version: '0.12.0-alpha.5' });
    expect(Object.keys(j.resource.talos_machine)).toEqual(['main_talos-m01', 'main_talos-m02', 'main_talos-m03']);
    expect(Object.keys(j.resource.talos_cluster)).toEqual(['main']);
    expect(Object.keys(j.data.talos_cluster_health)).toEqual(['main_talos-m01_after', 'main_talos-m02_after', 'main_talos-m03_after']);
    expect(j.resource.talos_machine_configuration_apply).toBeUndefined();
    expect(j.resource.talos_machine_bootstrap).toBeUndefined();
  });

  it('chains the control planes: each talos_machine after the health gate of the one before, talos_cluster last', () => {
    const m = (n: number): string => `talos_machine.main_talos-m0${n}`;
    const gate = (n: number): string => `data.talos_cluster_health.main_talos-m0${n}_after`;
    expect(j.resource.talos_machine['main_talos-m01'].depends_on).toEqual(['proxmox_virtual_environment_vm.main_talos-m01']);
    expect(j.resource.talos_machine['main_talos-m02'].depends_on).toEqual(['proxmox_virtual_environment_vm.main_talos-m02', gate(1)]);
    expect(j.resource.talos_machine['main_talos-m03'].depends_on).toEqual(['proxmox_virtual_environment_vm.main_talos-m03', gate(2)]);
    for (const n of [1, 2, 3]) {
      expect(j.data.talos_cluster_health[`main_talos-m0${n}_after`]).toMatchObject({
        depends_on: [m(n)], control_plane_nodes: ['192.168.5.201', '192.168.5.202', '192.168.5.203'], skip_kubernetes_checks: true,
      });
    }
    expect(j.resource.talos_cluster.main).toMatchObject({
      node: '192.168.5.201', control_plane_nodes: ['192.168.5.201', '192.168.5.202', '192.168.5.203'], kubernetes_version: '1.34.1',
      depends_on: [m(1), gate(1), m(2), gate(2), m(3), gate(3)],
    });
  });

  it('raising talosVersion (v1.11.6 -> v1.12.11) changes only the per-node image and version resources', () => {
    const raised = homeOps({ talosVersion: 'v1.12.11' });
    const { changed, added, removed } = changedBlocks(current.json, raised.json);
    expect(Object.fromEntries([...changed].map(([k, v]) => [k, [...new Set(v.map((p) => p.split('.')[0]))]]))).toEqual({
      // Each node's installer image: the new version, same schematic. talos_machine upgrades the node from it.
      'resource.talos_machine.main_talos-m01': ['image'],
      'resource.talos_machine.main_talos-m02': ['image'],
      'resource.talos_machine.main_talos-m03': ['image'],
      // Each node's configuration, rendered for the new version's contract (1.12 documents).
      'data.talos_machine_configuration.main_talos-m01': ['config_patches', 'talos_version'],
      'data.talos_machine_configuration.main_talos-m02': ['config_patches', 'talos_version'],
      'data.talos_machine_configuration.main_talos-m03': ['config_patches', 'talos_version'],
      // The VM's boot ISO follows the version (used only if the VM is ever rebuilt; boot order is disk first).
      'resource.proxmox_virtual_environment_vm.main_talos-m01': ['cdrom'],
      'resource.proxmox_virtual_environment_vm.main_talos-m02': ['cdrom'],
      'resource.proxmox_virtual_environment_vm.main_talos-m03': ['cdrom'],
      // The secrets' recorded contract, an in-place update: only lowering it replaces the secrets
      // (siderolabs/terraform-provider-talos v0.12.0-alpha.5 pkg/talos/talos_machine_secrets_resource.go,
      // talosMachineFeaturesVersionPlanModifier: RequiresReplace when plan < state).
      'resource.talos_machine_secrets.main': ['talos_version'],
    });
    expect(raised.json.resource.talos_machine['main_talos-m01'].image).toBe('${data.talos_image_factory_urls.main_467a85ac_v1_12_11-nocloud-amd64.urls.installer}');
    expect(raised.json.resource.talos_machine_secrets.main.talos_version).toBe('v1.12');
    // The Image Factory URLs and ISO downloads of the new version replace those of the old one, per schematic and host.
    const versioned = (list: string[], v: string): string[] => list.filter((x) => x.includes(v));
    expect(added).toEqual(versioned(added, 'v1_12_11'));
    expect(removed).toEqual(versioned(removed, 'v1_11_6'));
    expect(added.map((x) => x.replace('v1_12_11', 'V'))).toEqual(removed.map((x) => x.replace('v1_11_6', 'V')));
    expect(added).toEqual([
      'data.talos_image_factory_urls.main_106aed8b_v1_12_11-nocloud-amd64',
      'data.talos_image_factory_urls.main_467a85ac_v1_12_11-nocloud-amd64',
      'resource.proxmox_download_file.main_pve1_local_467a85ac_v1_12_11_amd64',
      'resource.proxmox_download_file.main_pve2_local_106aed8b_v1_12_11_amd64',
      'resource.proxmox_download_file.main_pve3_local_106aed8b_v1_12_11_amd64',
    ]);
    // Nothing else: not talos_cluster (Kubernetes), the gates, the schematics, the kubeconfig, the VMs' other settings.
    for (const x of ['talos_cluster', 'talos_image_factory_schematic', 'talos_cluster_kubeconfig', 'terraform_data']) {
      expect(raised.json.resource[x]).toEqual(current.json.resource[x]);
    }
    expect(raised.json.data.talos_cluster_health).toEqual(current.json.data.talos_cluster_health);
    expect(raised.json.ephemeral).toEqual(current.json.ephemeral);
  });

  it('plans that change as three control planes one at a time, each followed by a health check, and checks it against the skew rules', () => {
    const u = upgradeBetween(current.facts, homeOps({ talosVersion: 'v1.12.11' }).facts)!;
    expect(upgradeProblems(u)).toEqual([]);
    expect(describeUpgradePlan(planUpgrade(u))).toEqual([
      'Talos v1.12.11:',
      '  1. control plane talos-m01 v1.11.6 -> v1.12.11; then wait for a healthy cluster',
      '  2. control plane talos-m02 v1.11.6 -> v1.12.11; then wait for a healthy cluster',
      '  3. control plane talos-m03 v1.11.6 -> v1.12.11; then wait for a healthy cluster',
    ]);
  });

  it('fails when the HA example skips a Talos minor (v1.11.6 -> v1.13.9), naming the release to pass', () => {
    const u = upgradeBetween(current.facts, homeOps({ talosVersion: 'v1.13.9' }).facts)!;
    expect(upgradeProblems(u).map(formatProblem)).toEqual(['talos-m01', 'talos-m02', 'talos-m03'].map((h) =>
      `nodes['${h}'].talosVersion 'v1.13.9' skips Talos 1.12 (the node runs 'v1.11.6'): Talos upgrades go one minor at a time; deploy talosVersion 'v1.12.11', then 'v1.13.9', one deploy each`));
  });

  it('fails when Kubernetes changes with Talos in one deploy, or skips a minor, saying the order to take', () => {
    const u = upgradeBetween(current.facts, homeOps({ talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4' }).facts)!;
    expect(upgradeProblems(u).map(formatProblem)).toEqual([
      "kubernetesVersion '1.35.4' changes in the same deploy as Talos (nodes['talos-m01'], nodes['talos-m02'], nodes['talos-m03']): talos_machine applies each node's whole new configuration, its Kubernetes images included, when it upgrades the node, before talos_cluster's upgrade-k8s runs; keep kubernetesVersion '1.34.1' for the Talos roll and change it in the next deploy",
    ]);
    const skip = upgradeBetween(homeOps({ talosVersion: 'v1.13.9' }).facts, homeOps({ talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3' }).facts)!;
    expect(upgradeProblems(skip).map(formatProblem)).toEqual([
      "kubernetesVersion '1.36.3' skips Kubernetes 1.35 (the cluster runs '1.34.1'): Kubernetes upgrades go one minor at a time (upgrade-k8s and talos_cluster refuse larger steps); deploy kubernetesVersion at the latest patch of 1.35, then '1.36.3', one deploy each",
    ]);
  });

  it('fails at synth time when the new Talos does not run the declared Kubernetes', () => {
    expect(() => homeOps({ talosVersion: 'v1.13.9', kubernetesVersion: '1.30.4' })).toThrow(
      "kubernetesVersion '1.30.4' is not supported by Talos 1.13 (talosVersion): Talos 1.13 runs Kubernetes 1.31 to 1.36");
  });
});

describe('single-node-platform (seed 002)', () => {
  const j = json('single-node-platform');
  const values = (release: string): Record<string, any> => parse(j.resource.helm_release[release].values?.[0] ?? '{}');
  const REMOTE = 'data.terraform_remote_state.cross-stack-reference-input-single-node-cluster.outputs';

  it('talks to the cluster with the kubeconfig credentials of single-node-cluster, by reference', () => {
    expect(j.provider.kubernetes[0].host).toBe(`\${${REMOTE}.cross-stack-output-talos_cluster_kubeconfighomekubernetes_client_configurationhost}`);
    expect(j.provider.helm[0].kubernetes.client_key).toBe(`\${base64decode(${REMOTE}.cross-stack-output-talos_cluster_kubeconfighomekubernetes_client_configurationclient_key)}`);
    expect(j.data.terraform_remote_state['cross-stack-reference-input-single-node-cluster'].config).toEqual({ path: '../../../terraform.single-node-cluster.tfstate' });
    expect(Object.keys(json('single-node-cluster').output).filter((o) => o.startsWith('cross-stack-output-')).sort()).toEqual(
      ['ca_certificate', 'client_certificate', 'client_key', 'host'].map((k) => `cross-stack-output-talos_cluster_kubeconfighomekubernetes_client_configuration${k}`));
  });

  it('announces the single address 10.0.0.3 by layer 2 from home-01-cp-0 only', () => {
    const [pool, ad] = (values('metallb-pool-lan').manifests as Array<Record<string, any>>).filter((o) => o.metadata.annotations?.['helm.sh/hook'] === undefined);
    expect(pool.spec).toEqual({ addresses: ['10.0.0.3/32'] });
    expect(ad.spec).toEqual({ ipAddressPools: ['lan'], nodeSelectors: [{ matchLabels: { 'kubernetes.io/hostname': 'home-01-cp-0' } }] });
  });

  it('needs no ignoreExcludeLB, because the cluster already removes the label', () => {
    expect(j.resource.helm_release.metallb.values).toBeUndefined();
  });

  it('installs Envoy Gateway (a Gateway API implementation, not the retired ingress-nginx), pinned, with its CRDs', () => {
    expect(j.resource.helm_release['envoy-gateway']).toMatchObject({
      repository: 'oci://docker.io/envoyproxy', chart: 'gateway-helm', version: 'v1.9.0', namespace: 'envoy-gateway-system',
      depends_on: ['kubernetes_namespace_v1.envoy-gateway-system'],
    });
    expect(j.resource.helm_release['envoy-gateway'].values).toBeUndefined();   // chart defaults: crds.enabled installs the Gateway API CRDs
    expect(Object.keys(j.resource.helm_release)).not.toContain('ingress-nginx');
  });

  it('holds 10.0.0.3 with one Gateway whose Envoy Service MetalLB gives the pool\'s single address, after the controller and the pool', () => {
    expect(j.resource.helm_release.gateway.depends_on).toEqual([
      'kubernetes_namespace_v1.envoy-gateway-system', 'helm_release.envoy-gateway', 'helm_release.metallb', 'helm_release.metallb-pool-lan',
    ]);
    const [proxy, gatewayClass, gateway] = values('gateway').manifests;
    expect(proxy).toEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'EnvoyProxy', metadata: { name: 'lan' },
      spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { annotations: { 'metallb.io/loadBalancerIPs': '10.0.0.3' } } } } },
    });
    expect(gatewayClass.spec).toEqual({ controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' });
    expect(gateway.spec).toEqual({
      gatewayClassName: gatewayClass.metadata.name,
      infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy.metadata.name } },
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }],
    });
    // One LoadBalancer address in the whole stack: the pool's.
    expect(JSON.stringify(j).match(/metallb\.io\/loadBalancerIPs/g)).toHaveLength(1);
  });

  it('keeps local state at the project root with a machine-independent path', () => {
    expect(j.terraform.backend).toEqual({ local: { path: '../../../terraform.single-node-platform.tfstate' } });
  });
});

describe('home-ops (seed 003): etcd backups and the Flux handoff', () => {
  const cluster = json('home-ops-cluster');
  const platform = json('home-ops-platform');
  const releases = platform.resource.helm_release;
  const manifests = (release: string): Array<Record<string, any>> => parse(releases[release].values[0]).manifests;

  it('grants Talos API access with role os:etcd:backup to exactly the talos-backup namespace on each control plane', () => {
    const grants = Object.entries<any>(cluster.data.talos_machine_configuration).map(([id, d]) => [id, parse(d.config_patches[0]).machine.features]);
    expect(grants).toEqual(['talos-m01', 'talos-m02', 'talos-m03'].map((h) => [`main_${h}`, {
      kubernetesTalosAPIAccess: { enabled: true, allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] },
    }]));
  });

  it('snapshots etcd every six hours with talos-backup, through a Talos ServiceAccount of role os:etcd:backup', () => {
    const [account, job] = manifests('talos-backup');
    expect(account).toEqual({ apiVersion: 'talos.dev/v1alpha1', kind: 'ServiceAccount', metadata: { name: 'talos-backup', namespace: 'talos-backup' }, spec: { roles: ['os:etcd:backup'] } });
    expect(job.spec.schedule).toBe('0 */6 * * *');
    const env = Object.fromEntries(job.spec.jobTemplate.spec.template.spec.containers[0].env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    expect(env).toEqual({
      AWS_REGION: 'us-east-1', BUCKET: 'talos-backups', CLUSTER_NAME: 'main', S3_PREFIX: 'main', CUSTOM_S3_ENDPOINT: 'https://s3.home.arpa',
      USE_PATH_STYLE: 'false', AGE_X25519_PUBLIC_KEY: 'age1tdq4hnkkypm2zce0erdcs97sr6j8qy5ewh44u09yckhverjjzqwqvzt57x',
    });
    expect(platform.resource.kubernetes_namespace_v1['talos-backup'].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('installs the backups after Cilium, and their objects after Talos serves the ServiceAccount kind and the S3 Secret exists', () => {
    expect(releases['talos-backup-wait-for-crd'].depends_on).toEqual(['kubernetes_namespace_v1.talos-backup', 'helm_release.cilium']);
    expect(releases['talos-backup'].depends_on).toEqual([
      'kubernetes_namespace_v1.talos-backup', 'helm_release.cilium', 'helm_release.talos-backup-wait-for-crd', 'kubernetes_secret_v1.talos-backup_talos-backup-s3',
    ]);
  });

  it('hands over to Flux last: the operator after Cilium and every other release, the FluxInstance after the operator', () => {
    const others = Object.keys(releases).filter((r) => !['flux-operator', 'flux-instance'].includes(r)).map((r) => `helm_release.${r}`);
    expect([...releases['flux-operator'].depends_on].sort()).toEqual(['kubernetes_namespace_v1.flux-system', ...others].sort());
    expect(releases['flux-operator'].depends_on[1]).toBe('helm_release.cilium');
    expect(releases['flux-instance'].depends_on).toEqual(['kubernetes_namespace_v1.flux-system', 'helm_release.cilium', 'helm_release.flux-operator']);
    expect(manifests('flux-instance')[0].spec.sync).toEqual({ kind: 'GitRepository', url: 'https://github.com/tscibilia/home-ops.git', ref: 'refs/heads/main', path: 'kubernetes/flux/cluster' });
  });
});

describe('pi-platform (seeds 000/004): the Argo CD handoff', () => {
  const platform = json('pi-platform');
  const releases = platform.resource.helm_release;

  it('installs Argo CD after MetalLB and its pool, then the root Application of the private repository', () => {
    expect(releases.argocd).toMatchObject({ chart: 'argo-cd', version: '10.1.1', namespace: 'argocd' });
    expect(releases.argocd.depends_on).toEqual(['kubernetes_namespace_v1.argocd', 'helm_release.metallb', 'helm_release.metallb-pool-lan']);
    expect(releases['argocd-root'].depends_on).toEqual(['kubernetes_namespace_v1.argocd', 'helm_release.argocd', 'kubernetes_secret_v1.argocd_gitops-repository']);
    expect(parse(releases['argocd-root'].values[0]).manifests[0].spec.source).toEqual({ repoURL: 'https://github.com/example/pi-apps.git', targetRevision: 'main', path: 'apps' });
  });

  it('gives Argo CD the repository token as a labelled Secret filled from the sensitive variable git_token', () => {
    expect(platform.resource.kubernetes_secret_v1['argocd_gitops-repository']).toEqual({
      metadata: { name: 'gitops-repository', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      data: { password: '${var.git_token}', type: 'git', url: 'https://github.com/example/pi-apps.git', username: 'git' },
      depends_on: ['kubernetes_namespace_v1.argocd'],
    });
    expect(platform.variable.git_token).toEqual({ type: 'string', sensitive: true, description: 'read-only token of the Argo CD repository' });
  });
});

describe('every Talos ServiceAccount, FluxInstance and Application of every example platform passes its vendored CRD', () => {
  const cases: Array<[string, string, Record<string, any>]> = [];
  for (const name of synthesized.keys()) {
    for (const [release, r] of Object.entries<any>(json(name).resource?.helm_release ?? {})) {
      if (typeof r.chart !== 'string' || !r.chart.includes('manifests-chart')) continue;
      for (const o of parse(r.values[0]).manifests as Array<Record<string, any>>) {
        if (/^(talos\.dev|fluxcd\.controlplane\.io|argoproj\.io)\//.test(o.apiVersion)) cases.push([name, release, o]);
      }
    }
  }

  it('covers the three kinds', () => expect(cases.map(([, , o]) => o.kind).sort()).toEqual(['Application', 'FluxInstance', 'ServiceAccount']));

  it.each(cases)('%s: %s', (_stack, _release, o) => expect(customResourceErrors(o as any)).toEqual([]));
});

describe('every MetalLB resource and value of every example stack passes the MetalLB oracles', () => {
  const pools: Array<[string, string, Array<Record<string, any>>]> = [];
  const installs: Array<[string, Record<string, unknown>]> = [];
  for (const name of synthesized.keys()) {
    for (const [release, r] of Object.entries<any>(json(name).resource?.helm_release ?? {})) {
      const values = parse(r.values?.[0] ?? '{}') ?? {};
      // The pool's objects; its Helm hooks (the webhook probe) are core Kubernetes objects.
      if (release.startsWith('metallb-pool-')) pools.push([name, release, values.manifests.filter((o: Record<string, any>) => o.metadata.annotations?.['helm.sh/hook'] === undefined)]);
      if (r.chart === 'metallb') installs.push([name, values]);
    }
  }

  it('has resources to check', () => expect(pools.length).toBeGreaterThan(0));

  it.each(pools)('%s %s validates strictly against the CRDs', (_stack, _release, resources) => {
    expect(resources.flatMap(crdErrors)).toEqual([]);
  });

  it.each(installs)('%s MetalLB values pass the chart schema and name only keys the chart has', (_stack, values) => {
    expect(chartValuesErrors(mergeValues(chartDefaults(), values))).toEqual([]);
    expect(unknownValueKeys(values, chartDefaults())).toEqual([]);
  });
});

describe.each(['single-node', 'homelab', 'home-ops', 'pi'])('%s-platform', (scenario) => {
  const platform = json(`${scenario}-platform`);
  const cluster = json(`${scenario}-cluster`);

  it('configures Helm and Kubernetes only from the cluster stack\'s kubeconfig outputs, by cross-stack reference', () => {
    const remote = `data.terraform_remote_state.cross-stack-reference-input-${scenario}-cluster.outputs.`;
    const k8s = platform.provider.kubernetes[0];
    expect(Object.keys(k8s).sort()).toEqual(['client_certificate', 'client_key', 'cluster_ca_certificate', 'host']);
    for (const [field, value] of Object.entries<string>(k8s)) {
      expect(value).toMatch(new RegExp(`^\\$\\{(base64decode\\()?${remote.replace(/[.]/g, '\\.')}cross-stack-output-talos_cluster_kubeconfig[a-z-]+kubernetes_client_configuration${field === 'cluster_ca_certificate' ? 'ca_certificate' : field}\\)?\\}$`));
    }
    expect(platform.provider.helm[0].kubernetes).toEqual(k8s);
    // Every output of the cluster stack that carries them is sensitive, and none is the Talos API's credentials.
    const crossStack = Object.entries<any>(cluster.output).filter(([k]) => k.startsWith('cross-stack-output-'));
    expect(crossStack.length).toBe(4);
    for (const [, out] of crossStack) {
      expect(out.sensitive).toBe(true);
      expect(out.value).toMatch(/^\$\{talos_cluster_kubeconfig\.[a-z-]+\.kubernetes_client_configuration\.(host|ca_certificate|client_certificate|client_key)\}$/);
    }
  });
});

describe('every Talos document of every example stack passes the official schema for its Talos version and the pinned provider', () => {
  const cases: Array<[string, string, TalosSchema, Array<Record<string, unknown>>]> = [];
  for (const name of synthesized.keys()) {
    for (const [id, data] of Object.entries<any>(json(name).data?.talos_machine_configuration ?? {})) {
      const docs = (data.config_patches as string[]).map((p) => parse(p) as Record<string, unknown>);
      cases.push([name, id, talosSchemaFor(data.talos_version, providerSdkOfStack(json(name))), docs]);
    }
  }

  it('has documents to check', () => expect(cases.length).toBeGreaterThan(0));

  it('checks the Raspberry Pis (Talos 1.14, provider 0.12 line) against the 1.14 schema, with the 1.14 documents', () => {
    const pis = cases.filter(([stack]) => stack === 'pi-cluster');
    expect(pis.map(([, id, schema]) => [id, schema])).toEqual(
      ['pi_pi-cp-1', 'pi_pi-cp-2', 'pi_pi-cp-3', 'pi_pi-worker-1', 'pi_pi-worker-2', 'pi_pi-worker-3'].map((id) => [id, '1.14']));
    // The install disk and image in UnattendedInstallConfig (new in 1.14), not in the v1alpha1 machine.install that the
    // 1.14 schema no longer has.
    expect(pis[0][3].map((d) => d.kind ?? 'v1alpha1')).toEqual(['HostnameConfig', 'ResolverConfig', 'LinkConfig', 'Layer2VIPConfig', 'UnattendedInstallConfig']);
    expect(json('pi-cluster').data.talos_machine_configuration['pi_pi-cp-1'].talos_version).toBe('v1.14.0');
  });

  it.each(cases)('%s %s (Talos %s)', (_stack, _id, contract, docs) => expectValidDocuments(docs, contract));
});

describe('every MetalLB resource and MetalLB values of every example platform stack pass the oracles', () => {
  const cases: Array<[string, string, Record<string, any>]> = [];
  for (const name of synthesized.keys()) {
    for (const [release, r] of Object.entries<any>(json(name).resource?.helm_release ?? {})) cases.push([name, release, r]);
  }
  const metallb = cases.filter(([, , r]) => r.chart === 'metallb');
  // Manifests releases holding MetalLB objects (single-node-platform's `gateway` release holds Gateway API objects).
  const manifests = cases.filter(([, , r]) => typeof r.chart === 'string' && r.chart.includes('manifests-chart')
    && (parse(r.values[0]).manifests as Array<{ apiVersion: string }>).some((o) => o.apiVersion.startsWith('metallb.io/')));

  it('covers the three platform stacks that run MetalLB (home-ops-platform runs Cilium without it)', () => {
    expect(metallb.map(([stack]) => stack).sort()).toEqual(['homelab-platform', 'pi-platform', 'single-node-platform']);
    expect(manifests.length).toBeGreaterThanOrEqual(3);
  });

  it.each(metallb)('%s: %s chart values (merged over the chart defaults) pass values.schema.json', (_stack, _release, r) => {
    const values = r.values ? parse(r.values[0]) : {};
    expect(chartValuesErrors(mergeValues(chartDefaults(), values))).toEqual([]);
    expect(unknownValueKeys(values, chartDefaults())).toEqual([]);
  });

  it.each(manifests)('%s: %s resources pass their CRD schemas', (_stack, _release, r) => {
    const all: Array<Record<string, any>> = parse(r.values[0]).manifests;
    // Helm hooks (the webhook probe) are core objects; the rest are MetalLB custom resources.
    const objects = all.filter((o) => o.metadata?.annotations?.['helm.sh/hook'] === undefined);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect(crdErrors(o)).toEqual([]);
  });
});
