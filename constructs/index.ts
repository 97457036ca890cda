/**
 * cdktf-talos: typed CDK for Terraform constructs for Talos Linux Kubernetes clusters.
 *
 * The public API: the constructs, their options, the value classes you pass them, and the settings types you write
 * most. The whole configuration vocabulary (every settings type) and the pure core (declare, validate and render a
 * node's Talos documents without cdktf) are on the subpath `cdktf-talos/core`. Everything under `constructs/private/`
 * and the generated bindings are internal.
 */

// Clusters and nodes.
export { TalosCluster, TalosClusterProps, MachineSecretsOptions } from './talos-cluster';
export { TalosNode, TalosNodeOptions, TalosNodeProps, ApplyMode } from './talos-node';
export { GpuNode, GpuNodeOptions, GpuNodeProps } from './gpu-node';
export { TalosImageUrls } from './talos-image';
export { ProxmoxConnection, ProxmoxConnectionProps } from './proxmox-connection';
export { ProxmoxVm, ProxmoxVmProps } from './proxmox-vm';
export {
  Board, DeclarationError, FirstContact, GpuNodeInfo, GpuOptions, InstallDisk, KubernetesSettings, MachineSettings,
  NetworkLink, PciPassthrough, ProxmoxVmOptions,
} from './machine-config';

// Running the app: synth, or one report of every problem.
export { runApp } from './run-app';

// State and Terraform.
export {
  StateBackend, StateBackendKind, S3StateOptions, PgStateOptions, HttpStateOptions, GitLabStateOptions,
} from './state-backend';
export { TerraformVersion, TerraformFeature, TerraformRequirement, TERRAFORM_FEATURES } from './terraform-version';

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
export { EtcdBackups } from './etcd-backups';
export { GitOpsController } from './gitops-controller';
export {
  BgpAdvertisementOptions, BgpPeerOptions, CiliumOptions, Cni, EtcdBackupOptions, GitCredentials, GitOps, GpuSupportOptions, HelmValue,
  HelmValues, KubernetesManifest, L2AdvertisementOptions, MetalLbAdvertisement, MetalLbPoolOptions, NodeSelector, PodSecurityLevel,
  S3Credentials,
} from './platform-config';
