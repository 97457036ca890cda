/** How a Helm release is placed in its platform: namespace, pod security, ordering. Shared by every release kind. */
import { dependable, TerraformResource } from 'cdktf';
import type { IPlatformComponent, ReleasePlacementOptions } from '../helm-release';
import { Problem } from '../machine-config';
import { releaseNameProblem, SYSTEM_NAMESPACES } from '../platform-config';
import type { PlatformContext } from './platform-context';
import { recordProblems } from './report';

/** The namespace a release lands in. */
export function releaseNamespace(options: ReleasePlacementOptions): string {
  return options.namespace ?? options.name;
}

/** Problems of a release's placement (name, namespace, pod security), shared by chart and manifest releases. */
export function placementProblems(options: ReleasePlacementOptions, path: string): Problem[] {
  const problems: Problem[] = [];
  const nameProblem = releaseNameProblem(options.name);
  if (nameProblem) problems.push({ path: `${path}.name`, message: nameProblem });
  const ns = releaseNamespace(options);
  if (SYSTEM_NAMESPACES.includes(ns) && options.podSecurity !== undefined) {
    problems.push({ path: `${path}.podSecurity`, message: `'${options.podSecurity}' cannot be applied: namespace '${ns}' is created by Kubernetes and the platform does not label it (kube-system is exempt from Pod Security Admission on Talos anyway); drop podSecurity or use another namespace` });
  }
  if (options.timeoutSeconds !== undefined && (!Number.isInteger(options.timeoutSeconds) || options.timeoutSeconds <= 0)) {
    problems.push({ path: `${path}.timeoutSeconds`, message: `'${options.timeoutSeconds}' is not a positive whole number of seconds: write it like 600` });
  }
  return problems;
}

/** Wires a `helm_release` into its platform: its namespace (created on demand), the CNI and the releases it needs. */
export class ReleaseWiring {
  private readonly needs: TerraformResource[] = [];

  private readonly name: string;

  constructor(private readonly release: TerraformResource, context: PlatformContext, options: ReleasePlacementOptions) {
    this.name = options.name;
    context.claimReleaseName(options.name, release);
    const ns = releaseNamespace(options);
    if (!SYSTEM_NAMESPACES.includes(ns)) {
      const namespace = context.namespace({ name: ns });
      if (options.podSecurity !== undefined) namespace.requirePodSecurity(options.podSecurity, `release '${options.name}'`);
      this.needs.push(namespace.resource);
    }
    // Nothing runs without a pod network: every release waits for the CNI (none while the CNI itself is being built).
    this.needs.push(...context.cniResources);
    this.add(options.needs ?? []);
  }

  /** Adds components to wait for. */
  public add(components: readonly IPlatformComponent[]): void {
    for (const c of components) {
      for (const r of c.releaseResources) {
        if (r === this.release) recordProblems(this.release, [{ path: `releases['${this.name}'].needs`, message: 'lists the release itself: a release cannot wait for itself' }]);
        else if (!this.needs.includes(r)) this.needs.push(r);
      }
    }
    this.release.dependsOn = this.needs.length > 0 ? this.needs.map((r) => dependable(r)) : undefined;
  }
}
