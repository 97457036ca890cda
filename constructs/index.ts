/**
 * cdktf-talos: typed CDK for Terraform constructs for Talos Linux Kubernetes clusters.
 *
 * The public API. Everything under `constructs/private/` and the generated bindings are internal.
 */
export * from './talos-cluster';
export * from './talos-node';
export * from './gpu-info';
export * from './gpu-node';
export { GpuOptions, GpuGeneration, GPU_GENERATIONS, generationOf, nvidiaExtensions } from './machine-config/gpu';
export * from './talos-image';
export * from './proxmox-vm';
export * from './proxmox-connection';
export * from './machine-config/vm';
export { Architecture, Board, ImageSpec, QEMU_GUEST_AGENT, schematicYaml } from './machine-config/image';
export * from './machine-config/settings';
export {
  ConfigContract, CONFIG_CONTRACTS, KUBERNETES_SUPPORT, PROVIDER_TALOS_SDK, configContract, parseTalosVersion, supportedMinor,
  parseKubernetesVersion,
} from './machine-config/versions';
export { NodeRole, ClusterDeclaration, NodeDeclaration, ResolvedNode } from './machine-config/model';
export { Problem, TalosConfigError, validateCluster, formatProblem } from './machine-config/validate';
export { TalosDocument, RenderedNodeConfig, renderNode } from './machine-config/render';
