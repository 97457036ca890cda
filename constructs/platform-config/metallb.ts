/**
 * MetalLB: the pool and advertisement declarations, the checks that run before apply, the custom resources they
 * render to, and the chart values. Pure functions, no cdktf.
 *
 * Custom resource shapes follow MetalLB v0.16.1's CRDs (`config/crd/bases/metallb.io_*.yaml`: IPAddressPool,
 * L2Advertisement and BGPAdvertisement are `metallb.io/v1beta1`, BGPPeer is `metallb.io/v1beta2`); chart values follow
 * the chart's `values.yaml` at the same tag (`speaker.ignoreExcludeLB`). The tests validate both against those files.
 */
import { Cidr, ClusterDeclaration, IpRange, parseCidr, parseIp, parseRange, Problem, rangesOverlap } from '../machine-config';
import { KubernetesManifest } from './manifest';
import { EXCLUDE_FROM_LB_LABEL, NodeSelector, PlatformNode, platformNodes, selectNodes } from './nodes';
import { dnsLabelProblem } from './values';

/** The MetalLB chart this library installs by default. Source: https://metallb.github.io/metallb (chart `metallb`). */
export const METALLB_CHART = {
  repository: 'https://metallb.github.io/metallb',
  chart: 'metallb',
  version: '0.16.1',
  namespace: 'metallb-system',
  releaseName: 'metallb',
} as const;

/** Layer-2 (ARP/NDP) announcement of a pool. */
export interface L2AdvertisementOptions {
  /**
   * Hostnames of the nodes that may announce the pool's addresses (each becomes a `kubernetes.io/hostname`
   * node selector).
   * @default - every node the speaker runs on
   */
  readonly nodes?: string[];
  /**
   * Further node selectors (ORed with `nodes`).
   * @default - none
   */
  readonly nodeSelectors?: NodeSelector[];
  /**
   * Interfaces to announce from, e.g. `['enp1s0']`.
   * @default - every interface
   */
  readonly interfaces?: string[];
}

/** A BGP router the speakers peer with (a MetalLB `BGPPeer`). */
export interface BgpPeerOptions {
  /** The peer's name, unique in the pool, e.g. `router`. */
  readonly name: string;
  /** The nodes' AS number, e.g. `64512`. */
  readonly myASN: number;
  /** The router's AS number, e.g. `64513`. */
  readonly peerASN: number;
  /** The router's address, e.g. `10.0.20.1`. */
  readonly peerAddress: string;
  /**
   * The router's BGP port.
   * @default 179
   */
  readonly peerPort?: number;
  /**
   * BGP hold time, e.g. `'90s'`.
   * @default - MetalLB's default
   */
  readonly holdTime?: string;
  /**
   * BGP keepalive time, e.g. `'30s'`.
   * @default - MetalLB's default
   */
  readonly keepaliveTime?: string;
  /**
   * Allow the peer to be more than one hop away.
   * @default false
   */
  readonly ebgpMultiHop?: boolean;
  /**
   * The name of a Secret in the MetalLB namespace holding the session password (type
   * `kubernetes.io/basic-auth`, key `password`). Passwords are never written into the synthesized configuration.
   * @default - no password
   */
  readonly passwordSecret?: string;
  /**
   * Hostnames of the nodes that peer with this router.
   * @default - every node the speaker runs on
   */
  readonly nodes?: string[];
}

/** BGP announcement of a pool. */
export interface BgpAdvertisementOptions {
  /** The routers to peer with. */
  readonly peers: BgpPeerOptions[];
  /**
   * Announce the pool's addresses aggregated to this IPv4 prefix length.
   * @default 32
   */
  readonly aggregationLength?: number;
  /**
   * BGP LOCAL_PREF of the announcements (iBGP only).
   * @default - none
   */
  readonly localPref?: number;
  /**
   * BGP communities, e.g. `['64512:100']`.
   * @default - none
   */
  readonly communities?: string[];
  /**
   * Hostnames of the nodes that announce the pool.
   * @default - every node the speaker runs on
   */
  readonly nodes?: string[];
  /**
   * Further node selectors (ORed with `nodes`).
   * @default - none
   */
  readonly nodeSelectors?: NodeSelector[];
}

/** How a pool's addresses are announced: layer 2 or BGP. */
export class MetalLbAdvertisement {
  /** Announce with ARP/NDP from one node at a time; addresses must lie in the nodes' subnet. */
  public static l2(options: L2AdvertisementOptions = {}): MetalLbAdvertisement {
    return new MetalLbAdvertisement('l2', { ...options }, undefined);
  }

  /** Announce to BGP routers from every selected node. */
  public static bgp(options: BgpAdvertisementOptions): MetalLbAdvertisement {
    return new MetalLbAdvertisement('bgp', undefined, { ...options });
  }

  private constructor(
    /** `l2` or `bgp`. */
    public readonly mode: 'l2' | 'bgp',
    /** The layer-2 options, for `l2`. */
    public readonly l2Options: L2AdvertisementOptions | undefined,
    /** The BGP options, for `bgp`. */
    public readonly bgpOptions: BgpAdvertisementOptions | undefined,
  ) {}
}

/** An address pool, without the platform (for `platform.addMetalLbPool()`). */
export interface MetalLbPoolOptions {
  /** The pool's name (the `IPAddressPool`'s name), e.g. `lan`. */
  readonly name: string;
  /** Addresses as CIDRs or ranges, e.g. `['10.0.0.3/32']` or `['10.0.20.200-10.0.20.220']`. */
  readonly addresses: string[];
  /**
   * How the addresses are announced.
   * @default MetalLbAdvertisement.l2()
   */
  readonly advertisement?: MetalLbAdvertisement;
  /**
   * Hand out addresses from this pool to services that do not ask for a pool.
   * @default true
   */
  readonly autoAssign?: boolean;
  /**
   * Skip addresses ending in .0 and .255 (for clients that mistake them for broadcast addresses).
   * @default false
   */
  readonly avoidBuggyIPs?: boolean;
}

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;

function advertisementOf(pool: MetalLbPoolOptions): MetalLbAdvertisement {
  return pool.advertisement ?? MetalLbAdvertisement.l2();
}

function hostnameSelectors(nodes: readonly string[] | undefined): NodeSelector[] {
  return (nodes ?? []).map((h) => ({ matchLabels: { 'kubernetes.io/hostname': h } }));
}

/** The node selectors of the pool's advertisement (hostnames first, then explicit selectors). */
export function advertisementSelectors(pool: MetalLbPoolOptions): NodeSelector[] {
  const ad = advertisementOf(pool);
  const opts = ad.mode === 'l2' ? ad.l2Options : ad.bgpOptions;
  return [...hostnameSelectors(opts?.nodes), ...(opts?.nodeSelectors ?? [])];
}

/** The nodes that may announce the pool: those its advertisement selects, or every node. */
export function announcingNodes(decl: ClusterDeclaration, pool: MetalLbPoolOptions): PlatformNode[] {
  return selectNodes(platformNodes(decl), advertisementSelectors(pool));
}

/**
 * True when the pool can only be (or is explicitly meant to be) announced from control-plane nodes that still
 * carry Talos' `node.kubernetes.io/exclude-from-external-load-balancers` label, so the speaker must ignore that
 * label (`speaker.ignoreExcludeLB`): single-node and all-control-plane clusters, or an advertisement pinned to a
 * control plane. A cluster that already removed the label (seed 002) needs nothing.
 */
export function needsIgnoreExcludeLb(decl: ClusterDeclaration, pool: MetalLbPoolOptions): boolean {
  const explicit = advertisementSelectors(pool).length > 0;
  const candidates = announcingNodes(decl, pool);
  const labelled = candidates.filter((n) => EXCLUDE_FROM_LB_LABEL in n.labels);
  if (labelled.length === 0) return false;
  return explicit || labelled.length === candidates.length;
}

/** Options of {@link metalLbPoolProblems}. */
export interface PoolCheckOptions {
  /** Where the pool was declared, for messages: `metalLbPools['lan']`. */
  readonly path: string;
  /**
   * The platform's other pools, which must not overlap this one.
   * @default - none
   */
  readonly otherPools?: readonly MetalLbPoolOptions[];
  /**
   * True for values not known until apply (cdktf tokens); those are skipped.
   * @default - strings containing `${` are unresolved
   */
  readonly isUnresolved?: (value: unknown) => boolean;
}

interface Occupied {
  readonly range: { kind: string; first: bigint; last: bigint };
  readonly what: string;
  readonly fix: string;
}

function single(ip: { kind: 'ipv4' | 'ipv6'; value: bigint }): { kind: string; first: bigint; last: bigint } {
  return { kind: ip.kind, first: ip.value, last: ip.value };
}

/** Addresses the pool must not hand out: node addresses, the VIP, gateways, the DHCP range. */
function occupiedAddresses(decl: ClusterDeclaration, unresolved: (v: unknown) => boolean): Occupied[] {
  const out: Occupied[] = [];
  for (const node of decl.nodes) {
    node.links.forEach((link, li) => {
      const addresses = [
        ...(link.addresses ?? []).map((a, ai) => [a, `${node.linksPath ?? `${node.path}.links`}[${li}].addresses[${ai}]`] as const),
        ...(link.vlans ?? []).flatMap((v, vi) => (v.addresses ?? []).map((a, ai) => [a, `${node.linksPath ?? `${node.path}.links`}[${li}].vlans[${vi}].addresses[${ai}]`] as const)),
      ];
      for (const [text, where] of addresses) {
        const c = unresolved(text) ? undefined : parseCidr(text);
        if (c) out.push({ range: single(c.ip), what: `the address of node '${node.hostname}' (${where} ${q(text)})`, fix: 'a node address answered by a load balancer breaks the node' });
      }
      const gateways = [
        ...(link.gateway !== undefined ? [[link.gateway, `${node.linksPath ?? `${node.path}.links`}[${li}].gateway`] as const] : []),
        ...(link.routes ?? []).map((r, ri) => [r.gateway, `${node.linksPath ?? `${node.path}.links`}[${li}].routes[${ri}].gateway`] as const),
      ];
      for (const [text, where] of gateways) {
        const ip = unresolved(text) ? undefined : parseIp(text);
        if (ip) out.push({ range: single(ip), what: `a gateway (${where} ${q(text)})`, fix: 'announcing the router\'s address cuts the LAN off' });
      }
    });
    if (node.address !== undefined && !unresolved(node.address)) {
      const ip = parseIp(node.address);
      if (ip) out.push({ range: single(ip), what: `the address of node '${node.hostname}' (${node.path}.address ${q(node.address)})`, fix: 'a node address answered by a load balancer breaks the node' });
    }
  }
  if (decl.vip !== undefined && !unresolved(decl.vip)) {
    const ip = parseIp(decl.vip);
    if (ip) out.push({ range: single(ip), what: `the control-plane VIP (vip ${q(decl.vip)})`, fix: 'the VIP and the pool would answer ARP for the same address' });
  }
  const gw = decl.network.gateway;
  if (gw !== undefined && !unresolved(gw)) {
    const ip = parseIp(gw);
    if (ip) out.push({ range: single(ip), what: `the gateway (network.gateway ${q(gw)})`, fix: 'announcing the router\'s address cuts the LAN off' });
  }
  const dhcp = decl.network.dhcpRange;
  if (dhcp !== undefined && !unresolved(dhcp)) {
    const r = parseRange(dhcp);
    if (r) out.push({ range: r, what: `the DHCP range (network.dhcpRange ${q(dhcp)})`, fix: 'the router can lease a pool address to another device, which then steals the service\'s address intermittently; shrink the router\'s DHCP range or pick addresses outside it' });
  }
  return out;
}

function rangeText(r: IpRange): string {
  return r.text;
}

/** Every problem of a pool against the cluster it serves. Empty when the pool is fine. */
export function metalLbPoolProblems(decl: ClusterDeclaration, pool: MetalLbPoolOptions, options: PoolCheckOptions): Problem[] {
  const problems: Problem[] = [];
  const path = options.path;
  const unresolved = options.isUnresolved ?? ((v: unknown) => typeof v === 'string' && v.includes('${'));
  const add = (p: string, message: string): void => { problems.push({ path: p, message }); };

  const nameProblem = dnsLabelProblem(pool.name, 'lan');
  if (nameProblem) add(`${path}.name`, `${nameProblem} (it names the IPAddressPool)`);
  if (pool.addresses.length === 0) add(`${path}.addresses`, 'is empty: give the pool at least one address, like \'10.0.0.3/32\'');

  const ranges: Array<[number, IpRange]> = [];
  pool.addresses.forEach((text, i) => {
    if (unresolved(text)) return;
    const r = parseRange(text);
    if (!r) {
      const bare = parseIp(text);
      const hint = bare ? `write a single address as ${q(`${text}/${bare.kind === 'ipv4' ? 32 : 128}`)}` : 'write a CIDR like \'10.0.20.240/28\' or a range like \'10.0.20.200-10.0.20.220\'';
      add(`${path}.addresses[${i}]`, `${q(text)} is not an address range MetalLB accepts: ${hint}`);
      return;
    }
    ranges.push([i, r]);
  });

  // No address the LAN already uses.
  const occupied = occupiedAddresses(decl, unresolved);
  for (const [i, r] of ranges) {
    for (const o of occupied) {
      if (rangesOverlap(r, o.range)) add(`${path}.addresses[${i}]`, `${q(rangeText(r))} overlaps ${o.what}: ${o.fix}; pick pool addresses outside it`);
    }
  }
  // No address another pool already hands out.
  for (const other of options.otherPools ?? []) {
    other.addresses.forEach((text, j) => {
      const o = unresolved(text) ? undefined : parseRange(text);
      if (!o) return;
      for (const [i, r] of ranges) {
        if (rangesOverlap(r, o)) add(`${path}.addresses[${i}]`, `${q(rangeText(r))} overlaps pool '${other.name}' (addresses[${j}] ${q(text)}): MetalLB rejects overlapping pools; split the addresses between them`);
      }
    });
  }

  // Node selection.
  const ad = advertisementOf(pool);
  const hostnames = new Set(decl.nodes.map((n) => n.hostname));
  const known = [...hostnames].map((h) => `'${h}'`).join(', ');
  const checkHostnames = (nodes: readonly string[] | undefined, where: string): void => {
    (nodes ?? []).forEach((h, i) => {
      if (!hostnames.has(h)) add(`${where}[${i}]`, `${q(h)} is not a node of cluster '${decl.clusterName}': use one of ${known}`);
    });
  };
  const adOptions = ad.mode === 'l2' ? ad.l2Options : ad.bgpOptions;
  const adPath = `${path}.advertisement`;
  checkHostnames(adOptions?.nodes, `${adPath}.nodes`);
  (adOptions?.nodeSelectors ?? []).forEach((s, i) => {
    if (selectNodes(platformNodes(decl), [s]).length === 0) {
      add(`${adPath}.nodeSelectors[${i}]`, `${q(s)} selects none of the nodes of cluster '${decl.clusterName}', so nothing would announce the pool: select by 'kubernetes.io/hostname' or by a label declared in nodeLabels`);
    }
  });

  if (ad.mode === 'l2') {
    // Layer 2 only reaches the segment the announcing nodes are on.
    const subnets = announcingNodes(decl, pool).flatMap((n) => n.addresses);
    for (const [i, r] of ranges) {
      const home = subnets.find((c) => c.ip.kind === r.kind && c.first <= r.first && r.last <= c.last);
      if (!home) {
        const listed = [...new Set(subnets.filter((c) => c.ip.kind === r.kind).map(subnetText))].join(', ');
        add(`${path}.addresses[${i}]`, `${q(rangeText(r))} lies outside the announcing nodes' subnets (${listed || 'none declared'}): with layer 2 nobody on the LAN can reach it; pick addresses inside the nodes' subnet, or announce with MetalLbAdvertisement.bgp()`);
      } else if (home.ip.kind === 'ipv4' && home.prefix <= 30) {
        // avoidBuggyIPs makes MetalLB skip addresses ending in .0 and .255, which covers a /24's own two.
        const special = [home.first, home.last].filter((a) => r.first <= a && a <= r.last);
        const skipped = (a: bigint): boolean => pool.avoidBuggyIPs === true && (a % 256n === 0n || a % 256n === 255n);
        if (special.some((a) => !skipped(a))) {
          const fix = special.every((a) => a % 256n === 0n || a % 256n === 255n) ? ', or set avoidBuggyIPs: true' : '';
          add(`${path}.addresses[${i}]`, `${q(rangeText(r))} includes the network or broadcast address of ${subnetText(home)}, which no client can reach: leave out ${special.map((a) => q(bigintToIpv4(a))).join(' and ')}${fix}`);
        }
      }
    }
    (ad.l2Options?.interfaces ?? []).forEach((name, i) => {
      if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(name)) add(`${adPath}.interfaces[${i}]`, `${q(name)} is not an interface name: write it like 'enp1s0'`);
    });
  } else {
    const bgp = ad.bgpOptions;
    if (!bgp || bgp.peers.length === 0) add(`${adPath}.peers`, 'is empty: a BGP advertisement needs at least one peer, like { name: \'router\', myASN: 64512, peerASN: 64513, peerAddress: \'10.0.20.1\' }');
    const names = new Set<string>();
    (bgp?.peers ?? []).forEach((peer, i) => {
      const pp = `${adPath}.peers[${i}]`;
      const np = dnsLabelProblem(peer.name, 'router');
      if (np) add(`${pp}.name`, np);
      if (names.has(peer.name)) add(`${pp}.name`, `${q(peer.name)} is used by another peer of this pool: give each peer its own name`);
      names.add(peer.name);
      for (const key of ['myASN', 'peerASN'] as const) {
        const asn = peer[key];
        if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) add(`${pp}.${key}`, `${q(asn)} is not an AS number: use an integer from 1 to 4294967295, like 64512 (private ASNs are 64512-65534)`);
      }
      if (!unresolved(peer.peerAddress) && !parseIp(peer.peerAddress)) add(`${pp}.peerAddress`, `${q(peer.peerAddress)} is not an IP address: write the router's address, like '10.0.20.1'`);
      if (peer.peerPort !== undefined && (!Number.isInteger(peer.peerPort) || peer.peerPort < 1 || peer.peerPort > 16384)) {
        add(`${pp}.peerPort`, `${q(peer.peerPort)} is not a port MetalLB accepts: use 1-16384 (BGP's port is 179)`);
      }
      checkHostnames(peer.nodes, `${pp}.nodes`);
    });
    if (bgp?.aggregationLength !== undefined && (!Number.isInteger(bgp.aggregationLength) || bgp.aggregationLength < 1 || bgp.aggregationLength > 32)) {
      add(`${adPath}.aggregationLength`, `${q(bgp.aggregationLength)} is not an IPv4 prefix length: use 1-32`);
    }
  }
  return problems;
}

function subnetText(c: Cidr): string {
  return c.ip.kind === 'ipv4' ? `${bigintToIpv4(c.first)}/${c.prefix}` : `${c.ip.text}/${c.prefix}`;
}

function bigintToIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 255n).toString()).join('.');
}

function compact<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

function selectorsManifest(selectors: NodeSelector[]): Array<Record<string, unknown>> | undefined {
  if (selectors.length === 0) return undefined;
  return selectors.map((s) => compact({
    matchLabels: s.matchLabels !== undefined ? { ...s.matchLabels } : undefined,
    matchExpressions: s.matchExpressions?.map((e) => compact({ key: e.key, operator: e.operator, values: e.values !== undefined ? [...e.values] : undefined })),
  }));
}

/** The MetalLB custom resources of a pool: the `IPAddressPool` and its advertisement (and BGP peers). */
export function renderMetalLbResources(pool: MetalLbPoolOptions, namespace: string = METALLB_CHART.namespace): KubernetesManifest[] {
  const ad = advertisementOf(pool);
  const meta = (name: string): { name: string; namespace: string } => ({ name, namespace });
  const resources: KubernetesManifest[] = [{
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: meta(pool.name),
    spec: compact({ addresses: [...pool.addresses], autoAssign: pool.autoAssign, avoidBuggyIPs: pool.avoidBuggyIPs }),
  }];
  if (ad.mode === 'l2') {
    const l2 = ad.l2Options ?? {};
    resources.push({
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: meta(pool.name),
      spec: compact({
        ipAddressPools: [pool.name],
        nodeSelectors: selectorsManifest(advertisementSelectors(pool)),
        interfaces: l2.interfaces !== undefined ? [...l2.interfaces] : undefined,
      }),
    });
    return resources;
  }
  const bgp = ad.bgpOptions ?? { peers: [] };
  const peerName = (p: BgpPeerOptions): string => `${pool.name}-${p.name}`;
  for (const p of bgp.peers) {
    resources.push({
      apiVersion: 'metallb.io/v1beta2',
      kind: 'BGPPeer',
      metadata: meta(peerName(p)),
      spec: compact({
        myASN: p.myASN,
        peerASN: p.peerASN,
        peerAddress: p.peerAddress,
        peerPort: p.peerPort,
        holdTime: p.holdTime,
        keepaliveTime: p.keepaliveTime,
        ebgpMultiHop: p.ebgpMultiHop,
        passwordSecret: p.passwordSecret !== undefined ? { name: p.passwordSecret, namespace } : undefined,
        nodeSelectors: selectorsManifest(hostnameSelectors(p.nodes)),
      }),
    });
  }
  resources.push({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'BGPAdvertisement',
    metadata: meta(pool.name),
    spec: compact({
      ipAddressPools: [pool.name],
      peers: bgp.peers.map(peerName),
      aggregationLength: bgp.aggregationLength,
      localPref: bgp.localPref,
      communities: bgp.communities !== undefined ? [...bgp.communities] : undefined,
      nodeSelectors: selectorsManifest(advertisementSelectors(pool)),
    }),
  });
  return resources;
}

/**
 * The MetalLB chart values: the speaker ignores the control-plane exclusion label when a pool needs it, then the
 * user's values on top.
 */
export function metalLbValues(ignoreExcludeLb: boolean): Record<string, unknown> {
  return ignoreExcludeLb ? { speaker: { ignoreExcludeLB: true } } : {};
}

/**
 * A Helm pre-install/pre-upgrade hook for a pool's release that waits until MetalLB's validating webhook answers.
 *
 * The MetalLB chart reports ready before its webhooks serve: the controller's readiness probe is a plain ping, and
 * the webhook configuration is only usable once the controller's certificate rotation finishes, asynchronously, while
 * the webhooks fail closed (metallb `internal/k8s/k8s.go` at v0.16.1; metallb#1597: "failed calling webhook"). So the
 * pool's release first runs a Job that asks the API server for a server-side dry run of an `L2Advertisement`, which
 * calls the webhook, and retries (Job back-off) until it succeeds; Helm creates the pool's objects only after the hook.
 * The image is Kubernetes' own kubectl image (`registry.k8s.io/kubectl`, no shell: kubectl is the entrypoint), at the
 * cluster's Kubernetes version. The hook objects are deleted once the hook succeeds.
 */
export function metalLbWebhookProbe(releaseName: string, kubernetesVersion: string, namespace: string = METALLB_CHART.namespace): KubernetesManifest[] {
  const name = `${releaseName}-webhook-probe`.slice(0, 63).replace(/-+$/, '');
  const hook = (weight: number): Record<string, string> => ({
    'helm.sh/hook': 'pre-install,pre-upgrade',
    'helm.sh/hook-weight': String(weight),
    'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
  });
  const metadata = (weight: number): { name: string; namespace: string; annotations: Record<string, string> } => ({ name, namespace, annotations: hook(weight) });
  const probe = { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'cdktf-talos-webhook-probe', namespace } };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(-1) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(-1),
      rules: [{ apiGroups: ['metallb.io'], resources: ['l2advertisements'], verbs: ['create'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: metadata(-1),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(-1), data: { 'probe.yaml': JSON.stringify(probe) } },
    {
      apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(0),
      spec: {
        // Back-off 10 s, 20 s, 40 s ... capped at 6 min by Kubernetes; the deadline stays below Helm's 600 s timeout.
        backoffLimit: 10,
        activeDeadlineSeconds: 540,
        template: {
          spec: {
            serviceAccountName: name,
            restartPolicy: 'Never',
            containers: [{
              name: 'probe',
              image: `registry.k8s.io/kubectl:v${kubernetesVersion.replace(/^v/, '')}`,
              args: ['create', '--dry-run=server', '--filename=/probe/probe.yaml'],
              volumeMounts: [{ name: 'probe', mountPath: '/probe', readOnly: true }],
              securityContext: {
                allowPrivilegeEscalation: false,
                runAsNonRoot: true,
                runAsUser: 65532,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
            }],
            volumes: [{ name: 'probe', configMap: { name } }],
          },
        },
      },
    },
  ];
}
