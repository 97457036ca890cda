import { Lazy, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import * as semver from 'semver';
import { DeclarationError } from './machine-config';
import { checkProps } from './private/contract';
import { recordProblems } from './private/report';

/** Something the synthesized JSON relies on that older Terraform releases lack. */
export interface TerraformFeature {
  /** What it is, in words, e.g. `import blocks`. It is listed in the stack's requirement. */
  readonly name: string;
  /** The first Terraform release that has it, as a full version, e.g. `1.5.0`. */
  readonly since: string;
}

/**
 * The Terraform features this library's constructs use, each with the first Terraform release that has it. A
 * construct that uses one raises its stack's `terraform.required_version` with {@link TerraformVersion.require}.
 */
export const TERRAFORM_FEATURES = {
  /**
   * Providers built on terraform-plugin-framework speak plugin protocol 6, which Terraform understands from 1.0:
   * siderolabs/talos (every `TalosCluster`) and hashicorp/helm 3.x (every `Platform`; the provider moved to the
   * framework in 3.0.0, its "Upgrade Guide for Helm Provider v3.0.0").
   */
  pluginProtocol6: { name: 'providers on plugin protocol 6 (siderolabs/talos, hashicorp/helm 3)', since: '1.0.0' },
  /** bpg/proxmox 0.111 supports Terraform 1.5 and newer (bpg/terraform-provider-proxmox v0.111.1, README "Requirements"). */
  proxmoxProvider: { name: 'the bpg/proxmox provider', since: '1.5.0' },
  /** `import` blocks (`secrets.importFrom`, `alreadyBootstrapped`) arrived in Terraform 1.5.0. */
  importBlocks: { name: 'import blocks', since: '1.5.0' },
  /**
   * `removed` blocks (forget a resource without destroying it: `migrateFrom011`) arrived in Terraform 1.7.0
   * (hashicorp/terraform CHANGELOG, v1.7.0).
   */
  removedBlocks: { name: 'removed blocks', since: '1.7.0' },
  /**
   * Ephemeral resources arrived in Terraform 1.10.0 and write-only attributes in 1.11.0 (hashicorp/terraform CHANGELOG,
   * v1.10.0 and v1.11.0): the 0.12 line's `talos_machine.kubeconfig_wo` gets the kubeconfig for draining nodes from an
   * `ephemeral "talos_cluster_kubeconfig"`, so it is never stored in state.
   */
  writeOnlyAttributes: { name: 'ephemeral resources and write-only attributes (talos_machine.kubeconfig_wo)', since: '1.11.0' },
  /** The S3 backend's `use_lockfile` (S3-native state locking) arrived in Terraform 1.10.0. */
  s3NativeLocking: { name: 'S3-native state locking (use_lockfile)', since: '1.10.0' },
} as const satisfies Record<string, TerraformFeature>;

/** What a stack needs from Terraform: the constraint it declares and the features behind it. */
export interface TerraformRequirement {
  /** The oldest Terraform release that has every feature, e.g. `1.10.0`. */
  readonly minimum: string;
  /** The stack's `terraform.required_version`, e.g. `>= 1.10.0`. */
  readonly constraint: string;
  /** Every feature the stack uses, oldest first (then by name). */
  readonly features: readonly TerraformFeature[];
}

const REQUIRED = new WeakMap<TerraformStack, Map<string, TerraformFeature>>();

/**
 * The Terraform version every stack declares, derived from what its constructs use: each construct that relies on a
 * Terraform feature requires it, and the stack's `terraform.required_version` becomes `>= <the newest release any
 * feature needs>`, rendered at synth time, so constructs added later still count. Terraform then refuses to plan with
 * an older CLI instead of failing on an unknown block.
 *
 * Add your own requirements the same way (do not override `terraform.required_version` directly, which would drop
 * the library's).
 *
 * @example
 * TerraformVersion.require(stack, { name: 'ephemeral resources', since: '1.10.0' });
 * TerraformVersion.of(stack)?.constraint; // '>= 1.10.0'
 */
export class TerraformVersion {
  /**
   * Records that the stack of `scope` relies on `feature`, raising its `terraform.required_version` when the feature
   * is newer than everything it required before.
   * A feature that is not a name and a full release version such as `1.5.0` is reported with the app's problems.
   */
  public static require(scope: IConstruct, feature: TerraformFeature): void {
    const check = checkProps('TerraformFeature', feature, 'feature');
    const version = check.problems.length === 0 ? semver.valid(feature.since) : null;
    if (version === null || semver.prerelease(version) !== null || !/^\d/.test(feature.since)) {
      const problems = check.problems.length > 0 ? check.problems
        : [{ path: 'feature.since', message: `'${feature.since}' (feature '${feature.name}') is not a Terraform release version: write it like '1.5.0'` }];
      if (!Construct.isConstruct(scope) || !scope.node.scopes.some((c) => TerraformStack.isStack(c))) throw new DeclarationError(problems, 'TerraformVersion.require');
      recordProblems(scope, problems);
      return;
    }
    const stack = TerraformStack.of(scope);
    let features = REQUIRED.get(stack);
    if (features === undefined) {
      features = new Map();
      REQUIRED.set(stack, features);
      stack.addOverride('terraform.required_version', Lazy.stringValue({ produce: () => TerraformVersion.of(stack)?.constraint }));
    }
    features.set(`${feature.name}@${version}`, { name: feature.name, since: version });
  }

  /** What the stack of `scope` requires so far, or undefined when nothing in it required a feature. */
  public static of(scope: IConstruct): TerraformRequirement | undefined {
    const features = REQUIRED.get(TerraformStack.of(scope));
    if (features === undefined || features.size === 0) return undefined;
    const sorted = [...features.values()].sort((a, b) => semver.compare(a.since, b.since) || a.name.localeCompare(b.name));
    const minimum = sorted[sorted.length - 1].since;
    return { minimum, constraint: `>= ${minimum}`, features: sorted };
  }

  private constructor() {}
}
