/**
 * The public boundary under arbitrary input: every entry point (construct props, `add*` options, state backends, the
 * core's `declareCluster`) gets a valid value with one part replaced by an arbitrary JSON value or a value JSON cannot
 * hold (NaN, Infinity, undefined, huge and negative numbers, blank strings, prototype keys, lists for objects and
 * objects for lists). Whatever it gets, the library must answer with its own report (a `DeclarationError`) and
 * nothing else: no TypeError, no error of cdktf or constructs, neither while building, nor while synthesizing (every
 * stack prepared first, as `app.synth()` does, so every lazy value is resolved). And a value the contract forbids must
 * never synthesize silently.
 */
import { App, Testing, TerraformStack } from 'cdktf';
import * as fc from 'fast-check';
import {
  FirstContact, InstallDisk, MetalLbAdvertisement, PciPassthrough, Platform, StateBackend, TalosCluster, TalosClusterReference,
} from '../../constructs';
import { checkContract, declareCluster, DeclarationError, validateCluster } from '../../constructs/machine-config';
import { appReport } from '../../constructs/private/report';

type Json = unknown;

const CLUSTER = {
  clusterName: 'homelab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3',
  network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.200-10.0.20.250' },
  nodeDefaults: { nameservers: ['10.0.20.1'], sysctls: { 'vm.swappiness': 10 }, nodeLabels: { rack: 'a' }, installDisk: InstallDisk.path('/dev/sda'), containerd: { discardUnpackedLayers: false } },
  kubernetes: { podSubnets: ['10.244.0.0/16'], apiServer: { certSans: ['k8s.lan'] } },
  proxmox: { diskDatastore: 'local-lvm' },
  firstContact: FirstContact.dhcpReservation(),
};
const CP = { hostname: 'cp1', links: [{ interface: 'eth0', addresses: ['10.0.20.11/24'], mtu: 1500, routes: [{ network: '10.9.0.0/16', gateway: '10.0.20.1', metric: 10 }] }] };
const VM_WORKER = { hostname: 'w1', vm: { proxmoxNode: 'pve', vmId: 201, cores: 2, memoryMiB: 4096, nics: [{ addresses: ['10.0.20.21/24'], vlanTag: 20 }] } };
const GPU_WORKER = { hostname: 'g1', gpu: { model: 'Tesla T4', passthrough: PciPassthrough.mapping('t4') }, vm: { proxmoxNode: 'pve', vmId: 202, nics: [{ addresses: ['10.0.20.22/24'] }] } };

/** An entry point: a valid value, and how to hand a value to the library in a fresh app. */
interface Entry {
  readonly name: string;
  /** The contract root the value is checked against (the oracle of "forbidden"). */
  readonly root: string;
  readonly valid: () => Json;
  /** Builds an app that hands `value` over; returns the app, or throws (only the core's `declareCluster` may). */
  readonly use: (value: Json) => App | undefined;
  /** Paths of the oracle's problems that `use` supplies itself (the platform's cluster). */
  readonly supplied?: readonly string[];
  /** The argument is optional: `undefined` is a valid value. */
  readonly optional?: boolean;
}

function clusterApp(props: Json, nodes: (cluster: TalosCluster) => void = (c) => { c.addControlPlane(CP); }): { app: App; cluster: TalosCluster } {
  const app = Testing.app();
  const cluster = new TalosCluster(new TerraformStack(app, 'homelab-cluster'), 'homelab', props as never);
  nodes(cluster);
  return { app, cluster };
}

function platformApp(use: (p: Platform) => void): App {
  const { app, cluster } = clusterApp(CLUSTER);
  use(new Platform(new TerraformStack(app, 'homelab-platform'), 'platform', { cluster }));
  return app;
}

export const ENTRIES: Entry[] = [
  { name: 'TalosCluster props', root: 'TalosClusterProps', valid: () => CLUSTER, use: (v) => clusterApp(v).app },
  { name: 'addControlPlane options', root: 'TalosNodeOptions', valid: () => CP, use: (v) => clusterApp(CLUSTER, (c) => { c.addControlPlane(v as never); }).app },
  { name: 'addWorker options (a VM)', root: 'TalosNodeOptions', valid: () => VM_WORKER, use: (v) => clusterApp(CLUSTER, (c) => { c.addControlPlane(CP); c.addWorker(v as never); }).app },
  { name: 'addGpuWorker options', root: 'GpuNodeOptions', valid: () => GPU_WORKER, use: (v) => clusterApp(CLUSTER, (c) => { c.addControlPlane(CP); c.addGpuWorker(v as never); }).app },
  {
    name: 'TalosClusterReference attributes', root: 'TalosClusterAttributes',
    valid: () => ({ ...CLUSTER, nodes: [{ role: 'controlplane', ...CP }], kubernetesClientConfiguration: { host: 'https://10.0.20.11:6443', caCertificate: 'a', clientCertificate: 'b', clientKey: 'c' } }),
    use: (v) => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 'homelab-platform');
      new Platform(stack, 'platform', { cluster: TalosClusterReference.fromAttributes(stack, 'homelab', v as never) });
      return app;
    },
  },
  {
    name: 'Platform props', root: 'PlatformProps', supplied: ['cluster'], valid: () => ({ metalLb: { version: '0.16.1', values: { speaker: { logLevel: 'info' } } } }),
    use: (v) => {
      const { app, cluster } = clusterApp(CLUSTER);
      const props = typeof v === 'object' && v !== null && !Array.isArray(v) ? { cluster, ...v } : v;
      new Platform(new TerraformStack(app, 'homelab-platform'), 'platform', props as never);
      return app;
    },
  },
  {
    name: 'addRelease options', root: 'HelmReleaseOptions',
    valid: () => ({ name: 'podinfo', repository: 'https://stefanprodan.github.io/podinfo', chart: 'podinfo', version: '6.9.0', values: { replicaCount: 2, ui: { color: '#fff' } }, timeoutSeconds: 300, wait: true }),
    use: (v) => platformApp((p) => { p.addRelease(v as never); }),
  },
  {
    name: 'addManifests options', root: 'ManifestsReleaseOptions',
    valid: () => ({ name: 'issuers', namespace: 'cert-manager', manifests: [{ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'self' }, spec: { selfSigned: {} } }] }),
    use: (v) => platformApp((p) => { p.addManifests(v as never); }),
  },
  {
    name: 'addMetalLbPool options', root: 'MetalLbPoolOptions',
    valid: () => ({ name: 'lan', addresses: ['10.0.20.120-10.0.20.139'], advertisement: MetalLbAdvertisement.l2({ nodes: ['cp1'], interfaces: ['eth0'] }) }),
    use: (v) => platformApp((p) => { p.addMetalLbPool(v as never); }),
  },
  { name: 'addNodeTaints options', root: 'NodeTaintsOptions', valid: () => ({ node: 'cp1', taints: { dedicated: 'storage:NoSchedule' } }), use: (v) => platformApp((p) => { p.addNodeTaints(v as never); }) },
  { name: 'addNodeLabels options', root: 'NodeLabelsOptions', valid: () => ({ node: 'cp1', labels: { 'example.com/role': 'db' } }), use: (v) => platformApp((p) => { p.addNodeLabels(v as never); }) },
  { name: 'addSpegel options', root: 'SpegelOptions', optional: true, valid: () => ({ version: '0.7.4', values: { spegel: { logLevel: 'INFO' } } }), use: (v) => platformApp((p) => { p.addSpegel(v as never); }) },
  { name: 'namespace options', root: 'KubernetesNamespaceOptions', valid: () => ({ name: 'media', podSecurity: 'baseline', labels: { team: 'a' } }), use: (v) => platformApp((p) => { p.namespace(v as never); }) },
  {
    name: 'StateBackend.s3 options', root: 'S3StateOptions',
    valid: () => ({ bucket: 'tfstate', endpoint: 'https://minio.lan:9000', keyPrefix: 'x', encrypt: false }),
    use: (v) => {
      const { app, cluster } = clusterApp(CLUSTER);
      StateBackend.s3(v as never).bind(cluster.node.scopes[1] as TerraformStack);
      return app;
    },
  },
  {
    name: 'declareCluster options (the core)', root: 'ClusterOptions', valid: () => CLUSTER,
    // As a user of the core goes: declare, then validate (which reports what the contract carried as soft).
    use: (v) => {
      const problems = validateCluster(declareCluster(v as never, [{ role: 'controlplane', ...CP }]));
      if (problems.length > 0) throw new DeclarationError(problems);
      return undefined;
    },
  },
];

/** Values JSON cannot hold, and the usual suspects. */
const SPECIAL: Json[] = [NaN, Infinity, -Infinity, -1, 0.5, 1e300, 2 ** 53, '', '   ', '\n', null, undefined, [], {}, [null], [undefined], { x: null }, true];

const valueArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => JSON.parse(`{"${k}": {"polluted": true}}`) as Json) },
);

/** Every path into a value's plain objects and lists (not into objects of classes). */
function paths(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  }
  return out;
}

/** A copy of `value` with the part at `path` replaced (or, with `add`, a key added to the object there). */
function mutate(value: Json, path: Array<string | number>, replacement: Json, add?: string): Json {
  if (path.length === 0) {
    if (add === undefined || typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return replacement;
    const copy = { ...(value as object) };
    Object.defineProperty(copy, add, { value: replacement, enumerable: true, configurable: true, writable: true });
    return copy;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? mutate(v, rest, replacement, add) : v));
  return { ...(value as object), [head]: mutate((value as Record<string, Json>)[head as string], rest, replacement, add) };
}

/** The report of the app an entry builds from a value (undefined: no problem, or the core accepted it). */
export function reportOf(entry: Entry, value: Json): string | undefined {
  const app = entry.use(value);
  return app === undefined ? undefined : appReport(app)?.message;
}

/** What happened to one mutated value. */
export function outcome(entry: Entry, value: Json): void {
  let app: App | undefined;
  try {
    app = entry.use(value);
  } catch (err) {
    if (err instanceof DeclarationError) return;
    throw new Error(`${entry.name}: building threw ${(err as Error).stack}`);
  }
  if (app === undefined) {
    const forbidden = checkContract(entry.root, value, { path: '' });
    if (forbidden.problems.length + forbidden.ranges.length > 0) throw new Error(`${entry.name}: the contract forbids the value, but it was accepted`);
    return;
  }
  const report = appReport(app);
  const checked = value === undefined && entry.optional === true ? { problems: [], ranges: [] } : checkContract(entry.root, value, { path: '' });
  const forbidden = [...checked.problems, ...checked.ranges].filter((p) => !(entry.supplied ?? []).includes(p.path));
  if (report === undefined && forbidden.length > 0) {
    throw new Error(`${entry.name}: the contract forbids the value (${forbidden.map((p) => `${p.path} ${p.message}`).join('; ')}), but the app has no problem`);
  }
  // The whole synth path, as app.synth() takes it: every stack prepared (lazy values resolved), then validated.
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  try {
    for (const s of stacks) s.prepareStack();
    for (const s of stacks) Testing.synth(s, true);
  } catch (err) {
    if (err instanceof DeclarationError) return;
    throw new Error(`${entry.name}: synth threw ${(err as Error).stack}`);
  }
  if (report !== undefined) throw new Error(`${entry.name}: the app has problems, but synth succeeded`);
}

/** Every public entry point, one part of a valid value replaced or a key added. */
export const publicBoundaryReportsOnly = fc.property(
  fc.nat({ max: ENTRIES.length - 1 }), fc.nat(), valueArb, fc.option(fc.constantFrom('__proto__', 'constructor', 'typo', 'clusterName', 'links'), { nil: undefined }),
  (e, p, replacement, add) => {
    const entry = ENTRIES[e];
    const valid = entry.valid();
    const all = paths(valid);
    outcome(entry, mutate(valid, all[p % all.length], replacement, add));
  },
);
