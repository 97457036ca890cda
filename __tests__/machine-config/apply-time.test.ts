/**
 * Rules no schema catches (../shared/reference/talos-facts.md, section 8), checked in the configuration core: each
 * test names the source the rule was read from.
 */
import { parse } from 'yaml';
import { FirstContact, ipKernelArgument } from '../../constructs/machine-config/first-contact';
import { ClusterDeclaration, NodeDeclaration, resolveNode } from '../../constructs/machine-config/model';
import { renderNode } from '../../constructs/machine-config/render';
import { nodeMayNotSetLabel, validateCluster } from '../../constructs/machine-config/validate';
import { formatProblem } from '../../constructs/machine-config/problems';
import { node } from '../helpers/fixtures';
import { expectValidDocuments } from '../helpers/oracle';

function cluster(overrides: Partial<ClusterDeclaration> = {}): ClusterDeclaration {
  return {
    clusterName: 'homelab',
    talosVersion: 'v1.13.9',
    kubernetesVersion: '1.36.3',
    network: { gateway: '10.0.20.1' },
    kubernetes: {},
    nodeDefaults: {},
    controlPlane: {},
    worker: {},
    firstContact: FirstContact.dhcpReservation(),
    nodes: [
      node('cp1', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }]),
      node('w1', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }]),
    ],
    ...overrides,
  };
}

const messages = (decl: ClusterDeclaration): string[] => validateCluster(decl).map(formatProblem);
const rendered = (decl: ClusterDeclaration, hostname: string): Array<Record<string, any>> => renderNode(resolveNode(decl, decl.nodes.find((n) => n.hostname === hostname)!)).patches.map((p) => parse(p));
const withNode = (decl: ClusterDeclaration, hostname: string, f: (n: NodeDeclaration) => NodeDeclaration): ClusterDeclaration =>
  ({ ...decl, nodes: decl.nodes.map((n) => (n.hostname === hostname ? f(n) : n)) });

// talos internal/app/machined/pkg/controllers/k8s/node_apply.go at v1.13.9: a control plane updates its Node with an
// admin client, a worker with its kubelet's kubeconfig, in one Update of labels and taints. Kubernetes' NodeRestriction
// admission (plugin/pkg/admission/noderestriction) rejects a node that changes its own taints or sets forbidden labels,
// and with it the whole update.
describe('workers cannot taint themselves (NodeRestriction)', () => {
  it('fails when a worker would get nodeTaints, at every level that gives them, naming registerWithTaints', () => {
    const decl = cluster({
      nodeDefaults: { nodeTaints: { a: 'x:NoSchedule' } },
      worker: { nodeTaints: { b: 'y:NoSchedule' } },
      nodes: [
        node('cp1', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }]),
        node('w1', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }], { nodeTaints: { c: 'z:NoExecute' } }),
        node('w2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.22/24'] }]),
      ],
    });
    const m = messages(decl);
    expect(m).toEqual([
      "nodeDefaults.nodeTaints['a'] would make the workers (w1, w2) taint itself, which Kubernetes' NodeRestriction admission rejects, and with it every label of the node: use registerWithTaints (applied when the node registers), and the platform's addNodeTaints() to change it on a running node; keep control-plane taints under controlPlane.nodeTaints",
      "worker.nodeTaints['b'] would make the workers (w1, w2) taint itself, which Kubernetes' NodeRestriction admission rejects, and with it every label of the node: use registerWithTaints (applied when the node registers), and the platform's addNodeTaints() to change it on a running node",
      "nodes['w1'].nodeTaints['c'] would make worker 'w1' taint itself, which Kubernetes' NodeRestriction admission rejects, and with it every label of the node: use registerWithTaints (applied when the node registers), and the platform's addNodeTaints() to change it on a running node",
    ]);
  });

  it('accepts taints on control planes (Talos applies them with an admin client) and registration taints anywhere', () => {
    const decl = cluster({
      controlPlane: { nodeTaints: { dedicated: 'etcd:NoSchedule' } },
      nodeDefaults: { registerWithTaints: { 'example.com/new': 'true:NoSchedule' } },
    });
    expect(messages(decl)).toEqual([]);
    expect(messages(cluster({ nodeDefaults: { nodeTaints: { a: 'x:NoSchedule' } }, nodes: [cluster().nodes[0]] }))).toEqual([]);
  });

  it('renders registration taints into the kubelet configuration of every contract, which validates against its schema', () => {
    for (const [talosVersion, providerSdk] of [['v1.11.6', '1.13'], ['v1.13.9', '1.13'], ['v1.14.0', '1.14']] as const) {
      const decl = cluster({ talosVersion, kubernetesVersion: '1.34.1', providerSdk, worker: { registerWithTaints: { 'nvidia.com/gpu': 'true:NoSchedule', spare: ':PreferNoSchedule' } } });
      const docs = rendered(decl, 'w1');
      const taints = [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }, { key: 'spare', effect: 'PreferNoSchedule' }];
      if (providerSdk === '1.14') {
        expect(docs.find((d) => d.kind === 'KubeletConfig')!.config.registerWithTaints).toEqual(taints);
        expect(docs.find((d) => d.kind === 'KubeNodeConfig')).toBeUndefined();
      } else {
        expect(docs[0].machine.kubelet.extraConfig.registerWithTaints).toEqual(taints);
        expect(docs[0].machine.nodeTaints).toBeUndefined();
      }
      // The schema of the contract these nodes are rendered for (1.11 and 1.13 with provider 0.11's SDK, 1.14 with 0.12's).
      expectValidDocuments(docs, talosVersion === 'v1.11.6' ? '1.11' : talosVersion === 'v1.13.9' ? '1.13' : '1.14');
    }
  });

  it('fails when registration taints are declared twice, or are malformed', () => {
    expect(messages(cluster({ worker: { registerWithTaints: { x: 'y:NoSchedule' }, kubelet: { extraConfig: { registerWithTaints: [] } } } }))).toEqual([
      'worker.kubelet.extraConfig.registerWithTaints is set next to registerWithTaints: declare registration taints once, with registerWithTaints',
    ]);
    expect(messages(cluster({ worker: { registerWithTaints: { x: 'y:NoSchedul' } } }))).toEqual([
      "worker.registerWithTaints['x'] 'y:NoSchedul' has no valid effect: write 'value:Effect' or ':Effect' with Effect one of NoSchedule, PreferNoSchedule, NoExecute, like 'true:NoSchedule'",
    ]);
  });

  // kubernetes staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go (kubeletLabels, kubeletLabelNamespaces) and
  // plugin/pkg/admission/noderestriction/admission.go (getForbiddenLabels) at v1.36.
  it.each([
    ['node-role.kubernetes.io/worker', true],
    ['kubernetes.io/role', true],
    ['example.k8s.io/x', true],
    ['node-restriction.kubernetes.io/fenced', true],
    ['kubernetes.io/hostname', false],
    ['topology.kubernetes.io/zone', false],
    ['node.kubernetes.io/storage', false],
    ['sub.node.kubernetes.io/storage', false],
    ['kubelet.kubernetes.io/x', false],
    ['gpu', false],
    ['example.com/tier', false],
    ['nvidia.com/gpu.present', false],
  ])('knows whether a node may set %s on itself (forbidden: %s)', (key, forbidden) => {
    expect(nodeMayNotSetLabel(key)).toBe(forbidden);
  });

  it('fails when a worker would set a label NodeRestriction forbids it, and accepts it on a control plane', () => {
    expect(messages(cluster({ worker: { nodeLabels: { 'node-role.kubernetes.io/worker': '' } } }))).toEqual([
      "worker.nodeLabels['node-role.kubernetes.io/worker'] cannot be set by the workers (w1) on itself: Kubernetes' NodeRestriction admission only lets a node set kubernetes.io and k8s.io labels under kubelet.kubernetes.io/ and node.kubernetes.io/ or from a short list (kubernetes.io/hostname, topology.kubernetes.io/zone, ...), and rejects every label of the node with it: use a key of your own, like 'example.com/role', or set it with the platform's addNodeLabels()",
    ]);
    expect(messages(cluster({ controlPlane: { nodeLabels: { 'node-role.kubernetes.io/infra': '' } } }))).toEqual([]);
  });
});

// talos internal/app/machined/pkg/controllers/etcd/spec.go at v1.13.9: without advertisedSubnets etcd advertises the
// first routed address it finds; the VIP is excluded by the etcd config controller (config.go) either way.
describe('multi-homed nodes stay on their own subnet', () => {
  const multi = cluster({
    nodes: [
      node('cp1', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }, { interface: 'eth1', addresses: ['10.10.10.11/24'] }]),
      node('w1', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.21/24'], vlans: [{ vlanId: 30, addresses: ['10.30.0.21/24'] }] }]),
      node('w2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.22/24'] }]),
    ],
  });

  it('pins etcd and the kubelet of a control plane with two NICs to the subnet Terraform reaches it on', () => {
    const [v1alpha1] = rendered(multi, 'cp1');
    expect(v1alpha1.cluster.etcd).toEqual({ advertisedSubnets: ['10.0.20.0/24'] });
    expect(v1alpha1.machine.kubelet.nodeIP).toEqual({ validSubnets: ['10.0.20.0/24'] });
  });

  it('pins a worker with a VLAN address to its own subnet too, but gives workers no etcd settings', () => {
    const [v1alpha1] = rendered(multi, 'w1');
    expect(v1alpha1.machine.kubelet.nodeIP).toEqual({ validSubnets: ['10.0.20.0/24'] });
    expect(v1alpha1.cluster?.etcd).toBeUndefined();
  });

  it('leaves single-homed nodes to Talos\' defaults', () => {
    const [v1alpha1] = rendered(multi, 'w2');
    expect(v1alpha1.machine.kubelet).toBeUndefined();
    const [single] = rendered(cluster(), 'cp1');
    expect(single.cluster?.etcd).toBeUndefined();
  });

  it('lets declared subnets win, and renders etcd\'s on 1.14 in v1alpha1, which validates', () => {
    const decl = { ...multi, kubernetes: { etcdAdvertisedSubnets: ['10.0.0.0/16'] }, controlPlane: { kubelet: { nodeIpSubnets: ['10.0.0.0/16'] } } };
    const [v1alpha1] = rendered(decl, 'cp1');
    expect(v1alpha1.cluster.etcd).toEqual({ advertisedSubnets: ['10.0.0.0/16'] });
    expect(v1alpha1.machine.kubelet.nodeIP).toEqual({ validSubnets: ['10.0.0.0/16'] });
    const docs = rendered({ ...multi, talosVersion: 'v1.14.0', providerSdk: '1.14' }, 'cp1');
    expect(docs[0]).toEqual({ cluster: { etcd: { advertisedSubnets: ['10.0.20.0/24'] } } });
    expect(docs.find((d) => d.kind === 'KubeNodeConfig')!.nodeIP).toEqual({ validSubnets: ['10.0.20.0/24'] });
    expectValidDocuments(docs, '1.14');
  });

  it('fails when an etcd subnet is not a CIDR', () => {
    expect(messages(cluster({ kubernetes: { etcdAdvertisedSubnets: ['10.0.20.0'] } }))).toEqual([
      "kubernetes.etcdAdvertisedSubnets[0] '10.0.20.0' is not an address with a prefix length: write it like '192.168.5.0/24'",
    ]);
  });
});

// Talos in maintenance mode only has the address it found itself (facts section 8, "Bare metal first apply").
describe('first contact with bare-metal nodes', () => {
  it('fails when a bare-metal node with a static address says nothing about how it is reached first', () => {
    expect(messages(cluster({ firstContact: undefined }))).toEqual([
      "nodes['cp1'].firstContact is missing: a bare-metal node boots Talos media in maintenance mode on a DHCP lease, not at '10.0.20.11', so the first apply could not reach it; choose FirstContact.bootMedia() (boot media carrying that address), FirstContact.dhcpLease('<leased address>') or FirstContact.dhcpReservation() (the router reserves 10.0.20.11 for the node), on the node or for every node on the cluster",
      "nodes['w1'].firstContact is missing: a bare-metal node boots Talos media in maintenance mode on a DHCP lease, not at '10.0.20.21', so the first apply could not reach it; choose FirstContact.bootMedia() (boot media carrying that address), FirstContact.dhcpLease('<leased address>') or FirstContact.dhcpReservation() (the router reserves 10.0.20.21 for the node), on the node or for every node on the cluster",
    ]);
  });

  it('needs nothing for a node whose address comes from DHCP, nor for the nodes of an adopted cluster', () => {
    const dhcp = cluster({ firstContact: undefined, nodes: [node('cp1', 'controlplane', [{ interface: 'eth0', dhcp: true }], {}, { address: '10.0.20.11' })] });
    expect(messages(dhcp)).toEqual([]);
    expect(messages(cluster({ firstContact: undefined, alreadyBootstrapped: true }))).toEqual([]);
  });

  it('takes the node\'s own choice over the cluster\'s', () => {
    const decl = withNode(cluster({ firstContact: FirstContact.bootMedia() }), 'w1', (n) => ({ ...n, firstContact: FirstContact.dhcpLease('10.0.20.150') }));
    expect(messages(decl)).toEqual([]);
  });

  it('fails when a lease is the node\'s own address, another node\'s lease, or not an address', () => {
    const decl = cluster({
      nodes: [
        node('cp1', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }], {}, { firstContact: FirstContact.dhcpLease('10.0.20.11') }),
        node('w1', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }], {}, { firstContact: FirstContact.dhcpLease('10.0.20.150') }),
        node('w2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.22/24'] }], {}, { firstContact: FirstContact.dhcpLease('10.0.20.150') }),
        node('w3', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.23/24'] }], {}, { firstContact: FirstContact.dhcpLease('10.0.20.300') }),
      ],
    });
    expect(messages(decl)).toEqual([
      "nodes['cp1'].firstContact.address '10.0.20.11' is the node's own address: use FirstContact.dhcpReservation() when the router reserves the final address for the node",
      "nodes['w2'].firstContact.address '10.0.20.150' is also nodes['w1'].firstContact.address: every node leases its own address",
      "nodes['w3'].firstContact.address '10.0.20.300' is not an IP address: write it like '10.0.0.150'",
    ]);
  });

  it('fails when one lease is given for every node, or first contact is set on a Proxmox VM', () => {
    expect(messages(cluster({ firstContact: FirstContact.dhcpLease('10.0.20.150') }))).toEqual([
      "firstContact is FirstContact.dhcpLease('10.0.20.150') for every node, but each node leases its own address: set FirstContact.dhcpLease() on each node",
    ]);
    const vm = withNode(cluster(), 'w1', (n) => ({ ...n, vm: { proxmoxNode: 'pve', vmId: 201, nics: [] }, firstContact: FirstContact.bootMedia() }));
    expect(messages(vm)).toContain("nodes['w1'].firstContact is FirstContact.bootMedia() on a Proxmox VM: a VM gets its final address from its cloud-init drive at first boot; remove firstContact");
  });

  it('fails when boot media cannot carry the node\'s address: IPv6, or a MAC-selected link among several', () => {
    const v6 = cluster({ firstContact: FirstContact.bootMedia(), nodes: [node('cp1', 'controlplane', [{ interface: 'eth0', addresses: ['fd00::11/64'] }])], network: {} });
    expect(messages(v6)).toEqual([
      "nodes['cp1'].firstContact is FirstContact.bootMedia() (the cluster's firstContact), but the node's address 'fd00::11/64' is IPv6: the boot media's ip= argument carries IPv4 only; use FirstContact.dhcpReservation() or FirstContact.dhcpLease()",
    ]);
    const byMac = cluster({
      firstContact: FirstContact.bootMedia(),
      nodes: [node('cp1', 'controlplane', [{ macAddress: 'bc:24:11:00:00:01', addresses: ['10.0.20.11/24'] }, { interface: 'eth1', addresses: ['10.10.10.11/24'] }])],
    });
    expect(messages(byMac)).toEqual([
      "nodes['cp1'].firstContact is FirstContact.bootMedia() (the cluster's firstContact), but the link with the node's address is selected by MAC address and the node has several links: without an interface name Talos puts the boot address on the first interface by name; set that link's interface (e.g. 'enp1s0')",
    ]);
  });

  // talos internal/app/machined/pkg/controllers/network/cmdline.go at v1.12.11 (ParseCmdlineNetwork): the dracut form
  // ip=<client>:<server>:<gateway>:<netmask or prefix>:<hostname>:<device>:<autoconf>:<dns0>:<dns1>.
  it('writes the ip= kernel argument Talos parses in maintenance mode', () => {
    expect(ipKernelArgument({ address: '10.0.0.2/24', gateway: '10.0.0.1', hostname: 'home-01-cp-0', interface: 'enp1s0', nameservers: ['10.0.0.1', '1.1.1.1', '9.9.9.9'] }))
      .toBe('ip=10.0.0.2::10.0.0.1:24:home-01-cp-0:enp1s0:off:10.0.0.1:1.1.1.1');
    expect(ipKernelArgument({ address: '10.0.0.2/24', hostname: 'n', nameservers: ['fd00::1'] })).toBe('ip=10.0.0.2:::24:n::off');
    expect(ipKernelArgument({ address: 'fd00::2/64', hostname: 'n' })).toBeUndefined();
  });
});

// Spegel serves layers from containerd's content store (facts section 8; talos docs "containerd" customization file).
describe('containerd settings', () => {
  it('keeps unpacked layers through the CRI customization file up to 1.13 and CRICustomizationConfig on 1.14, both schema-valid', () => {
    const decl = cluster({ nodeDefaults: { containerd: { discardUnpackedLayers: false } } });
    const [v1alpha1] = rendered(decl, 'w1');
    expect(v1alpha1.machine.files).toEqual([{
      op: 'create', path: '/etc/cri/conf.d/20-customization.part',
      content: '[plugins."io.containerd.cri.v1.images"]\n  discard_unpacked_layers = false\n',
    }]);
    expectValidDocuments(rendered(decl, 'w1'), '1.13');
    const docs14 = rendered({ ...decl, talosVersion: 'v1.14.0', providerSdk: '1.14' }, 'w1');
    expect(docs14.find((d) => d.kind === 'CRICustomizationConfig')).toEqual({
      apiVersion: 'v1alpha1', kind: 'CRICustomizationConfig', name: 'cdktf-talos-containerd',
      content: '[plugins."io.containerd.cri.v1.images"]\n  discard_unpacked_layers = false\n',
    });
    expectValidDocuments(docs14, '1.14');
  });

  it('lets the node override the cluster', () => {
    const decl = withNode(cluster({ nodeDefaults: { containerd: { discardUnpackedLayers: false } } }), 'w1', (n) => ({ ...n, settings: { containerd: { discardUnpackedLayers: true } } }));
    expect(rendered(decl, 'w1')[0].machine.files[0].content).toContain('discard_unpacked_layers = true');
  });
});
