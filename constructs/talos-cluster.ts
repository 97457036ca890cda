import { Annotations, dependable, ITerraformDependable, Lazy, TerraformDataSource, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  clusterDeclaration, ClusterDeclaration, ClusterOptions, clusterVersionFacts, GpuNodeInfo, ImageSpec, NodeDeclaration, NodeRole,
  formatProblem, nodeVersions, NodeVersions, parseTalosVersion, registerContractClass, resolveEndpoint, resolveNode, ResolvedNode, rollingWaves,
  reviewCluster, schematicKey, TalosProviderLine, UpgradeOptions, VERSION_FACTS_KEY,
} from './machine-config';
import { TalosImage } from './talos-image';
import { ApplyMode, TalosNode, TalosNodeOptions, TalosNodeProps } from './talos-node';
import { GpuNode, GpuNodeOptions, GpuNodeProps } from './gpu-node';
import { checkProps } from './private/contract';
import { admit, deferAppCheck, deferCheck, field, freeId, guardRecorded, isBroken, markBroken, placement, recordProblems } from './private/report';
import { crossClusterProblems } from './private/app-checks';
import { ProxmoxConnection } from './proxmox-connection';
import type { ITalosCluster, KubernetesClientConfiguration } from './i-talos-cluster';
import {
  attributeReference, ClusterKubeconfig, DataTalosClientConfiguration, DataTalosClusterHealth, MachineBootstrap,
  MachineSecrets, TalosClusterResource, TalosProvider, TalosProviderV012, TerraformData,
} from './private/providers';
import { addEphemeralResource, addImportBlock, addressOf, addRemovedBlock } from './private/terraform-blocks';
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
   * How configuration changes are applied (`talos_machine_configuration_apply.apply_mode`, the 0.11 provider line; the
   * 0.12 line applies in auto mode and rolls reboots in order).
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
 * the kubeconfig and the talosconfig. On the 0.12 provider line (`providerLine: '0.12'`) each node is a
 * `talos_machine` and the cluster a `talos_cluster`, chained in the rolling order of `upgrades`: raising a version in
 * code upgrades the nodes one wave at a time, then Kubernetes.
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
  /**
   * `talos_machine_bootstrap` (0.11 line), run once on the first control plane after its configuration is applied; or
   * `talos_cluster` (0.12 line): the bootstrap on the first control plane once every node is configured (a running
   * cluster is adopted), and Kubernetes upgrades once every node runs the new Talos.
   */
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
  /** The siderolabs/talos provider line that manages the cluster. */
  public readonly providerLine: TalosProviderLine;

  private readonly props: TalosClusterProps;
  private readonly nodes: TalosNode[] = [];
  /** Each node's declaration, in the order added (kept beside `nodes`, so reading the list copies nothing). */
  private readonly nodeDeclarations: NodeDeclaration[] = [];
  private readonly images = new Map<string, TalosImage>();
  private rebootstrapsOnReplace = false;
  /** Nodes built from stand-ins because their options were rejected. */
  private standIns = 0;
  /** Hostnames of nodes that were reported and built from stand-ins: a later node with the same name is reported too. */
  private readonly rejectedHostnames = new Set<string>();
  private drainKubeconfig?: string;
  /** Warnings already annotated (the report can be computed more than once). */
  private readonly warned = new Set<string>();
  private rollingCache?: { readonly revision: number; readonly dependencies: ReadonlyMap<string, readonly string[]>; readonly all: readonly string[] };

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    const at = placement(scope, id, 'TalosCluster');
    super(at.scope, at.id);
    id = at.id;
    // Props that break the contract are reported, and the cluster is built from stand-ins that cannot fail.
    const check = checkProps('TalosClusterProps', props, '');
    recordProblems(this, [...at.problems, ...check.problems], check.ranges);
    if (check.problems.length > 0) {
      markBroken(this);
      props = standInCluster(props);
    }
    this.props = props;
    this.clusterName = props.clusterName;
    this.talosVersion = props.talosVersion;
    this.applyMode = props.applyMode ?? 'auto';
    this.providerLine = props.providerLine ?? '0.11';
    const line = this.providerLine;
    ensureTalosProvider(this, line);
    const name = idSafe(id);

    const talos = parseTalosVersion(props.talosVersion);
    const secrets = new MachineSecrets(this, 'secrets', {
      // Major.minor only: the provider replaces secrets when this is lowered, and a patch-level rollback must not.
      talosVersion: talos ? `v${talos.major}.${talos.minor}` : props.talosVersion,
      lifecycle: { preventDestroy: true },
    });
    secrets.overrideLogicalId(name);
    if (props.secrets?.importFrom !== undefined) {
      addImportBlock(secrets, props.secrets.importFrom);
      TerraformVersion.require(this, TERRAFORM_FEATURES.importBlocks);
    }
    this.secrets = secrets;

    const firstControlPlane = (): TalosNode | undefined => this.nodes.find((n) => n.role === 'controlplane');
    const firstControlPlaneAddress = (): string => {
      guardRecorded(this);
      return firstControlPlane()?.address ?? '';
    };

    let bootstrap: TerraformResource;
    if (line === '0.12') {
      // siderolabs/terraform-provider-talos v0.12.0-alpha.5 pkg/talos/talos_cluster_resource.go: Create bootstraps etcd on
      // `node` and treats AlreadyExists as success (so a running cluster is adopted, never bootstrapped twice), then
      // waits for etcd, apid and the kubelet on `control_plane_nodes`; Update runs upgrade-k8s when
      // `kubernetes_version` changes. It goes after every node and health gate: bootstrap once all are configured,
      // Kubernetes once all run the new Talos.
      const cluster = new TalosClusterResource(this, 'cluster', {
        clientConfiguration: attributeReference(secrets, 'client_configuration'),
        nodeAttribute: Lazy.stringValue({ produce: firstControlPlaneAddress }),
        endpoint: Lazy.stringValue({ produce: firstControlPlaneAddress }),
        controlPlaneNodes: Lazy.listValue({ produce: () => this.controlPlaneAddresses }),
        kubernetesVersion: props.kubernetesVersion,
      });
      cluster.dependsOn = Lazy.listValue({ produce: () => [...this.rolling().all] });
      if (props.migrateFrom011 === true) {
        addRemovedBlock(this, `talos_machine_bootstrap.${name}`);
        TerraformVersion.require(this, TERRAFORM_FEATURES.removedBlocks);
      }
      bootstrap = cluster;
    } else {
      const machineBootstrap = new MachineBootstrap(this, 'bootstrap', {
        clientConfiguration: attributeReference(secrets, 'client_configuration'),
        nodeAttribute: Lazy.stringValue({ produce: firstControlPlaneAddress }),
        endpoint: Lazy.stringValue({ produce: firstControlPlaneAddress }),
      });
      // The provider imports a bootstrap under any id; it only records that etcd is bootstrapped.
      if (props.alreadyBootstrapped === true) {
        addImportBlock(machineBootstrap, 'bootstrapped');
        TerraformVersion.require(this, TERRAFORM_FEATURES.importBlocks);
      }
      bootstrap = machineBootstrap;
    }
    bootstrap.overrideLogicalId(name);
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

    // The declared versions, nodes, installers and rolling options, for `cdktf-talos preview` and `upgrade-commands`,
    // which compare two synthesized apps. In a JSON comment ("//", which Terraform ignores): nothing in the plan.
    TerraformStack.of(this).addOverride(`//.${VERSION_FACTS_KEY}.${name}`, Lazy.anyValue({ produce: () => clusterVersionFacts(this._currentDeclaration()) }));

    deferCheck(this, () => {
      const review = reviewCluster(this.declaration, { isUnresolved: (v) => Token.isUnresolved(v) });
      // What is worth knowing but valid (a release newer than the library's table) is a cdktf warning annotation: the
      // cdktf CLI shows it after the synth, and runApp prints it. Once each, however often the report is computed.
      for (const warning of review.warnings.map(formatProblem)) {
        if (this.warned.has(warning)) continue;
        this.warned.add(warning);
        Annotations.of(this).addWarning(warning);
      }
      return review.problems;
    });
    deferAppCheck(this, 'clusters', (root) => crossClusterProblems(root.node.findAll()
      .filter((c): c is TalosCluster => c instanceof TalosCluster && !isBroken(c))
      .map((c) => ({ construct: c.node.path, declaration: c.declaration, proxmoxEndpoint: ProxmoxConnection.endpointOf(c) }))));
  }

  /**
   * How changes roll through the nodes, as declared.
   * @internal
   */
  public get _upgrades(): UpgradeOptions {
    return this.props.upgrades ?? {};
  }

  /**
   * The cluster's applyMode as declared (undefined when left to its default).
   * @internal
   */
  public get _declaredApplyMode(): ApplyMode | undefined {
    return this.props.applyMode;
  }

  /**
   * The address of the ephemeral kubeconfig `talos_machine` drains nodes with (0.12 line): generated by the provider
   * from the machine secrets, cluster name and endpoint alone, without reaching the cluster, so it exists before the
   * cluster does and never depends on `talos_cluster` (siderolabs/terraform-provider-talos v0.12.0-alpha.5
   * pkg/talos/talos_cluster_kubeconfig_ephemeral_resource.go, Open). Ephemeral values are never stored in state.
   * @internal
   */
  public _drainKubeconfig(): string {
    if (this.drainKubeconfig === undefined) {
      this.drainKubeconfig = addEphemeralResource(this, 'talos_cluster_kubeconfig', idSafe(this.node.id), {
        machine_secrets: `\${${addressOf(this.secrets)}.machine_secrets}`,
        cluster_name: this.clusterName,
        endpoint: Lazy.stringValue({ produce: () => this.endpoint }),
      });
      TerraformVersion.require(this, TERRAFORM_FEATURES.writeOnlyAttributes);
    }
    return this.drainKubeconfig;
  }

  /**
   * What a node's `talos_machine` waits for in the rolling order (0.12 line): the health gates of the wave before its
   * own, or that wave's machines when there are no gates. Computed once per number of nodes (a synth reads it for every
   * node).
   * @internal
   */
  public _rollingDependencies(hostname: string): readonly string[] {
    return this.rolling().dependencies.get(hostname) ?? [];
  }

  /** The rolling order as Terraform dependencies: per node, and everything `talos_cluster` waits for. */
  private rolling(): { readonly dependencies: ReadonlyMap<string, readonly string[]>; readonly all: readonly string[] } {
    if (this.rollingCache?.revision === this._revision) return this.rollingCache;
    const byHost = new Map(this.nodes.map((n) => [n.hostname, n]));
    const waves = rollingWaves(this.nodes, this._upgrades.workerBatchSize);
    const dependencies = new Map<string, readonly string[]>();
    const all: string[] = [];
    let previous: string[] = [];
    for (const wave of waves) {
      const nodes = wave.hostnames.map((h) => byHost.get(h)!);
      for (const n of nodes) dependencies.set(n.hostname, previous);
      previous = nodes.map((n) => addressOf(n.healthGate ?? n.apply));
      for (const n of nodes) all.push(addressOf(n.apply), ...(n.healthGate ? [addressOf(n.healthGate)] : []));
    }
    this.rollingCache = { revision: this._revision, dependencies, all };
    return this.rollingCache;
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
    return this.admitNode('GpuNodeOptions', 'worker', options, (id, props) => new GpuNode(this, id, props as GpuNodeProps));
  }

  /** Adds a control plane with an NVIDIA GPU (see {@link GpuNode}). */
  public addGpuControlPlane(options: GpuNodeOptions): GpuNode {
    return this.admitNode('GpuNodeOptions', 'controlplane', options, (id, props) => new GpuNode(this, id, props as GpuNodeProps));
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
    return resolveEndpoint(this._currentDeclaration()) ?? '';
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
    return resolveNode(this._currentDeclaration(), node);
  }

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

  /**
   * @internal The declaration over the cluster's own list of nodes (not a copy), for reads that do not keep it or
   * its list of nodes.
   */
  public _currentDeclaration(): ClusterDeclaration {
    return clusterDeclaration(this.props, this.nodeDeclarations);
  }

  private addNode(role: NodeRole, options: TalosNodeOptions): TalosNode {
    return this.admitNode('TalosNodeOptions', role, options, (id, props) => new TalosNode(this, id, props));
  }

  /**
   * Checks a node's options and builds it. A node whose options break the contract, or whose hostname another node
   * has (it names the node's constructs and Terraform resources), is reported and built from stand-ins, outside the
   * cluster's list of nodes; a node that broke the contract leaves the cluster incomplete, so the checks that read
   * the whole cluster wait until it is fixed.
   */
  private admitNode<T extends TalosNode>(root: 'TalosNodeOptions' | 'GpuNodeOptions', role: NodeRole, options: TalosNodeOptions, make: (id: string, props: TalosNodeProps) => T): T {
    const hostname = field(options, 'hostname');
    const path = typeof hostname === 'string' ? `nodes['${hostname}']` : `nodes[${this.nodes.length + this.standIns}]`;
    const check = checkProps(root, options, path);
    const duplicate = typeof hostname === 'string' && (this.nodes.some((n) => n.hostname === hostname) || this.rejectedHostnames.has(hostname));
    const problems = duplicate ? [...check.problems, { path: `${path}.hostname`, message: `'${hostname}' is already used by another node: hostnames must be unique` }] : check.problems;
    recordProblems(this, problems, check.ranges);
    if (problems.length === 0) return this.register(make(freeId(this, hostname as string), admit({ ...options, cluster: this, role })));
    if (check.problems.length > 0) markBroken(this);
    if (typeof hostname === 'string') this.rejectedHostnames.add(hostname);
    this.standIns += 1;
    const standIn = freeId(this, 'rejected-node');
    const gpu = root === 'GpuNodeOptions' ? { gpu: {} } : {};
    return make(standIn, admit({ hostname: standIn, cluster: this, role, ...gpu }));
  }

  private register<T extends TalosNode>(node: T): T {
    const role = node.role;
    this.nodes.push(node);
    this.nodeDeclarations.push(node.declaration);
    const controlPlanes = this.nodes.filter((n) => n.role === 'controlplane');
    if (this.providerLine === '0.11' && role === 'controlplane' && controlPlanes[0] === node) {
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
 * Adds a Talos provider of the cluster's line to the stack unless it has one, so `required_providers` always pins
 * siderolabs/talos. Both lines are `provider "talos"`, so a stack holds clusters of one line only: a cluster of the
 * other line fails the synth. The provider's construct id is one users do not pick (`new TalosCluster(stack, 'talos',
 * ...)` must not collide with it); a provider's id never reaches the synthesized JSON.
 */
function ensureTalosProvider(cluster: TalosCluster, line: TalosProviderLine): void {
  const stack = TerraformStack.of(cluster);
  TerraformVersion.require(stack, TERRAFORM_FEATURES.pluginProtocol6);
  const existing = stack.node.findAll().find((c) => c instanceof TalosProvider || c instanceof TalosProviderV012);
  if (existing === undefined) {
    if (line === '0.12') new TalosProviderV012(stack, 'cdktf-talos-provider-talos');
    else new TalosProvider(stack, 'cdktf-talos-provider-talos');
  } else {
    const existingLine: TalosProviderLine = existing instanceof TalosProviderV012 ? '0.12' : '0.11';
    if (existingLine !== line) {
      cluster.node.addValidation({
        validate: () => [`providerLine '${line}' differs from the stack's siderolabs/talos provider, of the ${existingLine} line (${existing.node.path}): both lines are provider "talos", so every cluster of a stack uses one line; give this cluster providerLine '${existingLine}', or put it in a stack of its own`],
      });
    }
  }
  guardTerraformNames(stack);
}

registerContractClass('TalosCluster', (v) => v instanceof TalosCluster);

/** Props that cannot fail, for a cluster whose props broke the contract (its problems are reported instead). */
function standInCluster(props: unknown): TalosClusterProps {
  const text = (key: string): string => {
    const v = field(props, key);
    return typeof v === 'string' ? v : '';
  };
  return { clusterName: text('clusterName') || 'invalid', talosVersion: text('talosVersion'), kubernetesVersion: text('kubernetesVersion') };
}
