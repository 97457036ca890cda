import { dependable, ITerraformDependable, Lazy, TerraformDataSource, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  clusterDeclaration, ClusterDeclaration, ClusterOptions, DeclarationError, formatProblem, GpuNodeInfo, ImageSpec,
  NodeDeclaration, nodeVersions, NodeVersions, parseTalosVersion, resolveEndpoint, resolveNode, ResolvedNode, schematicKey,
  validateCluster,
} from './machine-config';
import { TalosImage } from './talos-image';
import { ApplyMode, TalosNode, TalosNodeOptions } from './talos-node';
import { GpuNode, GpuNodeOptions } from './gpu-node';
import type { ITalosCluster, KubernetesClientConfiguration } from './i-talos-cluster';
import {
  attributeReference, ClusterKubeconfig, DataTalosClientConfiguration, DataTalosClusterHealth, MachineBootstrap,
  MachineSecrets, TalosProvider, TerraformData,
} from './private/providers';
import { guardTerraformNames, idSafe, replacementTrigger } from './private/util';
import { TERRAFORM_FEATURES, TerraformVersion } from './terraform-version';

/** Where the cluster's machine secrets (CAs, tokens, encryption keys) come from. */
export interface MachineSecretsOptions {
  /**
   * Adopt existing secrets: the path of a `secrets.yaml` written by `talosctl gen secrets` (or recovered from an
   * existing cluster). It is imported into Terraform state on the first apply (a Terraform `import` block), so an
   * existing cluster keeps its CAs and tokens; the file is read only by Terraform, never by the synth.
   * @default - new secrets are generated
   */
  readonly importFrom?: string;
}

/** A Talos cluster: its identity, versions and the settings every node shares. */
export interface TalosClusterProps extends ClusterOptions {
  /**
   * How configuration changes are applied (`talos_machine_configuration_apply.apply_mode`).
   * @default 'auto'
   */
  readonly applyMode?: ApplyMode;
  /**
   * Wait for the cluster to be healthy (`data.talos_cluster_health`) before it counts as ready. With `cni: 'none'`
   * only the Talos-level checks run, because the nodes cannot be Ready before a CNI is installed.
   * @default false
   */
  readonly healthCheck?: boolean;
  /**
   * Where the machine secrets come from.
   * @default - generated, and guarded by `prevent_destroy`
   */
  readonly secrets?: MachineSecretsOptions;
}

/**
 * A Talos Linux Kubernetes cluster: machine secrets, one machine configuration and apply per node, the bootstrap,
 * the kubeconfig and the talosconfig.
 *
 * @example
 * const cluster = new TalosCluster(stack, 'home', {
 *   clusterName: 'home', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3',
 *   kubernetes: { allowSchedulingOnControlPlanes: true },
 * });
 * cluster.addControlPlane({ hostname: 'home-01-cp-0', links: [{ interface: 'enp1s0', addresses: ['10.0.0.2/24'], gateway: '10.0.0.1' }] });
 */
export class TalosCluster extends Construct implements ITalosCluster {
  /** The cluster name. */
  public readonly clusterName: string;
  /** The default apply mode of the nodes. */
  public readonly applyMode: ApplyMode;
  /** `talos_machine_secrets` (escape hatch). */
  public readonly secrets: TerraformResource;
  /** `talos_machine_bootstrap`, run once on the first control plane after its configuration is applied. */
  public readonly bootstrap: TerraformResource;
  /** `talos_cluster_kubeconfig` (escape hatch). */
  public readonly kubeconfigResource: TerraformResource;
  /** `data.talos_client_configuration` (escape hatch). */
  public readonly clientConfiguration: TerraformDataSource;
  /** `data.talos_cluster_health`, when `healthCheck` is on. */
  public readonly health?: TerraformDataSource;
  /**
   * Depend on this to wait until the cluster is bootstrapped, its kubeconfig issued and (with `healthCheck`)
   * healthy.
   */
  public readonly ready: ITerraformDependable;
  /** The raw kubeconfig (sensitive). */
  public readonly kubeconfig: string;
  /** The talosconfig for `talosctl` (sensitive). */
  public readonly talosconfig: string;
  /** The Kubernetes client credentials, for the Helm and Kubernetes providers. */
  public readonly kubernetesClientConfiguration: KubernetesClientConfiguration;

  /** The Talos version of the cluster, as declared. */
  public readonly talosVersion: string;

  private readonly props: TalosClusterProps;
  private readonly nodes: TalosNode[] = [];
  /** Each node's declaration, in the order added (kept beside `nodes`, so reading the list copies nothing). */
  private readonly nodeDeclarations: NodeDeclaration[] = [];
  private readonly images = new Map<string, TalosImage>();
  private rebootstrapsOnReplace = false;

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    super(scope, id);
    this.props = props;
    this.clusterName = props.clusterName;
    this.talosVersion = props.talosVersion;
    this.applyMode = props.applyMode ?? 'auto';
    ensureTalosProvider(this);
    const name = idSafe(id);

    const talos = parseTalosVersion(props.talosVersion);
    const secrets = new MachineSecrets(this, 'secrets', {
      // Major.minor only: the provider replaces secrets when this is lowered, and a patch-level rollback must not.
      talosVersion: talos ? `v${talos.major}.${talos.minor}` : props.talosVersion,
      lifecycle: { preventDestroy: true },
    });
    secrets.overrideLogicalId(name);
    if (props.secrets?.importFrom !== undefined) {
      secrets.importFrom(props.secrets.importFrom);
      TerraformVersion.require(this, TERRAFORM_FEATURES.importBlocks);
    }
    this.secrets = secrets;

    const firstControlPlane = (): TalosNode | undefined => this.nodes.find((n) => n.role === 'controlplane');
    const firstControlPlaneAddress = (): string => firstControlPlane()?.address ?? '';

    const bootstrap = new MachineBootstrap(this, 'bootstrap', {
      clientConfiguration: attributeReference(secrets, 'client_configuration'),
      nodeAttribute: Lazy.stringValue({ produce: firstControlPlaneAddress }),
      endpoint: Lazy.stringValue({ produce: firstControlPlaneAddress }),
    });
    bootstrap.overrideLogicalId(name);
    // The provider imports a bootstrap under any id; it only records that etcd is bootstrapped.
    if (props.alreadyBootstrapped === true) {
      bootstrap.importFrom('bootstrapped');
      TerraformVersion.require(this, TERRAFORM_FEATURES.importBlocks);
    }
    this.bootstrap = bootstrap;

    const kubeconfig = new ClusterKubeconfig(this, 'kubeconfig', {
      clientConfiguration: attributeReference(secrets, 'client_configuration'),
      nodeAttribute: Lazy.stringValue({ produce: firstControlPlaneAddress }),
      endpoint: Lazy.stringValue({ produce: firstControlPlaneAddress }),
      dependsOn: [bootstrap],
    });
    kubeconfig.overrideLogicalId(name);
    this.kubeconfigResource = kubeconfig;
    this.kubeconfig = kubeconfig.kubeconfigRaw;
    const k = kubeconfig.kubernetesClientConfiguration;
    this.kubernetesClientConfiguration = {
      host: k.host,
      caCertificate: k.caCertificate,
      clientCertificate: k.clientCertificate,
      clientKey: k.clientKey,
    };

    const client = new DataTalosClientConfiguration(this, 'talosconfig', {
      clusterName: props.clusterName,
      clientConfiguration: attributeReference(secrets, 'client_configuration'),
      // Never the VIP: it only exists once etcd is up, and talosctl must reach nodes before that.
      endpoints: Lazy.listValue({ produce: () => props.talosconfigEndpoints ?? this.controlPlaneAddresses }),
      nodes: Lazy.listValue({ produce: () => this.nodeAddresses }),
    });
    client.overrideLogicalId(name);
    this.clientConfiguration = client;
    this.talosconfig = client.talosConfig;

    const readyOn: ITerraformDependable[] = [kubeconfig];
    if (props.healthCheck === true) {
      const health = new DataTalosClusterHealth(this, 'health', {
        clientConfiguration: attributeReference(secrets, 'client_configuration'),
        endpoints: Lazy.listValue({ produce: () => this.controlPlaneAddresses }),
        controlPlaneNodes: Lazy.listValue({ produce: () => this.controlPlaneAddresses }),
        workerNodes: Lazy.listValue({ produce: () => this.workerAddresses }),
        // Nodes cannot turn Ready without a CNI; with cni 'none' the Kubernetes checks would wait forever.
        skipKubernetesChecks: props.kubernetes?.cni === 'none' ? true : undefined,
        // A data source is also read by `destroy` and `plan`: bound the wait instead of hanging on an absent cluster.
        timeouts: { read: '10m' },
        dependsOn: [kubeconfig],
      });
      health.overrideLogicalId(name);
      this.health = health;
      readyOn.push(health);
    }
    const ready = new TerraformData(this, 'ready', { dependsOn: readyOn });
    ready.overrideLogicalId(`${name}_ready`);
    this.ready = ready;

    this.node.addValidation({
      validate: () => validateCluster(this.declaration, { isUnresolved: (v) => Token.isUnresolved(v) }).map(formatProblem),
    });
  }

  /** Adds a control-plane node. */
  public addControlPlane(options: TalosNodeOptions): TalosNode {
    return this.addNode('controlplane', options);
  }

  /** Adds a worker node. */
  public addWorker(options: TalosNodeOptions): TalosNode {
    return this.addNode('worker', options);
  }

  /** Adds a worker with an NVIDIA GPU (see {@link GpuNode}). */
  public addGpuWorker(options: GpuNodeOptions): GpuNode {
    this.checkNewHostname(options.hostname);
    return this.register(new GpuNode(this, options.hostname, { ...options, cluster: this, role: 'worker' }));
  }

  /** Adds a control plane with an NVIDIA GPU (see {@link GpuNode}). */
  public addGpuControlPlane(options: GpuNodeOptions): GpuNode {
    this.checkNewHostname(options.hostname);
    return this.register(new GpuNode(this, options.hostname, { ...options, cluster: this, role: 'controlplane' }));
  }

  /** Every node, in the order they were added. */
  public get allNodes(): readonly TalosNode[] {
    return [...this.nodes];
  }

  /**
   * The shared image (schematic) for an image spec: one per distinct extension set, kernel arguments and board.
   * @internal
   */
  public _imageFor(spec: ImageSpec): TalosImage {
    const key = schematicKey(spec);
    let image = this.images.get(key);
    if (!image) {
      image = new TalosImage(this, `image-${key}`, { spec, namePrefix: idSafe(this.node.id) });
      this.images.set(key, image);
    }
    return image;
  }

  /** The GPU nodes and what the platform stack needs to know about them (driver, Talos version, labels, taint). */
  public get gpuNodes(): GpuNodeInfo[] {
    return this.nodes.flatMap((n) => (n.gpu ? [n.gpu] : []));
  }

  /** The Kubernetes API endpoint. */
  public get endpoint(): string {
    return resolveEndpoint(this.currentDeclaration()) ?? '';
  }

  /** The control-plane nodes' addresses, in the order they were added. */
  public get controlPlaneAddresses(): string[] {
    return this.nodes.filter((n) => n.role === 'controlplane').map((n) => n.address);
  }

  /** The worker nodes' addresses, in the order they were added. */
  public get workerAddresses(): string[] {
    return this.nodes.filter((n) => n.role === 'worker').map((n) => n.address);
  }

  /** Every node's address. */
  public get nodeAddresses(): string[] {
    return this.nodes.map((n) => n.address);
  }

  /** The whole declaration as the configuration core sees it (computed on each call). */
  public get declaration(): ClusterDeclaration {
    return clusterDeclaration(this.props, [...this.nodeDeclarations]);
  }

  /**
   * A node resolved against the cluster as it is now (settings merged cluster -> role -> node). Read by each node's
   * lazy values at synth time, so it must not copy the list of nodes: that would make a synth quadratic in nodes.
   * @internal
   */
  public _resolveNode(node: NodeDeclaration): ResolvedNode {
    return resolveNode(this.currentDeclaration(), node);
  }

  /** The declaration over the cluster's own list of nodes, for reads that do not keep it. */
  /**
   * @internal Changes whenever the cluster's declaration does (a node joins: the only change after construction), so a
   * rendering can be kept while it holds.
   */
  public get _revision(): number {
    return this.nodeDeclarations.length;
  }

  /** @internal The Talos and Kubernetes versions a node is rendered for (cheap: no settings are merged). */
  public _versionsOf(node: NodeDeclaration): NodeVersions {
    return nodeVersions(this.props, node);
  }

  private currentDeclaration(): ClusterDeclaration {
    return clusterDeclaration(this.props, this.nodeDeclarations);
  }

  private addNode(role: 'controlplane' | 'worker', options: TalosNodeOptions): TalosNode {
    this.checkNewHostname(options.hostname);
    return this.register(new TalosNode(this, options.hostname, { ...options, cluster: this, role }));
  }

  /** A hostname names the node's constructs and Terraform resources, so a second node with it cannot even be built. */
  private checkNewHostname(hostname: string): void {
    if (this.nodes.some((n) => n.hostname === hostname)) {
      throw new DeclarationError([{ path: `nodes['${hostname}'].hostname`, message: `'${hostname}' is already used by another node: hostnames must be unique` }], `cluster '${this.clusterName}'`);
    }
  }

  private register<T extends TalosNode>(node: T): T {
    const role = node.role;
    this.nodes.push(node);
    this.nodeDeclarations.push(node.declaration);
    const controlPlanes = this.nodes.filter((n) => n.role === 'controlplane');
    if (role === 'controlplane' && controlPlanes[0] === node) {
      // Bootstrap exactly once, on the first control plane, after its configuration is applied.
      this.bootstrap.dependsOn = [...(this.bootstrap.dependsOn ?? []), dependable(node.apply)];
    }
    if (role === 'controlplane') {
      // A replaced VM of the only control plane is a blank etcd: bootstrap it again, or the cluster never comes back.
      // Never with several control planes: a replaced member rejoins the others, and a second bootstrap would split
      // etcd.
      const only = controlPlanes.length === 1 ? controlPlanes[0].vm : undefined;
      if (only) {
        this.bootstrap.addOverride('lifecycle.replace_triggered_by', [replacementTrigger(only.generation)]);
        this.rebootstrapsOnReplace = true;
      } else if (this.rebootstrapsOnReplace) {
        this.bootstrap.addOverride('lifecycle', undefined);
        this.rebootstrapsOnReplace = false;
      }
    }
    if (this.health) this.health.dependsOn = [...(this.health.dependsOn ?? []), dependable(node.apply)];
    return node;
  }
}

/**
 * Adds a Talos provider to the stack unless it has one, so `required_providers` always pins siderolabs/talos. Its
 * construct id is one users do not pick (`new TalosCluster(stack, 'talos', ...)` must not collide with it); a
 * provider's id never reaches the synthesized JSON.
 */
function ensureTalosProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  TerraformVersion.require(stack, TERRAFORM_FEATURES.pluginProtocol6);
  if (!stack.node.findAll().some((c) => c instanceof TalosProvider)) new TalosProvider(stack, 'cdktf-talos-provider-talos');
  guardTerraformNames(stack);
}
