/**
 * The runtime contract's messages: each names the field by its path, quotes the value as received and says what is
 * due; tokens pass; a range problem gives way to a rule of the field's own.
 */
import { Token } from 'cdktf';
import { checkContract, coreContractProblems, declareCluster, DeclarationError, InstallDisk, MAX_DEPTH, validateCluster, withoutShadowedRanges } from '../../constructs/machine-config';

const BASE = { clusterName: 'c', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3' };
const messages = (value: unknown, root = 'ClusterOptions', path = ''): string[] => {
  const r = checkContract(root, value, { path, isUnresolved: (v) => Token.isUnresolved(v) });
  return [...r.problems, ...r.ranges].map((p) => `${p.path} ${p.message}`);
};

describe('the contract of the public boundary', () => {
  it('accepts a valid declaration, and tokens wherever they stand', () => {
    expect(messages({ ...BASE, nodeDefaults: { installDisk: InstallDisk.path('/dev/sda'), sysctls: { 'vm.swappiness': 10 } } })).toEqual([]);
    expect(messages({ ...BASE, vip: Token.asString({ Ref: 'x' }), talosconfigEndpoints: Token.asList({ Ref: 'y' }) })).toEqual([]);
    expect(messages({ hostname: 'w', role: 'worker', vm: { proxmoxNode: 'pve', vmId: Token.asNumber({ Ref: 'id' }), nics: [] } }, 'ClusterNode')).toEqual([]);
  });

  it('fails when a value has the wrong type, quoting it as received', () => {
    expect(messages({ ...BASE, clusterName: 42 })).toEqual(["clusterName '42' is a number, but a string is due"]);
    expect(messages({ ...BASE, allowEvenControlPlanes: 'yes' })).toEqual(["allowEvenControlPlanes 'yes' is a string, but true or false is due"]);
    expect(messages({ ...BASE, talosconfigEndpoints: 'a' })).toEqual(["talosconfigEndpoints 'a' is a string, but a list of strings is due"]);
    expect(messages({ ...BASE, network: [] })).toEqual(["network '[]' is a list, but a ClusterNetworkSettings object is due"]);
  });

  it('fails when null, undefined, NaN or Infinity stand in lists and maps, naming each', () => {
    expect(messages({ ...BASE, nodeDefaults: { nameservers: ['1.1.1.1', null, undefined], sysctls: { a: NaN, b: Infinity } } })).toEqual([
      'nodeDefaults.nameservers[1] is null, but a string is due',
      'nodeDefaults.nameservers[2] is undefined, but a string is due',
      "nodeDefaults.sysctls['a'] is not a number (NaN), but a string or a number is due",
      "nodeDefaults.sysctls['b'] is infinite, but a string or a number is due",
    ]);
  });

  it('fails when a count, id or size is negative, fractional or huge, as a range problem', () => {
    const r = checkContract('ClusterNode', { hostname: 'w', role: 'worker', vm: { proxmoxNode: 'pve', vmId: -1, cores: 1.5, memoryMiB: 2 ** 53, nics: [] } }, { path: "nodes['w']" });
    expect(r.problems).toEqual([]);
    expect(r.ranges.map((p) => `${p.path} ${p.message}`)).toEqual([
      "nodes['w'].vm.vmId '-1' is not a whole number from 0 to 9007199254740991: write a count, an id or a size, like 4096",
      "nodes['w'].vm.cores '1.5' is not a whole number from 0 to 9007199254740991: write a count, an id or a size, like 4096",
      "nodes['w'].vm.memoryMiB '9007199254740992' is not a whole number from 0 to 9007199254740991: write a count, an id or a size, like 4096",
    ]);
    // A rule of the field's own speaks for it.
    expect(withoutShadowedRanges(r.ranges, [{ path: "nodes['w'].vm.vmId", message: 'is out of range' }]).map((p) => p.path)).toEqual(["nodes['w'].vm.cores", "nodes['w'].vm.memoryMiB"]);
  });

  it('fails when a field is missing, unknown (naming the closest), or not one of its values', () => {
    expect(messages({ clusterName: 'c', talosVersion: 'v1.13.9' })).toEqual(['kubernetesVersion is missing: give a string']);
    expect(messages({ ...BASE, proxmox: { bridg: 'vmbr1', diskBus: 'ide' } })).toEqual([
      'proxmox.bridg is not a field of ProxmoxDefaults (did you mean \'bridge\'?), so it would be ignored: remove it (the fields are bridge, diskDatastore, isoDatastore, sharedIsoDatastore, cloudInitDatastore, cpuType, diskBus, rebootAfterUpdate)',
      "proxmox.diskBus 'ide' is not one of 'virtio', 'scsi', 'sata'",
    ]);
  });

  it('fails when an object is not made by its class\'s factories', () => {
    expect(messages({ ...BASE, nodeDefaults: { installDisk: { devicePath: '/dev/sda' } } })).toEqual([
      "nodeDefaults.installDisk is an object, not an InstallDisk: make it with InstallDisk.path('/dev/sda') or InstallDisk.selector({ ... })",
    ]);
  });

  it('fails when a key reaches the prototype, a value contains itself, or nesting is too deep', () => {
    expect(messages(JSON.parse('{"clusterName":"c","talosVersion":"v1.13.9","kubernetesVersion":"1.36.3","nodeDefaults":{"nodeLabels":{"__proto__":"x","constructor":"y"}}}'))).toEqual([
      "nodeDefaults.nodeLabels['__proto__'] uses the key '__proto__', which names a part of every JavaScript object: rename or remove it",
      "nodeDefaults.nodeLabels['constructor'] uses the key 'constructor', which names a part of every JavaScript object: rename or remove it",
    ]);
    const cyclic: Record<string, unknown> = { ...BASE };
    cyclic.kubernetes = { apiServer: { audit: { policy: cyclic } } };
    expect(messages(cyclic)).toEqual(['kubernetes.apiServer.audit.policy contains itself (a circular reference): give a plain value, as JSON would hold it']);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { a: deep };
    expect(messages({ ...BASE, nodeDefaults: { kubelet: { extraConfig: deep } } })[0]).toMatch(/^nodeDefaults\.kubelet\.extraConfig(\.a)+ is nested more than 64 levels deep: flatten it$/);
  });

  it('fails when the whole value is not an object', () => {
    expect(messages('homelab')).toEqual(["props 'homelab' is a string, but a ClusterOptions object is due"]);
    expect(coreContractProblems('ClusterNode', undefined, { path: 'nodes[0]' }).map((p) => `${p.path} ${p.message}`)).toEqual(['nodes[0] is undefined, but a ClusterNode object is due']);
  });

  it('fails when declareCluster gets values of the wrong type, with every problem at once', () => {
    let error: unknown;
    try {
      declareCluster({ ...BASE, clusterName: 7 } as never, [{ role: 'boss', hostname: 'cp', links: [{ interface: 'eth0', addresses: [1] }] } as never, null as never]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DeclarationError);
    expect((error as DeclarationError).problems.map((p) => `${p.path} ${p.message}`)).toEqual([
      "clusterName '7' is a number, but a string is due",
      "nodes['cp'].links[0].addresses[0] '1' is a number, but a string is due",
      'nodes[1] is null, but a ClusterNode object is due',
    ]);
  });

  it('fails when a value is out of range or not among a field\'s choices: carried to validateCluster, where a field\'s own rule speaks first', () => {
    const decl = declareCluster({ ...BASE, network: { gateway: '10.0.0.1' }, kubernetes: { cni: 'calico' as never } }, [
      { role: 'controlplane', hostname: 'cp', architecture: 'x86' as never, links: [{ interface: 'eth0', addresses: ['10.0.0.2/24'], routes: [{ network: '10.9.0.0/16', gateway: '10.0.0.1', metric: 1.5 }] }], installDisk: InstallDisk.path('/dev/sda') },
    ]);
    expect(decl.contractRanges?.map((p) => p.path)).toEqual(['kubernetes.cni', "nodes['cp'].links[0].routes[0].metric", "nodes['cp'].architecture"]);
    const problems = validateCluster(decl).map((p) => `${p.path} ${p.message}`);
    // No rule of its own: the contract's word is the report.
    expect(problems).toContain("nodes['cp'].architecture 'x86' is not one of 'amd64', 'arm64'");
    // The CNI's and the route metric's own rules speak for them: the contract's words are dropped.
    expect(problems.filter((p) => p.startsWith('kubernetes.cni'))).toEqual(["kubernetes.cni 'calico' is not a CNI Talos installs: use 'flannel' or 'none'"]);
    expect(problems.filter((p) => p.startsWith("nodes['cp'].links[0].routes[0].metric")).length).toBe(1);
    expect(problems).not.toContain("nodes['cp'].links[0].routes[0].metric '1.5' is not a whole number from 0 to 9007199254740991: write a count, an id or a size, like 4096");
  });
});
