/**
 * The Kubernetes side of NVIDIA GPUs on Talos, by Talos version (talos-facts §4):
 * - Talos <= 1.12: a RuntimeClass `nvidia` (handler `nvidia`, registered by the nvidia-container-toolkit extension)
 *   and the NVIDIA device plugin chart running with that runtime class;
 * - Talos >= 1.13: the NVIDIA GPU Operator with its driver and toolkit disabled (the extensions provide both) and the
 *   driver root at `/usr/local`, in a privileged namespace.
 * Pure functions, no cdktf.
 */
import * as semver from 'semver';
import { GpuNodeInfo, parseTalosVersion, Problem, talosAtLeast } from '../machine-config';
import { HelmValues } from './values';

/**
 * The NVIDIA device plugin chart. Source: https://nvidia.github.io/k8s-device-plugin (chart `nvidia-device-plugin`);
 * value names from `deployments/helm/nvidia-device-plugin/values.yaml` (runtimeClassName, nodeSelector,
 * tolerations). The chart refuses the `default` namespace and mounts host paths, so it gets a privileged namespace.
 */
export const DEVICE_PLUGIN_CHART = {
  repository: 'https://nvidia.github.io/k8s-device-plugin',
  chart: 'nvidia-device-plugin',
  version: '0.20.0',
  namespace: 'nvidia-device-plugin',
  releaseName: 'nvidia-device-plugin',
} as const;

/**
 * The NVIDIA GPU Operator chart. Source: https://helm.ngc.nvidia.com/nvidia (chart `gpu-operator`); value names
 * from `deployments/gpu-operator/values.yaml` (driver.enabled, toolkit.enabled, hostPaths.driverInstallDir,
 * operator.nodeSelector/tolerations, daemonsets.tolerations, node-feature-discovery.worker.*), checked at NVIDIA/gpu-operator
 * v26.3.3: all still exist with the same meaning (`operator.nodeSelector` is read by `templates/operator.yaml`,
 * `hostPaths.driverInstallDir` by `templates/clusterpolicy.yaml`, the NFD subchart 0.18.3 reads `worker.nodeSelector`
 * and `worker.tolerations`); v26.3.3 changes only component image versions over v26.3.1.
 */
export const GPU_OPERATOR_CHART = {
  repository: 'https://helm.ngc.nvidia.com/nvidia',
  chart: 'gpu-operator',
  version: 'v26.3.3',
  namespace: 'gpu-operator',
  releaseName: 'gpu-operator',
} as const;

/** The oldest GPU Operator the Talos 1.13 guide supports (driver and toolkit from Talos extensions). */
export const MIN_GPU_OPERATOR_FOR_TALOS_1_13 = 'v26.3.1';

/** Which Kubernetes-side GPU stack. */
export type GpuStack = 'device-plugin' | 'gpu-operator';

/** GPU support for the cluster's GPU nodes. */
export interface GpuSupportOptions {
  /**
   * Which stack to install.
   * @default - from the GPU nodes' Talos version: 'device-plugin' up to 1.12, 'gpu-operator' from 1.13
   */
  readonly stack?: 'device-plugin' | 'gpu-operator';
  /**
   * The chart version, pinned.
   * @default - '0.20.0' for the device plugin, 'v26.3.3' for the GPU Operator
   */
  readonly version?: string;
  /**
   * Chart values merged over the ones derived from the GPU nodes.
   * @default - none
   */
  readonly values?: HelmValues;
}

/** A Kubernetes toleration. */
export interface Toleration {
  /** The taint key, e.g. `nvidia.com/gpu`. */
  readonly key: string;
  /** `Equal` matches the value, `Exists` any value. */
  readonly operator: 'Equal' | 'Exists';
  /**
   * The taint value to match (with `Equal`).
   * @default - none (with `Exists`)
   */
  readonly value?: string;
  /** The taint effect tolerated. */
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** What the platform installs for the GPU nodes. */
export interface GpuPlan {
  readonly stack: GpuStack;
  /** Labels every GPU node carries: the GPU components' node selector. */
  readonly nodeSelector: Record<string, string>;
  /** Tolerations of every GPU node's taint. */
  readonly tolerations: Toleration[];
  readonly problems: Problem[];
}

const q = (v: unknown): string => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`;

/** The stack a Talos version needs: the GPU Operator from 1.13, the device plugin before. */
export function gpuStackFor(talosVersion: string): GpuStack | undefined {
  const v = parseTalosVersion(talosVersion);
  if (!v) return undefined;
  return talosAtLeast(v, '1.13') ? 'gpu-operator' : 'device-plugin';
}

/**
 * Decides the GPU stack for a set of GPU nodes. Nodes on both sides of Talos 1.13 (a rolling upgrade) are an error
 * unless the stack is chosen explicitly: Talos' guide removes the device plugin and the RuntimeClass before upgrading
 * to 1.13, and running both stacks on one cluster would advertise the same GPUs twice.
 */
export function planGpu(nodes: readonly GpuNodeInfo[], options: GpuSupportOptions = {}): GpuPlan {
  const problems: Problem[] = [];
  const byStack = new Map<GpuStack, string[]>();
  for (const n of nodes) {
    const s = gpuStackFor(n.talosVersion);
    if (!s) {
      problems.push({ path: `gpuNodes['${n.hostname}'].talosVersion`, message: `${q(n.talosVersion)} is not a Talos version: write it like 'v1.13.9'` });
      continue;
    }
    byStack.set(s, [...(byStack.get(s) ?? []), `${n.hostname} (${n.talosVersion})`]);
  }
  let stack = options.stack;
  if (stack === undefined) {
    if (byStack.size > 1) {
      problems.push({
        path: 'gpuSupport',
        message: `GPU nodes run Talos on both sides of 1.13 (device plugin: ${byStack.get('device-plugin')?.join(', ')}; GPU Operator: ${byStack.get('gpu-operator')?.join(', ')}): finish the upgrade, or pick one stack with gpuSupport: { stack: 'device-plugin' | 'gpu-operator' } (Talos removes the device plugin and RuntimeClass before upgrading to 1.13)`,
      });
    }
    stack = byStack.has('gpu-operator') ? 'gpu-operator' : 'device-plugin';
  }
  // semver: a pre-release (v26.3.1-rc.1) is older than its release; an invalid version is the release's own check.
  if (stack === 'gpu-operator' && options.version !== undefined && semver.valid(options.version) !== null
    && semver.lt(options.version, MIN_GPU_OPERATOR_FOR_TALOS_1_13) && byStack.has('gpu-operator')) {
    problems.push({ path: 'gpuSupport.version', message: `${q(options.version)} is older than ${MIN_GPU_OPERATOR_FOR_TALOS_1_13}, the first GPU Operator that works with Talos 1.13's driver and toolkit extensions: pin ${MIN_GPU_OPERATOR_FOR_TALOS_1_13} or newer` });
  }

  // Select on the labels every GPU node shares, tolerate every GPU node's taint.
  const shared = nodes.length === 0 ? {} : Object.fromEntries(Object.entries(nodes[0].labels)
    .filter(([k, v]) => nodes.every((n) => n.labels[k] === v)));
  if (nodes.length > 0 && Object.keys(shared).length === 0) {
    problems.push({ path: 'gpuNodes', message: `share no label (${nodes.map((n) => n.hostname).join(', ')}), so GPU components cannot be kept off other nodes: label every GPU node 'nvidia.com/gpu.present: "true"'` });
  }
  const seen = new Set<string>();
  const tolerations: Toleration[] = [];
  for (const n of nodes) {
    if (!n.taint) continue;
    const key = `${n.taint.key}=${n.taint.value}:${n.taint.effect}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tolerations.push({ key: n.taint.key, operator: 'Equal', value: n.taint.value, effect: n.taint.effect });
  }
  return { stack, nodeSelector: shared, tolerations, problems };
}

/** Device plugin values (Talos <= 1.12): run with the `nvidia` runtime class, only on GPU nodes. */
export function devicePluginValues(plan: GpuPlan): Record<string, unknown> {
  return {
    runtimeClassName: 'nvidia',
    nodeSelector: { ...plan.nodeSelector },
    tolerations: plan.tolerations.map((t) => ({ ...t })),
  };
}

/**
 * GPU Operator values (Talos >= 1.13): the Talos extensions provide the driver and the toolkit's userspace, so the
 * operator installs neither and finds the driver under `/usr/local`; its operands and node feature discovery run only
 * on GPU nodes and tolerate their taint.
 */
export function gpuOperatorValues(plan: GpuPlan): Record<string, unknown> {
  const tolerations = plan.tolerations.map((t) => ({ ...t }));
  return {
    driver: { enabled: false },
    toolkit: { enabled: false },
    hostPaths: { driverInstallDir: '/usr/local' },
    operator: { nodeSelector: { ...plan.nodeSelector }, tolerations },
    daemonsets: { tolerations },
    'node-feature-discovery': { worker: { nodeSelector: { ...plan.nodeSelector }, tolerations } },
  };
}
