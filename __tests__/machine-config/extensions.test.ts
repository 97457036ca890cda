import * as fs from 'node:fs';
import { EXTENSIONS_SOURCE, extensionProblem, OFFICIAL_EXTENSIONS } from '../../constructs/machine-config/extensions';
import { gpuPreset } from '../../constructs/machine-config/gpu';
import { CONFIG_CONTRACTS } from '../../constructs/machine-config/versions';
import { makefileTargets, renderTable, TABLE } from '../../scripts/extensions';
import { cluster, errors, METAL_WORKER, VM_CP, worker } from '../helpers/declarations';

// The table is siderolabs/extensions' Makefile TARGETS and NONFREE_TARGETS on each release-1.x branch.
describe('the official extensions table', () => {
  it('covers every supported Talos minor, from a named commit of its release branch', () => {
    expect(Object.keys(OFFICIAL_EXTENSIONS)).toEqual([...CONFIG_CONTRACTS]);
    for (const minor of CONFIG_CONTRACTS) {
      expect(EXTENSIONS_SOURCE[minor].branch).toBe(`release-${minor}`);
      expect(EXTENSIONS_SOURCE[minor].commit).toMatch(/^[0-9a-f]{40}$/);
      expect(OFFICIAL_EXTENSIONS[minor].length).toBeGreaterThan(60);
      expect(OFFICIAL_EXTENSIONS[minor]).toContain('siderolabs/qemu-guest-agent');
    }
    // Facts the table must keep: nfs-utils arrived with 1.12, hyperv-guest-agent with 1.14.
    expect(OFFICIAL_EXTENSIONS['1.11']).not.toContain('siderolabs/nfs-utils');
    expect(OFFICIAL_EXTENSIONS['1.12']).toContain('siderolabs/nfs-utils');
    expect(OFFICIAL_EXTENSIONS['1.13']).not.toContain('siderolabs/hyperv-guest-agent');
    expect(OFFICIAL_EXTENSIONS['1.14']).toContain('siderolabs/hyperv-guest-agent');
  });

  it('has every extension the GPU presets add, for every minor and driver', () => {
    for (const minor of CONFIG_CONTRACTS) {
      for (const gpu of [{ model: 'Tesla T4' }, { model: 'Quadro P400' }, { model: 'Tesla T4', branch: 'lts' as const }, { model: 'Tesla T4', driver: 'proprietary' as const }]) {
        for (const e of gpuPreset(gpu, Number(minor.split('.')[1]), 'worker').extensions ?? []) expect(OFFICIAL_EXTENSIONS[minor]).toContain(e);
      }
    }
  });

  it('is what the refresh script writes: the generated file round-trips', () => {
    const branches = Object.fromEntries(CONFIG_CONTRACTS.map((m) => [m, { ...EXTENSIONS_SOURCE[m], extensions: OFFICIAL_EXTENSIONS[m].map((e) => e.replace(/^siderolabs\//, '')) }]));
    expect(renderTable(branches)).toBe(fs.readFileSync(TABLE, 'utf8'));
  });

  it('reads TARGETS and NONFREE_TARGETS from a Makefile, each once, sorted', () => {
    const makefile = ['TARGETS = zfs', 'TARGETS += amd-ucode', 'NONFREE_TARGETS = nonfree-kmod-nvidia-lts', 'NONFREE_TARGETS += nonfree-kmod-nvidia-lts', 'OTHER = nope', '  TARGETS += indented'].join('\n');
    expect(makefileTargets(makefile)).toEqual(['amd-ucode', 'nonfree-kmod-nvidia-lts', 'zfs']);
  });
});

describe('extension names', () => {
  it.each([
    ['siderolabs/qemu-guest-agnt', '1.13', "is not an official extension of Talos 1.13 (siderolabs/extensions release-1.13): did you mean 'siderolabs/qemu-guest-agent'?"],
    ['siderolabs/nfs-utils', '1.11', 'is not an official extension of Talos 1.11 (siderolabs/extensions release-1.11); it exists for Talos 1.12, 1.13, 1.14: use a Talos version that has it, or drop it'],
    ['siderolabs/my-own-thing', '1.13', 'is not an official extension of Talos 1.13 (siderolabs/extensions release-1.13): the Image Factory only builds official extensions; see https://github.com/siderolabs/extensions for the list'],
    ['siderolabs/iscsi-tools', '1.13', undefined],
  ] as const)('%s on Talos %s', (name, minor, problem) => {
    expect(extensionProblem(name, minor)).toBe(problem);
  });

  it('fails at the level that declared the extension, naming the node\'s Talos version', () => {
    expect(errors(cluster({ nodeDefaults: { extensions: ['siderolabs/qemu-guest-agnt'] } }))).toEqual([
      "nodeDefaults.extensions[0] 'siderolabs/qemu-guest-agnt' is not an official extension of Talos 1.13 (siderolabs/extensions release-1.13): did you mean 'siderolabs/qemu-guest-agent'? (node 'k8s-master' runs Talos 1.13)",
    ]);
    expect(errors(cluster({}, [VM_CP, worker({ talosVersion: 'v1.11.6', extensions: ['siderolabs/nfs-utils'] })])).filter((m) => m.includes('extensions'))).toEqual([
      "nodes['k8s-node2'].extensions[0] 'siderolabs/nfs-utils' is not an official extension of Talos 1.11 (siderolabs/extensions release-1.11); it exists for Talos 1.12, 1.13, 1.14: use a Talos version that has it, or drop it",
    ]);
  });

  it('accepts official extensions on every node, and checks each node against its own Talos version', () => {
    expect(errors(cluster({ nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent', 'siderolabs/iscsi-tools', 'siderolabs/nfs-utils'] } }))).toEqual([]);
    expect(errors(cluster({ talosVersion: 'v1.14.0', kubernetesVersion: '1.36.3' }, [VM_CP, { ...METAL_WORKER, extensions: ['siderolabs/hyperv-guest-agent'] }]))).toEqual([]);
  });
});
