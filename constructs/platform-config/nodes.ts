/**
 * The cluster's nodes as the platform sees them: the Kubernetes labels each node will carry, its addresses and
 * subnets, and label-selector matching. Pure functions over a {@link ClusterDeclaration}, no cdktf.
 */
import { ClusterDeclaration, mergeSettings, NodeDeclaration, NodeRole } from '../machine-config/model';
import { Cidr, parseCidr } from '../machine-config/net';
import { DEFAULT_NODE_LABELS } from '../machine-config';

/** Label Talos puts on control-plane nodes; MetalLB's speaker will not announce from nodes carrying it. */
export const EXCLUDE_FROM_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** A Kubernetes label-selector requirement. */
export interface LabelSelectorRequirement {
  /** The label key, e.g. `kubernetes.io/hostname`. */
  readonly key: string;
  /** How the label is matched. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * The values for `In` and `NotIn`.
   * @default - none (required for `In` and `NotIn`)
   */
  readonly values?: string[];
}

/** A Kubernetes label selector: every `matchLabels` entry and every expression must hold. */
export interface NodeSelector {
  /**
   * Labels the node must carry with exactly these values, e.g. `{ 'kubernetes.io/hostname': 'home-01-cp-0' }`.
   * @default - none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Set-based requirements.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/** One node as the platform sees it. */
export interface PlatformNode {
  readonly hostname: string;
  readonly role: NodeRole;
  /** The labels the node will carry in Kubernetes (kubelet's, Talos' defaults and the declared ones). */
  readonly labels: Readonly<Record<string, string>>;
  /** Every static address of the node, with its subnet. */
  readonly addresses: readonly Cidr[];
  /** Where the node was declared, for messages. */
  readonly path: string;
}

/** The labels a node will carry: kubelet's well-known labels, Talos' role defaults, then the declared node labels. */
export function nodeLabels(decl: ClusterDeclaration, node: NodeDeclaration): Record<string, string> {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': node.hostname,
    'kubernetes.io/os': 'linux',
  };
  if (node.role === 'controlplane') labels['node-role.kubernetes.io/control-plane'] = '';
  for (const key of DEFAULT_NODE_LABELS[node.role]) labels[key] = '';
  const declared = mergeSettings(decl.nodeDefaults, node.role === 'controlplane' ? decl.controlPlane : decl.worker, node.settings).nodeLabels ?? {};
  for (const [key, value] of Object.entries(declared)) {
    if (value === null) delete labels[key];
    else labels[key] = value;
  }
  return labels;
}

/** Every static address of a node (links and VLANs), parsed. */
export function nodeAddresses(node: NodeDeclaration): Cidr[] {
  const texts = node.links.flatMap((l) => [...(l.addresses ?? []), ...(l.vlans ?? []).flatMap((v) => v.addresses ?? [])]);
  return texts.map(parseCidr).filter((c): c is Cidr => c !== undefined);
}

/** The cluster's nodes with their labels and addresses. */
export function platformNodes(decl: ClusterDeclaration): PlatformNode[] {
  return decl.nodes.map((n) => ({
    hostname: n.hostname,
    role: n.role,
    labels: nodeLabels(decl, n),
    addresses: nodeAddresses(n),
    path: n.path,
  }));
}

/** True when the node's labels satisfy the selector. An empty selector matches every node. */
export function selectorMatches(selector: NodeSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In': if (!has || !values.includes(labels[r.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[r.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/**
 * The nodes a list of selectors picks (Kubernetes ORs the selectors of a list). No selectors means every node.
 */
export function selectNodes(nodes: readonly PlatformNode[], selectors: readonly NodeSelector[]): PlatformNode[] {
  if (selectors.length === 0) return [...nodes];
  return nodes.filter((n) => selectors.some((s) => selectorMatches(s, n.labels)));
}
