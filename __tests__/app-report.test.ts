/**
 * One report for the whole app: constructors record problems (they never throw for bad input), the first validation
 * at synth throws every problem of every stack at once, `runApp` prints it without a stack trace, and the collisions
 * only the whole app can see (across clusters, two platforms for one cluster) are in it.
 */
import { existsSync, mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Testing, TerraformOutput, TerraformStack } from 'cdktf';
import {
  DeclarationError, FirstContact, InstallDisk, PciPassthrough, Platform, ProxmoxConnection, runApp, TalosCluster, TalosClusterProps, TalosClusterReference,
} from '../constructs';
import { appReport } from '../constructs/private/report';
import { RELEASES_AS_OF } from '../constructs/machine-config/releases-table';
import { HOMELAB, lanNode } from './helpers/platform';

const CLUSTER: TalosClusterProps = { ...HOMELAB, firstContact: FirstContact.dhcpReservation(), nodeDefaults: { installDisk: InstallDisk.path('/dev/sda') } };

/** Two cluster stacks, each with one problem the cluster's validation finds, and a platform stack. */
function twoBrokenStacks(): App {
  const app = Testing.app();
  const a = new TalosCluster(new TerraformStack(app, 'a-cluster'), 'a', { ...CLUSTER, clusterName: 'a' });
  a.addControlPlane(lanNode('a-cp', '10.0.20.150'));
  const b = new TalosCluster(new TerraformStack(app, 'b-cluster'), 'b', { ...CLUSTER, clusterName: 'b' });
  b.addControlPlane(lanNode('b-cp', '10.0.20.30'));
  b.addWorker({ hostname: 'b-w', links: [{ interface: 'eth0', addresses: ['10.0.20.300/24'] }] });
  return app;
}

/** The message synth fails with. */
function synthMessage(app: App): string {
  try {
    app.synth();
  } catch (err) {
    if (!(err instanceof DeclarationError)) throw err;
    return err.message;
  }
  throw new Error('expected the synth to fail');
}

describe('one report for the app', () => {
  it('fails when two stacks have problems, with both at once, in the order of the construct tree', () => {
    const message = synthMessage(twoBrokenStacks());
    expect(message).toBe([
      'cdktf-talos: the app has 3 problems:',
      "  - [a-cluster/a] nodes['a-cp'].links[0].addresses[0] '10.0.20.150/24' lies in the DHCP range '10.0.20.100-10.0.20.199': give the node a static address outside it, or shrink the router's DHCP range, or the router may lease it to another device",
      "  - [b-cluster/b] nodes['b-w'].links[0].addresses[0] '10.0.20.300/24' is not an address with a prefix length: write it like '10.0.20.102/24'",
      "  - [b-cluster/b] nodes['b-w'].address is unknown: the node has no static address, so Terraform cannot reach it; add a static address to its first link or set address (e.g. a DHCP reservation)",
    ].join('\n'));
    expect(message).not.toContain('skipValidation');
  });

  it('fails when one stack of the app is synthesized alone, with the problems of the others too', () => {
    const app = twoBrokenStacks();
    const first = app.node.children.find((c): c is TerraformStack => c instanceof TerraformStack)!;
    expect(() => Testing.synth(first, true)).toThrow("[b-cluster/b] nodes['b-w']");
  });

  it('fails when props break the contract, without throwing in the constructor, and the returned constructs stay usable', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'c');
    const props = { ...CLUSTER, clusterName: 42, network: 'lan' } as unknown as TalosClusterProps;
    let cluster: TalosCluster | undefined;
    expect(() => {
      cluster = new TalosCluster(stack, 'c', props);
    }).not.toThrow();
    const node = cluster!.addWorker({ hostname: 'w', vm: { proxmoxNode: 'pve', vmId: '201' as unknown as number, nics: [{ addresses: ['10.0.20.21/24'] }] } });
    new TerraformOutput(stack, 'kubeconfig', { value: cluster!.kubeconfig, sensitive: true });
    new TerraformOutput(stack, 'address', { value: node.address });
    expect(synthMessage(app)).toBe([
      'cdktf-talos: the app has 3 problems:',
      "  - [c/c] clusterName '42' is a number, but a string is due",
      "  - [c/c] network 'lan' is a string, but a ClusterNetworkSettings object is due",
      "  - [c/c] nodes['w'].vm.vmId '201' is a string, but a whole number is due",
    ].join('\n'));
  });

  it('fails when two nodes share a hostname, building the second from stand-ins and checking the rest', () => {
    const app = Testing.app();
    const cluster = new TalosCluster(new TerraformStack(app, 'c'), 'c', CLUSTER);
    cluster.addControlPlane(lanNode('cp', '10.0.20.11'));
    const twin = cluster.addWorker(lanNode('cp', '10.0.20.150'));
    expect(twin.hostname).toBe('rejected-node');
    expect(cluster.allNodes.map((n) => n.hostname)).toEqual(['cp']);
    const message = synthMessage(app);
    expect(message).toContain("[c/c] nodes['cp'].hostname 'cp' is already used by another node: hostnames must be unique");
    expect(message).toContain('has 1 problem');
  });

  it('fails an app that asks cdktf for HCL output, which would drop the library\'s own blocks, and writes nothing', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdktf-talos-hcl-'));
    const app = new App({ outdir, hclOutput: true });
    new TalosCluster(new TerraformStack(app, 'c'), 'c', CLUSTER).addControlPlane(lanNode('cp', '10.0.20.11'));
    expect(synthMessage(app)).toBe([
      'cdktf-talos: the app has 1 problem:',
      '  - [(app)] hclOutput is true (hclOutput in cdktf.json, or SYNTH_HCL_OUTPUT=true): cdktf-talos writes Terraform JSON only, and its import, removed and ephemeral blocks and node replacement triggers would be missing from HCL; remove hclOutput (Terraform reads the JSON as it reads HCL)',
    ].join('\n'));
    expect(existsSync(join(outdir, 'stacks', 'c'))).toBe(false);
  });

  it('reports a node that repeats the hostname of a rejected node as well, so one report holds both problems', () => {
    const app = Testing.app();
    const cluster = new TalosCluster(new TerraformStack(app, 'c'), 'c', CLUSTER);
    const broken = { ...lanNode('cp', '10.0.20.11'), links: [{ interface: 'eth0', addresses: [42 as unknown as string] }] };
    cluster.addControlPlane(broken);
    cluster.addControlPlane(lanNode('cp', '10.0.20.12'));
    expect(cluster.allNodes).toEqual([]);
    expect(synthMessage(app)).toBe([
      'cdktf-talos: the app has 2 problems:',
      "  - [c/c] nodes['cp'].links[0].addresses[0] '42' is a number, but a string is due",
      "  - [c/c] nodes['cp'].hostname 'cp' is already used by another node: hostnames must be unique",
    ].join('\n'));
  });

  it('fails when a construct id is empty or taken, instead of the constructs library\'s error', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'c');
    new TalosCluster(stack, 'home', CLUSTER).addControlPlane(lanNode('cp', '10.0.20.11'));
    new TalosCluster(stack, 'home', { ...CLUSTER, clusterName: 'other' }).addControlPlane(lanNode('cp2', '10.0.20.12'));
    new TalosCluster(stack, '', { ...CLUSTER, clusterName: 'third' }).addControlPlane(lanNode('cp3', '10.0.20.13'));
    const message = synthMessage(app);
    expect(message).toContain("[c/invalid-id] id 'home' is already the id of another construct in 'c': give each its own id");
    expect(message).toContain("[c/invalid-id-2] id '' is not a name: give the TalosCluster a non-empty id, like 'homelab'");
  });

  it('fails when an app that skips validations has recorded problems: stand-ins are never written', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cdktf-talos-skip-')), skipValidation: true });
    const stack = new TerraformStack(app, 'c');
    new TalosCluster(stack, 'c', CLUSTER).addControlPlane({ hostname: 'cp', links: 'eth0' as never });
    expect(synthMessage(app)).toContain("[c/c] nodes['cp'].links 'eth0' is a string, but a list of NetworkLink objects is due");
    expect(existsSync(join(app.outdir, 'stacks', 'c', 'cdk.tf.json'))).toBe(false);
  });

  it('fails at once, with the library\'s error, when the scope is not a construct in a stack', () => {
    expect(() => new TalosCluster({} as never, 'c', CLUSTER)).toThrow(DeclarationError);
    expect(() => new TalosCluster(Testing.app(), 'c', CLUSTER)).toThrow("scope '' is not inside a TerraformStack of an App: create the TalosCluster in a stack");
  });
});

describe('runApp', () => {
  it('fails when the app has problems: prints the report alone, writes nothing and returns false with exit code 1', () => {
    const app = twoBrokenStacks();
    let printed = '';
    const before = process.exitCode;
    try {
      expect(runApp(app, { exit: false, output: { write: (t: string) => { printed += t; } } })).toBe(false);
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = before;
    }
    expect(printed).toBe(`${synthMessage(twoBrokenStacks())}\n`);
    expect(printed).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    // cdktf creates the stacks directory with the app; no stack is written into it, nor the manifest.
    const stacks = join(app.outdir, 'stacks');
    expect(existsSync(stacks) ? readdirSync(stacks) : []).toEqual([]);
    expect(existsSync(join(app.outdir, 'manifest.json'))).toBe(false);
  });

  it('fails when the app has problems: by default prints to stderr and exits with code 1', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      runApp(twoBrokenStacks());
      expect(exit).toHaveBeenCalledWith(1);
      expect(String(write.mock.calls[0][0])).toMatch(/^cdktf-talos: the app has 3 problems:\n/);
    } finally {
      exit.mockRestore();
      write.mockRestore();
    }
  });

  it('synthesizes a valid app', () => {
    const app = Testing.app();
    new TalosCluster(new TerraformStack(app, 'c'), 'c', CLUSTER).addControlPlane(lanNode('cp', '10.0.20.11'));
    expect(runApp(app, { exit: false })).toBe(true);
    expect(readdirSync(app.outdir)).toContain('manifest.json');
  });

  // A patch release newer than constructs/machine-config/releases-table.ts knows is valid (it may exist): a warning,
  // not a problem. The table's newest 1.35 is 1.35.4, so 1.35.4 is quiet and 1.35.5 warns.
  it('synthesizes an app with a release newer than the library knows, and prints its warning once', () => {
    const run = (kubernetesVersion: string): { ok: boolean; printed: string; annotations: unknown[] } => {
      const app = Testing.app();
      const cluster = new TalosCluster(new TerraformStack(app, 'c'), 'c', { ...CLUSTER, kubernetesVersion });
      cluster.addControlPlane(lanNode('cp', '10.0.20.11'));
      let printed = '';
      const ok = runApp(app, { exit: false, output: { write: (t: string) => { printed += t; } } });
      return { ok, printed, annotations: cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data) };
    };
    const newer = run('1.35.5');
    expect(newer.ok).toBe(true);
    expect(newer.printed).toBe(`warning: [c/c] kubernetesVersion '1.35.5' is newer than the newest Kubernetes 1.35 release this library knows (1.35.4, as of ${RELEASES_AS_OF}): check that the release exists, because a version that does not fails only at apply, when its image is pulled\n`);
    expect(newer.annotations).toHaveLength(1);
    const known = run('1.35.4');
    expect(known).toEqual({ ok: true, printed: '', annotations: [] });
  });

  it('throws any other error as it is', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'c');
    stack.node.addValidation({ validate: () => { throw new RangeError('a bug'); } });
    expect(() => runApp(app, { exit: false })).toThrow(RangeError);
  });
});

describe('collisions across the app', () => {
  const vmNode = (hostname: string, vmId: number, mac: string, pci?: PciPassthrough): Parameters<TalosCluster['addControlPlane']>[0] => ({
    hostname, vm: { proxmoxNode: 'pve', vmId, nics: [{ addresses: [`10.0.20.${vmId - 190}/24`], macAddress: mac }], ...(pci ? { pciDevices: [pci] } : {}) },
  });

  function twoClusters(second: (c: TalosCluster) => void): App {
    const app = Testing.app();
    new TalosCluster(new TerraformStack(app, 'a'), 'a', { ...CLUSTER, clusterName: 'a' })
      .addControlPlane(vmNode('a-cp', 201, 'BC:24:11:00:00:01', PciPassthrough.createMapping('t4', { path: '0000:01:00.0', id: '10de:1eb8' })));
    second(new TalosCluster(new TerraformStack(app, 'b'), 'b', { ...CLUSTER, clusterName: 'b' }));
    return app;
  }

  it('fails when two clusters pin one MAC address', () => {
    expect(synthMessage(twoClusters((b) => b.addControlPlane(vmNode('b-cp', 202, 'bc:24:11:00:00:01'))))).toContain(
      "[b/b] nodes['b-cp'].vm.nics[0].macAddress 'bc:24:11:00:00:01' is also nodes['a-cp'].vm.nics[0].macAddress of cluster 'a' (a/a): every NIC needs its own MAC address (two on one network make both unreachable); pin another one");
  });

  it('fails when two clusters give one VM id on the same Proxmox endpoint, and not on different ones', () => {
    expect(synthMessage(twoClusters((b) => b.addControlPlane(vmNode('b-cp', 201, 'BC:24:11:00:00:02'))))).toContain(
      "[b/b] nodes['b-cp'].vm.vmId '201' is also nodes['a-cp'].vm.vmId of cluster 'a' (a/a), on the same Proxmox endpoint: VM ids are unique across the Proxmox cluster; pick another");
    const app = twoClusters((b) => b.addControlPlane(vmNode('b-cp', 201, 'BC:24:11:00:00:02')));
    // The second stack's endpoint comes from its own Terraform variables: the synth cannot tell it is the same.
    const other = Testing.app();
    new TalosCluster(new TerraformStack(other, 'a'), 'a', { ...CLUSTER, clusterName: 'a' }).addControlPlane(vmNode('a-cp', 201, 'BC:24:11:00:00:01'));
    const bStack = new TerraformStack(other, 'b');
    new ProxmoxConnection(bStack, 'proxmox', { credentials: 'variables' });
    new TalosCluster(bStack, 'b', { ...CLUSTER, clusterName: 'b' }).addControlPlane(vmNode('b-cp', 201, 'BC:24:11:00:00:02'));
    expect(appReport(other)).toBeUndefined();
    expect(appReport(app)).toBeDefined();
  });

  it('fails when two clusters create one PCI mapping name', () => {
    expect(synthMessage(twoClusters((b) => b.addControlPlane(vmNode('b-cp', 202, 'BC:24:11:00:00:02', PciPassthrough.createMapping('t4', { path: '0000:02:00.0', id: '10de:1eb8' })))))).toContain(
      "[b/b] nodes['b-cp'].vm.pciDevices create the PCI hardware mapping 't4', which nodes['a-cp'].vm.pciDevices of cluster 'a' (a/a) creates too, on the same Proxmox endpoint");
    // Passing an existing mapping by name is how a second cluster uses it.
    expect(appReport(twoClusters((b) => b.addControlPlane(vmNode('b-cp', 202, 'BC:24:11:00:00:02', PciPassthrough.mapping('t4')))))).toBeUndefined();
  });

  it('fails when one cluster gets two platforms, also through a reference', () => {
    const app = Testing.app();
    const cluster = new TalosCluster(new TerraformStack(app, 'c'), 'c', CLUSTER);
    cluster.addControlPlane(lanNode('cp', '10.0.20.11'));
    new Platform(new TerraformStack(app, 'p1'), 'platform', { cluster });
    const p2 = new TerraformStack(app, 'p2');
    const reference = TalosClusterReference.fromAttributes(p2, 'c', {
      ...CLUSTER, nodes: [{ role: 'controlplane', ...lanNode('cp', '10.0.20.11') }],
      kubernetesClientConfiguration: { host: 'h', caCertificate: 'a', clientCertificate: 'b', clientKey: 'c' },
    });
    new Platform(p2, 'platform', { cluster: reference });
    expect(synthMessage(app)).toContain(
      "[p2/platform] cluster 'homelab' already has a platform (p1/platform): two platforms would install the same releases, pools and namespaces twice and fight over them; use one platform per cluster");
  });
});
