/**
 * fast-check arbitraries: random valid cluster declarations (for the core) and ways to break them.
 */
import * as fc from 'fast-check';
import { FirstContact } from '../../constructs/machine-config/first-contact';
import { ClusterDeclaration, NodeDeclaration, NodeRole } from '../../constructs/machine-config/model';
import { InstallDisk, KubernetesSettings, MachineSettings, NetworkLink } from '../../constructs/machine-config/settings';
import { ConfigContract, CONFIG_CONTRACTS, KUBERNETES_SUPPORT } from '../../constructs/machine-config/versions';

const SYSCTLS = ['fs.inotify.max_user_watches', 'fs.inotify.max_user_instances', 'net.ipv4.ip_forward', 'vm.swappiness', 'net.core.somaxconn', 'vm.nr_hugepages', 'net.ipv4.tcp_congestion_control'];
const LABEL_KEYS = ['gpu', 'topology.kubernetes.io/zone', 'example.com/tier', 'node.example.io/storage', 'rack'];
const LABEL_VALUES = ['true', 'rack1', 'fast', 'a-b_c.d', ''];
const TAINT_KEYS = ['dedicated', 'example.com/special', 'nvidia.com/gpu'];
const TAINT_VALUES = ['true:NoSchedule', 'storage:PreferNoSchedule', ':NoExecute'];
const MODULES = ['tcp_bbr', 'nvidia', 'br_netfilter', 'zfs', 'drbd'];
const REGISTRIES = ['docker.io', 'ghcr.io', 'quay.io', 'registry.k8s.io', 'reg.kyverno.io'];
const KUBELET = { serializeImagePulls: false, maxParallelImagePulls: 50, maxPods: 150, imageGCHighThresholdPercent: 80 };

/** Machine settings with valid values. */
export const settingsArb: fc.Arbitrary<MachineSettings> = fc.record({
  nameservers: fc.option(fc.subarray(['1.1.1.1', '9.9.9.9', '8.8.8.8'], { minLength: 1 }), { nil: undefined }),
  registryMirrors: fc.option(fc.dictionary(fc.constantFrom(...REGISTRIES), fc.record({
    endpoints: fc.constantFrom<string[]>(['http://10.99.0.10:5000'], ['https://mirror.example.com', 'http://10.99.0.11:5000']),
    skipFallback: fc.option(fc.boolean(), { nil: undefined }),
  }), { maxKeys: 3 }), { nil: undefined }),
  sysctls: fc.option(fc.dictionary(fc.constantFrom(...SYSCTLS), fc.oneof(fc.integer({ min: 0, max: 2 ** 20 }), fc.constantFrom('bbr', '1'))), { nil: undefined }),
  kernelModules: fc.option(fc.subarray(MODULES), { nil: undefined }),
  kubelet: fc.option(fc.record({
    extraConfig: fc.option(fc.subarray(Object.keys(KUBELET)).map((keys) => Object.fromEntries(keys.map((k) => [k, KUBELET[k as keyof typeof KUBELET]]))), { nil: undefined }),
    extraArgs: fc.option(fc.constant({ 'rotate-server-certificates': 'true' }), { nil: undefined }),
  }), { nil: undefined }),
  nodeLabels: fc.option(fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 }), { nil: undefined }),
  nodeTaints: fc.option(fc.dictionary(fc.constantFrom(...TAINT_KEYS), fc.constantFrom(...TAINT_VALUES), { maxKeys: 2 }), { nil: undefined }),
  installDisk: fc.option(fc.constantFrom(InstallDisk.path('/dev/sda'), InstallDisk.path('/dev/nvme0n1'), InstallDisk.selector({ type: 'nvme', size: '>= 100GB' }), InstallDisk.selector({ model: 'Samsung SSD 980' })), { nil: undefined }),
  containerd: fc.option(fc.record({ discardUnpackedLayers: fc.boolean() }), { nil: undefined }),
}, { requiredKeys: [] }).map(compactRecord);

/** Settings that may reach workers: workers cannot taint themselves, so their taints are registration taints. */
function forWorkers(s: MachineSettings): MachineSettings {
  const { nodeTaints, ...rest } = s;
  return nodeTaints === undefined ? s : { ...rest, registerWithTaints: nodeTaints };
}

function compactRecord<T extends object>(r: T): T {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as T;
}

/** Kubernetes settings with valid values. */
const kubernetesArb: fc.Arbitrary<KubernetesSettings> = fc.record({
  allowSchedulingOnControlPlanes: fc.option(fc.boolean(), { nil: undefined }),
  cni: fc.option(fc.constantFrom('flannel' as const, 'none' as const), { nil: undefined }),
  kubeProxy: fc.option(fc.boolean(), { nil: undefined }),
  podSubnets: fc.option(fc.constantFrom<string[]>(['10.244.0.0/16'], ['10.42.0.0/16']), { nil: undefined }),
  serviceSubnets: fc.option(fc.constantFrom<string[]>(['10.96.0.0/12'], ['10.43.0.0/16']), { nil: undefined }),
  apiServer: fc.option(fc.record({
    oidc: fc.option(fc.record({
      issuerUrl: fc.constantFrom('https://auth.example.com/application/o/kubernetes/', 'https://dex.example.org'),
      clientId: fc.constantFrom('kubernetes', 'k8s'),
      usernameClaim: fc.option(fc.constantFrom('email', 'sub', 'preferred_username'), { nil: undefined }),
      groupsClaim: fc.option(fc.constant('groups'), { nil: undefined }),
    }).map(compactRecord), { nil: undefined }),
    audit: fc.option(fc.record({
      maxAgeDays: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
      maxBackups: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
      maxSizeMiB: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
      policy: fc.option(fc.constant({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] }), { nil: undefined }),
    }).map(compactRecord), { nil: undefined }),
    extraArgs: fc.option(fc.constant({ 'feature-gates': 'ImageVolume=true' }), { nil: undefined }),
  }).map(compactRecord), { nil: undefined }),
}).map(compactRecord);

/** A valid Talos version text and the contract minor it belongs to. */
const versionArb = fc.constantFrom(...CONFIG_CONTRACTS).chain((minor) => fc.integer({ min: 0, max: 12 }).map((patch) => ({ minor, text: `v${minor}.${patch}` })));

const LAN_SECOND_OCTETS = Array.from({ length: 250 }, (_, i) => i).filter((i) => ![42, 43, 244].includes(i) && !(i >= 96 && i <= 111));

/** A valid cluster declaration: odd control planes, unique names, addresses and MACs, all inside one /24. */
export const clusterArb: fc.Arbitrary<ClusterDeclaration> = fc.record({
  version: versionArb,
  k8sPick: fc.double({ min: 0, max: 0.999, noNaN: true }),
  k8sPatch: fc.integer({ min: 0, max: 9 }),
  providerSdk: fc.constantFrom<ConfigContract>('1.13', '1.14'),
  // 10.250-255 are kept for the storage and VLAN networks.
  // The LAN stays off the pod and service subnets the declarations may use (10.42, 10.43, 10.96/12, 10.244).
  octets: fc.tuple(fc.constantFrom(...LAN_SECOND_OCTETS), fc.integer({ min: 0, max: 254 })),
  controlPlanes: fc.constantFrom(1, 3, 5),
  workers: fc.integer({ min: 0, max: 4 }),
  hosts: fc.uniqueArray(fc.integer({ min: 10, max: 99 }), { minLength: 9, maxLength: 9 }),
  withVip: fc.boolean(),
  withDhcp: fc.boolean(),
  byMac: fc.boolean(),
  mtu: fc.option(fc.constantFrom(1500, 9000), { nil: undefined }),
  storageLink: fc.boolean(),
  vlan: fc.option(fc.integer({ min: 2, max: 4094 }), { nil: undefined }),
  nodeDefaults: settingsArb,
  controlPlane: settingsArb,
  worker: settingsArb,
  perNode: fc.array(settingsArb, { minLength: 9, maxLength: 9 }),
  kubernetes: kubernetesArb,
  nodeVersionOverride: fc.boolean(),
  firstContact: fc.constantFrom(FirstContact.dhcpReservation(), FirstContact.bootMedia()),
}).map((r) => {
  const net = `10.${r.octets[0]}.${r.octets[1]}`;
  const support = KUBERNETES_SUPPORT[r.version.minor];
  const k8sMinor = support.min + Math.floor(r.k8sPick * (support.max - support.min + 1));
  const nodes: NodeDeclaration[] = [];
  const count = r.controlPlanes + r.workers;
  for (let i = 0; i < count; i++) {
    const role: NodeRole = i < r.controlPlanes ? 'controlplane' : 'worker';
    const hostname = `${role === 'controlplane' ? 'cp' : 'w'}-${i}`;
    const host = r.hosts[i];
    const primary: NetworkLink = {
      ...(r.byMac ? { macAddress: `02:00:00:00:${r.octets[0].toString(16).padStart(2, '0')}:${host.toString(16).padStart(2, '0')}` } : { interface: 'eth0' }),
      addresses: [`${net}.${host}/24`],
      mtu: r.mtu,
      vlans: r.vlan !== undefined ? [{ vlanId: r.vlan, addresses: [`172.16.0.${host}/24`] }] : undefined,
    };
    const links: NetworkLink[] = [compactRecord(primary)];
    if (r.storageLink) links.push({ interface: 'eth1', addresses: [`10.250.0.${host}/24`], mtu: 9000 });
    const override = r.nodeVersionOverride && i === count - 1 && count > 1 ? { talosVersion: r.version.text } : {};
    const own = role === 'worker' ? forWorkers(r.perNode[i]) : r.perNode[i];
    // Bare metal needs an install disk at some level.
    const settings = own.installDisk !== undefined ? own : { ...own, installDisk: InstallDisk.path('/dev/sda') };
    nodes.push({ hostname, role, links, settings, path: `nodes['${hostname}']`, ...override });
  }
  return {
    clusterName: `c${r.octets[0]}`,
    talosVersion: r.version.text,
    kubernetesVersion: `1.${k8sMinor}.${r.k8sPatch}`,
    vip: r.withVip ? `${net}.5` : undefined,
    network: { gateway: `${net}.1`, dhcpRange: r.withDhcp ? `${net}.200-${net}.250` : undefined },
    kubernetes: r.kubernetes,
    nodeDefaults: forWorkers(r.nodeDefaults),
    controlPlane: r.controlPlane,
    worker: forWorkers(r.worker),
    providerSdk: r.providerSdk,
    firstContact: r.byMac && r.storageLink ? FirstContact.dhcpReservation() : r.firstContact,
    nodes,
  };
});

/** One way to break a valid declaration, with the field path its problem must name. */
export interface Breakage {
  readonly name: string;
  readonly apply: (d: ClusterDeclaration) => ClusterDeclaration;
  /** A fragment the problem's path or message must contain. */
  readonly expect: string;
  /** Breakages of one group can cancel each other (no control plane + one more control plane); pick one per group. */
  readonly group?: string;
}

const onNode = (d: ClusterDeclaration, i: number, f: (n: NodeDeclaration) => NodeDeclaration): ClusterDeclaration =>
  ({ ...d, nodes: d.nodes.map((n, j) => (j === i % d.nodes.length ? f(n) : n)) });
const onLink = (n: NodeDeclaration, f: (l: NetworkLink) => NetworkLink): NodeDeclaration => ({ ...n, links: n.links.map((l, j) => (j === 0 ? f(l) : l)) });

/** Ways to break a declaration, each a distinct class of bad input. */
export function breakages(garbage: string, index: number): Breakage[] {
  return [
    { name: 'malformed address', expect: 'addresses[0]', apply: (d) => onNode(d, index, (n) => onLink(n, (l) => ({ ...l, addresses: [`${garbage}/24`] }))) },
    { name: 'address without prefix', expect: 'addresses[0]', apply: (d) => onNode(d, index, (n) => onLink(n, (l) => ({ ...l, addresses: ['10.1.2.3'] }))) },
    { name: 'bad hostname', expect: '.hostname', apply: (d) => onNode(d, index, (n) => ({ ...n, hostname: `Bad_${garbage}` })) },
    { name: 'duplicate hostname', expect: '.hostname', apply: (d) => (d.nodes.length > 1 ? onNode(d, 1, (n) => ({ ...n, hostname: d.nodes[0].hostname })) : { ...d, nodes: [...d.nodes, { ...d.nodes[0], role: 'worker', links: [{ interface: 'eth0', addresses: [`${d.network.gateway!.replace(/\.1$/, '.199')}/24`] }] }] }) },
    { name: 'duplicate address', expect: 'is also used by', apply: (d) => ({ ...d, nodes: [...d.nodes, { ...d.nodes[0], hostname: 'dup', role: 'worker', path: "nodes['dup']" }] }) },
    { name: 'unsupported Talos version', expect: 'talosVersion', apply: (d) => ({ ...d, talosVersion: `v1.${index % 2 === 0 ? 9 : 15}.0` }) },
    { name: 'malformed Talos version', expect: 'talosVersion', apply: (d) => ({ ...d, talosVersion: garbage }) },
    { name: 'Kubernetes version out of range', expect: 'kubernetesVersion', apply: (d) => ({ ...d, kubernetesVersion: '1.20.0' }) },
    { name: 'no control plane', group: 'control planes', expect: 'no control-plane node', apply: (d) => ({ ...d, nodes: d.nodes.map((n) => ({ ...n, role: 'worker' as const })) }) },
    { name: 'even control planes', group: 'control planes', expect: 'control-plane nodes', apply: (d) => ({ ...d, nodes: [...d.nodes, { hostname: 'cp-extra', role: 'controlplane', links: [{ interface: 'eth0', addresses: [`${d.network.gateway!.replace(/\.1$/, '.198')}/24`] }], settings: {}, path: "nodes['cp-extra']" }] }) },
    { name: 'VIP on a node', expect: 'vip', apply: (d) => ({ ...d, vip: d.nodes[0].links[0].addresses![0].split('/')[0] }) },
    { name: 'VIP outside subnet', expect: 'vip', apply: (d) => ({ ...d, vip: '192.0.2.10' }) },
    { name: 'endpoint not https', expect: 'endpoint', apply: (d) => ({ ...d, endpoint: 'http://example.com:6443' }) },
    { name: 'gateway outside subnet', expect: '.gateway', apply: (d) => onNode(d, index, (n) => onLink(n, (l) => ({ ...l, gateway: '192.0.2.1' }))) },
    { name: 'MTU out of range', expect: '.mtu', apply: (d) => onNode(d, index, (n) => onLink(n, (l) => ({ ...l, mtu: 100000 + index }))) },
    { name: 'VLAN id out of range', expect: 'vlanId', apply: (d) => onNode(d, index, (n) => onLink(n, (l) => ({ ...l, vlans: [{ vlanId: 5000 + index, dhcp: true }] }))) },
    { name: 'bad label key', expect: 'nodeLabels', apply: (d) => ({ ...d, nodeDefaults: { ...d.nodeDefaults, nodeLabels: { [`UPPER.example/${garbage}`]: 'x' } } }) },
    { name: 'bad taint effect', expect: 'nodeTaints', apply: (d) => ({ ...d, worker: { ...d.worker, nodeTaints: { dedicated: `x:${garbage}Never` } } }) },
    { name: 'bad sysctl name', expect: 'sysctls', apply: (d) => ({ ...d, controlPlane: { ...d.controlPlane, sysctls: { [`bad ${garbage}`]: 1 } } }) },
    { name: 'OIDC issuer not https', expect: 'issuerUrl', apply: (d) => ({ ...d, kubernetes: { ...d.kubernetes, apiServer: { oidc: { issuerUrl: 'http://auth.example.com', clientId: 'k' } } } }) },
    { name: 'address in DHCP range', expect: 'DHCP range', apply: (d) => ({ ...d, network: { ...d.network, dhcpRange: d.nodes[0].links[0].addresses![0].replace(/\.\d+\/24$/, '.0/24') } }) },
    { name: 'MAC malformed', expect: 'macAddress', apply: (d) => onNode(d, index, (n) => onLink(n, ({ interface: _i, ...l }) => ({ ...l, macAddress: `zz:${garbage}` }))) },
    { name: 'legacy field in a raw patch', expect: 'patches[0]', apply: (d) => ({ ...d, talosVersion: 'v1.13.0', kubernetesVersion: '1.34.0', nodes: d.nodes.map(({ talosVersion: _t, ...n }) => n), nodeDefaults: { ...d.nodeDefaults, patches: [{ machine: { registries: { mirrors: {} } } }] } }) },
    { name: 'garbage in a number field', expect: 'mtu', apply: (d) => onNode(d, index, (n) => onLink(n, (l) => ({ ...l, mtu: garbage as unknown as number }))) },
  ];
}
