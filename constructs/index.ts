/**
 * cdktf-talos: typed CDK for Terraform constructs for Talos Linux Kubernetes clusters.
 *
 * The public API. Everything under `constructs/private/` and the generated bindings are internal.
 */
export * from './talos-cluster';
export * from './talos-node';
export * from './gpu-info';
export * from './state-backend';
export * from './machine-config/settings';
export {
  ConfigContract, CONFIG_CONTRACTS, KUBERNETES_SUPPORT, PROVIDER_TALOS_SDK, configContract, parseTalosVersion, supportedMinor,
  parseKubernetesVersion,
} from './machine-config/versions';
export { NodeRole, ClusterDeclaration, NodeDeclaration, ResolvedNode } from './machine-config/model';
export { Problem, TalosConfigError, validateCluster, formatProblem } from './machine-config/validate';
export { TalosDocument, RenderedNodeConfig, renderNode } from './machine-config/render';
