/**
 * cdktf-talos: typed CDK for Terraform constructs for Talos Linux Kubernetes clusters.
 *
 * The public API. Everything under `constructs/private/` and the generated bindings are internal.
 */
export * from './talos-cluster';
export * from './talos-node';
export * from './gpu-node';
export { GpuOptions, GpuGeneration, GPU_GENERATIONS, generationOf, nvidiaExtensions, GpuNodeInfo, NvidiaBranch, NvidiaDriver } from './machine-config/gpu';
export * from './talos-image';
export * from './proxmox-vm';
export * from './proxmox-connection';
export * from './machine-config/vm';
export { Architecture, Board, ImageSpec, QEMU_GUEST_AGENT, schematicYaml } from './machine-config/image';
export * from './state-backend';
export * from './terraform-version';
export * from './machine-config/settings';
export { FirstContact, FirstContactKind } from './machine-config/first-contact';
export {
  ConfigContract, CONFIG_CONTRACTS, KUBERNETES_SUPPORT, PROVIDER_TALOS_SDK, configContract, parseTalosVersion, supportedMinor,
  parseKubernetesVersion, TalosVersion, KubernetesVersion,
} from './machine-config/versions';
export { NodeRole, ClusterDeclaration, NodeDeclaration, ResolvedNode } from './machine-config/model';
export { Problem, DeclarationError, formatProblem } from './machine-config/problems';
export { validateCluster, ValidateOptions } from './machine-config/validate';
export { TalosDocument, RenderedNodeConfig, renderNode } from './machine-config/render';

// Platform stacks: Helm and Kubernetes from the cluster stack, releases, MetalLB, CNI, GPU support.
export * from './platform';
export * from './platform-providers';
export * from './helm-release';
export * from './manifests-release';
export * from './kubernetes-namespace';
export * from './metallb';
export * from './metallb-pool';
export * from './cilium';
export * from './gpu-support';
export * from './spegel';
export * from './node-taints';
export * from './node-labels';
export { SPEGEL_CHART } from './platform-config/spegel';
export {
  HelmValue, HelmValues, PodSecurityLevel, chartVersionProblem, mergeValues, podSecurityLabels,
} from './platform-config/values';
export { KubernetesManifest, ManifestMetadata } from './platform-config/manifest';
export { NodeSelector, LabelSelectorRequirement, EXCLUDE_FROM_LB_LABEL } from './platform-config/nodes';
export {
  MetalLbAdvertisement, MetalLbPoolOptions, L2AdvertisementOptions, BgpAdvertisementOptions, BgpPeerOptions, METALLB_CHART,
  metalLbPoolProblems, renderMetalLbResources, needsIgnoreExcludeLb, PoolCheckOptions,
} from './platform-config/metallb';
export { Cni, CiliumOptions, CILIUM_CHART, planCni, ciliumTalosValues, CniPlan } from './platform-config/cni';
export {
  GpuSupportOptions, GpuStack, Toleration, DEVICE_PLUGIN_CHART, GPU_OPERATOR_CHART, planGpu, gpuStackFor, GpuPlan,
} from './platform-config/gpu';
