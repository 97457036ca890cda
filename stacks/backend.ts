import { TerraformStack } from 'cdktf';
import { StateBackend } from '../constructs';

/** What every example stack accepts. */
export interface ExampleStackProps {
  /**
   * Where the stack keeps its Terraform state.
   * @default - local state: `terraform.<stack>.tfstate` at the project root (`StateBackend.local()`)
   */
  readonly backend?: StateBackend;
}

/** Binds the stack's state backend: the one given, or local state. */
export function useBackend(stack: TerraformStack, props: ExampleStackProps): void {
  (props.backend ?? StateBackend.local()).bind(stack);
}
