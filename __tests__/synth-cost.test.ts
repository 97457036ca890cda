/**
 * What synthesis costs, counted rather than timed: work that grows with the square of the number of nodes, or a
 * process started per synth, shows up here as a count that grows, on any machine and under any load.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssetType, Lazy, TerraformAsset, TerraformElement, Testing, TerraformStack } from 'cdktf';
import { Node } from 'constructs';
import { ProxmoxConnection, TalosCluster } from '../constructs';
import { withoutUnset } from '../constructs/private/providers';
import { synthJson, testStack } from './helpers/synth';
// The module object itself (cdktf calls `child_process.execSync` through it), not an import's copy of it.
import childProcess = require('node:child_process');

/** A cluster stack of `count` Proxmox VM nodes (three control planes, then workers). */
function vmCluster(count: number, connection = false): { stack: TerraformStack; cluster: TalosCluster } {
  const { stack } = testStack();
  if (connection) new ProxmoxConnection(stack, 'proxmox', { credentials: 'variables' });
  const cluster = new TalosCluster(stack, 'lab', {
    clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.0.1' },
  });
  addVmNodes(cluster, count);
  return { stack, cluster };
}

function addVmNodes(cluster: TalosCluster, count: number): void {
  for (let i = 0; i < count; i++) {
    const vm = { proxmoxNode: `pve${i % 3}`, vmId: 100 + i, nics: [{ addresses: [`10.0.0.${10 + i}/24`] }] };
    if (i < 3) cluster.addControlPlane({ hostname: `cp-${i}`, vm });
    else cluster.addWorker({ hostname: `w-${i}`, vm });
  }
}

/** How often `fn` walks the whole construct tree of any construct (`node.findAll()`). */
function treeWalks(fn: () => void): number {
  const spy = jest.spyOn(Node.prototype, 'findAll');
  try {
    fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('synthesis cost', () => {
  it('adding VMs walks the construct tree a fixed number of times, not once per VM', () => {
    expect(treeWalks(() => vmCluster(3))).toBe(treeWalks(() => vmCluster(8)));
    expect(treeWalks(() => vmCluster(8, true))).toBe(treeWalks(() => vmCluster(3, true)));
  });

  it('still adds exactly one Proxmox provider per stack, and none besides an explicit connection', () => {
    expect(Object.keys(synthJson(vmCluster(5).stack).provider.proxmox)).toHaveLength(1);
    const explicit = synthJson(vmCluster(5, true).stack);
    expect(explicit.provider.proxmox).toEqual([expect.objectContaining({ api_token: '${var.proxmox_api_token}' })]);
  });

  it('adds a provider again when the one it found was removed from the stack', () => {
    const { stack } = testStack();
    const connection = new ProxmoxConnection(stack, 'mine', { credentials: 'variables' });
    ProxmoxConnection.ensure(stack);
    expect(stack.node.tryFindChild('proxmox')).toBeUndefined();
    stack.node.tryRemoveChild(connection.node.id);
    ProxmoxConnection.ensure(stack);
    expect(stack.node.tryFindChild('cdktf-talos-proxmox-connection')).toBeInstanceOf(ProxmoxConnection);
  });

  it('reads the whole cluster declaration a fixed number of times per synth, not once per node\'s value', () => {
    const reads = (count: number): number => {
      const { stack, cluster } = vmCluster(count);
      const spy = jest.spyOn(cluster, 'declaration', 'get');
      Testing.synth(stack, true);
      return spy.mock.calls.length;
    };
    expect(reads(8)).toBe(reads(3));
  });

  it('adding a node copies no list of every node (the declaration getter does), so adding n nodes is linear', () => {
    const reads = (count: number): number => {
      const { cluster } = vmCluster(0);
      const spy = jest.spyOn(cluster, 'declaration', 'get');
      addVmNodes(cluster, count);
      return spy.mock.calls.length;
    };
    expect(reads(8)).toBe(reads(3));
  });

  it('starts no process (cdktf\'s DataResource ran `terraform version` at every synth)', () => {
    const spawned = ['execSync', 'execFileSync', 'spawnSync'].map((f) => jest.spyOn(childProcess, f as 'execSync'));
    try {
      const { stack, cluster } = vmCluster(3);
      expect(synthJson(stack).resource.terraform_data.lab_ready).toEqual({ depends_on: ['talos_cluster_kubeconfig.lab'] });
      expect(cluster.ready).toBeDefined();
      expect(spawned.map((s) => s.mock.calls.length)).toEqual([0, 0, 0]);
    } finally {
      for (const s of spawned) s.mockRestore();
    }
  });

  it('starts no process for import blocks either (cdktf\'s importFrom runs `terraform version` at every synth)', () => {
    // cdktf 0.21.0 lib/terraform-resource.js importFrom adds ValidateTerraformVersion, which shells out
    // (lib/validations/validate-binary-version.js) and fails the synth where Terraform is not installed.
    const spawned = ['execSync', 'execFileSync', 'spawnSync'].map((f) => jest.spyOn(childProcess, f as 'execSync'));
    try {
      const { stack } = testStack();
      const cluster = new TalosCluster(stack, 'lab', {
        clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.0.1' },
        secrets: { importFrom: './secrets.yaml' }, alreadyBootstrapped: true,
      });
      cluster.addControlPlane({ hostname: 'cp-0', vm: { proxmoxNode: 'pve', vmId: 100, nics: [{ addresses: ['10.0.0.10/24'] }] } });
      const json = synthJson(stack);
      expect(json.import).toEqual([
        { id: './secrets.yaml', to: 'talos_machine_secrets.lab' },
        { id: 'bootstrapped', to: 'talos_machine_bootstrap.lab' },
      ]);
      // The stack metadata cdktf's CLI reads lists them as cdktf's importFrom would.
      expect((stack.toTerraform() as { '//': { metadata: { imports: unknown } } })['//'].metadata.imports).toEqual({ talos_machine_bootstrap: ['lab'], talos_machine_secrets: ['lab'] });
      expect(spawned.map((s) => s.mock.calls.length)).toEqual([0, 0, 0]);
    } finally {
      for (const s of spawned) s.mockRestore();
    }
  });

  it('the bindings written once per node hand cdktf only the attributes that are set', () => {
    // cdktf resolves every value of every element three times per synth; an unset one costs almost as much as a set
    // one before it is dropped (lib/tokens/private/resolve.js).
    const { stack } = vmCluster(3);
    const perNode = ['proxmox_virtual_environment_vm', 'talos_machine_configuration_apply', 'talos_machine_configuration'];
    const unset: string[] = [];
    let values = 0;
    const walk = (v: unknown, at: string): void => {
      if (v === undefined) unset.push(at);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        for (const [k, x] of Object.entries(v)) {
          values++;
          walk(x, `${at}.${k}`);
        }
      }
    };
    const seen = new Set<string>();
    for (const e of stack.node.findAll()) {
      if (!(e instanceof TerraformElement)) continue;
      const tf = e.toTerraform() as Record<string, Record<string, Record<string, unknown>> | undefined>;
      for (const type of perNode) {
        const byId = (tf.resource?.[type] ?? tf.data?.[type]) as Record<string, Record<string, unknown>> | undefined;
        for (const attributes of Object.values(byId ?? {})) {
          seen.add(type);
          const { '//': _metadata, ...own } = attributes; // cdktf's own metadata, not the binding's
          walk(own, `${type}.${e.node.path}`);
        }
      }
    }
    expect([...seen].sort()).toEqual([...perNode].sort());
    expect(values).toBeGreaterThan(100);
    expect(unset).toEqual([]);
  });

  it('dropping unset attributes keeps every set value, and never looks inside tokens or other objects', () => {
    const token = Lazy.stringValue({ produce: () => 'x' });
    class Opaque { readonly inside = undefined; }
    const opaque = new Opaque();
    expect(withoutUnset({
      a: undefined, b: null, c: false, d: 0, e: '', f: [], g: {}, h: token, i: opaque,
      j: { k: undefined, l: { m: undefined, n: 1 } }, o: [{ p: undefined, q: 2 }, undefined, 3],
    })).toEqual({ b: null, c: false, d: 0, e: '', f: [], g: {}, h: token, i: opaque, j: { l: { n: 1 } }, o: [{ q: 2 }, undefined, 3] });
    const kept = withoutUnset({ i: opaque }).i;
    expect(kept).toBe(opaque);
  });
});


describe('the test setup', () => {
  it('still zips an archive asset: cdktf loads its zip library on first use in the tests (helpers/archiver-on-demand.cjs)', () => {
    const { app, stack } = testStack();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-asset-'));
    try {
      fs.writeFileSync(path.join(dir, 'values.yaml'), 'a: 1\n');
      new TerraformAsset(stack, 'asset', { path: dir, type: AssetType.ARCHIVE, assetHash: 'fixed' });
      app.synth();
      const zips = fs.readdirSync(path.join(app.outdir, 'stacks', stack.node.id, 'assets', 'asset', 'fixed'));
      expect(zips).toEqual(['archive.zip']);
      const zip = fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, 'assets', 'asset', 'fixed', 'archive.zip'));
      // A zip file: its local file header's signature, and the entry's name.
      expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      expect(zip.includes('values.yaml')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
