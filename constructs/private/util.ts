/** Small helpers shared by the constructs; not part of the public API. */
import { TerraformDataSource, TerraformElement, TerraformLocal, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack, TerraformVariable } from 'cdktf';

/** A Terraform-safe name part: letters, digits, `_` and `-`. */
export function idSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The `lifecycle.replace_triggered_by` entry for a resource: its address, as the plain string cdktf needs (cdktf#3196,
 * #3532). A whole-resource reference fires when the resource is updated or replaced.
 */
export function replacementTrigger(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

const guarded = new WeakSet<TerraformStack>();

/** The block and type an element is synthesized under (`resource.talos_machine_secrets`), or undefined. */
function blockOf(element: TerraformElement): string | undefined {
  if (element instanceof TerraformResource) return `resource.${element.terraformResourceType}`;
  if (element instanceof TerraformDataSource) return `data.${element.terraformResourceType}`;
  if (element instanceof TerraformOutput) return 'output';
  if (element instanceof TerraformVariable) return 'variable';
  if (element instanceof TerraformLocal) return 'locals';
  if (element instanceof TerraformProvider) return undefined;
  return undefined;
}

/**
 * Fails the synth when two elements of a stack get the same Terraform name. cdktf maps construct ids to Terraform
 * names (`.` and other characters become `_`, and the library names resources by cluster and hostname), so ids that
 * differ can collide, and the second element silently overwrites the first in the JSON: two clusters merged into
 * one. Added once per stack, checked when everything is declared.
 */
export function guardTerraformNames(stack: TerraformStack): void {
  if (guarded.has(stack)) return;
  guarded.add(stack);
  stack.node.addValidation({
    validate: () => {
      // The top-level construct under the stack an element belongs to: collisions are reported once per pair of them.
      const owner = (c: TerraformElement): string => c.node.scopes[c.node.scopes.indexOf(stack) + 1]?.node.path ?? c.node.path;
      const seen = new Map<string, TerraformElement>();
      const pairs = new Map<string, string[]>();
      for (const c of stack.node.findAll()) {
        if (!(c instanceof TerraformElement)) continue;
        const block = blockOf(c);
        if (block === undefined) continue;
        const name = `${block}.${c.friendlyUniqueId}`;
        const other = seen.get(name);
        if (other === undefined) {
          seen.set(name, c);
          continue;
        }
        const pair = `${owner(c)} and ${owner(other)}`;
        pairs.set(pair, [...(pairs.get(pair) ?? []), name]);
      }
      return [...pairs].map(([pair, names]) => `${pair} both synthesize ${names[0]}${names.length > 1 ? ` (and ${names.length - 1} more Terraform names)` : ''}: construct ids that differ only in characters Terraform names cannot hold (such as '.') map to the same name, and the second silently overwrites the first; rename one of them`);
    },
  });
}
