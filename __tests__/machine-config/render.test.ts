import { parse, stringify } from 'yaml';
import { resolveNode } from '../../constructs/machine-config/model';
import { installDiskCel, renderNode, TalosDocument, toYaml } from '../../constructs/machine-config/render';
import { InstallDisk } from '../../constructs/machine-config/settings';
import { validateCluster } from '../../constructs/machine-config/validate';
import { ConfigContract, CONFIG_CONTRACTS } from '../../constructs/machine-config/versions';
import { fullDeclaration, TALOS_OF } from '../helpers/fixtures';
import { expectValidDocuments, talosSchemaFor } from '../helpers/oracle';

/** Renders every node of the full declaration for a contract (1.14 through a provider built on the 1.14 SDK). */
function renderAll(contract: ConfigContract): Record<string, TalosDocument[]> {
  const decl = fullDeclaration(TALOS_OF[contract], { providerSdk: '1.14' });
  expect(validateCluster(decl)).toEqual([]);
  return Object.fromEntries(decl.nodes.map((n) => {
    const resolved = resolveNode(decl, n);
    expect(resolved.contract).toBe(contract);
    return [n.hostname, renderNode(resolved).documents];
  }));
}

const byKind = (docs: TalosDocument[], kind: string): TalosDocument[] => docs.filter((d) => d.kind === kind);
const v1alpha1 = (docs: TalosDocument[]): Record<string, any> => docs.find((d) => d.kind === undefined) as Record<string, any>;

describe('renderer, contract 1.11 (v1alpha1 fields)', () => {
  const docs = renderAll('1.11');
  const cp = v1alpha1(docs['talos-m01']);

  it('puts network, VIP and VLAN in machine.network.interfaces, MAC selectors lower-cased', () => {
    expect(cp.machine.network.hostname).toBe('talos-m01');
    expect(cp.machine.network.nameservers).toEqual(['192.168.5.1', '1.1.1.1']);
    expect(cp.machine.network.interfaces).toEqual([
      {
        deviceSelector: { hardwareAddr: 'bc:24:11:a9:a3:43' },
        addresses: ['192.168.5.201/24'],
        routes: [{ network: '0.0.0.0/0', gateway: '192.168.5.1' }],
        mtu: 9000,
        dhcp: true,
        vlans: [{ vlanId: 20, addresses: ['10.0.20.5/24'], mtu: 1500 }],
        vip: { ip: '192.168.5.200' },
      },
      { interface: 'eth1', addresses: ['10.10.10.8/24'], mtu: 9000 },
    ]);
    expect(docs['talos-m01'].filter((d) => d.kind !== undefined)).toEqual([]);
  });

  it('renders registries, sysctls as strings, modules, kubelet, labels with delete, cluster settings', () => {
    expect(cp.machine.registries.mirrors).toEqual({
      'docker.io': { endpoints: ['http://10.0.20.10:5000'] },
      'ghcr.io': { endpoints: ['http://10.0.20.10:5010'], skipFallback: true },
    });
    expect(cp.machine.sysctls).toEqual({ 'fs.inotify.max_user_watches': '1048576', 'net.ipv4.tcp_congestion_control': 'bbr' });
    expect(cp.machine.kernel.modules).toEqual([{ name: 'tcp_bbr' }, { name: 'nvidia', parameters: ['NVreg_OpenRmEnableUnsupportedGpus=1'] }]);
    expect(cp.machine.kubelet).toEqual({ extraConfig: { maxParallelImagePulls: 50, serializeImagePulls: false }, nodeIP: { validSubnets: ['192.168.5.0/24'] } });
    expect(cp.machine.nodeLabels).toEqual({ 'node.kubernetes.io/exclude-from-external-load-balancers': { $patch: 'delete' }, 'topology.kubernetes.io/zone': 'rack1' });
    expect(cp.machine.install).toEqual({ disk: '/dev/sda', image: 'ghcr.io/siderolabs/installer:v1.11.6' });
    expect(cp.cluster.allowSchedulingOnControlPlanes).toBe(true);
    expect(cp.cluster.network).toEqual({ cni: { name: 'none' }, podSubnets: ['10.42.0.0/16'], serviceSubnets: ['10.43.0.0/16'] });
    expect(cp.cluster.proxy).toEqual({ disabled: true });
    expect(cp.cluster.coreDNS).toEqual({ disabled: true });
    expect(cp.cluster.apiServer.extraArgs).toEqual({
      'audit-log-maxage': '7', 'audit-log-maxbackup': '3', 'audit-log-maxsize': '100', 'feature-gates': 'ImageVolume=true',
      'oidc-client-id': 'kubernetes', 'oidc-groups-claim': 'groups', 'oidc-issuer-url': 'https://auth.example.com/application/o/kubernetes/',
      'oidc-username-claim': 'email',
    });
    expect(cp.cluster.apiServer.auditPolicy).toEqual({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] });
  });

  it('gives workers no API-server settings, no VIP and no control-plane label deletes', () => {
    const w = v1alpha1(docs['talos-w01']);
    expect(w.cluster.apiServer).toBeUndefined();
    expect(w.cluster.allowSchedulingOnControlPlanes).toBeUndefined();
    expect(w.machine.network.interfaces[0].vip).toBeUndefined();
    expect(w.machine.nodeLabels).toEqual({ gpu: 'true' });
    // Worker taints are registration taints: a worker may not taint itself later (NodeRestriction).
    expect(w.machine.nodeTaints).toBeUndefined();
    expect(w.machine.kubelet.extraConfig.registerWithTaints).toEqual([{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }]);
    expect(w.machine.install.diskSelector).toEqual({ type: 'nvme', size: '>= 100GB' });
  });
});

describe.each(['1.12', '1.13'] as const)('renderer, contract %s (network and registry documents)', (contract) => {
  const docs = renderAll(contract);
  const cp = docs['talos-m01'];

  it('selects the MAC link by a LinkAliasConfig and names it in LinkConfig, VLANConfig and Layer2VIPConfig', () => {
    expect(byKind(cp, 'LinkAliasConfig')).toEqual([{ apiVersion: 'v1alpha1', kind: 'LinkAliasConfig', name: 'net0', selector: { match: 'mac(link.permanent_addr) == "bc:24:11:a9:a3:43"' } }]);
    expect(byKind(cp, 'LinkConfig')).toEqual([
      { apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'net0', up: true, mtu: 9000, addresses: [{ address: '192.168.5.201/24' }], routes: [{ gateway: '192.168.5.1' }] },
      { apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'eth1', up: true, mtu: 9000, addresses: [{ address: '10.10.10.8/24' }] },
    ]);
    expect(byKind(cp, 'VLANConfig')).toEqual([{ apiVersion: 'v1alpha1', kind: 'VLANConfig', name: 'net0.20', vlanID: 20, parent: 'net0', up: true, mtu: 1500, addresses: [{ address: '10.0.20.5/24' }] }]);
    expect(byKind(cp, 'DHCPv4Config')).toEqual([{ apiVersion: 'v1alpha1', kind: 'DHCPv4Config', name: 'net0' }]);
    expect(byKind(cp, 'Layer2VIPConfig')).toEqual([{ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: '192.168.5.200', link: 'net0' }]);
    expect(byKind(docs['talos-w01'], 'Layer2VIPConfig')).toEqual([]);
  });

  it('sets a static hostname with auto off, the resolver and one RegistryMirrorConfig per registry', () => {
    expect(byKind(cp, 'HostnameConfig')).toEqual([{ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: 'talos-m01' }]);
    expect(byKind(cp, 'ResolverConfig')[0].nameservers).toEqual([{ address: '192.168.5.1' }, { address: '1.1.1.1' }]);
    expect(byKind(cp, 'RegistryMirrorConfig').map((d) => [d.name, d.endpoints, d.skipFallback])).toEqual([
      ['docker.io', [{ url: 'http://10.0.20.10:5000' }], undefined],
      ['ghcr.io', [{ url: 'http://10.0.20.10:5010' }], true],
    ]);
  });

  it('keeps the rest in v1alpha1 and no legacy network fields', () => {
    const v = v1alpha1(cp);
    expect(v.machine.network).toBeUndefined();
    expect(v.machine.registries).toBeUndefined();
    expect(v.machine.sysctls['fs.inotify.max_user_watches']).toBe('1048576');
    expect(v.cluster.network.cni).toEqual({ name: 'none' });
    expect(v.cluster.apiServer.extraArgs['oidc-issuer-url']).toBe('https://auth.example.com/application/o/kubernetes/');
  });
});

describe('renderer, contract 1.14 (Kubernetes and runtime documents)', () => {
  const docs = renderAll('1.14');
  const cp = docs['talos-m01'];
  const w = docs['talos-w01'];

  it('moves sysctls, modules, kubelet, labels and taints into their documents', () => {
    expect(byKind(cp, 'SysctlConfig')).toEqual([{ apiVersion: 'v1alpha1', kind: 'SysctlConfig', params: { 'fs.inotify.max_user_watches': '1048576', 'net.ipv4.tcp_congestion_control': 'bbr' } }]);
    expect(byKind(cp, 'KernelModuleConfig').map((d) => d.name)).toEqual(['tcp_bbr', 'nvidia']);
    expect(byKind(cp, 'KubeletConfig')).toEqual([{
      apiVersion: 'v1alpha1', kind: 'KubeletConfig', image: 'ghcr.io/siderolabs/kubelet:v1.34.1',
      config: { maxParallelImagePulls: 50, serializeImagePulls: false },
    }]);
    expect(byKind(cp, 'KubeNodeConfig')).toEqual([{
      apiVersion: 'v1alpha1', kind: 'KubeNodeConfig', nodeIP: { validSubnets: ['192.168.5.0/24'] },
      labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': { $patch: 'delete' }, 'topology.kubernetes.io/zone': 'rack1' },
      // allowSchedulingOnControlPlanes: Talos 1.14 lists the control-plane taint in KubeNodeConfig; delete it.
      taints: { 'node-role.kubernetes.io/control-plane': { $patch: 'delete' } },
    }]);
    expect(byKind(w, 'KubeNodeConfig')[0].taints).toBeUndefined();
    expect(byKind(w, 'KubeletConfig')[0].config).toEqual({
      maxParallelImagePulls: 50, serializeImagePulls: false, registerWithTaints: [{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }],
    });
  });

  it('renders OIDC as structured authentication (never oidc-* flags) and audit as its own document', () => {
    const api = byKind(cp, 'KubeAPIServerConfig')[0];
    expect(api.extraArgs).toEqual({ 'audit-log-maxage': '7', 'audit-log-maxbackup': '3', 'audit-log-maxsize': '100', 'feature-gates': 'ImageVolume=true' });
    expect(api.certExtraSANs).toEqual(['k8s.example.com']);
    const authn = byKind(cp, 'KubeAuthenticationConfig')[0].configuration as Record<string, any>;
    expect(authn.apiVersion).toBe('apiserver.config.k8s.io/v1beta1');
    expect(authn.jwt).toEqual([{
      issuer: { url: 'https://auth.example.com/application/o/kubernetes/', audiences: ['kubernetes'] },
      claimMappings: { username: { claim: 'email', prefix: '' }, groups: { claim: 'groups', prefix: '' } },
    }]);
    expect(authn.anonymous.enabled).toBe(true);
    expect(byKind(cp, 'KubeAuditPolicyConfig')[0].configuration).toEqual({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] });
    expect(byKind(w, 'KubeAPIServerConfig')).toEqual([]);
  });

  it('disables kube-proxy, deletes the Flannel document and installs by CEL selector', () => {
    expect(byKind(cp, 'KubeProxyConfig')[0]).toMatchObject({ enabled: false, image: 'registry.k8s.io/kube-proxy:v1.34.1' });
    expect(byKind(cp, 'KubeFlannelCNIConfig')).toEqual([{ apiVersion: 'v1alpha1', kind: 'KubeFlannelCNIConfig', $patch: 'delete' }]);
    expect(byKind(cp, 'KubeCoreDNSConfig')).toEqual([{ apiVersion: 'v1alpha1', kind: 'KubeCoreDNSConfig', enabled: false }]);
    expect(byKind(cp, 'KubeNetworkConfig')[0]).toMatchObject({ podSubnets: ['10.42.0.0/16'], serviceSubnets: ['10.43.0.0/16'] });
    expect(byKind(cp, 'UnattendedInstallConfig')[0]).toEqual({
      apiVersion: 'v1alpha1', kind: 'UnattendedInstallConfig',
      installer: { image: 'ghcr.io/siderolabs/installer:v1.14.0' },
      provisioning: { diskSelector: { match: 'disk.dev_path == "/dev/sda"' } },
    });
    expect(byKind(w, 'UnattendedInstallConfig')[0].provisioning).toEqual({ diskSelector: { match: 'disk.size >= 100u * GB && disk.transport == "nvme"' } });
  });

  it('leaves in v1alpha1 only what 1.14 keeps there: etcd\'s advertised subnets of the multi-homed control plane', () => {
    expect(v1alpha1(cp)).toEqual({ cluster: { etcd: { advertisedSubnets: ['192.168.5.0/24'] } } });
    expect(v1alpha1(w)).toBeUndefined();
  });
});

describe('config contract with the pinned provider (SDK 1.13)', () => {
  it('renders a Talos 1.14 node with the 1.13 shape, which 1.14 accepts', () => {
    const decl = fullDeclaration('v1.14.0');
    const resolved = resolveNode(decl, decl.nodes[0]);
    expect(resolved.contract).toBe('1.13');
    const kinds = renderNode(resolved).documents.map((d) => d.kind);
    expect(kinds).toContain('LinkConfig');
    expect(kinds).not.toContain('KubeNodeConfig');
    expect(kinds).not.toContain('SysctlConfig');
  });
});

describe('patch serialization', () => {
  it('emits one YAML patch per document that parses back to the document, then raw patches verbatim', () => {
    const decl = fullDeclaration('v1.13.9');
    const raw = 'machine:\n  time:\n    servers: [time.cloudflare.com]\n';
    const n = { ...decl.nodes[1], settings: { ...decl.nodes[1].settings, patches: [raw, { machine: { env: { FOO: 'bar' } } }] } };
    const rendered = renderNode(resolveNode(decl, n));
    expect(rendered.patches.length).toBe(rendered.documents.length + 2);
    rendered.documents.forEach((d, i) => expect(parse(rendered.patches[i])).toEqual(d));
    expect(rendered.patches[rendered.documents.length]).toBe(raw);
    expect(parse(rendered.patches[rendered.documents.length + 1])).toEqual({ machine: { env: { FOO: 'bar' } } });
  });

  it('is deterministic: maps are sorted whatever the declaration order', () => {
    const a = fullDeclaration('v1.13.9');
    const b = fullDeclaration('v1.13.9', { nodeDefaults: { ...a.nodeDefaults, sysctls: { 'net.ipv4.tcp_congestion_control': 'bbr', 'fs.inotify.max_user_watches': 1048576 } } });
    expect(renderNode(resolveNode(b, b.nodes[0])).patches).toEqual(renderNode(resolveNode(a, a.nodes[0])).patches);
  });
});

describe('install disk CEL (1.14)', () => {
  it.each([
    [InstallDisk.path('/dev/vda'), 'disk.dev_path == "/dev/vda"'],
    [InstallDisk.selector({ model: 'Samsung SSD 980', size: '<= 2TB' }), 'disk.size <= 2u * TB && disk.model == "Samsung SSD 980"'],
    [InstallDisk.selector({ type: 'sd' }), 'disk.transport == "mmc"'],
    [InstallDisk.selector({ type: 'ssd', size: '512GB' }), 'disk.size == 512u * GB && !disk.rotational'],
    [InstallDisk.selector({ serial: 'S4EWNX0R', size: '>= 10KB' }), 'disk.size >= 10u * kB && disk.serial == "S4EWNX0R"'],
  ])('%s -> %s', (disk, cel) => expect(installDiskCel(disk)).toBe(cel));
});

describe('rendered documents pass the official schema for their Talos version (provider on the 1.14 SDK)', () => {
  it.each([...CONFIG_CONTRACTS])('Talos %s', (contract) => {
    const docs = renderAll(contract);
    for (const d of Object.values(docs)) expectValidDocuments(d, talosSchemaFor(TALOS_OF[contract], '1.14'));
  });

  it('catches a misspelled key and a wrong type (the check can fail)', () => {
    expect(() => expectValidDocuments([{ apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'eth0', mtus: 9000 }], '1.13')).toThrow();
    expect(() => expectValidDocuments([{ machine: { sysctls: { 'vm.swappiness': 10 } } }], '1.11')).toThrow();
  });

  it('the 1.14 schema rejects the legacy fields (so the 1.14 path must use the new documents)', () => {
    const legacy = v1alpha1(renderAll('1.13')['talos-m01']);
    expect(() => expectValidDocuments([legacy], '1.14')).toThrow();
  });
});

describe('toYaml keeps the text of a document by its content', () => {
  // Oracle: the yaml library itself, with the renderer's options.
  const direct = (doc: unknown): string => stringify(doc, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });

  it('gives an equal document the same text, and an edited one its new text', () => {
    const doc: Record<string, unknown> = { apiVersion: 'v1alpha1', kind: 'ResolverConfig', nameservers: [{ address: '10.0.0.1' }] };
    expect(toYaml(doc)).toBe(direct(doc));
    expect(toYaml({ ...doc })).toBe(direct(doc));
    (doc.nameservers as Array<{ address: string }>)[0].address = '10.0.0.2';
    expect(toYaml(doc)).toContain('10.0.0.2');
  });

  it('never serves one value\'s text for another that JSON writes alike', () => {
    // Each pair has the same JSON; whichever is rendered first, the second must get its own YAML.
    const pairs: Array<[unknown, unknown]> = [
      [{ metric: 0 }, { metric: -0 }],
      [{ metric: null }, { metric: Number.NaN }],
      [{ metric: null }, { metric: Number.POSITIVE_INFINITY }],
      [{ at: '1970-01-01T00:00:00.000Z' }, { at: new Date(0) }],
      [{ v: {} }, { v: new Map([['a', 1]]) }],
      [{ v: null }, { v: BigInt(1) }],
      // JSON hands toJSON the property name, YAML does not.
      [{ v: 'k=v' }, { v: { toJSON: (k: string) => `k=${k}` } }],
    ];
    for (const [a, b] of pairs) {
      for (const [first, second] of [[a, b], [b, a]]) {
        expect(toYaml(first)).toBe(direct(first));
        expect(toYaml(second)).toBe(direct(second));
      }
    }
    expect(direct({ metric: -0 })).not.toBe(direct({ metric: 0 })); // the pairs above are distinct in YAML
  });
});
