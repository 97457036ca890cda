/**
 * NVIDIA GPUs on Talos: which driver a card can run, the system extensions and kernel modules it needs, the labels
 * and taint that keep GPU workloads on GPU nodes, and what each Talos version additionally requires.
 */
import { MachineSettings } from './settings';
import { PciPassthrough } from './vm';

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
  /**
   * The taint GPU workloads must tolerate, when the node is tainted.
   * @default - untainted
   */
  readonly taint?: { readonly key: string; readonly value: string; readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' };
}

/** NVIDIA GPU architecture generations, oldest first. */
export const GPU_GENERATIONS = ['kepler', 'maxwell', 'pascal', 'volta', 'turing', 'ampere', 'ada', 'hopper', 'blackwell'] as const;

/** An NVIDIA GPU architecture generation. */
export type GpuGeneration = typeof GPU_GENERATIONS[number];

/** The GPU of a node. */
export interface GpuOptions {
  /**
   * The card's model as NVIDIA names it, e.g. `'Tesla T4'` or `'Quadro P400'`; its generation decides which driver
   * it can run.
   * @default - none; then `generation` is required
   */
  readonly model?: string;
  /**
   * The card's architecture generation, when the model is not one the library recognises.
   * @default - derived from `model`
   */
  readonly generation?: GpuGeneration;
  /**
   * The kernel driver: NVIDIA's open kernel modules (Turing and newer only) or the proprietary driver.
   * @default - 'open' for Turing and newer, 'proprietary' for older cards
   */
  readonly driver?: NvidiaDriver;
  /**
   * The driver branch; the container toolkit always follows it.
   * @default 'production', or 'lts' where production's driver no longer supports the card (Maxwell, Pascal and Volta
   * on Talos 1.13 and newer)
   */
  readonly branch?: NvidiaBranch;
  /**
   * Labels that mark the node as a GPU node (`nvidia.com/gpu.present: 'true'` is always added, because the NVIDIA
   * device plugin and GPU Operator only schedule onto nodes carrying it).
   * @default { gpu: 'true' }
   */
  readonly labels?: Record<string, string>;
  /**
   * Taint the node `nvidia.com/gpu=true:NoSchedule` so only workloads that tolerate it (GPU workloads) land there.
   * @default true
   */
  readonly taint?: boolean;
  /**
   * On a Proxmox VM: the GPU to pass through, by PCI hardware mapping. Required for VMs.
   * @default - none (bare metal)
   */
  readonly passthrough?: PciPassthrough;
}

/** The label the NVIDIA device plugin (>= 0.15) and the GPU Operator select GPU nodes by. */
export const GPU_PRESENT_LABEL = 'nvidia.com/gpu.present';
/** The taint key of GPU nodes. */
export const GPU_TAINT_KEY = 'nvidia.com/gpu';
/** The kernel modules NVIDIA GPUs need on Talos. */
export const NVIDIA_KERNEL_MODULES = ['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset'] as const;

/**
 * Model-name patterns and their generations (NVIDIA product pages). Checked in order; the first match wins.
 */
const MODEL_GENERATIONS: ReadonlyArray<[RegExp, GpuGeneration]> = [
  [/\bRTX\s?PRO\s?\d{4}\b.*\bBlackwell\b|\bRTX\s?50\d0\b|\bB(100|200)\b|\bGB\d{3}\b/i, 'blackwell'],
  [/\bH(100|200|800)\b|\bGH200\b/i, 'hopper'],
  [/\bRTX\s?40\d0\b|\bL(4|20|40S?)\b|\bRTX\s?\d{4}\s?Ada\b/i, 'ada'],
  [/\bRTX\s?30\d0\b|\bRTX\s?A\d{3,4}\b|\bA(2|10|16|30|40|100|800)\b/i, 'ampere'],
  [/\bT4\b|\bRTX\s?20\d0\b|\bGTX\s?16\d0\b|\bQuadro\s?(RTX\s?)?\d{4}\b|\bT(400|600|1000|1200|2000)\b|\bTitan\s?RTX\b/i, 'turing'],
  [/\bV100\b|\bTitan\s?V\b|\bQuadro\s?GV100\b/i, 'volta'],
  [/\bP(4|40|100|400|600|620|1000|2000|2200|4000|5000|6000)\b|\bGTX\s?10\d0\b|\bTitan\s?Xp?\b/i, 'pascal'],
  [/\bM(4|6|10|40|60|2000|4000|5000|6000)\b|\bGTX\s?9\d0\b|\bGTX\s?750\b/i, 'maxwell'],
  [/\bK(10|20|40|80)\b|\bGTX\s?(6|7)\d0\b/i, 'kepler'],
];

/** The generation of a model name, or undefined when it is not recognised. */
export function generationOf(model: string): GpuGeneration | undefined {
  return MODEL_GENERATIONS.find(([re]) => re.test(model))?.[1];
}

/** True when `a` is `b` or newer. */
export function generationAtLeast(a: GpuGeneration, b: GpuGeneration): boolean {
  return GPU_GENERATIONS.indexOf(a) >= GPU_GENERATIONS.indexOf(b);
}

/** The generation of a GPU declaration: explicit, or derived from its model. */
export function gpuGeneration(gpu: GpuOptions): GpuGeneration | undefined {
  return gpu.generation ?? (gpu.model !== undefined ? generationOf(gpu.model) : undefined);
}

/**
 * The NVIDIA driver major version of each branch's extensions, per Talos minor (siderolabs/extensions release
 * branches; note that on 1.12 the LTS branch is newer than production).
 */
export const NVIDIA_DRIVER_MAJOR: Readonly<Record<number, Readonly<Record<NvidiaBranch, number>>>> = {
  11: { lts: 535, production: 570 },
  12: { lts: 580, production: 570 },
  13: { lts: 580, production: 595 },
  14: { lts: 580, production: 595 },
};

/**
 * Why a driver major cannot run a generation, or undefined when it can. NVIDIA: release 580 is the last to support
 * Maxwell, Pascal and Volta; Kepler ended with 470; Blackwell needs 570 or newer and the open kernel modules.
 */
export function driverSupportProblem(generation: GpuGeneration, driver: NvidiaDriver, major: number): string | undefined {
  if (generation === 'kepler') return 'Kepler cards are not supported by any driver Talos ships (support ended with release 470)';
  if (['maxwell', 'pascal', 'volta'].includes(generation) && major > 580) return `driver ${major} no longer supports ${generation} cards (release 580 was the last)`;
  if (generation === 'blackwell' && major < 570) return `driver ${major} predates Blackwell (570 or newer needed)`;
  if (generation === 'blackwell' && driver === 'proprietary') return 'Blackwell cards need NVIDIA\'s open kernel modules';
  return undefined;
}

/**
 * The driver branch of a GPU: explicit, else production, unless production's driver no longer supports the card on
 * this Talos version (Pascal and friends on Talos 1.13+, where production is 595): then LTS.
 */
export function gpuBranch(gpu: GpuOptions, talosMinor: number | undefined): NvidiaBranch {
  if (gpu.branch !== undefined) return gpu.branch;
  const generation = gpuGeneration(gpu);
  const majors = talosMinor !== undefined ? NVIDIA_DRIVER_MAJOR[talosMinor] : undefined;
  if (generation && majors && driverSupportProblem(generation, gpuDriver(gpu), majors.production) && !driverSupportProblem(generation, gpuDriver(gpu), majors.lts)) return 'lts';
  return 'production';
}

/** The driver a GPU runs: explicit, else open kernel modules for Turing and newer, proprietary before. */
export function gpuDriver(gpu: GpuOptions): NvidiaDriver {
  if (gpu.driver !== undefined) return gpu.driver;
  const generation = gpuGeneration(gpu);
  return generation === undefined || generationAtLeast(generation, 'turing') ? 'open' : 'proprietary';
}

/** The official system extensions of a driver choice: the kernel modules and the container toolkit of one branch. */
export function nvidiaExtensions(driver: NvidiaDriver, branch: NvidiaBranch): string[] {
  const modules = driver === 'open' ? `siderolabs/nvidia-open-gpu-kernel-modules-${branch}` : `siderolabs/nonfree-kmod-nvidia-${branch}`;
  return [modules, `siderolabs/nvidia-container-toolkit-${branch}`];
}

/** The labels of a GPU node: the user's (or `gpu: 'true'`) plus the device-plugin label. */
export function gpuLabels(gpu: GpuOptions): Record<string, string> {
  return { ...(gpu.labels ?? { gpu: 'true' }), [GPU_PRESENT_LABEL]: 'true' };
}

/**
 * The machine settings a GPU node gets on top of its own, for its role and the Talos minor it runs: the NVIDIA kernel
 * modules, the labels, the taint, and for Talos 1.12 and older the `net.core.bpf_jit_harden` sysctl the NVIDIA
 * container toolkit needs there. A worker gets its taint when it registers (`registerWithTaints`): it may not taint
 * itself later (Kubernetes' NodeRestriction; talos `internal/app/machined/pkg/controllers/k8s/node_apply.go`), and a
 * rejected taint would take the GPU labels down with it, so the GPU Operator would never schedule there.
 */
export function gpuMachineSettings(gpu: GpuOptions, talosMinor: number | undefined, role: 'controlplane' | 'worker'): MachineSettings {
  const taint = gpu.taint === false ? undefined : { [GPU_TAINT_KEY]: 'true:NoSchedule' };
  return {
    kernelModules: [...NVIDIA_KERNEL_MODULES],
    nodeLabels: gpuLabels(gpu),
    ...(role === 'controlplane' ? { nodeTaints: taint } : { registerWithTaints: taint }),
    sysctls: talosMinor !== undefined && talosMinor <= 12 ? { 'net.core.bpf_jit_harden': 1 } : undefined,
  };
}

/** The Talos minor of a version text for the GPU rules (`v1.13.9` gives 13), undefined when it is not a 1.x release. */
export function gpuTalosMinor(talosVersion: string): number | undefined {
  const m = /^v?1\.(\d+)\.\d+$/.exec(talosVersion.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The settings level a GPU node's card adds between its role and the node itself: the driver's and the container
 * toolkit's extensions, and what {@link gpuMachineSettings} gives.
 */
export function gpuPreset(gpu: GpuOptions, talosMinor: number | undefined, role: 'controlplane' | 'worker'): MachineSettings {
  return {
    ...gpuMachineSettings(gpu, talosMinor, role),
    extensions: nvidiaExtensions(gpuDriver(gpu), gpuBranch(gpu, talosMinor)),
  };
}

/** What the platform needs to know about a GPU node, from its GPU and the labels it carries (every level merged). */
export function gpuNodeInfo(gpu: GpuOptions, hostname: string, talosVersion: string, labels: Readonly<Record<string, string | null>>): GpuNodeInfo {
  const minor = gpuTalosMinor(talosVersion);
  return {
    hostname,
    talosVersion,
    driver: gpuDriver(gpu),
    branch: gpuBranch(gpu, minor),
    labels: Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => e[1] !== null)),
    taint: gpu.taint === false ? undefined : { key: GPU_TAINT_KEY, value: 'true', effect: 'NoSchedule' },
  };
}
