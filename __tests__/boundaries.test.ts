/**
 * Boundary tests: each fails when its boundary moves by one (the mutants a spot check left alive). The expected
 * values come from tables written here, not from the library's own constants.
 */
import { Testing, TerraformStack } from 'cdktf';
import { FirstContact, InstallDisk, TalosCluster } from '../constructs';
import { declareCluster, gpuDriver, gpuPreset, validateCluster } from '../constructs/machine-config';
import { diffSynth, SynthOutput } from '../cli/preview/diff';
import { synthJson } from './helpers/synth';

const problemsOf = (options: Partial<Parameters<typeof declareCluster>[0]>, address = '10.0.20.11/24'): string[] => validateCluster(declareCluster(
  { clusterName: 'c', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.200-10.0.20.250' }, firstContact: FirstContact.dhcpReservation(), ...options },
  [{ role: 'controlplane', hostname: 'cp', links: [{ interface: 'eth0', addresses: [address] }], installDisk: InstallDisk.path('/dev/sda') }],
)).map((p) => `${p.path} ${p.message}`);

describe('the DHCP range, at its ends', () => {
  const inRange = (address: string): boolean => problemsOf({}, `${address}/24`).some((p) => p.includes('lies in the DHCP range'));

  it.each([
    ['10.0.20.199', false], // one before the first
    ['10.0.20.200', true], // the first
    ['10.0.20.250', true], // the last
    ['10.0.20.251', false], // one past the last
  ])('%s lies in 10.0.20.200-10.0.20.250: %s', (address, expected) => {
    expect(inRange(address)).toBe(expected);
  });

  it('fails when a node has the last address of the range, with the message', () => {
    expect(problemsOf({}, '10.0.20.250/24')).toContain(
      "nodes['cp'].links[0].addresses[0] '10.0.20.250/24' lies in the DHCP range '10.0.20.200-10.0.20.250': give the node a static address outside it, or shrink the router's DHCP range, or the router may lease it to another device");
  });
});

describe('the Kubernetes versions of each Talos minor, at both ends', () => {
  // siderolabs/talos pkg/machinery/compatibility/talos1XX (v1.11.6, v1.12.11, v1.13.9, v1.14.0-rc.1), as the README lists them.
  const SUPPORT: Array<[string, number, number]> = [['v1.11.6', 29, 34], ['v1.12.11', 30, 35], ['v1.13.9', 31, 36], ['v1.14.0', 32, 37]];
  const k8sProblems = (talosVersion: string, kubernetesVersion: string): string[] => problemsOf({ talosVersion, kubernetesVersion }).filter((p) => p.startsWith('kubernetesVersion'));

  it.each(SUPPORT)('Talos %s runs Kubernetes 1.%i to 1.%i, and neither one below nor one above', (talos, min, max) => {
    const minor = talos.replace(/^v(\d+\.\d+).*$/, '$1');
    expect(k8sProblems(talos, `1.${min}.0`)).toEqual([]);
    expect(k8sProblems(talos, `1.${max}.9`)).toEqual([]);
    expect(k8sProblems(talos, `1.${min - 1}.9`)).toEqual([`kubernetesVersion '1.${min - 1}.9' is not supported by Talos ${minor} (talosVersion): Talos ${minor} runs Kubernetes 1.${min} to 1.${max}`]);
    expect(k8sProblems(talos, `1.${max + 1}.0`)).toEqual([`kubernetesVersion '1.${max + 1}.0' is not supported by Talos ${minor} (talosVersion): Talos ${minor} runs Kubernetes 1.${min} to 1.${max}`]);
  });
});

describe('the driver of a GPU the library does not know', () => {
  it('is the open kernel modules (production branch), as for Turing and newer', () => {
    expect(gpuDriver({ model: 'NVIDIA RTX PRO 9999 (not yet known)' })).toBe('open');
    expect(gpuPreset({ model: 'NVIDIA RTX PRO 9999 (not yet known)' }, 13, 'worker').extensions).toEqual([
      'siderolabs/nvidia-open-gpu-kernel-modules-production', 'siderolabs/nvidia-container-toolkit-production',
    ]);
    // The boundary: a known card before Turing gets the proprietary driver.
    expect(gpuDriver({ model: 'Quadro P400' })).toBe('proprietary');
    expect(gpuDriver({ model: 'Tesla T4' })).toBe('open');
  });
});

describe('the ISO download of each Proxmox host and datastore', () => {
  it('downloads once per host and datastore: both are in the key', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'c');
    const cluster = new TalosCluster(stack, 'c', { clusterName: 'c', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.20.1' } });
    const vm = (hostname: string, vmId: number, proxmoxNode: string, isoDatastore?: string): void => {
      cluster.addControlPlane({ hostname, vm: { proxmoxNode, vmId, ...(isoDatastore ? { isoDatastore } : {}), nics: [{ addresses: [`10.0.20.${vmId - 190}/24`] }] } });
    };
    vm('a', 201, 'pve1');
    vm('b', 202, 'pve1'); // same host and datastore: the same download
    vm('c', 203, 'pve2'); // another host
    vm('d', 204, 'pve1', 'iso-nfs'); // another datastore on the first host
    vm('e', 205, 'pve2', 'iso-nfs');
    const downloads = Object.values<Record<string, string>>(synthJson(stack).resource.proxmox_download_file).map((d) => `${d.node_name}/${d.datastore_id}`).sort();
    expect(downloads).toEqual(['pve1/iso-nfs', 'pve1/local', 'pve2/iso-nfs', 'pve2/local']);
  });
});

describe('the preview\'s notes on how a change is applied', () => {
  function synth(node: Record<string, unknown>): SynthOutput {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'lab');
    const cluster = new TalosCluster(stack, 'lab', {
      clusterName: 'lab', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', network: { gateway: '10.0.0.1' }, firstContact: FirstContact.dhcpReservation(),
    });
    cluster.addControlPlane({ hostname: 'lab-cp-0', links: [{ interface: 'eth0', addresses: ['10.0.0.10/24'] }], installDisk: InstallDisk.path('/dev/vda'), ...node });
    return new Map([['lab', synthJson(stack)]]);
  }
  const env = { patches: [{ machine: { env: { HTTP_PROXY: 'http://proxy.lan:3128' } } }] };
  const flags = (before: Record<string, unknown>, after: Record<string, unknown>): unknown => diffSynth(synth(before), synth(after)).stacks[0].nodes[0].flags;

  it('says a reboot-only change waits for the next reboot with apply_mode staged', () => {
    expect(flags({ applyMode: 'staged' }, { applyMode: 'staged', ...env })).toEqual([
      { kind: 'reboot', message: 'machine.env cannot be applied without a reboot (apply_mode staged: it takes effect at the next reboot)' },
    ]);
  });

  it('fails when a reboot-only change meets apply_mode no_reboot: the preview says the apply will fail', () => {
    expect(flags({ applyMode: 'no_reboot' }, { applyMode: 'no_reboot', ...env })).toEqual([
      { kind: 'reboot', message: 'machine.env cannot be applied without a reboot (apply_mode no_reboot: the apply will fail; use auto or staged)' },
    ]);
  });

  it('says a removed kernel module stays loaded until the next reboot, and names every one removed', () => {
    expect(flags({ kernelModules: ['tcp_bbr', 'zfs'] }, { kernelModules: ['tcp_bbr'] })).toEqual([
      { kind: 'note', message: 'removed kernel module zfs stays loaded until the next reboot' },
    ]);
    expect(flags({ kernelModules: ['tcp_bbr', 'zfs', 'drbd'] }, { kernelModules: ['tcp_bbr'] })).toEqual([
      { kind: 'note', message: 'removed kernel modules zfs, drbd stay loaded until the next reboot' },
    ]);
  });
});
