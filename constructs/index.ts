/**
 * cdktf-talos: typed CDK for Terraform constructs for Talos Linux Kubernetes clusters.
 *
 * The public API: the constructs, their options, the value classes you pass them, and the settings types you write
 * most. The whole configuration vocabulary (every settings type) and the pure core (declare, validate and render a
 * node's Talos documents without cdktf) are on the subpath `cdktf-talos/core`. Everything under `constructs/private/`
 * and the generated bindings are internal.
 */

// Clusters and nodes.
export { TalosCluster, TalosClusterProps, MachineSecretsOptions, KubernetesClientConfiguration } from './talos-cluster';
export { TalosNode, TalosNodeOptions, ApplyMode } from './talos-node';
export { GpuNode, GpuNodeOptions } from './gpu-node';
export { TalosImageUrls } from './talos-image';
export { ProxmoxConnection, ProxmoxConnectionProps } from './proxmox-connection';
export {
  Board, DeclarationError, FirstContact, GpuNodeInfo, GpuOptions, InstallDisk, KubernetesSettings, MachineSettings,
  NetworkLink, PciPassthrough, ProxmoxVmOptions,
} from './machine-config';

// State and Terraform.
export {
  StateBackend, StateBackendKind, S3StateOptions, PgStateOptions, HttpStateOptions, HttpLocking, GitLabStateOptions,
} from './state-backend';
export { TerraformVersion, TerraformFeature, TerraformRequirement, TERRAFORM_FEATURES } from './terraform-version';

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
