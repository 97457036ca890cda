/**
 * Terraform blocks cdktf 0.21 has no construct for, written into a stack's JSON: `ephemeral` resources (cdktf
 * generates no classes for them), `removed` blocks, and `import` blocks without cdktf's shell-out. Not part of the
 * public API.
 */
import { Lazy, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';

/** The address of a resource (`talos_machine.main_cp-0`) or data source (`data.talos_cluster_health.main_after_cp-0`). */
export function addressOf(element: TerraformElement): string {
  if (element instanceof TerraformDataSource) return `data.${element.terraformResourceType}.${element.friendlyUniqueId}`;
  if (element instanceof TerraformResource) return `${element.terraformResourceType}.${element.friendlyUniqueId}`;
  throw new Error(`addressOf: ${element.node.path} is neither a resource nor a data source`);
}

/**
 * Declares `ephemeral "<type>" "<name>"` in the stack of `scope` (Terraform >= 1.10; the caller requires the version).
 * Values may hold tokens: they are resolved at synth time.
 * @returns the block's address, `ephemeral.<type>.<name>`, to build references from
 */
export function addEphemeralResource(scope: IConstruct, type: string, name: string, body: Record<string, unknown>): string {
  TerraformStack.of(scope).addOverride(`ephemeral.${type}.${name}`, body);
  return `ephemeral.${type}.${name}`;
}

const REMOVED = new WeakMap<TerraformStack, Array<{ from: string }>>();

/**
 * Adds `removed { from = <address>, lifecycle { destroy = false } }` to the stack of `scope`: Terraform forgets the
 * resource without destroying it (Terraform >= 1.7; the caller requires the version).
 */
export function addRemovedBlock(scope: IConstruct, from: string): void {
  const stack = TerraformStack.of(scope);
  let list = REMOVED.get(stack);
  if (list === undefined) {
    const entries: Array<{ from: string }> = [];
    REMOVED.set(stack, entries);
    list = entries;
    stack.addOverride('removed', Lazy.anyValue({ produce: () => entries.map((e) => ({ from: e.from, lifecycle: { destroy: false } })) }));
  }
  list.push({ from });
}

/**
 * An `import` block: Terraform adopts the existing object `id` as `resource` at the next apply (Terraform >= 1.5; the
 * caller requires the version, so `terraform.required_version` says it).
 *
 * cdktf's own `TerraformResource.importFrom` writes the same block but also adds a validation that runs
 * `terraform version` in a shell at every synth (cdktf 0.21.0 lib/terraform-resource.js `importFrom`,
 * lib/validations/validate-binary-version.js): a process per synth, and a failed synth wherever Terraform is not
 * installed, which synthesis never needs.
 */
export function addImportBlock(resource: TerraformResource, id: string): void {
  new ImportBlock(resource, 'import', resource, id);
}

class ImportBlock extends TerraformElement {
  constructor(scope: Construct, id: string, private readonly target: TerraformResource, private readonly importId: string) {
    super(scope, id, 'import');
  }

  /** The block, merged into the stack's `import` list with any other (cdktf concatenates lists). */
  public toTerraform(): Record<string, unknown> {
    // The address is read at synth time: the resource's logical id may be overridden after the block is added.
    return { import: [{ id: this.importId, to: addressOf(this.target) }] };
  }

  /** The stack metadata cdktf writes for an imported resource (cdktf 0.21.0 lib/terraform-resource.js `toMetadata`). */
  public toMetadata(): Record<string, unknown> {
    return { imports: { [this.target.terraformResourceType]: [this.target.friendlyUniqueId] } };
  }
}
