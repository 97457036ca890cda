/** Rules of GPU nodes: the card, the driver, the branch and the Talos version. */
import { driverSupportProblem, generationAtLeast, generationOf, GPU_GENERATIONS, gpuBranch, gpuDriver, gpuGeneration, NVIDIA_DRIVER_MAJOR, NvidiaBranch } from '../gpu';
import { NodeDeclaration } from '../model';
import { parseTalosVersion } from '../versions';
import { q, Collector } from './collector';
import { LABEL_VALUE, labelKeyProblem } from './settings';

export function validateGpu(c: Collector, node: NodeDeclaration, talosVersion: string): void {
  const gpu = node.gpu!;
  const gp = `${node.path}.gpu`;
  const generation = gpuGeneration(gpu);
  if (generation === undefined) {
    if (gpu.model === undefined) c.add(gp, `names no card: set gpu.model (e.g. 'Tesla T4') or gpu.generation (one of ${GPU_GENERATIONS.join(', ')})`);
    else c.add(`${gp}.model`, `${q(gpu.model)} is not a model this library recognises: set gpu.generation to the card's architecture (one of ${GPU_GENERATIONS.join(', ')})`);
  } else if (gpu.generation !== undefined && gpu.model !== undefined) {
    const fromModel = generationOf(gpu.model);
    if (fromModel !== undefined && fromModel !== gpu.generation) c.add(`${gp}.generation`, `${q(gpu.generation)} contradicts the model ${q(gpu.model)}, which is ${fromModel}: remove generation or fix the model`);
  }
  const driver = gpuDriver(gpu);
  if (generation !== undefined && driver === 'open' && !generationAtLeast(generation, 'turing')) {
    c.add(`${gp}.driver`, `'open' does not support ${gpu.model !== undefined ? `the ${gpu.model} (${generation})` : `${generation} cards`}: NVIDIA's open kernel modules need Turing or newer; use driver: 'proprietary' (the default for this card)`);
  }
  const talos = parseTalosVersion(talosVersion);
  const minor = talos?.major === 1 ? talos.minor : undefined;
  const majors = minor !== undefined ? NVIDIA_DRIVER_MAJOR[minor] : undefined;
  if (generation !== undefined && majors) {
    const branch = gpuBranch(gpu, minor);
    const problem = driverSupportProblem(generation, driver, majors[branch]);
    const card = gpu.model !== undefined ? `the ${gpu.model} (${generation})` : `a ${generation} card`;
    const other: NvidiaBranch = branch === 'lts' ? 'production' : 'lts';
    if (problem && !(driver === 'open' && !generationAtLeast(generation, 'turing'))) {
      const fix = driverSupportProblem(generation, driver, majors[other]) === undefined
        ? `use branch: '${other}' (driver ${majors[other]})`
        : driver === 'proprietary' && driverSupportProblem(generation, 'open', majors[branch]) === undefined ? "use driver: 'open'" : 'use a card this Talos version supports';
      c.add(`${gp}.${gpu.branch !== undefined ? 'branch' : 'driver'}`, `${q(`${driver} ${branch}`)} cannot drive ${card} on Talos 1.${minor}: ${problem}; ${fix}`);
    }
  }
  // The labels become node labels (the GPU preset level): the same syntax as nodeLabels.
  for (const [key, value] of Object.entries(gpu.labels ?? {})) {
    const lp = `${gp}.labels['${key}']`;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) c.add(lp, `key ${q(key)} ${keyProblem}`);
    if (!c.unresolved(value) && (typeof value !== 'string' || !LABEL_VALUE.test(value))) {
      c.add(lp, `value ${q(value)} is not a valid label value: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric`);
    }
  }
  if (node.vm) {
    if (gpu.passthrough === undefined && (node.vm.pciDevices ?? []).length === 0) {
      c.add(`${gp}.passthrough`, 'is missing on a Proxmox VM: the VM gets no GPU; pass it through with PciPassthrough.mapping(\'<mapping name>\') or PciPassthrough.createMapping(\'<name>\', { path: \'0000:01:00.0\', id: \'10de:1eb8\' })');
    }
  } else if (gpu.passthrough !== undefined) {
    c.add(`${gp}.passthrough`, 'is set on a bare-metal node: passthrough is for Proxmox VMs; remove it');
  }
}
