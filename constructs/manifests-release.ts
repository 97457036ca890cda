import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { IPlatformComponent, ReleasePlacementOptions } from './helm-release';
import { Problem } from './machine-config';
import { KubernetesManifest, manifestProblems, valuesYaml } from './platform-config';
import { manifestsChartPath } from './private/manifests-chart';
import type { PlatformContext } from './private/platform-context';
import { HelmReleaseResource } from './private/providers';
import { placementProblems, releaseNamespace, ReleaseWiring } from './private/release-wiring';
import { checkProps } from './private/contract';
import { guardRecorded, recordProblems, touch } from './private/report';

/** Kubernetes objects created through Helm, without the platform (for `platform.addManifests()`). */
export interface ManifestsReleaseOptions extends ReleasePlacementOptions {
  /** The objects to create, e.g. MetalLB pools or a cert-manager `ClusterIssuer`. */
  readonly manifests: KubernetesManifest[];
}

/** Props of {@link ManifestsRelease}: created by `platform.addManifests()` and by the platform's components. */
export interface ManifestsReleaseProps extends ManifestsReleaseOptions {
  /** The platform the release belongs to (namespaces, release names, the CNI to wait for). */
  readonly context: PlatformContext;
}

/**
 * Kubernetes objects (typically custom resources) created by a release of the project's own `charts/manifests`
 * chart, which writes out the objects passed in its values.
 *
 * Why not `kubernetes_manifest`: it looks up each object's kind in the cluster at plan time, so an object whose CRD is
 * installed by a Helm release in the same apply cannot even be planned, and the first deploy of a platform stack on a
 * fresh cluster would fail. Helm needs no CRD until it installs, so this release, ordered after the chart that brings
 * the CRDs (`needs`), works in one `cdktf deploy`. The chart is copied into the stack's working directory as a cdktf
 * asset, so its path in the synthesized JSON is machine-independent.
 *
 * @example
 * platform.addManifests({
 *   name: 'issuers', namespace: 'cert-manager', needs: [certManager],
 *   manifests: [{ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'self-signed' }, spec: { selfSigned: {} } }],
 * });
 */
export class ManifestsRelease extends Construct implements IPlatformComponent {
  /** The release name. */
  public readonly name: string;
  /** The namespace the release is recorded in (and namespaced objects without a namespace land in). */
  public readonly namespace: string;
  /** `helm_release` (escape hatch). */
  public readonly resource: TerraformResource;

  private readonly manifests: KubernetesManifest[] = [];
  private readonly path: string;
  private readonly wiring: ReleaseWiring;

  /**
   * Created by `platform.addManifests()` and the platform's components, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: ManifestsReleaseProps): ManifestsRelease {
    return new ManifestsRelease(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: ManifestsReleaseProps) {
    super(scope, id);
    this.path = `releases['${props.name}']`;
    const problems = placementProblems(props, this.path);
    recordProblems(this, problems);
    this.name = props.name;
    this.namespace = releaseNamespace(props);
    const release = new HelmReleaseResource(this, 'release', {
      name: props.name,
      namespace: this.namespace,
      chart: manifestsChartPath(this),
      values: Lazy.listValue({
        produce: () => {
          guardRecorded(this);
          return [valuesYaml({ manifests: this.manifests })];
        },
      }),
      wait: props.wait ?? true,
      timeout: props.timeoutSeconds ?? 600,
    });
    release.overrideLogicalId(props.name);
    this.resource = release;
    this.wiring = new ReleaseWiring(release, props.context, props);
    this.addManifests(...props.manifests);
  }

  /** The `helm_release` resources that create the objects. */
  public get releaseResources(): readonly TerraformResource[] {
    return [this.resource];
  }

  /** The objects, in the order they were added. */
  public get objects(): readonly KubernetesManifest[] {
    return [...this.manifests];
  }

  /** Adds objects. Each object (kind, namespace and name) may appear once. */
  public addManifests(...manifests: KubernetesManifest[]): void {
    const check = checkProps('KubernetesManifests', manifests, `${this.path}.manifests(+${this.manifests.length})`);
    if (check.problems.length > 0) {
      recordProblems(this, check.problems);
      return;
    }
    const problems: Problem[] = [];
    const key = (m: KubernetesManifest): string => `${m.kind}/${m.metadata?.namespace ?? this.namespace}/${m.metadata?.name}`;
    const seen = new Set(this.manifests.map(key));
    manifests.forEach((m, i) => {
      const at = `${this.path}.manifests[${this.manifests.length + i}]`;
      for (const [field, message] of manifestProblems(m)) problems.push({ path: `${at}.${field}`, message });
      if (seen.has(key(m))) problems.push({ path: at, message: `'${key(m)}' is already in this release: each object may appear once` });
      seen.add(key(m));
    });
    recordProblems(this, problems);
    if (problems.length === 0) this.manifests.push(...manifests);
    touch(this);
  }

  /** Makes this release wait for more components. */
  public addNeeds(...components: IPlatformComponent[]): void {
    const check = checkProps('PlatformComponents', components, `${this.path}.needs`);
    recordProblems(this, check.problems);
    if (check.problems.length === 0) this.wiring.add(components);
  }
}
