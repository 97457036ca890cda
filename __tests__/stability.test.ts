import { FirstContact, InstallDisk, PciPassthrough, TalosCluster, TalosNodeOptions } from '../constructs';
import { synthJson, testStack } from './helpers/synth';

/** Every leaf of a JSON value by path, e.g. `resource.talos_machine_bootstrap.lab.node`. */
function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(path, JSON.stringify(value));
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, JSON.stringify(value));
  }
  return out;
}

/** The paths whose value differs between two synthesized stacks (added, removed or changed). */
function changedPaths(before: unknown, after: unknown): string[] {
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

const NODES: TalosNodeOptions[] = [
  { hostname: 'cp1', vm: { proxmoxNode: 'pve1', vmId: 101, nics: [{ addresses: ['10.0.20.11/24'] }] } },
  { hostname: 'cp2', vm: { proxmoxNode: 'pve2', vmId: 102, nics: [{ addresses: ['10.0.20.12/24'] }] } },
  { hostname: 'cp3', vm: { proxmoxNode: 'pve3', vmId: 103, nics: [{ addresses: ['10.0.20.13/24'] }] } },
  { hostname: 'w1', vm: { proxmoxNode: 'pve1', vmId: 111, nics: [{ addresses: ['10.0.20.21/24'] }] } },
  { hostname: 'w2', links: [{ interface: 'eth0', addresses: ['10.0.20.22/24'] }], installDisk: InstallDisk.path('/dev/sda') },
];

function lab(workers: TalosNodeOptions[], tweak: (n: TalosNodeOptions) => TalosNodeOptions = (n) => n) {
  const { stack } = testStack();
  const cluster = new TalosCluster(stack, 'lab', {
    clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', vip: '10.0.20.10', healthCheck: true,
    network: { gateway: '10.0.20.1' }, nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent'] }, firstContact: FirstContact.dhcpReservation(),
  });
  for (const n of NODES.slice(0, 3)) cluster.addControlPlane(tweak(n));
  for (const n of workers) {
    if (n.hostname === 'gpu') cluster.addGpuWorker({ ...tweak(n), gpu: { model: 'Tesla T4', passthrough: PciPassthrough.mapping('t4') } });
    else cluster.addWorker(tweak(n));
  }
  return synthJson(stack);
}

/** Paths allowed to change when the node set changes: the lists of nodes (talosconfig nodes, health-check lists). */
const NODE_LISTS = [
  /^data\.talos_client_configuration\.lab\.nodes\./,
  /^data\.talos_cluster_health\.lab\.(worker_nodes|control_plane_nodes|endpoints|depends_on)\./,
];

/** The paths of resources that belong to a node (its configuration, apply, VM, and a new image it alone uses). */
const ownedBy = (hostname: string) => new RegExp(`^(data|resource)\\.[a-z_]+\\.lab_${hostname}(_|\\.|$)`);

describe('stability', () => {
  const base = lab(NODES.slice(3));

  it('synthesizes byte-identical JSON for the same input', () => {
    expect(JSON.stringify(lab(NODES.slice(3)))).toBe(JSON.stringify(base));
  });

  it('adding a node changes no other resource\'s address or attributes, only the lists of nodes', () => {
    const gpu: TalosNodeOptions = { hostname: 'gpu', vm: { proxmoxNode: 'pve2', vmId: 120, nics: [{ addresses: ['10.0.20.30/24'] }] } };
    const after = lab([...NODES.slice(3), gpu]);
    const changed = changedPaths(base, after);
    const unexpected = changed.filter((p) => !ownedBy('gpu').test(p) && !NODE_LISTS.some((re) => re.test(p))
      // the GPU node's image is new: its schematic, URLs and ISO download are added, none changed
      && !(p.startsWith('resource.talos_image_factory_schematic.') || p.startsWith('data.talos_image_factory_urls.') || p.startsWith('resource.proxmox_download_file.')));
    expect(unexpected).toEqual([]);
    // Nothing that existed before changed in those image resources either: they were only added.
    const imagePaths = changed.filter((p) => /^(resource\.talos_image_factory_schematic|data\.talos_image_factory_urls|resource\.proxmox_download_file)\./.test(p));
    const before = leaves(base);
    expect(imagePaths.filter((p) => before.has(p))).toEqual([]);
    // And the node lists did change (the check above is not vacuous).
    expect(changed).toContain('data.talos_client_configuration.lab.nodes.5');
  });

  it('removing a node changes no other resource\'s address or attributes, only the lists of nodes', () => {
    const after = lab([NODES[3]]);
    const changed = changedPaths(base, after);
    const remaining = leaves(after);
    // An image (URLs for the 'metal' platform) only w2 used goes with it: removed, never changed.
    const isImage = (p: string) => /^(resource\.talos_image_factory_schematic|data\.talos_image_factory_urls|resource\.proxmox_download_file)\./.test(p);
    expect(changed.filter((p) => !ownedBy('w2').test(p) && !NODE_LISTS.some((re) => re.test(p)) && !(isImage(p) && !remaining.has(p)))).toEqual([]);
    expect(changed).toContain('data.talos_image_factory_urls.lab_106aed8b_v1_13_9-metal-amd64.platform');
    expect(Object.keys(after.resource.talos_machine_configuration_apply).sort()).toEqual(['lab_cp1', 'lab_cp2', 'lab_cp3', 'lab_w1']);
  });

  it('changing one node\'s setting changes only that node\'s configuration', () => {
    const after = lab(NODES.slice(3), (n) => (n.hostname === 'w1' ? { ...n, sysctls: { 'vm.swappiness': 10 } } : n));
    expect(changedPaths(base, after)).toEqual(['data.talos_machine_configuration.lab_w1.config_patches.0']);
  });
});
