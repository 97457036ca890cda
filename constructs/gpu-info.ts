/** What the platform stack needs to know about a cluster's GPU nodes (filled in by `GpuNode`). */

/** Which NVIDIA kernel driver a GPU node runs. */
export type NvidiaDriver = 'open' | 'proprietary';

/** Which NVIDIA driver branch: the production branch or the long-term-support branch. */
export type NvidiaBranch = 'production' | 'lts';

/** A GPU node as the platform stack sees it. */
export interface GpuNodeInfo {
  /** The node's hostname (its Kubernetes node name). */
  readonly hostname: string;
  /** The node's Talos version, e.g. `v1.13.9`: 1.12 and older use the device plugin, 1.13+ the GPU Operator. */
  readonly talosVersion: string;
  /** The driver the node's schematic carries. */
  readonly driver: NvidiaDriver;
  /** The driver branch. */
  readonly branch: NvidiaBranch;
  /** Labels the node carries, which GPU workloads select on (always includes `nvidia.com/gpu.present: 'true'`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The taint GPU workloads must tolerate, when the node is tainted. */
  readonly taint?: { readonly key: string; readonly value: string; readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' };
}
