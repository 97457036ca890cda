import { parse } from 'yaml';
import { FirstContact, InstallDisk, GpuNodeOptions, PciPassthrough, TalosCluster, TalosClusterProps } from '../constructs';
import { generationOf } from '../constructs/machine-config/gpu';
import { ConfigContract } from '../constructs/machine-config/versions';
import { expectValidDocuments, PROVIDER_SDK, talosSchemaFor } from './helpers/oracle';
import { synthError, synthJson, testStack } from './helpers/synth';

const KUBERNETES: Record<string, string> = { 'v1.11.6': '1.34.1', 'v1.13.9': '1.36.3', 'v1.14.0': '1.36.3' };

function gpuCluster(talosVersion: string, gpu: Partial<GpuNodeOptions> = {}, props: Partial<TalosClusterProps> = {}, providerSdk?: ConfigContract) {
  const { stack } = testStack();
  const cluster = new TalosCluster(stack, 'lab', {
    clusterName: 'lab', talosVersion, kubernetesVersion: KUBERNETES[talosVersion], network: { gateway: '10.0.20.1' },
    nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent'] }, providerLine: providerSdk === '1.14' ? '0.12' : undefined, firstContact: FirstContact.dhcpReservation(), ...props,
  });
  const installDisk = InstallDisk.path('/dev/sda');
  cluster.addControlPlane({ hostname: 'cp', links: [{ interface: 'eth0', addresses: ['10.0.20.10/24'] }], installDisk });
  const node = cluster.addGpuWorker({
    hostname: 'gpu', links: [{ interface: 'eth0', addresses: ['10.0.20.20/24'] }], installDisk, gpu: { model: 'Tesla T4' }, ...gpu,
  });
  cluster.addWorker({ hostname: 'plain', links: [{ interface: 'eth0', addresses: ['10.0.20.30/24'] }], installDisk });
  return { stack, cluster, node };
}

const docs = (json: any, name: string): any[] => (json.data.talos_machine_configuration[name].config_patches as string[]).map((p) => parse(p));
const schematicOf = (json: any, name: string): string => {
  const installer = docs(json, name)[0].machine.install.image as string;
  const urls = /data\.talos_image_factory_urls\.([^.]+)\./.exec(installer)![1];
  const schematic = /talos_image_factory_schematic\.([^.]+)\./.exec(json.data.talos_image_factory_urls[urls].schematic_id)![1];
  return json.resource.talos_image_factory_schematic[schematic].schematic;
};

describe('GpuNode', () => {
  it.each([
    ['v1.11.6', true],
    ['v1.13.9', false],
  ])('on Talos %s: NVIDIA extensions, modules, labels, taint (bpf_jit_harden sysctl: %s)', (talosVersion, jitHarden) => {
    const json = synthJson(gpuCluster(talosVersion).stack);
    const v1alpha1 = docs(json, 'lab_gpu')[0];
    expect(v1alpha1.machine.kernel.modules).toEqual([{ name: 'nvidia' }, { name: 'nvidia_uvm' }, { name: 'nvidia_drm' }, { name: 'nvidia_modeset' }]);
    expect(v1alpha1.machine.nodeLabels).toEqual({ gpu: 'true', 'nvidia.com/gpu.present': 'true' });
    // A worker: the taint is a registration taint, never machine.nodeTaints, which NodeRestriction would reject together
    // with the GPU labels (talos internal/app/machined/pkg/controllers/k8s/node_apply.go).
    expect(v1alpha1.machine.nodeTaints).toBeUndefined();
    expect(v1alpha1.machine.kubelet.extraConfig.registerWithTaints).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }]);
    expect(v1alpha1.machine.sysctls).toEqual(jitHarden ? { 'net.core.bpf_jit_harden': '1' } : undefined);
    expect(schematicOf(json, 'lab_gpu')).toBe(
      'customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/nvidia-container-toolkit-production\n'
      + '      - siderolabs/nvidia-open-gpu-kernel-modules-production\n      - siderolabs/qemu-guest-agent\n',
    );
  });

  it('on Talos 1.14 (with a 1.14-SDK provider): modules and node labels in their own documents', () => {
    const { stack } = gpuCluster('v1.14.0', {}, {}, '1.14');
    const d = docs(synthJson(stack), 'lab_gpu');
    expect(d.filter((x) => x.kind === 'KernelModuleConfig').map((x) => x.name)).toEqual(['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset']);
    expect(d.find((x) => x.kind === 'KubeNodeConfig')).toEqual({ apiVersion: 'v1alpha1', kind: 'KubeNodeConfig', labels: { gpu: 'true', 'nvidia.com/gpu.present': 'true' } });
    expect(d.find((x) => x.kind === 'KubeletConfig')?.config).toEqual({ registerWithTaints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] });
    expect(d.find((x) => x.kind === 'SysctlConfig')).toBeUndefined();
  });

  it('gives a non-GPU node of the same cluster none of it', () => {
    const json = synthJson(gpuCluster('v1.11.6').stack);
    const plain = docs(json, 'lab_plain')[0];
    expect(plain.machine.kernel).toBeUndefined();
    expect(plain.machine.nodeLabels).toBeUndefined();
    expect(plain.machine.nodeTaints).toBeUndefined();
    expect(plain.machine.sysctls).toBeUndefined();
    expect(schematicOf(json, 'lab_plain')).toBe('customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n');
  });

  it('lets the label be overridden and the taint be turned off', () => {
    const json = synthJson(gpuCluster('v1.13.9', { gpu: { model: 'Tesla T4', labels: { accelerator: 'nvidia-t4' }, taint: false } }).stack);
    const v1alpha1 = docs(json, 'lab_gpu')[0];
    expect(v1alpha1.machine.nodeLabels).toEqual({ accelerator: 'nvidia-t4', 'nvidia.com/gpu.present': 'true' });
    expect(v1alpha1.machine.nodeTaints).toBeUndefined();
  });

  it('uses the proprietary driver for a pre-Turing card and shares one schematic per driver choice', () => {
    const { stack, cluster } = gpuCluster('v1.11.6', { gpu: { model: 'Quadro P400' } });
    cluster.addGpuWorker({ hostname: 'gpu2', links: [{ interface: 'eth0', addresses: ['10.0.20.21/24'] }], installDisk: InstallDisk.path('/dev/sda'), gpu: { model: 'Quadro P620' } });
    cluster.addGpuWorker({ hostname: 'gpu3', links: [{ interface: 'eth0', addresses: ['10.0.20.22/24'] }], installDisk: InstallDisk.path('/dev/sda'), gpu: { model: 'RTX A2000' } });
    const json = synthJson(stack);
    expect(schematicOf(json, 'lab_gpu')).toContain('siderolabs/nonfree-kmod-nvidia-production');
    expect(schematicOf(json, 'lab_gpu2')).toBe(schematicOf(json, 'lab_gpu'));
    expect(schematicOf(json, 'lab_gpu3')).toContain('siderolabs/nvidia-open-gpu-kernel-modules-production');
    // Three schematics: plain, proprietary GPU, open GPU.
    expect(Object.keys(json.resource.talos_image_factory_schematic)).toHaveLength(3);
  });

  it('picks the LTS branch for a Pascal card on Talos 1.13, whose production driver (595) dropped Pascal', () => {
    const { stack, cluster } = gpuCluster('v1.13.9', { gpu: { model: 'Quadro P400' } });
    expect(schematicOf(synthJson(stack), 'lab_gpu')).toContain('siderolabs/nonfree-kmod-nvidia-lts');
    expect(schematicOf(synthJson(stack), 'lab_gpu')).toContain('siderolabs/nvidia-container-toolkit-lts');
    expect(cluster.gpuNodes[0]).toMatchObject({ driver: 'proprietary', branch: 'lts' });
  });

  it('fails when the driver does not fit the Talos version: production on Talos 1.13 for a Pascal card', () => {
    const { stack } = gpuCluster('v1.13.9', { gpu: { model: 'Quadro P400', branch: 'production' } });
    expect(synthError(stack)).toContain("nodes['gpu'].gpu.branch 'proprietary production' cannot drive the Quadro P400 (pascal) on Talos 1.13: driver 595 no longer supports pascal cards (release 580 was the last); use branch: 'lts' (driver 580)");
  });

  it('fails when a Blackwell card is given the proprietary driver, or a Kepler card any', () => {
    expect(synthError(gpuCluster('v1.13.9', { gpu: { model: 'RTX 5090', driver: 'proprietary' } }).stack))
      .toContain("nodes['gpu'].gpu.driver 'proprietary production' cannot drive the RTX 5090 (blackwell) on Talos 1.13: Blackwell cards need NVIDIA's open kernel modules; use driver: 'open'");
    expect(synthError(gpuCluster('v1.13.9', { gpu: { model: 'Tesla K80' } }).stack))
      .toContain("cannot drive the Tesla K80 (kepler) on Talos 1.13: Kepler cards are not supported by any driver Talos ships");
  });

  it('exposes what the platform stack needs: GPU nodes, driver, Talos version, labels, taint', () => {
    const { cluster } = gpuCluster('v1.11.6', { gpu: { model: 'Quadro P400', branch: 'lts' } });
    expect(cluster.gpuNodes).toEqual([{
      hostname: 'gpu', talosVersion: 'v1.11.6', driver: 'proprietary', branch: 'lts',
      labels: { gpu: 'true', 'nvidia.com/gpu.present': 'true' }, taint: { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
    }]);
  });

  it('passes the GPU through a PCI mapping on a q35 VM without ballooning', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'lab', { clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.20.1' } });
    cluster.addControlPlane({ hostname: 'cp', vm: { proxmoxNode: 'pve', vmId: 100, nics: [{ addresses: ['10.0.20.10/24'] }] } });
    cluster.addGpuWorker({
      hostname: 'gpu',
      gpu: { model: 'Tesla T4', passthrough: PciPassthrough.createMapping('tesla-t4', { path: '0000:01:00.0', id: '10DE:1EB8', iommuGroup: 14 }) },
      vm: { proxmoxNode: 'pve', vmId: 101, nics: [{ addresses: ['10.0.20.20/24'] }] },
    });
    const json = synthJson(stack);
    const vm = json.resource.proxmox_virtual_environment_vm.lab_gpu;
    expect(vm.machine).toBe('q35');
    expect(vm.memory.floating).toBe(0);
    expect(vm.hostpci).toEqual([{ device: 'hostpci0', mapping: '${proxmox_hardware_mapping_pci.lab_gpu_tesla-t4.name}', pcie: true, rombar: true }]);
    expect(json.resource.proxmox_hardware_mapping_pci['lab_gpu_tesla-t4']).toMatchObject({
      name: 'tesla-t4', map: [{ node: 'pve', path: '0000:01:00.0', id: '10de:1eb8', iommu_group: 14 }],
    });
    expect(json.resource.proxmox_virtual_environment_vm.lab_cp.hostpci).toBeUndefined();
  });

  it('fails when the open driver is forced on a pre-Turing card', () => {
    const { stack } = gpuCluster('v1.13.9', { gpu: { model: 'Quadro P400', driver: 'open' } });
    expect(synthError(stack)).toContain("nodes['gpu'].gpu.driver 'open' does not support the Quadro P400 (pascal): NVIDIA's open kernel modules need Turing or newer; use driver: 'proprietary' (the default for this card)");
  });

  it('fails when the card is unknown and no generation is given', () => {
    const { stack } = gpuCluster('v1.13.9', { gpu: { model: 'Mystery 9000' } });
    expect(synthError(stack)).toContain("nodes['gpu'].gpu.model 'Mystery 9000' is not a model this library recognises: set gpu.generation to the card's architecture");
  });

  it('fails when a GPU VM has no PCI device', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'lab', { clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.20.1' } });
    cluster.addGpuControlPlane({ hostname: 'gpu', gpu: { model: 'Tesla T4' }, vm: { proxmoxNode: 'pve', vmId: 101, nics: [{ addresses: ['10.0.20.20/24'] }] } });
    expect(synthError(stack)).toContain("nodes['gpu'].gpu.passthrough is missing on a Proxmox VM: the VM gets no GPU");
  });

  it('fails when ballooning is requested on a passthrough VM', () => {
    const { stack } = testStack();
    const cluster = new TalosCluster(stack, 'lab', { clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', network: { gateway: '10.0.20.1' } });
    cluster.addGpuControlPlane({
      hostname: 'gpu', gpu: { model: 'Tesla T4', passthrough: PciPassthrough.mapping('t4') },
      vm: { proxmoxNode: 'pve', vmId: 101, ballooning: true, nics: [{ addresses: ['10.0.20.20/24'] }] },
    });
    expect(synthError(stack)).toContain("nodes['gpu'].vm.ballooning is true on a VM with PCI passthrough: passed-through devices need all guest memory pinned, so Proxmox cannot balloon it; remove ballooning");
  });

  it.each([
    ['Tesla T4', 'turing'], ['Quadro P400', 'pascal'], ['NVIDIA GeForce GTX 1080 Ti', 'pascal'], ['RTX 3090', 'ampere'],
    ['RTX A2000', 'ampere'], ['RTX 4090', 'ada'], ['L4', 'ada'], ['H100', 'hopper'], ['Tesla V100', 'volta'], ['RTX 5090', 'blackwell'],
    ['Quadro T400', 'turing'], ['GTX 1660 Super', 'turing'], ['Tesla M60', 'maxwell'],
  ])('recognises %s as %s', (model, generation) => expect(generationOf(model)).toBe(generation));
});

describe('GPU node documents pass the official schema for their Talos version and provider', () => {
  it.each([['v1.11.6', undefined], ['v1.13.9', undefined], ['v1.14.0', '1.14']] as const)('Talos %s', (talosVersion, sdk) => {
    const json = synthJson(gpuCluster(talosVersion, {}, {}, sdk).stack);
    expectValidDocuments(docs(json, 'lab_gpu'), talosSchemaFor(talosVersion, sdk ?? PROVIDER_SDK));
  });
});
