/**
 * The only module that imports generated provider bindings (`.gen/`) and provider packages. Each binding is imported
 * from its own module, never from a provider's index, so a synth loads only the resources it uses.
 */
import { TerraformResource } from 'cdktf';
import type { ITerraformDependable, TerraformElement } from 'cdktf';
import type { Construct } from 'constructs';
// The bindings written once per node, subclassed below.
import { DataTalosMachineConfiguration as GeneratedMachineConfiguration } from '../../.gen/providers/talos/data-talos-machine-configuration';
import { MachineConfigurationApply as GeneratedConfigurationApply } from '../../.gen/providers/talos/machine-configuration-apply';
import { DataTalosClusterHealth as GeneratedClusterHealth } from '../../.gen/providers/talos/data-talos-cluster-health';
import { Machine as GeneratedMachine } from '../../.gen/providers/talos-0-12/machine';
import { VirtualEnvironmentVm as GeneratedVm } from '../../.gen/providers/proxmox/virtual-environment-vm';

export { TalosProvider } from '../../.gen/providers/talos/provider';
export { MachineSecrets } from '../../.gen/providers/talos/machine-secrets';
export { MachineBootstrap } from '../../.gen/providers/talos/machine-bootstrap';
export { ClusterKubeconfig } from '../../.gen/providers/talos/cluster-kubeconfig';
export { DataTalosClientConfiguration } from '../../.gen/providers/talos/data-talos-client-configuration';

/**
 * The attributes a generated binding writes, without the ones left unset. A binding writes every attribute its schema
 * has, unset ones as `undefined` (a Proxmox VM: 84 of its 152 values), and cdktf resolves each of them three times per
 * synth before dropping it (lib/tokens/private/resolve.js skips an `undefined` value only after resolving its key;
 * lib/terraform-stack.js resolves every element while preparing, again while writing, then the whole stack). Dropping
 * them first writes the same JSON: only plain objects are walked; arrays, tokens and every other value stay as they are.
 */
export function withoutUnset(attributes: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined) continue;
    result[key] = isPlainObject(value) ? withoutUnset(value) : Array.isArray(value) ? value.map((v) => (isPlainObject(v) ? withoutUnset(v) : v)) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

// The bindings written once per node, so their unset attributes are dropped before cdktf resolves them.
export class DataTalosMachineConfiguration extends GeneratedMachineConfiguration {
  protected synthesizeAttributes(): Record<string, unknown> {
    return withoutUnset(super.synthesizeAttributes());
  }
}
export class MachineConfigurationApply extends GeneratedConfigurationApply {
  protected synthesizeAttributes(): Record<string, unknown> {
    return withoutUnset(super.synthesizeAttributes());
  }
}
export class DataTalosClusterHealth extends GeneratedClusterHealth {
  protected synthesizeAttributes(): Record<string, unknown> {
    return withoutUnset(super.synthesizeAttributes());
  }
}
export class TalosMachineResource extends GeneratedMachine {
  protected synthesizeAttributes(): Record<string, unknown> {
    return withoutUnset(super.synthesizeAttributes());
  }
}
export class VirtualEnvironmentVm extends GeneratedVm {
  protected synthesizeAttributes(): Record<string, unknown> {
    return withoutUnset(super.synthesizeAttributes());
  }
}


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
export { Cluster as TalosClusterResource } from '../../.gen/providers/talos-0-12/cluster';

export { ProxmoxProvider } from '../../.gen/providers/proxmox/provider';
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
