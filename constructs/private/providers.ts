/**
 * The only module that imports generated provider bindings (`.gen/`) and provider packages. Each binding is imported
 * from its own module, never from a provider's index, so a synth loads only the resources it uses.
 */
import { TerraformResource } from 'cdktf';
import type { ITerraformDependable, TerraformElement } from 'cdktf';
import type { Construct } from 'constructs';

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

/**
 * Terraform's built-in `terraform_data` resource with no attributes: a node in the dependency graph to depend on.
 *
 * cdktf's own `DataResource` writes the same JSON, but its constructor adds a validation that runs `terraform version`
 * in a shell at every synth (cdktf 0.21, lib/terraform-data-resource.ts). That costs a process start per cluster
 * (most of an example synth's time), and fails the synth on machines without Terraform, which synthesis never needs.
 * Terraform itself refuses `terraform_data` below 1.4 at plan time, and the README asks for 1.5+.
 */
export class TerraformData extends TerraformResource {
  private readonly triggersReplace?: Record<string, string>;

  constructor(scope: Construct, id: string, config: { readonly dependsOn?: ITerraformDependable[]; readonly triggersReplace?: Record<string, string> } = {}) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      dependsOn: config.dependsOn,
    });
    this.triggersReplace = config.triggersReplace;
  }

  /** `triggers_replace`: a value whose change replaces the resource (and whatever is `replace_triggered_by` it). */
  protected synthesizeAttributes(): { [name: string]: unknown } {
    return this.triggersReplace !== undefined ? { triggers_replace: this.triggersReplace } : {};
  }
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
export { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
