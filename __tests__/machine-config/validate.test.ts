import { FirstContact } from '../../constructs/machine-config/first-contact';
import { ClusterDeclaration } from '../../constructs/machine-config/model';
import { validateCluster } from '../../constructs/machine-config/validate';
import { formatProblem } from '../../constructs/machine-config/problems';
import { fullDeclaration, node } from '../helpers/fixtures';

/** A small valid declaration: one control plane, one worker, Talos 1.13. */
function small(overrides: Partial<ClusterDeclaration> = {}): ClusterDeclaration {
  return {
    clusterName: 'homelab',
    talosVersion: 'v1.13.9',
    kubernetesVersion: '1.36.3',
    network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.150-10.0.20.250' },
    kubernetes: {},
    nodeDefaults: {},
    controlPlane: {},
    worker: {},
    firstContact: FirstContact.dhcpReservation(),
    nodes: [
      node('k8s-master', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.100/24'] }]),
      node('k8s-node2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.102/24'] }]),
    ],
    ...overrides,
  };
}

const messages = (decl: ClusterDeclaration): string[] => validateCluster(decl).map(formatProblem);

describe('validateCluster', () => {
  it('accepts a valid declaration and the full one', () => {
    expect(messages(small())).toEqual([]);
    expect(messages(fullDeclaration('v1.11.6'))).toEqual([]);
  });

  it('fails when an address is malformed, naming the field, the value and the fix', () => {
    const decl = small({ nodes: [small().nodes[0], node('k8s-node2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.300/24'] }])] });
    expect(messages(decl)).toContain(
      "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.300/24' is not an address with a prefix length: write it like '10.0.20.102/24'",
    );
  });

  it('fails when an address has no prefix length', () => {
    const decl = small({ nodes: [node('k8s-master', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.100'] }])] });
    expect(messages(decl).join('\n')).toMatch(/links\[0\]\.addresses\[0\] '10\.0\.20\.100' is not an address with a prefix length/);
  });

  it('fails when the cluster has no control-plane node', () => {
    const decl = small({ nodes: [node('k8s-node2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.102/24'] }])] });
    expect(messages(decl)).toContain('nodes has no control-plane node: add one with addControlPlane() (three for high availability)');
  });

  it('fails when the number of control planes is even, unless allowed', () => {
    const two = [
      node('cp1', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }]),
      node('cp2', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.12/24'] }]),
    ];
    expect(messages(small({ nodes: two })).join('\n')).toMatch(/nodes has 2 control-plane nodes \(cp1, cp2\): etcd needs an odd number.*allowEvenControlPlanes: true/);
    expect(messages(small({ nodes: two, allowEvenControlPlanes: true }))).toEqual([]);
  });

  it('fails when two nodes share a hostname', () => {
    const decl = small({ nodes: [small().nodes[0], node('k8s-master', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.103/24'] }])] });
    expect(messages(decl)).toContain("nodes['k8s-master'].hostname 'k8s-master' is already used by another node: hostnames must be unique");
  });

  it('fails when two nodes share an address', () => {
    const decl = small({ nodes: [small().nodes[0], node('k8s-node2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.100/24'] }])] });
    expect(messages(decl)).toContain("nodes['k8s-node2'].links[0].addresses[0] '10.0.20.100/24' is also used by nodes['k8s-master'].links[0].addresses[0]: every node needs its own address");
  });

  it('fails when a hostname is not a DNS label', () => {
    const decl = small({ nodes: [node('K8S_Master', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.100/24'] }])] });
    expect(messages(decl)[0]).toMatch(/^nodes\['K8S_Master'\]\.hostname 'K8S_Master' is not a valid hostname: use lower-case letters/);
  });

  it.each([
    ['v1.10.7', "talosVersion 'v1.10.7' is a Talos version this library does not support: use Talos 1.11, 1.12, 1.13, 1.14 (e.g. 'v1.13.9')"],
    ['1.15.0', "talosVersion '1.15.0' is a Talos version this library does not support: use Talos 1.11, 1.12, 1.13, 1.14 (e.g. 'v1.13.9')"],
    ['latest', "talosVersion 'latest' is not a Talos release version: pin a full version like 'v1.13.9'"],
    ['v1.13', "talosVersion 'v1.13' is not a Talos release version: pin a full version like 'v1.13.9'"],
    // semver: a release candidate is not the release it precedes.
    ['v1.14.0-rc.1', "talosVersion 'v1.14.0-rc.1' is not a Talos release version: pin a full version like 'v1.13.9'"],
    [' v1.13.9 x', "talosVersion ' v1.13.9 x' is not a Talos release version: pin a full version like 'v1.13.9'"],
  ])('fails when the Talos version is %s', (talosVersion, message) => {
    expect(messages(small({ talosVersion }))).toContain(message);
  });

  it.each([
    ['v1.11.6', '1.29.0', true], ['v1.11.6', '1.34.99', true], ['v1.11.6', '1.28.15', false], ['v1.11.6', '1.35.0', false],
    ['v1.14.0', '1.32.0', true], ['v1.14.0', '1.37.4', true], ['v1.14.0', '1.38.0', false], ['v1.14.0', '2.33.0', false],
  ] as const)('Talos %s accepts Kubernetes %s: %s (the support matrix, both bounds)', (talosVersion, kubernetesVersion, ok) => {
    const problems = messages(small({ talosVersion, kubernetesVersion })).filter((m) => m.startsWith('kubernetesVersion'));
    expect(problems).toHaveLength(ok ? 0 : 1);
  });

  it('fails when the Kubernetes version is a pre-release', () => {
    expect(messages(small({ kubernetesVersion: '1.36.0-rc.1' }))[0]).toMatch(/^kubernetesVersion '1\.36\.0-rc\.1' is not a Kubernetes release version/);
  });

  it('fails when the Kubernetes version is outside what the Talos version supports', () => {
    expect(messages(small({ talosVersion: 'v1.11.6', kubernetesVersion: '1.36.3' }))).toContain(
      "kubernetesVersion '1.36.3' is not supported by Talos 1.11 (talosVersion): Talos 1.11 runs Kubernetes 1.29 to 1.34",
    );
  });

  it('fails when a raw patch sets a legacy field the node\'s contract replaced with a document', () => {
    const decl = small({ worker: { patches: ['machine:\n  network:\n    nameservers: [1.1.1.1]\n'] } });
    expect(messages(decl)).toContain(
      "worker.patches[0] sets machine.network.nameservers, which Talos 1.12+ replaced with its own document; node 'k8s-node2' is rendered for Talos 1.13, where it conflicts with or is overridden by that document: use the typed setting nameservers (ResolverConfig) instead",
    );
    // The same patch is fine on a 1.11 node, where the field is current.
    expect(messages(small({ talosVersion: 'v1.11.6', kubernetesVersion: '1.34.1', worker: decl.worker }))).toEqual([]);
  });

  it('fails when an extra document needs a newer contract than the node gets', () => {
    const decl = small({ nodeDefaults: { extraDocuments: [{ apiVersion: 'v1alpha1', kind: 'SysctlConfig', params: { 'vm.swappiness': '10' } }] } });
    expect(messages(decl)[0]).toMatch(/^nodeDefaults\.extraDocuments\[0\]\.kind 'SysctlConfig' needs Talos 1\.14, but node 'k8s-master' is rendered for Talos 1\.13.*"not registered"/);
  });

  it('fails when the VIP is a node address, outside the control planes\' subnet, or in the DHCP range', () => {
    expect(messages(small({ vip: '10.0.20.100' }))).toContain("vip '10.0.20.100' is also nodes['k8s-master'].links[0].addresses[0]: the VIP must be a free address, not a node's");
    expect(messages(small({ vip: '10.0.30.5' }))).toContain("vip '10.0.30.5' is not in the subnet of any link of control plane nodes['k8s-master']: the VIP is announced by ARP, so it must be in the control planes' shared subnet");
    expect(messages(small({ vip: '10.0.20.200' }))).toContain("vip '10.0.20.200' lies in the DHCP range '10.0.20.150-10.0.20.250': pick an address outside it, or the router may lease it to another device");
  });

  it('fails when a node address is in the DHCP range (seed 002\'s outage)', () => {
    const decl = small({ nodes: [node('k8s-master', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.160/24'] }])] });
    expect(messages(decl)[0]).toMatch(/addresses\[0\] '10\.0\.20\.160\/24' lies in the DHCP range '10\.0\.20\.150-10\.0\.20\.250': give the node a static address outside it/);
  });

  it('fails when a gateway or route is outside its link\'s subnet', () => {
    const decl = small({ nodes: [node('k8s-master', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.100/24'], gateway: '10.0.21.1', routes: [{ network: '10.9.0.0/16', gateway: '192.168.1.1' }] }])] });
    const m = messages(decl);
    expect(m).toContain("nodes['k8s-master'].links[0].gateway '10.0.21.1' is not in the link's subnet 10.0.20.100/24: use a gateway on the same network, or fix the prefix length");
    expect(m).toContain("nodes['k8s-master'].links[0].routes[0].gateway '192.168.1.1' is not in the subnet of 10.0.20.100/24: a gateway must be directly reachable on the link");
  });

  it('fails when a link selects by both or neither of interface and MAC, or the MAC is malformed', () => {
    const decl = small({ nodes: [node('k8s-master', 'controlplane', [
      { interface: 'eth0', macAddress: 'bc:24:11:00:00:01', addresses: ['10.0.20.100/24'] },
      { addresses: ['10.10.10.8/24'] },
      { macAddress: 'bc:24:11:zz:00:01', dhcp: true },
    ])] });
    const m = messages(decl);
    expect(m).toContain("nodes['k8s-master'].links[0] selects its interface by both name and MAC address: set exactly one of 'interface' (e.g. 'eth0') or 'macAddress' (e.g. 'bc:24:11:a9:a3:43')");
    expect(m).toContain("nodes['k8s-master'].links[1] selects its interface by nothing: set exactly one of 'interface' (e.g. 'eth0') or 'macAddress' (e.g. 'bc:24:11:a9:a3:43')");
    expect(m).toContain("nodes['k8s-master'].links[2].macAddress 'bc:24:11:zz:00:01' is not a MAC address: write it like 'bc:24:11:a9:a3:43'");
  });

  it('fails when MTU or VLAN id is out of range', () => {
    const decl = small({ nodes: [node('k8s-master', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.100/24'], mtu: 65000, vlans: [{ vlanId: 4095, dhcp: true }] }])] });
    const m = messages(decl);
    expect(m).toContain("nodes['k8s-master'].links[0].mtu '65000' is out of range: an MTU is an integer from 576 to 9216 (1500 standard, 9000 jumbo frames)");
    expect(m).toContain("nodes['k8s-master'].links[0].vlans[0].vlanId '4095' is out of range: VLAN ids are integers from 1 to 4094");
  });

  it('fails on invalid label keys, taint effects, sysctl names, and deleting a label Talos does not set', () => {
    const m = messages(small({ nodeDefaults: {
      nodeLabels: { 'Example.com/gpu': 'true', 'gpu': null },
      nodeTaints: { 'nvidia.com/gpu': 'true:NoScheduled' },
      sysctls: { 'net ipv4 ip_forward': 1 },
    } }));
    expect(m).toContain("nodeDefaults.nodeLabels['Example.com/gpu'] key 'Example.com/gpu' has prefix 'Example.com', which is not a DNS subdomain (lower-case, like 'example.com')");
    expect(m).toContain("nodeDefaults.nodeLabels['gpu'] is null, but Talos does not set 'gpu' by default: null only removes Talos' default labels (node.kubernetes.io/exclude-from-external-load-balancers); drop the entry");
    expect(m).toContain("nodeDefaults.nodeTaints['nvidia.com/gpu'] 'true:NoScheduled' has no valid effect: write 'value:Effect' or ':Effect' with Effect one of NoSchedule, PreferNoSchedule, NoExecute, like 'true:NoSchedule'");
    expect(m).toContain("nodeDefaults.sysctls['net ipv4 ip_forward'] 'net ipv4 ip_forward' is not a sysctl name: use the dotted form, like 'net.ipv4.ip_forward'");
  });

  it('fails when the OIDC issuer is not https, or API-server flags collide with Talos or typed settings', () => {
    const m = messages(small({ kubernetes: { apiServer: {
      oidc: { issuerUrl: 'http://auth.example.com', clientId: 'kubernetes' },
      extraArgs: { 'audit-log-path': '/var/log/audit.log', 'oidc-client-id': 'k8s' },
    } } }));
    expect(m).toContain("kubernetes.apiServer.oidc.issuerUrl 'http://auth.example.com' is not an https URL: the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'");
    expect(m).toContain("kubernetes.apiServer.extraArgs['audit-log-path'] 'audit-log-path' is set by Talos and cannot be overridden (the API server would fail to start): remove it");
    expect(m).toContain("kubernetes.apiServer.extraArgs['oidc-client-id'] 'oidc-client-id' configures OIDC by flag: use kubernetes.apiServer.oidc, which Talos 1.14 renders as structured authentication");
  });

  it('fails when the endpoint is not https with a port', () => {
    expect(messages(small({ endpoint: 'http://10.0.20.100:6443' }))).toContain("endpoint 'http://10.0.20.100:6443' is not an https URL with a port: write it like 'https://10.0.20.100:6443'");
    expect(messages(small({ endpoint: 'https://10.0.20.100' }))).toHaveLength(1);
    expect(messages(small({ endpoint: 'https://k8s.example.com:6443' }))).toEqual([]);
  });

  it('reports every problem of a declaration at once', () => {
    const decl = small({
      talosVersion: 'v1.9.0',
      nodes: [node('Bad_Name', 'worker', [{ interface: 'eth0', addresses: ['300.1.1.1/24'] }])],
    });
    const m = messages(decl);
    expect(m.length).toBeGreaterThanOrEqual(4);
    expect(m.some((x) => x.startsWith('talosVersion'))).toBe(true);
    expect(m.some((x) => x.startsWith('nodes has no control-plane'))).toBe(true);
    expect(m.some((x) => x.includes('.hostname'))).toBe(true);
    expect(m.some((x) => x.includes('addresses[0]'))).toBe(true);
  });

  it('skips values that are not known until apply (tokens)', () => {
    const decl = small({ nodes: [node('k8s-master', 'controlplane', [{ interface: 'eth0', addresses: ['${TfToken[TOKEN.1]}'] }], {}, { address: '10.0.20.100' })] });
    expect(messages(decl)).toEqual([]);
  });
});
