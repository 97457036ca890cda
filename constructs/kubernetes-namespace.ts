import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { dnsLabelProblem, PodSecurityLevel, podSecurityLabels, SYSTEM_NAMESPACES } from './platform-config';
import { NamespaceV1 } from './private/providers';
import { checkProps } from './private/contract';
import { placement, recordProblems, wasAdmitted } from './private/report';

/** A namespace, without the platform (for `platform.namespace()`). */
export interface KubernetesNamespaceOptions {
  /** The namespace's name, e.g. `metallb-system`. */
  readonly name: string;
  /**
   * The Pod Security Admission level the namespace enforces, audits and warns at. Talos enforces `baseline` by
   * default; components that need host access (MetalLB's speaker, GPU drivers) need `privileged`.
   * @default - no labels: Talos' cluster default (`baseline`) applies
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Further labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Props of {@link KubernetesNamespace}. */
export type KubernetesNamespaceProps = KubernetesNamespaceOptions;

/**
 * A namespace created by the platform stack (`kubernetes_namespace_v1`), with optional Pod Security Admission labels.
 * Created on demand by `platform.namespace()` and by Helm releases; the same name always returns the same namespace.
 *
 * @example
 * platform.namespace({ name: 'metallb-system', podSecurity: 'privileged' });
 */
export class KubernetesNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** `kubernetes_namespace_v1` (escape hatch). */
  public readonly resource: TerraformResource;

  private level?: PodSecurityLevel;
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: KubernetesNamespaceProps) {
    // Built by the platform from options it checked, or directly.
    const at = wasAdmitted(props) ? { scope, id, problems: [] } : placement(scope, id, 'KubernetesNamespace');
    super(at.scope, at.id);
    if (!wasAdmitted(props)) {
      const check = checkProps('KubernetesNamespaceOptions', props, '');
      recordProblems(this, [...at.problems, ...check.problems], check.ranges);
      if (check.problems.length > 0) props = { name: at.id };
    }
    this.name = props.name;
    this.level = props.podSecurity;
    this.labels = { ...props.labels };
    const problem = dnsLabelProblem(props.name, 'metallb-system');
    if (problem) recordProblems(this, [{ path: `namespaces['${props.name}'].name`, message: problem }]);
    if (SYSTEM_NAMESPACES.includes(props.name)) {
      recordProblems(this, [{ path: `namespaces['${props.name}']`, message: 'is created by Kubernetes itself, so the platform does not create or label it: install into it without podSecurity or labels' }]);
    }
    const ns = new NamespaceV1(this, 'resource', {
      metadata: {
        name: props.name,
        labels: Lazy.anyValue({ produce: () => this.renderedLabels() }) as unknown as Record<string, string>,
      },
    });
    ns.overrideLogicalId(props.name);
    this.resource = ns;
  }

  /** The Pod Security Admission level, when one is set. */
  public get podSecurity(): PodSecurityLevel | undefined {
    return this.level;
  }

  /**
   * Asks for a Pod Security Admission level. Two components asking for different levels in one namespace is an
   * error: the namespace can only enforce one.
   */
  public requirePodSecurity(level: PodSecurityLevel, by: string): void {
    if (this.level !== undefined && this.level !== level) {
      recordProblems(this, [{ path: `namespaces['${this.name}'].podSecurity`, message: `is '${this.level}', but ${by} asks for '${level}': use one level for the namespace, or install into separate namespaces` }]);
      return;
    }
    this.level = level;
  }

  private renderedLabels(): Record<string, string> | undefined {
    const labels = { ...this.labels, ...(this.level !== undefined ? podSecurityLabels(this.level) : {}) };
    return Object.keys(labels).length > 0 ? Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) : undefined;
  }
}
