import { Lazy, TerraformDataSource, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { TalosCluster } from './talos-cluster';
import type { GpuNodeInfo } from './gpu-info';
import { NodeDeclaration, NodeRole, primaryAddress, resolveNode, renderNode, RenderedNodeConfig } from './machine-config';
import { MachineSettings, NetworkLink } from './machine-config/settings';
import { attributeReference, DataTalosMachineConfiguration, MachineConfigurationApply } from './private/providers';
import { idSafe } from './private/util';

/** How `talos_machine_configuration_apply` applies a changed configuration. */
export type ApplyMode = 'auto' | 'reboot' | 'no_reboot' | 'staged' | 'staged_if_needing_reboot';

/** A node of a Talos cluster, without the cluster (for `cluster.addControlPlane()` / `cluster.addWorker()`). */
export interface TalosNodeOptions extends MachineSettings {
  /** The node's hostname, a DNS label such as `k8s-node2`. It names the node's Terraform resources. */
  readonly hostname: string;
  /**
   * The node's network links. The first static address of the first link is the address Terraform reaches it at.
   * @default - none; then `address` is required
   */
  readonly links?: NetworkLink[];
  /**
   * The address Terraform reaches the node at (its Talos API).
   * @default - the first static address of the first link
   */
  readonly address?: string;
  /**
   * The node's Talos version, when it differs from the cluster's (e.g. during a rolling upgrade).
   * @default - the cluster's talosVersion
   */
  readonly talosVersion?: string;
  /**
   * How configuration changes are applied to this node.
   * @default - the cluster's applyMode
   */
  readonly applyMode?: ApplyMode;
}

/** Props of {@link TalosNode}. */
export interface TalosNodeProps extends TalosNodeOptions {
  /** The cluster the node belongs to. */
  readonly cluster: TalosCluster;
  /** Control plane or worker. */
  readonly role: NodeRole;
}

/**
 * One Talos node: its rendered machine configuration and the apply that puts it on the machine.
 *
 * Create nodes with `cluster.addControlPlane()` and `cluster.addWorker()`.
 *
 * @example
 * cluster.addWorker({ hostname: 'k8s-node2', links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'] }] });
 */
export class TalosNode extends Construct {
  /** The node's hostname. */
  public readonly hostname: string;
  /** Control plane or worker. */
  public readonly role: NodeRole;
  /** The declaration the node was created with, as the configuration core sees it. */
  public readonly declaration: NodeDeclaration;
  /** `data.talos_machine_configuration` of this node (escape hatch). */
  public readonly configuration: TerraformDataSource;
  /** `talos_machine_configuration_apply` of this node (escape hatch; depend on it to wait for the node). */
  public readonly apply: TerraformResource;
  /** GPU facts of the node, when it is a GPU node (set by `GpuNode`). */
  public gpu?: GpuNodeInfo;

  private readonly cluster: TalosCluster;

  constructor(scope: Construct, id: string, props: TalosNodeProps) {
    super(scope, id);
    const { cluster, role, hostname, links, address, talosVersion, applyMode, ...settings } = props;
    this.cluster = cluster;
    this.hostname = hostname;
    this.role = role;
    this.declaration = {
      hostname,
      role,
      links: links ?? [],
      address,
      talosVersion,
      settings,
      path: `nodes['${hostname}']`,
    };

    const name = `${idSafe(cluster.node.id)}_${idSafe(hostname)}`;
    const config = new DataTalosMachineConfiguration(this, 'configuration', {
      clusterName: cluster.clusterName,
      clusterEndpoint: Lazy.stringValue({ produce: () => cluster.endpoint }),
      machineType: role,
      machineSecrets: attributeReference(cluster.secrets, 'machine_secrets'),
      talosVersion: Lazy.stringValue({ produce: () => this.resolved().talosVersion }),
      kubernetesVersion: Lazy.stringValue({ produce: () => this.resolved().kubernetesVersion }),
      configPatches: Lazy.listValue({ produce: () => this.rendered().patches }),
      docs: false,
      examples: false,
    });
    config.overrideLogicalId(name);
    this.configuration = config;

    const apply = new MachineConfigurationApply(this, 'apply', {
      clientConfiguration: attributeReference(cluster.secrets, 'client_configuration'),
      machineConfigurationInput: config.machineConfiguration,
      nodeAttribute: Lazy.stringValue({ produce: () => this.address }),
      endpoint: Lazy.stringValue({ produce: () => this.address }),
      applyMode: applyMode ?? cluster.applyMode,
    });
    apply.overrideLogicalId(name);
    this.apply = apply;
  }

  /** The address Terraform reaches the node at. */
  public get address(): string {
    return primaryAddress(this.declaration) ?? '';
  }

  /**
   * The node's Talos documents and patches for its config contract. Computed at synth time, so settings added after
   * the node (e.g. by a preset) are included.
   */
  public rendered(): RenderedNodeConfig {
    return renderNode(this.resolved());
  }

  /** The node with cluster, role and node settings merged. */
  public resolved(): ReturnType<typeof resolveNode> {
    return resolveNode(this.cluster.declaration, this.declaration);
  }
}
