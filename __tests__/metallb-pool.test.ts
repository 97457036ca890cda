import { parse } from 'yaml';
import { MetalLbAdvertisement, MetalLbPoolOptions } from '../constructs';
import { mergeValues } from '../constructs/platform-config/values';
import {
  chartDefaults, chartValuesErrors, crdErrors, unknownValueKeys,
} from './helpers/metallb-oracle';
import { clusterAndPlatform, lanNode, releaseValues, synthPlatform, synthStacksError, thrown } from './helpers/platform';

const EXCLUDE = 'node.kubernetes.io/exclude-from-external-load-balancers';

const isHook = (o: Record<string, any>): boolean => o.metadata?.annotations?.['helm.sh/hook'] !== undefined;

/** The objects a manifests release creates (its Helm hooks aside). */
function objects(json: Record<string, any>, release: string): Array<Record<string, any>> {
  return (releaseValues(json, release).manifests as Array<Record<string, any>>).filter((o) => !isHook(o));
}

/** The Helm hooks of a manifests release. */
function hooks(json: Record<string, any>, release: string): Array<Record<string, any>> {
  return (releaseValues(json, release).manifests as Array<Record<string, any>>).filter(isHook);
}

/** A single control-plane node on the seed-002 LAN, label removed or not. */
function singleNode(removeLabel: boolean) {
  return clusterAndPlatform(
    {
      clusterName: 'home',
      network: { gateway: '10.0.0.1', dhcpRange: '10.0.0.100-10.0.0.254' },
      kubernetes: { allowSchedulingOnControlPlanes: true },
      controlPlane: removeLabel ? { nodeLabels: { [EXCLUDE]: null } } : {},
    },
    { controlPlanes: [lanNode('home-01-cp-0', '10.0.0.2', { links: [{ interface: 'enp1s0', addresses: ['10.0.0.2/24'] }] })], workers: [] },
  );
}

const seed002Pool: MetalLbPoolOptions = {
  name: 'lan', addresses: ['10.0.0.3/32'], advertisement: MetalLbAdvertisement.l2({ nodes: ['home-01-cp-0'] }),
};

const bgpPool: MetalLbPoolOptions = {
  name: 'routed',
  addresses: ['192.168.100.0/28'],
  advertisement: MetalLbAdvertisement.bgp({
    peers: [{ name: 'router', myASN: 64512, peerASN: 64513, peerAddress: '10.0.20.1', holdTime: '90s', passwordSecret: 'bgp-auth' }],
    aggregationLength: 32, communities: ['64512:100'], nodes: ['w1'],
  }),
};

describe('MetalLbPool', () => {
  // metallb internal/k8s/k8s.go at v0.16.1: the webhooks serve only after certificate rotation, asynchronously, and fail
  // closed, while the chart already reports ready (metallb#1597, "failed calling webhook").
  it('waits for MetalLB\'s validating webhook before creating the pool: a pre-install hook Job dry-runs an L2Advertisement until the webhook answers', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'] });
    const json = synthPlatform(app);
    const h = hooks(json, 'metallb-pool-lan');
    expect(h.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/metallb-pool-lan-webhook-probe', 'Role/metallb-pool-lan-webhook-probe', 'RoleBinding/metallb-pool-lan-webhook-probe',
      'ConfigMap/metallb-pool-lan-webhook-probe', 'Job/metallb-pool-lan-webhook-probe',
    ]);
    for (const o of h) {
      expect(o.metadata.namespace).toBe('metallb-system');
      expect(o.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(o.metadata.annotations['helm.sh/hook-delete-policy']).toBe('before-hook-creation,hook-succeeded');
    }
    // RBAC and the probe object exist before the Job runs.
    expect(h.map((o) => o.metadata.annotations['helm.sh/hook-weight'])).toEqual(['-1', '-1', '-1', '-1', '0']);
    const job = h[4];
    const container = job.spec.template.spec.containers[0];
    // Kubernetes' kubectl image at the cluster's Kubernetes version; no shell, kubectl is the entrypoint.
    expect(container.image).toBe('registry.k8s.io/kubectl:v1.35.4');
    expect(container.args).toEqual(['create', '--dry-run=server', '--filename=/probe/probe.yaml']);
    expect(JSON.parse(h[3].data['probe.yaml'])).toEqual({
      apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'cdktf-talos-webhook-probe', namespace: 'metallb-system' },
    });
    // Job back-off retries until the webhook answers, within Helm's timeout (600 s).
    expect(job.spec.backoffLimit).toBeGreaterThanOrEqual(6);
    expect(job.spec.activeDeadlineSeconds).toBeLessThan(json.resource.helm_release['metallb-pool-lan'].timeout);
    expect(h[1].rules).toEqual([{ apiGroups: ['metallb.io'], resources: ['l2advertisements'], verbs: ['create'] }]);
    // The pool's release runs after MetalLB's.
    expect(json.resource.helm_release['metallb-pool-lan'].depends_on).toContain('helm_release.metallb');
  });

  it('installs MetalLB 0.16.1 into a privileged metallb-system, then the pool after it', () => {
    const { app, platform } = singleNode(true);
    platform.addMetalLbPool(seed002Pool);
    const json = synthPlatform(app);
    expect(json.resource.helm_release.metallb).toMatchObject({
      repository: 'https://metallb.github.io/metallb', chart: 'metallb', version: '0.16.1', namespace: 'metallb-system',
      depends_on: ['kubernetes_namespace_v1.metallb-system'],
    });
    expect(json.resource.kubernetes_namespace_v1['metallb-system'].metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged',
    });
    expect(json.resource.helm_release['metallb-pool-lan']).toMatchObject({
      namespace: 'metallb-system', chart: expect.stringMatching(/^\.\/assets\/manifests-chart\/[0-9A-F]{32}$/),
      depends_on: ['kubernetes_namespace_v1.metallb-system', 'helm_release.metallb'],
    });
  });

  it('renders the seed 002 pool: one address, L2 announced only from home-01-cp-0', () => {
    const { app, platform } = singleNode(true);
    platform.addMetalLbPool(seed002Pool);
    expect(objects(synthPlatform(app), 'metallb-pool-lan')).toEqual([
      { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'lan', namespace: 'metallb-system' }, spec: { addresses: ['10.0.0.3/32'] } },
      {
        apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'lan', namespace: 'metallb-system' },
        spec: { ipAddressPools: ['lan'], nodeSelectors: [{ matchLabels: { 'kubernetes.io/hostname': 'home-01-cp-0' } }] },
      },
    ]);
  });

  it('renders BGP as BGPPeer (v1beta2) and BGPAdvertisement, referencing a password Secret, never a password', () => {
    const { app, platform } = clusterAndPlatform();
    platform.addMetalLbPool(bgpPool);
    const [pool, peer, ad] = objects(synthPlatform(app), 'metallb-pool-routed');
    expect(pool.kind).toBe('IPAddressPool');
    expect(peer).toEqual({
      apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'routed-router', namespace: 'metallb-system' },
      spec: { myASN: 64512, peerASN: 64513, peerAddress: '10.0.20.1', holdTime: '90s', passwordSecret: { name: 'bgp-auth', namespace: 'metallb-system' } },
    });
    expect(ad).toEqual({
      apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: { name: 'routed', namespace: 'metallb-system' },
      spec: { ipAddressPools: ['routed'], peers: ['routed-router'], aggregationLength: 32, communities: ['64512:100'], nodeSelectors: [{ matchLabels: { 'kubernetes.io/hostname': 'w1' } }] },
    });
  });

  describe('Talos\' control-plane exclude-from-external-load-balancers label', () => {
    const ignoreExcludeLb = (json: Record<string, any>): unknown => releaseValues(json, 'metallb').speaker?.ignoreExcludeLB;

    it('needs nothing when the cluster removes the label itself (seed 002)', () => {
      const { app, platform } = singleNode(true);
      platform.addMetalLbPool(seed002Pool);
      expect(synthPlatform(app).resource.helm_release.metallb.values).toBeUndefined();
    });

    it('makes the speaker ignore it on a single-node cluster that keeps the label', () => {
      const { app, platform } = singleNode(false);
      platform.addMetalLbPool({ ...seed002Pool, advertisement: MetalLbAdvertisement.l2() });
      expect(ignoreExcludeLb(synthPlatform(app))).toBe(true);
    });

    it('makes the speaker ignore it on an all-control-plane cluster (seed 003)', () => {
      const { app, platform } = clusterAndPlatform({}, { controlPlanes: [lanNode('m1', '10.0.20.11'), lanNode('m2', '10.0.20.12'), lanNode('m3', '10.0.20.13')], workers: [] });
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200-10.0.20.220'] });
      expect(ignoreExcludeLb(synthPlatform(app))).toBe(true);
    });

    it('makes the speaker ignore it when the advertisement is pinned to a control plane', () => {
      const { app, platform } = clusterAndPlatform();
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'], advertisement: MetalLbAdvertisement.l2({ nodes: ['cp1'] }) });
      expect(ignoreExcludeLb(synthPlatform(app))).toBe(true);
    });

    it('leaves it alone when workers can announce', () => {
      const { app, platform } = clusterAndPlatform();
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'] });
      platform.addMetalLbPool({ name: 'pinned', addresses: ['10.0.20.210/32'], advertisement: MetalLbAdvertisement.l2({ nodes: ['w1'] }) });
      expect(synthPlatform(app).resource.helm_release.metallb.values).toBeUndefined();
    });

    it('lets the user\'s chart values win', () => {
      const { app, platform } = clusterAndPlatform({}, { controlPlanes: [lanNode('m1', '10.0.20.11')], workers: [] }, { metalLb: { values: { speaker: { ignoreExcludeLB: false, logLevel: 'debug' } } } });
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'] });
      expect(releaseValues(synthPlatform(app), 'metallb').speaker).toEqual({ ignoreExcludeLB: false, logLevel: 'debug' });
    });
  });

  describe('fails before apply', () => {
    const failing = (pool: Partial<MetalLbPoolOptions>, cluster: Parameters<typeof clusterAndPlatform>[0] = {}): string => {
      const { app, platform } = clusterAndPlatform({ vip: '10.0.20.10', ...cluster });
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'], ...pool });
      return synthStacksError(app);
    };

    it('fails when the pool overlaps a node address', () => {
      expect(failing({ addresses: ['10.0.20.16/28'] })).toContain(
        "metalLbPools['lan'].addresses[0] '10.0.20.16/28' overlaps the address of node 'w1' (nodes['w1'].links[0].addresses[0] '10.0.20.21/24'): a node address answered by a load balancer breaks the node; pick pool addresses outside it");
    });

    it('fails when the pool overlaps the VIP', () => {
      expect(failing({ addresses: ['10.0.20.10/32'] })).toContain(
        "metalLbPools['lan'].addresses[0] '10.0.20.10/32' overlaps the control-plane VIP (vip '10.0.20.10'): the VIP and the pool would answer ARP for the same address");
    });

    it('fails when the pool overlaps the gateway', () => {
      expect(failing({ addresses: ['10.0.20.1-10.0.20.5'] })).toContain(
        "metalLbPools['lan'].addresses[0] '10.0.20.1-10.0.20.5' overlaps the gateway (network.gateway '10.0.20.1'): announcing the router's address cuts the LAN off");
    });

    it('fails when the pool overlaps the DHCP range (seed 002\'s outage)', () => {
      expect(failing({ addresses: ['10.0.20.150/32'] })).toContain(
        "metalLbPools['lan'].addresses[0] '10.0.20.150/32' overlaps the DHCP range (network.dhcpRange '10.0.20.100-10.0.20.199'): the router can lease a pool address to another device");
    });

    it('fails when an L2 pool lies outside the nodes\' subnet', () => {
      expect(failing({ addresses: ['192.168.50.0/28'] })).toContain(
        "metalLbPools['lan'].addresses[0] '192.168.50.0/28' lies outside the announcing nodes' subnets (10.0.20.0/24): with layer 2 nobody on the LAN can reach it; pick addresses inside the nodes' subnet, or announce with MetalLbAdvertisement.bgp()");
    });

    it('fails when an L2 pool lies outside the subnet of the node it is pinned to', () => {
      const { app, platform } = clusterAndPlatform({}, {
        workers: [lanNode('w1', '10.0.20.21'), lanNode('edge', '10.0.30.5', { links: [{ interface: 'eth0', addresses: ['10.0.30.5/24'], gateway: '10.0.30.1' }] })],
      });
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'], advertisement: MetalLbAdvertisement.l2({ nodes: ['edge'] }) });
      expect(synthStacksError(app)).toContain("'10.0.20.200/29' lies outside the announcing nodes' subnets (10.0.30.0/24)");
    });

    it('fails when an L2 pool includes the subnet\'s broadcast address', () => {
      expect(failing({ addresses: ['10.0.20.250-10.0.20.255'] })).toContain(
        "metalLbPools['lan'].addresses[0] '10.0.20.250-10.0.20.255' includes the network or broadcast address of 10.0.20.0/24, which no client can reach: leave out '10.0.20.255', or set avoidBuggyIPs: true");
    });

    it('accepts the broadcast address in the pool when MetalLB is told to skip it', () => {
      const { app, platform } = clusterAndPlatform();
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.240/28'], avoidBuggyIPs: true });
      expect(objects(synthPlatform(app), 'metallb-pool-lan')[0].spec).toEqual({ addresses: ['10.0.20.240/28'], avoidBuggyIPs: true });
    });

    it('fails when two pools overlap', () => {
      const { app, platform } = clusterAndPlatform();
      platform.addMetalLbPool({ name: 'a', addresses: ['10.0.20.200/29'] });
      platform.addMetalLbPool({ name: 'b', addresses: ['10.0.20.204-10.0.20.210'] });
      expect(synthStacksError(app)).toContain("metalLbPools['b'].addresses[0] '10.0.20.204-10.0.20.210' overlaps pool 'a' (addresses[0] '10.0.20.200/29'): MetalLB rejects overlapping pools");
    });

    it('fails when an address is not a range, pointing at the fix', () => {
      expect(failing({ addresses: ['10.0.20.200', '10.0.20.300/32'] })).toContain("metalLbPools['lan'].addresses[0] '10.0.20.200' is not an address range MetalLB accepts: write a single address as '10.0.20.200/32'");
    });

    it('fails when the advertisement names a node the cluster does not have, or selects none', () => {
      const message = failing({ advertisement: MetalLbAdvertisement.l2({ nodes: ['home-01-cp-1'], nodeSelectors: [{ matchLabels: { gpu: 'true' } }] }) });
      expect(message).toContain("metalLbPools['lan'].advertisement.nodes[0] 'home-01-cp-1' is not a node of cluster 'homelab': use one of 'cp1', 'w1', 'w2'");
      expect(message).toContain("metalLbPools['lan'].advertisement.nodeSelectors[0] '{\"matchLabels\":{\"gpu\":\"true\"}}' selects none of the nodes of cluster 'homelab'");
    });

    it('fails when a BGP peer is wrong', () => {
      const message = failing({
        addresses: ['192.168.100.0/28'],
        advertisement: MetalLbAdvertisement.bgp({ peers: [{ name: 'router', myASN: 0, peerASN: 64513, peerAddress: 'router.lan' }] }),
      });
      expect(message).toContain("metalLbPools['lan'].advertisement.peers[0].myASN '0' is not an AS number");
      expect(message).toContain("metalLbPools['lan'].advertisement.peers[0].peerAddress 'router.lan' is not an IP address");
    });

    it('fails at once when the pool name is not a DNS label', () => {
      const { platform } = clusterAndPlatform();
      expect(thrown(() => platform.addMetalLbPool({ name: 'LAN', addresses: ['10.0.20.200/29'] }))).toContain("metalLbPools['LAN'].name 'LAN' is not a valid name");
    });

    it('fails when a pool is declared twice', () => {
      const { platform } = clusterAndPlatform();
      platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200/29'] });
      expect(thrown(() => platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.210/32'] }))).toContain("metalLbPools['lan'] is declared twice");
    });
  });
});

describe('MetalLB resources and values pass the MetalLB v0.16.1 oracles', () => {
  const cases: Array<[string, () => Record<string, any>]> = [
    ['seed 002 L2 pool', () => { const { app, platform } = singleNode(false); platform.addMetalLbPool({ ...seed002Pool, advertisement: MetalLbAdvertisement.l2({ nodes: ['home-01-cp-0'], interfaces: ['enp1s0'] }) }); return synthPlatform(app); }],
    ['L2 pool with selectors and options', () => {
      const { app, platform } = clusterAndPlatform();
      platform.addMetalLbPool({
        name: 'lan', addresses: ['10.0.20.200-10.0.20.220'], autoAssign: false, avoidBuggyIPs: true,
        advertisement: MetalLbAdvertisement.l2({ nodeSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w1', 'w2'] }] }] }),
      });
      return synthPlatform(app);
    }],
    ['BGP pool', () => { const { app, platform } = clusterAndPlatform(); platform.addMetalLbPool(bgpPool); return synthPlatform(app); }],
  ];

  it.each(cases)('%s: every custom resource validates strictly against its CRD', (_name, build) => {
    const json = build();
    const resources = Object.keys(json.resource.helm_release).filter((r) => r.startsWith('metallb-pool-')).flatMap((r) => objects(json, r));
    expect(resources.length).toBeGreaterThanOrEqual(2);
    expect(resources.flatMap(crdErrors)).toEqual([]);
  });

  it.each(cases)('%s: the chart values, merged over the chart defaults, pass values.schema.json and name only keys the chart has', (_name, build) => {
    const values = releaseValues(build(), 'metallb');
    expect(chartValuesErrors(mergeValues(chartDefaults(), values))).toEqual([]);
    expect(unknownValueKeys(values, chartDefaults())).toEqual([]);
  });

  it('catches a misspelled field the API server would silently prune', () => {
    expect(crdErrors({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'x' }, spec: { adresses: ['10.0.0.3/32'] } }))
      .toEqual(expect.arrayContaining([expect.stringContaining('must NOT have additional properties {"additionalProperty":"adresses"}')]));
    expect(unknownValueKeys({ speaker: { ignoreExcludeLb: true } }, chartDefaults())).toEqual(['speaker.ignoreExcludeLb']);
  });

  it('catches a BGPPeer rendered with the wrong API version', () => {
    expect(crdErrors({ apiVersion: 'metallb.io/v1beta3', kind: 'BGPPeer', metadata: { name: 'x' }, spec: { myASN: 1 } }))
      .toEqual(['metallb.io/v1beta3 BGPPeer: no served MetalLB CRD version']);
  });
});

it('keeps manifests YAML parseable as Helm values', () => {
  const { app, platform } = singleNode(true);
  platform.addMetalLbPool(seed002Pool);
  const values: string[] = synthPlatform(app).resource.helm_release['metallb-pool-lan'].values;
  expect(values).toHaveLength(1);
  expect((parse(values[0]).manifests as Array<Record<string, any>>).filter((o) => !isHook(o))).toHaveLength(2);
});
