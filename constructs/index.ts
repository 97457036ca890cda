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

// Platform stacks: a platform for a cluster (declared here or elsewhere), its Helm releases and components.
export { ITalosCluster, KubernetesClientConfiguration } from './i-talos-cluster';
export { TalosClusterAttributes, TalosClusterReference } from './talos-cluster-reference';
export { Platform, PlatformProps } from './platform';
export { HelmRelease, HelmReleaseOptions, IPlatformComponent } from './helm-release';
export { ManifestsRelease, ManifestsReleaseOptions } from './manifests-release';
export { KubernetesNamespace, KubernetesNamespaceOptions } from './kubernetes-namespace';
export { MetalLb, MetalLbOptions } from './metallb';
export { MetalLbPool } from './metallb-pool';
export { Cilium } from './cilium';
export { GpuSupport } from './gpu-support';
export { Spegel, SpegelOptions } from './spegel';
export { NodeTaints, NodeTaintsOptions } from './node-taints';
export { NodeLabels, NodeLabelsOptions } from './node-labels';
export {
  BgpAdvertisementOptions, BgpPeerOptions, CiliumOptions, Cni, GpuSupportOptions, HelmValue, HelmValues, KubernetesManifest,
  L2AdvertisementOptions, MetalLbAdvertisement, MetalLbPoolOptions, NodeSelector, PodSecurityLevel,
} from './platform-config';
