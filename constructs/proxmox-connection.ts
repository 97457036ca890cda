import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ProxmoxProvider } from './private/providers';
import { TERRAFORM_FEATURES, TerraformVersion } from './terraform-version';
import { checkProps } from './private/contract';
import { placement, recordProblems } from './private/report';

/** Props of {@link ProxmoxConnection}. */
export interface ProxmoxConnectionProps {
  /**
   * Where the Proxmox endpoint and API token come from:
   * - `environment`: the provider reads `PROXMOX_VE_ENDPOINT`, `PROXMOX_VE_API_TOKEN` (or `PROXMOX_VE_USERNAME` and
   *   `PROXMOX_VE_PASSWORD`) and `PROXMOX_VE_INSECURE` itself; nothing is written into the stack;
   * - `variables`: Terraform variables `proxmox_endpoint`, `proxmox_api_token` (sensitive) and `proxmox_insecure`,
   *   set with `TF_VAR_proxmox_api_token=...` or a `.tfvars` file kept out of git.
   * @default 'environment'
   */
  readonly credentials?: 'environment' | 'variables';
}

/**
 * The bpg/proxmox provider of a stack, with its credentials from the environment or from sensitive Terraform
 * variables, never from values in code. Nodes with a `vm` add one (from the environment) when the stack has none.
 *
 * @example
 * new ProxmoxConnection(stack, 'proxmox', { credentials: 'variables' });
 */
export class ProxmoxConnection extends Construct {
  /** Adds a connection reading the environment to the stack of `scope`, unless the stack has a Proxmox provider. */
  public static ensure(scope: Construct): void {
    const stack = TerraformStack.of(scope);
    // Every VM asks: answer from the provider found before while it is still in the stack, instead of walking the
    // whole construct tree once per VM (which made synthesis quadratic in the number of VMs). An id users do not pick
    // for their own constructs (`new ProxmoxConnection(stack, 'proxmox')` is theirs).
    const known = PROVIDER_OF_STACK.get(stack);
    if (known !== undefined && isInTree(known, stack)) return;
    const found = stack.node.findAll().find((c) => c instanceof ProxmoxProvider);
    PROVIDER_OF_STACK.set(stack, found ?? new ProxmoxConnection(stack, 'cdktf-talos-proxmox-connection'));
  }

  /**
   * Which Proxmox endpoint the VMs of the stack of `scope` are created on, as far as the synth can tell (used to
   * compare VM ids and PCI mappings across clusters): `'environment'` for every stack whose connection reads
   * `PROXMOX_VE_ENDPOINT`; undefined when unknown (variables, a provider of the user's own).
   * @internal
   */
  public static endpointOf(scope: Construct): string | undefined {
    const found = PROVIDER_OF_STACK.get(TerraformStack.of(scope));
    return found instanceof ProxmoxConnection && found.credentials === 'environment' ? 'environment' : undefined;
  }

  /** Where the endpoint and API token come from. */
  public readonly credentials: 'environment' | 'variables';

  constructor(scope: Construct, id: string, props: ProxmoxConnectionProps = {}) {
    const at = placement(scope, id, 'ProxmoxConnection');
    super(at.scope, at.id);
    const check = checkProps('ProxmoxConnectionProps', props, '');
    recordProblems(this, [...at.problems, ...check.problems], check.ranges);
    if (check.problems.length > 0) props = {};
    this.credentials = props.credentials ?? 'environment';
    TerraformVersion.require(this, TERRAFORM_FEATURES.proxmoxProvider);
    PROVIDER_OF_STACK.set(TerraformStack.of(this), this);
    if ((props.credentials ?? 'environment') === 'variables') {
      const endpoint = new TerraformVariable(this, 'endpoint', { type: 'string', description: 'Proxmox VE API URL, e.g. https://pve1.lan:8006/' });
      endpoint.overrideLogicalId('proxmox_endpoint');
      const token = new TerraformVariable(this, 'api_token', { type: 'string', sensitive: true, description: 'Proxmox VE API token, USER@REALM!TOKENID=SECRET' });
      token.overrideLogicalId('proxmox_api_token');
      const insecure = new TerraformVariable(this, 'insecure', { type: 'bool', default: false, description: 'Skip TLS verification (self-signed Proxmox certificates)' });
      insecure.overrideLogicalId('proxmox_insecure');
      new ProxmoxProvider(this, 'provider', { endpoint: endpoint.stringValue, apiToken: token.stringValue, insecure: insecure.booleanValue });
    } else {
      new ProxmoxProvider(this, 'provider', {});
    }
  }
}

/** The construct holding (or being) each stack's Proxmox provider, as last seen by `ProxmoxConnection`. */
const PROVIDER_OF_STACK = new WeakMap<TerraformStack, Construct>();

/** Whether `c` is still attached under `stack` (constructs can be removed with `node.tryRemoveChild`). */
function isInTree(c: Construct, stack: TerraformStack): boolean {
  for (let child: Construct = c, parent = c.node.scope; parent !== undefined; child = parent, parent = parent.node.scope) {
    if (parent.node.tryFindChild(child.node.id) !== child) return false;
    if (parent === stack) return true;
  }
  return false;
}
