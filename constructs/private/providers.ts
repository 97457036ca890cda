/**
 * The only module that imports generated provider bindings (`.gen/`) and provider packages. Each binding is imported
 * from its own module, never from a provider's index, so a synth loads only the resources it uses.
 */
import type { TerraformElement } from 'cdktf';

export { TalosProvider } from '../../.gen/providers/talos/provider';
export { MachineSecrets } from '../../.gen/providers/talos/machine-secrets';
export { DataTalosMachineConfiguration } from '../../.gen/providers/talos/data-talos-machine-configuration';
export { MachineConfigurationApply } from '../../.gen/providers/talos/machine-configuration-apply';
export { MachineBootstrap } from '../../.gen/providers/talos/machine-bootstrap';
export { ClusterKubeconfig } from '../../.gen/providers/talos/cluster-kubeconfig';
export { DataTalosClientConfiguration } from '../../.gen/providers/talos/data-talos-client-configuration';
export { DataTalosClusterHealth } from '../../.gen/providers/talos/data-talos-cluster-health';


/**
 * A reference to a whole (object-valued) attribute of a resource, typed as whatever the receiving generated binding
 * expects. Generated structs cannot take another resource's output object directly; an interpolation can.
 */
export function attributeReference<T>(element: TerraformElement & { interpolationForAttribute(attribute: string): unknown }, attribute: string): T {
  return element.interpolationForAttribute(attribute) as T;
}

export { ImageFactorySchematic } from '../../.gen/providers/talos/image-factory-schematic';
export { DataTalosImageFactoryUrls } from '../../.gen/providers/talos/data-talos-image-factory-urls';

// siderolabs/talos 0.12 line (v0.12.0-alpha.5 schema), generated side by side with the pinned 0.11.0 above. It emits
// the same Terraform names (`provider "talos"`, `talos_*`), so a stack uses one line: this provider, and the 0.11
// bindings above for every resource whose schema is unchanged (all but these two; docs/upgrades-research.md).
export { TalosProvider as TalosProviderV012 } from '../../.gen/providers/talos-0-12/provider';
export { Machine as TalosMachineResource } from '../../.gen/providers/talos-0-12/machine';
export { Cluster as TalosClusterResource } from '../../.gen/providers/talos-0-12/cluster';

export { ProxmoxProvider } from '../../.gen/providers/proxmox/provider';
export { VirtualEnvironmentVm } from '../../.gen/providers/proxmox/virtual-environment-vm';
export { DownloadFile } from '../../.gen/providers/proxmox/download-file';
export { HardwareMappingPci } from '../../.gen/providers/proxmox/hardware-mapping-pci';

// Helm and Kubernetes providers: one module per resource, never the packages' index (which loads every resource).
export { HelmProvider } from '@cdktf/provider-helm/lib/provider';
export { Release as HelmReleaseResource } from '@cdktf/provider-helm/lib/release';
export { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
export { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
export { RuntimeClassV1 } from '@cdktf/provider-kubernetes/lib/runtime-class-v1';
export { NodeTaint } from '@cdktf/provider-kubernetes/lib/node-taint';
export { Labels } from '@cdktf/provider-kubernetes/lib/labels';
