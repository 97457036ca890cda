import { LocalBackend, TerraformStack } from 'cdktf';

/**
 * Local state by default: one file per stack at the project root. The path is relative to the directory Terraform
 * runs in (`cdktf.out/stacks/<stack>`), so the synthesized JSON is the same on every machine, and every stack's
 * `terraform_remote_state` (cross-stack references) resolves it to the same file.
 */
export function useDefaultBackend(stack: TerraformStack, stackName: string): void {
  new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
}
