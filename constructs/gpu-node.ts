import { Construct } from 'constructs';
import { GpuNodeInfo, GpuOptions } from './machine-config';
import { TalosNode, TalosNodeOptions, TalosNodeProps } from './talos-node';

/** A GPU node, without the cluster (for `cluster.addGpuWorker()` / `cluster.addGpuControlPlane()`). */
export interface GpuNodeOptions extends TalosNodeOptions {
  /** The node's NVIDIA GPU. */
  readonly gpu: GpuOptions;
}

/** Props of {@link GpuNode}. */
export interface GpuNodeProps extends GpuNodeOptions, TalosNodeProps {
  /** The node's NVIDIA GPU. */
  readonly gpu: GpuOptions;
}

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
  /** What the platform needs to know about the node's GPU: driver, branch, Talos version, labels and taint. */
  declare public readonly gpu: GpuNodeInfo;

  constructor(scope: Construct, id: string, props: GpuNodeProps) {
    // The GPU's preset is a settings level of its own, between the role and the node (see settingLevels).
    super(scope, id, props);
  }
}
