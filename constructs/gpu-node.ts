import { Construct } from 'constructs';
import { GpuNodeInfo } from './machine-config/gpu';
import { GpuOptions, gpuBranch, gpuDriver, gpuLabels, gpuMachineSettings, GPU_TAINT_KEY, nvidiaExtensions } from './machine-config/gpu';
import { mergeSettings } from './machine-config/model';
import { parseTalosVersion } from './machine-config/versions';
import { TalosNode, TalosNodeOptions, TalosNodeProps } from './talos-node';

/** A GPU node, without the cluster (for `cluster.addGpuWorker()` / `cluster.addGpuControlPlane()`). */
export interface GpuNodeOptions extends TalosNodeOptions {
  /** The node's NVIDIA GPU. */
  readonly gpu: GpuOptions;
}

/** Props of {@link GpuNode}. */
export interface GpuNodeProps extends GpuNodeOptions, Omit<TalosNodeProps, 'gpu'> {}

/**
 * A Talos node with an NVIDIA GPU: a preset over {@link TalosNode} that adds the driver's system extensions (one
 * schematic shared by the GPU nodes with the same driver), the NVIDIA kernel modules, the `gpu=true` and
 * `nvidia.com/gpu.present=true` labels, the `nvidia.com/gpu=true:NoSchedule` taint, the settings its Talos version
 * needs, and on Proxmox the PCI passthrough (q35, PCIe, no ballooning). The driver is checked against the card.
 *
 * @example
 * cluster.addGpuWorker({
 *   hostname: 'k8s-node1',
 *   gpu: { model: 'Tesla T4', passthrough: PciPassthrough.mapping('tesla-t4') },
 *   vm: { proxmoxNode: 'pve', vmId: 201, nics: [{ addresses: ['10.0.20.111/24'] }] },
 * });
 */
export class GpuNode extends TalosNode {
  constructor(scope: Construct, id: string, props: GpuNodeProps) {
    const { gpu, ...node } = props;
    const talos = parseTalosVersion(node.talosVersion ?? props.cluster.talosVersion);
    const preset = gpuMachineSettings(gpu, talos?.major === 1 ? talos.minor : undefined, props.role);
    // The node's own settings win over the preset (e.g. a label value it overrides).
    const settings = mergeSettings(preset, node);
    const driver = gpuDriver(gpu);
    const branch = gpuBranch(gpu, talos?.major === 1 ? talos.minor : undefined);
    super(scope, id, {
      ...node,
      ...settings,
      extensions: [...(node.extensions ?? []), ...nvidiaExtensions(driver, branch)],
      vm: node.vm && gpu.passthrough ? { ...node.vm, pciDevices: [gpu.passthrough, ...(node.vm.pciDevices ?? [])] } : node.vm,
      gpu,
    });
    const labels = { ...gpuLabels(gpu), ...Object.fromEntries(Object.entries(node.nodeLabels ?? {}).filter((e): e is [string, string] => e[1] !== null)) };
    const info: GpuNodeInfo = {
      hostname: this.hostname,
      talosVersion: talos?.text ?? (node.talosVersion ?? props.cluster.talosVersion),
      driver,
      branch,
      labels,
      taint: gpu.taint === false ? undefined : { key: GPU_TAINT_KEY, value: 'true', effect: 'NoSchedule' },
    };
    this.gpu = info;
  }
}
