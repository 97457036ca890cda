import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { resolveNode } from './machine-config';
import {
  admits, CHART_POD_SECURITY, chartVersionProblem, HelmValues, mergeValues, PodSecurityLevel, repositoryProblem, SPEGEL_CHART,
  spegelProblems, SYSTEM_NAMESPACES, valuesYaml,
} from './platform-config';
import type { PlatformContext } from './private/platform-context';
import { HelmReleaseResource } from './private/providers';
import { placementProblems, releaseNamespace, ReleaseWiring } from './private/release-wiring';
import { checkProps } from './private/contract';
import { deferCheck, guardRecorded, recordProblems, touch } from './private/report';

/** Anything a Helm release can wait for (`needs`): a release, a MetalLB pool, GPU support, the CNI. */
export interface IPlatformComponent {
  /** The resources that install the component (its `helm_release`s); whatever needs it depends on them. */
  readonly releaseResources: readonly TerraformResource[];
}

/** Where a release goes and what it waits for; shared by chart releases and manifest releases. */
export interface ReleasePlacementOptions {
  /** The release name, unique in the platform, e.g. `envoy-gateway`. It is also the Terraform resource's name. */
  readonly name: string;
  /**
   * The namespace to install into. It is created (and deleted with the stack) unless Kubernetes creates it itself
   * (`default`, `kube-system`, `kube-public`, `kube-node-lease`).
   * @default - the release name
   */
  readonly namespace?: string;
  /**
   * The Pod Security Admission level of the namespace (enforce, audit and warn labels). Charts whose pods need more
   * than Talos' default `baseline` (host paths, host ports or networking, privileged containers: Spegel, MetalLB,
   * node exporters, storage and GPU drivers, ...) get `privileged` unless you say otherwise, and a level too low for
   * them fails the synth.
   * @default - the level the chart is known to need, else none: Talos' cluster default (`baseline`) applies
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Releases (or pools, or GPU support) that must be installed first, like helmfile's `needs`. The platform's CNI
   * is always needed and need not be listed.
   * @default - only the CNI, when the platform installs one
   */
  readonly needs?: IPlatformComponent[];
  /**
   * Wait until the release's pods are ready, its jobs done and its LoadBalancer services have an address.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * How long Helm may take, in seconds.
   * @default 600
   */
  readonly timeoutSeconds?: number;
}

/** A chart release, without the platform (for `platform.addRelease()`). */
export interface HelmReleaseOptions<V extends object = HelmValues> extends ReleasePlacementOptions {
  /** The chart repository, e.g. `https://charts.jetstack.io` or `oci://docker.io/envoyproxy`. */
  readonly repository: string;
  /** The chart's name in the repository, e.g. `cert-manager`. */
  readonly chart: string;
  /** The chart version, pinned to one release, e.g. `v1.21.1` (ranges are rejected). */
  readonly version: string;
  /**
   * Chart values. Type them with the chart's values interface: `platform.addRelease<MyChartValues>({...})`.
   * @default - the chart's defaults
   */
  readonly values?: V;
}

/** Props of {@link HelmRelease}: created by `platform.addRelease()` and by the platform's components. */
export interface HelmReleaseProps<V extends object = HelmValues> extends HelmReleaseOptions<V> {
  /** The platform the release belongs to (namespaces, release names, the CNI to wait for). */
  readonly context: PlatformContext;
}

/**
 * A Helm chart installed by the platform stack: pinned version, its namespace created (with optional Pod Security
 * labels), typed values, and ordering after the releases it `needs` (helmfile's `needs`). Every release waits for
 * the platform's CNI, and the whole platform stack runs after the cluster stack.
 *
 * @example
 * const certManager = platform.addRelease({
 *   name: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1',
 *   values: { crds: { enabled: true } },
 * });
 * platform.addRelease({ name: 'external-secrets', repository: 'https://charts.external-secrets.io',
 *   chart: 'external-secrets', version: '2.9.0', needs: [certManager] });
 */
export class HelmRelease<V extends object = HelmValues> extends Construct implements IPlatformComponent {
  /** The release name. */
  public readonly name: string;
  /** The namespace the release is installed into. */
  public readonly namespace: string;
  /** The chart version. */
  public readonly version: string;
  /** `helm_release` (escape hatch). */
  public readonly resource: TerraformResource;

  private readonly valueLayers: Array<() => Record<string, unknown> | undefined> = [];
  private readonly wiring: ReleaseWiring;

  /**
   * Created by `platform.addRelease()` and the platform's components, which pass the platform's context.
   * @internal
   */
  public static _create<V extends object = HelmValues>(scope: Construct, id: string, props: HelmReleaseProps<V>): HelmRelease<V> {
    return new HelmRelease<V>(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: HelmReleaseProps<V>) {
    super(scope, id);
    const path = `releases['${props.name}']`;
    const problems = placementProblems(props, path);
    const versionProblem = chartVersionProblem(props.version);
    if (versionProblem) problems.push({ path: `${path}.version`, message: versionProblem });
    const repoProblem = repositoryProblem(props.repository ?? '');
    if (repoProblem) problems.push({ path: `${path}.repository`, message: repoProblem });
    if (typeof props.chart !== 'string' || props.chart.trim() === '') problems.push({ path: `${path}.chart`, message: 'is empty: name the chart in the repository, like \'ingress-nginx\'' });
    // A chart whose pods Talos' default `baseline` never admits gets the level it needs (see pod-security.ts).
    const need = CHART_POD_SECURITY[props.chart];
    const systemNamespace = SYSTEM_NAMESPACES.includes(releaseNamespace(props));
    if (need && props.podSecurity !== undefined && !admits(props.podSecurity, need.level)) {
      problems.push({ path: `${path}.podSecurity`, message: `'${props.podSecurity}' never admits the pods of chart '${props.chart}' (${need.why}), so Helm's wait would time out: use '${need.level}' (the default for this chart)` });
    }
    recordProblems(this, problems);
    const placement: HelmReleaseProps<V> = need && props.podSecurity === undefined && !systemNamespace ? { ...props, podSecurity: need.level } : props;

    this.name = props.name;
    this.namespace = releaseNamespace(props);
    this.version = props.version;
    if (props.values !== undefined) {
      const values = props.values as unknown as Record<string, unknown>;
      this.valueLayers.push(() => values);
    }
    const release = new HelmReleaseResource(this, 'release', {
      name: props.name,
      namespace: this.namespace,
      repository: props.repository,
      chart: props.chart,
      version: props.version,
      values: Lazy.listValue({ produce: () => this.renderedValues() }),
      wait: props.wait ?? true,
      timeout: props.timeoutSeconds ?? 600,
    });
    release.overrideLogicalId(props.name);
    this.resource = release;
    this.wiring = new ReleaseWiring(release, props.context, placement);
    if (props.chart === SPEGEL_CHART.chart) {
      // Checked once everything is declared: values and the cluster's nodes may be added later.
      const cluster = props.context.cluster;
      deferCheck(this, () => {
        const decl = cluster.declaration;
        return spegelProblems(
          cluster.clusterName,
          decl.nodes.map((n) => ({ hostname: n.hostname, discardUnpackedLayers: resolveNode(decl, n).settings.containerd?.discardUnpackedLayers })),
          mergeValues(...this.valueLayers.map((f) => f())),
          path,
        ).map(([at, message]) => ({ path: at, message }));
      }, [cluster]);
    }
  }

  /** The `helm_release` resources that install this release. */
  public get releaseResources(): readonly TerraformResource[] {
    return [this.resource];
  }

  /** Makes this release wait for more components (helmfile's `needs`). */
  public addNeeds(...components: IPlatformComponent[]): void {
    const check = checkProps('PlatformComponents', components, `releases['${this.name}'].needs`);
    recordProblems(this, check.problems);
    if (check.problems.length === 0) this.wiring.add(components);
    touch(this);
  }

  /**
   * Adds values over the ones given so far (objects merge key by key, later values win). A function is called at
   * synth time, so it can depend on things added later.
   */
  public addValues(values: HelmValues | (() => Record<string, unknown>)): void {
    if (typeof values !== 'function') {
      const check = checkProps('HelmValues', values, `releases['${this.name}'].values`);
      recordProblems(this, check.problems);
      if (check.problems.length > 0) return;
    }
    this.valueLayers.push(typeof values === 'function' ? values : () => values);
    touch(this);
  }

  /** The merged values, as `helm_release.values` takes them (one YAML document, or none). */
  private renderedValues(): string[] | undefined {
    guardRecorded(this);
    const merged = mergeValues(...this.valueLayers.map((f) => f()));
    return Object.keys(merged).length > 0 ? [valuesYaml(merged)] : undefined;
  }
}
