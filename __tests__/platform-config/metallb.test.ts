import fc from 'fast-check';
import { ClusterDeclaration } from '../../constructs/machine-config/model';
import { MetalLbAdvertisement, metalLbPoolProblems, MetalLbPoolOptions, needsIgnoreExcludeLb } from '../../constructs/platform-config/metallb';
import { selectNodes, platformNodes, selectorMatches } from '../../constructs/platform-config/nodes';
import { node } from '../helpers/fixtures';

/** A /24 LAN: gateway .1, VIP .10, control plane .11, workers .21 and .22, DHCP .100-.199. */
const lan: ClusterDeclaration = {
  clusterName: 'lab',
  talosVersion: 'v1.12.11',
  kubernetesVersion: '1.35.4',
  vip: '10.0.20.10',
  network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.100-10.0.20.199' },
  kubernetes: {},
  nodeDefaults: {},
  controlPlane: {},
  worker: {},
  nodes: [
    node('cp1', 'controlplane', [{ interface: 'eth0', addresses: ['10.0.20.11/24'] }]),
    node('w1', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }], { nodeLabels: { gpu: 'true' } }),
    node('w2', 'worker', [{ interface: 'eth0', addresses: ['10.0.20.22/24'] }]),
  ],
};
const OCCUPIED = new Set([1, 10, 11, 21, 22]);
const pool = (first: number, last: number): MetalLbPoolOptions => ({ name: 'lan', addresses: [`10.0.20.${first}-10.0.20.${last}`] });
const problems = (p: MetalLbPoolOptions): string[] => metalLbPoolProblems(lan, p, { path: 'pool' }).map((x) => x.message);

describe('metalLbPoolProblems (properties)', () => {
  const range = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

  it('reports the DHCP range exactly when the pool touches it', () => {
    fc.assert(fc.property(range, ([first, last]) => {
      const touches = first <= 199 && last >= 100;
      expect(problems(pool(first, last)).some((m) => m.includes('overlaps the DHCP range'))).toBe(touches);
    }));
  });

  it('reports an occupied address exactly when the pool contains one', () => {
    fc.assert(fc.property(range, ([first, last]) => {
      const hits = [...OCCUPIED].some((o) => o >= first && o <= last);
      const reported = problems(pool(first, last)).some((m) => /overlaps (the address of node|the control-plane VIP|the gateway)/.test(m));
      expect(reported).toBe(hits);
    }));
  });

  it('accepts every pool of free addresses inside the subnet', () => {
    const free = fc.integer({ min: 2, max: 254 }).filter((n) => !OCCUPIED.has(n) && (n < 100 || n > 199));
    fc.assert(fc.property(free, (n) => {
      expect(problems({ name: 'lan', addresses: [`10.0.20.${n}/32`] })).toEqual([]);
    }));
  });
});

describe('node selection', () => {
  const nodes = platformNodes(lan);

  it('gives nodes kubelet\'s and Talos\' labels plus the declared ones', () => {
    expect(nodes.map((n) => n.labels)).toEqual([
      { 'kubernetes.io/hostname': 'cp1', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' },
      { 'kubernetes.io/hostname': 'w1', 'kubernetes.io/os': 'linux', gpu: 'true' },
      { 'kubernetes.io/hostname': 'w2', 'kubernetes.io/os': 'linux' },
    ]);
  });

  it('matches selectors like Kubernetes: labels and expressions ANDed, a list ORed', () => {
    const names = (s: Parameters<typeof selectNodes>[1]): string[] => selectNodes(nodes, s).map((n) => n.hostname);
    expect(names([])).toEqual(['cp1', 'w1', 'w2']);
    expect(names([{ matchLabels: { gpu: 'true' } }, { matchLabels: { 'kubernetes.io/hostname': 'w2' } }])).toEqual(['w1', 'w2']);
    expect(names([{ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }, { key: 'gpu', operator: 'NotIn', values: ['true'] }] }])).toEqual(['w2']);
    expect(names([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['cp1', 'w1'] }], matchLabels: { gpu: 'true' } }])).toEqual(['w1']);
    expect(selectorMatches({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, { gpu: '' })).toBe(true);
  });

  it('knows when only labelled control planes could announce', () => {
    expect(needsIgnoreExcludeLb(lan, pool(200, 210))).toBe(false);
    expect(needsIgnoreExcludeLb(lan, { ...pool(200, 210), advertisement: MetalLbAdvertisement.l2({ nodes: ['cp1'] }) })).toBe(true);
    expect(needsIgnoreExcludeLb(lan, { ...pool(200, 210), advertisement: MetalLbAdvertisement.l2({ nodeSelectors: [{ matchLabels: { gpu: 'true' } }] }) })).toBe(false);
    const unlabelled = { ...lan, controlPlane: { nodeLabels: { 'node.kubernetes.io/exclude-from-external-load-balancers': null } } };
    expect(needsIgnoreExcludeLb(unlabelled, { ...pool(200, 210), advertisement: MetalLbAdvertisement.l2({ nodes: ['cp1'] }) })).toBe(false);
  });
});
