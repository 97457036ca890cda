import { Testing, TerraformStack } from 'cdktf';
import { FirstContact, InstallDisk, MachineSettings, TalosCluster, TalosClusterProps } from '../../constructs';
import { diffSynth, StackJson, SynthOutput } from '../../cli/preview/diff';
import { formatMarkdown, formatText } from '../../cli/preview/format';
import { preview } from '../../cli/commands/preview';
import { synthesizeBaseAndHead } from '../../cli/preview/synth';
import { synthJson } from '../helpers/synth';

interface Declared {
  readonly cluster?: Partial<TalosClusterProps>;
  readonly nodes?: Record<string, MachineSettings & { talosVersion?: string }>;
}

/** A synthesized app with one two-node cluster stack; `declared` varies the declaration. */
function synth(declared: Declared = {}): SynthOutput {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'lab');
  const cluster = new TalosCluster(stack, 'lab', {
    clusterName: 'lab', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', network: { gateway: '10.0.0.1' },
    nodeDefaults: { sysctls: { 'vm.swappiness': '10' } }, firstContact: FirstContact.dhcpReservation(), ...declared.cluster,
  });
  const nodes = declared.nodes ?? { 'lab-cp-0': {}, 'lab-w-0': {} };
  Object.entries(nodes).forEach(([hostname, settings], i) => {
    const options = { hostname, links: [{ interface: 'eth0', addresses: [`10.0.0.${10 + i}/24`] }], installDisk: InstallDisk.path('/dev/vda'), ...settings };
    if (i === 0) cluster.addControlPlane(options);
    else cluster.addWorker(options);
  });
  return new Map([['lab', synthJson(stack)]]);
}

const labels = { base: 'HEAD~1', head: 'working tree' };

// The command's own synthesis (a git worktree and two processes) is the slow tier's (preview/cli.slow.test.ts); here
// the command gets the two sides directly.
jest.mock('../../cli/preview/synth', () => ({ synthesizeBaseAndHead: jest.fn() }));

describe('preview diff of two synthesized apps', () => {
  it('shows one changed sysctl on one node as that one change, with no flags', () => {
    const report = diffSynth(synth(), synth({ nodes: { 'lab-cp-0': {}, 'lab-w-0': { sysctls: { 'vm.swappiness': '20' } } } }));
    expect(report.unchanged).toEqual([]);
    expect(report.stacks).toHaveLength(1);
    const [stack] = report.stacks;
    expect(stack).toMatchObject({ name: 'lab', kind: 'changed', resources: [], settings: [] });
    expect(stack.nodes.map((n) => n.name)).toEqual(['lab-w-0']);
    expect(stack.nodes[0].flags).toEqual([]);
    expect(stack.nodes[0].sections).toHaveLength(1);
    expect(stack.nodes[0].sections[0]).toMatchObject({ title: 'Talos configuration', address: 'data.talos_machine_configuration.lab_lab-w-0' });
    expect(stack.nodes[0].sections[0].changes.map((c) => c.path)).toEqual(['machine.sysctls["vm.swappiness"]']);
    expect(formatText(report, labels)).toBe([
      'cdktf-talos preview: HEAD~1 -> working tree',
      '1 stack changed, 0 unchanged',
      '',
      '~ stack lab',
      '  ~ node lab-w-0',
      '    ~ Talos configuration (data.talos_machine_configuration.lab_lab-w-0)',
      '        ~ machine.sysctls["vm.swappiness"]: "10" -> "20"',
      '',
    ].join('\n'));
  });

  it('reports nothing when nothing changed', () => {
    const report = diffSynth(synth(), synth());
    expect(report).toEqual({ stacks: [], unchanged: ['lab'] });
    expect(formatText(report, labels)).toContain('No changes.');
  });

  it('flags a reboot for a v1alpha1 change outside what Talos applies immediately, naming the apply mode', () => {
    const report = diffSynth(synth(), synth({ nodes: { 'lab-cp-0': { patches: [{ machine: { env: { HTTP_PROXY: 'http://proxy.lan:3128' } } }] }, 'lab-w-0': {} } }));
    const node = report.stacks[0].nodes[0];
    expect(node.name).toBe('lab-cp-0');
    expect(node.flags).toEqual([{ kind: 'reboot', message: 'machine.env cannot be applied without a reboot (apply_mode auto reboots the node)' }]);
    expect(node.sections[0].changes).toEqual([expect.objectContaining({ path: 'machine.env', kind: 'added', after: { HTTP_PROXY: 'http://proxy.lan:3128' } })]);
  });

  it('does not flag a reboot for changes Talos applies immediately (sysctls, labels, kubelet, kernel modules)', () => {
    const head = synth({
      cluster: { nodeDefaults: { sysctls: { 'vm.swappiness': '30' }, nodeLabels: { zone: 'a' }, kernelModules: ['br_netfilter'], kubelet: { extraConfig: { maxPods: 200 } } } },
    });
    const report = diffSynth(synth(), head);
    expect(report.stacks[0].nodes.map((n) => n.name)).toEqual(['lab-cp-0', 'lab-w-0']);
    for (const n of report.stacks[0].nodes) expect({ node: n.name, flags: n.flags }).toEqual({ node: n.name, flags: [] });
  });

  it('flags a Talos upgrade, not a config apply, when the Talos version changes, with the talosctl command', () => {
    const report = diffSynth(synth(), synth({ nodes: { 'lab-cp-0': { talosVersion: 'v1.12.12' }, 'lab-w-0': {} } }));
    const node = report.stacks[0].nodes[0];
    expect(node.name).toBe('lab-cp-0');
    expect(node.flags).toEqual([{
      kind: 'upgrade',
      message: 'talos_version "v1.12.11" -> "v1.12.12": applying the configuration does not upgrade the node; run `talosctl upgrade --image <installer for v1.12.12> --preserve` (the stable Talos provider v0.11 cannot upgrade)',
    }]);
  });

  it('flags an upgrade for a new installer image and says the install disk is only used at install', () => {
    const report = diffSynth(
      synth({ nodes: { 'lab-cp-0': { installerImage: 'factory.talos.dev/installer/abc:v1.12.11' }, 'lab-w-0': {} } }),
      synth({ nodes: { 'lab-cp-0': { installerImage: 'factory.talos.dev/installer/def:v1.12.11', installDisk: InstallDisk.path('/dev/sda') }, 'lab-w-0': {} } }),
    );
    const flags = report.stacks[0].nodes[0].flags;
    expect(flags).toEqual([
      {
        kind: 'upgrade',
        message: 'installer image "factory.talos.dev/installer/abc:v1.12.11" -> "factory.talos.dev/installer/def:v1.12.11": a running node keeps its Talos until `talosctl upgrade --image factory.talos.dev/installer/def:v1.12.11 --preserve` (the stable Talos provider v0.11 cannot upgrade)',
      },
      { kind: 'note', message: 'machine.install.disk is only used when Talos installs: an installed node is not moved (reset and reinstall to do that)' },
    ]);
  });

  it('flags talosctl upgrade-k8s when the Kubernetes version changes', () => {
    const report = diffSynth(synth(), synth({ cluster: { kubernetesVersion: '1.35.5' } }));
    for (const n of report.stacks[0].nodes) {
      expect(n.flags).toEqual([{ kind: 'upgrade', message: 'kubernetes_version "1.35.4" -> "1.35.5": run `talosctl upgrade-k8s --to 1.35.5` against a control-plane node' }]);
    }
  });

  it('shows added and removed nodes, and added and removed stacks', () => {
    const report = diffSynth(synth(), synth({ nodes: { 'lab-cp-0': {}, 'lab-w-1': {} } }));
    expect(report.stacks[0].nodes.map((n) => [n.name, n.kind])).toEqual([['lab-w-0', 'removed'], ['lab-w-1', 'added']]);
    expect(report.stacks[0].nodes[1].sections.map((s) => [s.address, s.kind])).toEqual([
      ['data.talos_machine_configuration.lab_lab-w-1', 'added'], ['talos_machine_configuration_apply.lab_lab-w-1', 'added'],
    ]);
    const both = diffSynth(new Map([['old', synth().get('lab')!]]), new Map([['new', synth().get('lab')!]]));
    expect(both.stacks.map((s) => [s.name, s.kind, s.nodes.length])).toEqual([['new', 'added', 2], ['old', 'removed', 2]]);
  });
});

/** A hand-written stack with a Proxmox VM, its image and schematic, a Talos configuration and a Helm release. */
function proxmoxStack(change: (s: any) => void = () => undefined): StackJson {
  const stack: any = {
    resource: {
      talos_image_factory_schematic: {
        lab: { schematic: 'customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n' },
      },
      proxmox_virtual_environment_download_file: {
        'lab_pve1': { node_name: 'pve1', url: '${data.talos_image_factory_urls.lab.urls.disk_image}', file_name: 'talos-lab.img', overwrite: false },
      },
      proxmox_virtual_environment_vm: {
        'lab_lab-cp-0': {
          name: 'lab-cp-0', node_name: 'pve1', vm_id: 101, tags: ['talos'],
          cpu: [{ cores: 4, type: 'host' }], memory: [{ dedicated: 8192 }],
          disk: [
            { interface: 'scsi0', size: 32, datastore_id: 'local-lvm', file_id: '${proxmox_virtual_environment_download_file.lab_pve1.id}' },
            { interface: 'scsi1', size: 100, datastore_id: 'local-lvm' },
          ],
        },
      },
      talos_machine_configuration_apply: { 'lab_lab-cp-0': { apply_mode: 'auto', node: '10.0.0.10' } },
      helm_release: {
        metallb: { chart: 'metallb', repository: 'https://metallb.github.io/metallb', version: '0.16.1', values: ['speaker:\n  ignoreExcludeLB: false\n'], set: [{ name: 'controller.logLevel', value: 'info' }] },
      },
    },
    data: {
      talos_image_factory_urls: { lab: { schematic_id: '${talos_image_factory_schematic.lab.id}', talos_version: 'v1.12.11', platform: 'nocloud' } },
      talos_machine_configuration: {
        'lab_lab-cp-0': {
          talos_version: 'v1.12.11',
          config_patches: [
            'machine:\n  install:\n    image: ${data.talos_image_factory_urls.lab.urls.installer}\n',
            'apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: lab-cp-0\nauto: "off"\n',
          ],
        },
      },
    },
  };
  change(stack);
  return stack;
}

function proxmoxReport(change: (s: any) => void) {
  return diffSynth(new Map([['lab', proxmoxStack()]]), new Map([['lab', proxmoxStack(change)]])).stacks[0];
}

describe('preview of Proxmox VMs, schematics and Helm releases', () => {
  const vm = (s: any): any => s.resource.proxmox_virtual_environment_vm['lab_lab-cp-0'];

  it('groups the VM with the Talos node of the same hostname and flags a ForceNew attribute as a replacement', () => {
    const stack = proxmoxReport((s) => { vm(s).vm_id = 111; });
    expect(stack.nodes.map((n) => n.name)).toEqual(['lab-cp-0']);
    expect(stack.nodes[0].sections[0]).toMatchObject({ title: 'VM', address: 'proxmox_virtual_environment_vm.lab_lab-cp-0' });
    expect(stack.nodes[0].sections[0].changes.map((c) => c.path)).toEqual(['vm_id']);
    expect(stack.nodes[0].flags).toEqual([{ kind: 'replace', message: 'replaces the VM and its disks: vm_id cannot change in place' }]);
  });

  it('flags moving a VM to another Proxmox node as a replacement unless migrate is on', () => {
    expect(proxmoxReport((s) => { vm(s).node_name = 'pve2'; }).nodes[0].flags.map((f) => f.kind)).toEqual(['replace']);
    expect(proxmoxReport((s) => { vm(s).node_name = 'pve2'; vm(s).migrate = true; }).nodes[0].flags).toEqual([
      { kind: 'reboot', message: 'node_name "pve1" -> "pve2": the VM migrates (migrate = true)' },
    ]);
  });

  it('keys disks by interface: a new disk image on scsi0 replaces the VM, growing scsi1 does not', () => {
    const stack = proxmoxReport((s) => { vm(s).disk[0].file_id = 'local:iso/other.img'; vm(s).disk[1].size = 200; });
    expect(stack.nodes[0].sections[0].changes.map((c) => c.path)).toEqual(['disk[scsi0].file_id', 'disk[scsi1].size']);
    expect(stack.nodes[0].flags).toEqual([{ kind: 'replace', message: 'replaces the VM and its disks: disk[scsi0].file_id cannot change in place' }]);
  });

  it('flags a reboot for memory and CPU changes and says disks cannot shrink', () => {
    const stack = proxmoxReport((s) => { vm(s).memory[0].dedicated = 16384; vm(s).disk[1].size = 50; });
    expect(stack.nodes[0].flags).toEqual([
      { kind: 'reboot', message: 'memory needs the VM to restart (the provider reboots it)' },
      { kind: 'note', message: 'disk[scsi1].size 100 -> 50: disks can only grow, the apply will fail' },
    ]);
  });

  it('does not flag tags or descriptions', () => {
    const stack = proxmoxReport((s) => { vm(s).tags = ['talos', 'lab']; });
    expect(stack.nodes[0].sections[0].changes.map((c) => c.path)).toEqual(['tags']);
    expect(stack.nodes[0].flags).toEqual([]);
  });

  it('follows a schematic change to the nodes built from it: an upgrade for the node, a likely replacement for its VM', () => {
    const stack = proxmoxReport((s) => {
      s.resource.talos_image_factory_schematic.lab.schematic = 'customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n      - siderolabs/iscsi-tools\n';
    });
    const schematic = stack.resources.find((r) => r.address === 'talos_image_factory_schematic.lab')!;
    expect(schematic.title).toBe('image schematic');
    expect(schematic.changes).toEqual([expect.objectContaining({
      path: 'schematic.customization.systemExtensions.officialExtensions',
      before: ['siderolabs/qemu-guest-agent'],
      after: ['siderolabs/qemu-guest-agent', 'siderolabs/iscsi-tools'],
    })]);
    expect(schematic.flags.map((f) => f.message)).toEqual([
      'a new schematic id: nodes lab-cp-0 need `talosctl upgrade` to the new installer; VMs whose disk image comes from it are replaced',
    ]);
    expect(stack.nodes[0].flags).toEqual([
      { kind: 'replace', message: 'likely replaces the VM and its disks: disk[scsi0].file_id comes from talos_image_factory_schematic.lab, which changes' },
      { kind: 'upgrade', message: 'its image schematic talos_image_factory_schematic.lab changes: the new extensions and kernel arguments arrive only with `talosctl upgrade --image <new installer> --preserve`' },
    ]);
  });

  it('diffs Helm values by path and set entries by name', () => {
    const stack = proxmoxReport((s) => {
      const r = s.resource.helm_release.metallb;
      r.values = ['speaker:\n  ignoreExcludeLB: true\n'];
      r.set = [{ name: 'controller.logLevel', value: 'debug' }];
      r.version = '0.16.2';
    });
    const release = stack.resources.find((r) => r.address === 'helm_release.metallb')!;
    expect(release.title).toBe('Helm release');
    expect(release.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ['set["controller.logLevel"]', 'info', 'debug'],
      ['values.speaker.ignoreExcludeLB', false, true],
      ['version', '0.16.1', '0.16.2'],
    ]);
    expect(release.flags).toEqual([{ kind: 'note', message: 'chart version "0.16.1" -> "0.16.2": read the chart\'s upgrade notes' }]);
  });

  it('renders the same report as Markdown for a pull-request comment', () => {
    const report = diffSynth(new Map([['lab', proxmoxStack()]]), new Map([['lab', proxmoxStack((s) => { vm(s).vm_id = 111; })]]));
    const md = formatMarkdown(report, { base: 'abc123', head: 'def456' });
    expect(md.split('\n')).toEqual([
      '### cdktf-talos preview',
      '',
      '`abc123` → `def456`: **1 stack changed, 0 unchanged; needs: 1 VM replacement**',
      '',
      '#### stack `lab`',
      '',
      '**node `lab-cp-0`**',
      '',
      '- **replace**: replaces the VM and its disks: vm_id cannot change in place',
      '',
      'VM `proxmox_virtual_environment_vm.lab_lab-cp-0`',
      '',
      '```diff',
      '~ vm_id: 101 -> 111',
      '```',
      '',
    ]);
    expect(md.endsWith('```\n')).toBe(true);
  });
});

/**
 * The preview knows upgrades: each cluster's version facts (the stack's JSON comment, which `Testing.synth` drops and
 * `cdktf synth` keeps) on both sides give the order and the skew problems (constructs/machine-config/upgrade.ts).
 */
describe('preview of upgrades', () => {
  /** A synthesized app as `cdktf synth` writes it (JSON comments kept): three control planes and two workers. */
  function app(cluster: Partial<TalosClusterProps> = {}, nodes: Record<string, MachineSettings & { talosVersion?: string }> = {}): SynthOutput {
    const stack = new TerraformStack(Testing.app(), 'lab');
    const c = new TalosCluster(stack, 'lab', {
      clusterName: 'lab', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', network: { gateway: '10.0.0.1' },
      firstContact: FirstContact.dhcpReservation(), ...cluster,
    });
    ['cp-0', 'cp-1', 'cp-2', 'w-0', 'w-1'].forEach((hostname, i) => {
      const options = { hostname, links: [{ interface: 'eth0', addresses: [`10.0.0.${10 + i}/24`] }], installDisk: InstallDisk.path('/dev/vda'), ...nodes[hostname] };
      if (hostname.startsWith('cp')) c.addControlPlane(options);
      else c.addWorker(options);
    });
    Testing.synth(stack, true);
    return new Map([['lab', JSON.parse(JSON.stringify(stack.toTerraform())) as StackJson]]);
  }

  it('lists the order of a Talos upgrade on the 0.11 line with the talosctl commands to run, control planes first', () => {
    const report = diffSynth(app(), app({ talosVersion: 'v1.13.9' }));
    const [u] = report.stacks[0].upgrades;
    expect(u).toMatchObject({ cluster: 'lab', providerLine: '0.11', problems: [], notes: [] });
    expect(u.plan).toEqual([
      'Talos v1.13.9:',
      '  1. control plane cp-0 v1.12.11 -> v1.13.9; then wait for a healthy cluster',
      '  2. control plane cp-1 v1.12.11 -> v1.13.9; then wait for a healthy cluster',
      '  3. control plane cp-2 v1.12.11 -> v1.13.9; then wait for a healthy cluster',
      '  4. workers w-0 v1.12.11 -> v1.13.9; then wait for a healthy cluster',
      '  5. workers w-1 v1.12.11 -> v1.13.9; then wait for a healthy cluster',
    ]);
    const installer = 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9';
    expect(u.commands.filter((c) => !c.startsWith('#') && !c.includes(' health '))).toEqual(
      [10, 11, 12, 13, 14].map((i) => `talosctl -n 10.0.0.${i} upgrade --image ${installer} --preserve`));
    const text = formatText(report, labels);
    expect(text).toContain("  ~ upgrade of cluster 'lab' (provider 0.11: run the talosctl commands below, in this order, then deploy)\n      Talos v1.13.9:\n        1. control plane cp-0 v1.12.11 -> v1.13.9; then wait for a healthy cluster\n");
    expect(text).toContain(`      talosctl commands:\n        # Upgrade of cluster 'lab', one wave at a time; stop at the first command that fails.\n`);
  });

  it('on the 0.12 line says the deploy runs it, upgrades the nodes whose schematic changes at the same version, and notes the missing health gates', () => {
    const line = { providerLine: '0.12' as const };
    // Changing a kernel argument of the workers is a new schematic: an upgrade of each worker at the same version.
    const report = diffSynth(app(line), app({ ...line, talosVersion: 'v1.12.11', worker: { extraKernelArgs: ['console=ttyS0'] } }));
    const [u] = report.stacks[0].upgrades;
    expect(u).toMatchObject({ providerLine: '0.12', problems: [], commands: [] });
    expect(u.plan).toEqual([
      'Talos v1.12.11:',
      '  1. workers w-0 v1.12.11 -> v1.12.11 (new image); then wait for a healthy cluster',
      '  2. workers w-1 v1.12.11 -> v1.12.11 (new image); then wait for a healthy cluster',
    ]);
    expect(u.notes).toEqual(['no health gates: each node waits only for itself before the next goes; set upgrades.healthGates once the cluster runs, so each waits for a healthy cluster']);
    expect(formatText(report, labels)).toContain("  ~ upgrade of cluster 'lab' (provider 0.12: the deploy runs it, in this order)\n");
    // The node's own flag names talos_machine, not talosctl.
    const w0 = report.stacks[0].nodes.find((n) => n.name === 'w-0')!;
    expect(w0.flags.find((f) => f.kind === 'upgrade')?.message).toMatch(/^installer image ".*" -> ".*": talos_machine upgrades the node to it in the rolling order$/);
  });

  it('rolls a configuration change that needs a reboot in the same order, control planes one at a time', () => {
    const line = { providerLine: '0.12' as const, upgrades: { healthGates: true } };
    const report = diffSynth(app(line), app(line, { 'cp-0': { installDisk: InstallDisk.path('/dev/sda') }, 'cp-1': { patches: [{ machine: { env: { HTTP_PROXY: 'http://proxy.lan:3128' } } }] } }));
    const [u] = report.stacks[0].upgrades;
    expect(u.plan).toEqual(['configuration reboots:', '  1. control plane cp-1 reboot for its configuration; then wait for a healthy cluster']);
    expect(u.notes).toEqual([]);
    const cp1 = report.stacks[0].nodes.find((n) => n.name === 'cp-1')!;
    expect(cp1.flags).toContainEqual({ kind: 'reboot', message: 'machine.env cannot be applied without a reboot (talos_machine applies it in auto mode: the node reboots in the rolling order)' });
  });

  it('exits with 1 when an upgrade has problems, after printing them, and with 0 for a plan', async () => {
    const run = async (base: SynthOutput, head: SynthOutput): Promise<{ code: number; out: string }> => {
      jest.mocked(synthesizeBaseAndHead).mockResolvedValueOnce({ base, head, commit: 'a'.repeat(40) });
      let out = '';
      const code = await preview.run({ base: 'main' }, [], { cwd: '/nowhere', env: {}, stdout: (t) => { out += t; }, stderr: () => undefined });
      return { code, out };
    };
    const skip = await run(app({ talosVersion: 'v1.11.6', kubernetesVersion: '1.34.1' }), app({ talosVersion: 'v1.13.9', kubernetesVersion: '1.34.1' }));
    expect(skip.code).toBe(1);
    expect(skip.out).toContain("! ERROR: nodes['cp-0'].talosVersion 'v1.13.9' skips Talos 1.12");
    const step = await run(app(), app({ talosVersion: 'v1.13.9' }));
    expect(step.code).toBe(0);
    expect(step.out).toContain("~ upgrade of cluster 'lab'");
  });

  it('fails when an upgrade skips a Talos minor, counting the problem in the summary and giving no plan', () => {
    const report = diffSynth(app({ talosVersion: 'v1.11.6', kubernetesVersion: '1.34.1' }), app({ talosVersion: 'v1.13.9', kubernetesVersion: '1.34.1' }));
    const [u] = report.stacks[0].upgrades;
    expect(u.plan).toEqual([]);
    expect(u.commands).toEqual([]);
    expect(u.problems).toHaveLength(5);
    expect(u.problems[0]).toBe("nodes['cp-0'].talosVersion 'v1.13.9' skips Talos 1.12 (the node runs 'v1.11.6'): Talos upgrades go one minor at a time; deploy talosVersion 'v1.12.11', then 'v1.13.9', one deploy each");
    const text = formatText(report, labels);
    expect(text.split('\n')[1]).toMatch(/; 5 upgrade problems$/);
    expect(text).toContain(`      ! ERROR: ${u.problems[0]}\n`);
  });

  it('notes a move to the 0.12 line, and fails when versions change in the same deploy', () => {
    const moved = diffSynth(app(), app({ providerLine: '0.12', migrateFrom011: true }));
    expect(moved.stacks[0].upgrades).toEqual([{
      cluster: 'lab', providerLine: '0.12', problems: [], plan: [], commands: [],
      notes: ['moves from the 0.11 to the 0.12 provider line: deploy it with migrateFrom011: true and no version change, then remove migrateFrom011 (README, "Moving a cluster from the 0.11 line")'],
    }]);
    // The old apply and the new machine of each node side by side.
    expect(moved.stacks[0].nodes.find((n) => n.name === 'cp-0')!.sections.map((s) => [s.address, s.kind])).toEqual([
      ['talos_machine.lab_cp-0', 'added'], ['talos_machine_configuration_apply.lab_cp-0', 'removed'],
    ]);
    const both = diffSynth(app(), app({ providerLine: '0.12', migrateFrom011: true, talosVersion: 'v1.13.9' }));
    expect(both.stacks[0].upgrades[0].problems[0]).toBe("providerLine changes from '0.11' to '0.12' in the same deploy as Talos versions or images: move the cluster to the new line first, with every version as deployed, then upgrade in the next deploy");
  });

  it('renders upgrades in Markdown: errors as a list, the order in a code block, the commands folded', () => {
    const md = formatMarkdown(diffSynth(app(), app({ talosVersion: 'v1.13.9' })), labels);
    expect(md).toContain("**upgrade of cluster `lab` (provider 0.11: run the talosctl commands below, in this order, then deploy)**\n\n```\nTalos v1.13.9:\n  1. control plane cp-0 v1.12.11 -> v1.13.9; then wait for a healthy cluster\n");
    expect(md).toContain('<details><summary>talosctl commands</summary>\n\n```sh\n# Upgrade of cluster \'lab\'');
  });
});
