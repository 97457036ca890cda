import { dependable, IResolveContext, Lazy, TerraformDataSource, TerraformElement, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { TalosCluster } from './talos-cluster';
import {
  DeclarationError, declareNode, instanceCheck, GpuNodeInfo, GpuOptions, ImageSpec, ipKernelArgument, NodeDeclaration, NodeOptions, NodeRole,
  offlineBootMedia, primaryAddress, QEMU_GUEST_AGENT, RenderedNodeConfig, renderNode, ResolvedNode, resolveNode, UPGRADE_DEFAULTS,
} from './machine-config';
import {
  attributeReference, DataTalosClusterHealth, DataTalosMachineConfiguration, MachineConfigurationApply, TalosMachineResource,
} from './private/providers';
import { addressOf, addRemovedBlock } from './private/terraform-blocks';
import { idSafe, replacementTrigger } from './private/util';
import { checkProps } from './private/contract';
import { field, guardRecorded, markBroken, placement, recordProblems, wasAdmitted } from './private/report';
import { ProxmoxConnection } from './proxmox-connection';
import { ProxmoxVm } from './proxmox-vm';
import { ImagePlatform, TalosImage, TalosImageUrls } from './talos-image';

/**
 * How `talos_machine_configuration_apply` applies a changed configuration (the 0.11 line; on the 0.12 line
 * `talos_machine` always applies in `auto` mode and changes that reboot follow the rolling order).
 */
export type ApplyMode = 'auto' | 'reboot' | 'no_reboot' | 'staged' | 'staged_if_needing_reboot';

/** A node of a Talos cluster, without the cluster (for `cluster.addControlPlane()` / `cluster.addWorker()`). */
export interface TalosNodeOptions extends NodeOptions {
  /**
   * How configuration changes are applied to this node (the 0.11 provider line).
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
  /**
   * The node's GPU (set by {@link GpuNode}, which also adds what the GPU needs).
   * @default - no GPU
   */
  readonly gpu?: GpuOptions;
}

/**
 * One Talos node: its rendered machine configuration and the resource that puts it on the machine
 * (`talos_machine_configuration_apply` on the 0.11 provider line, `talos_machine` on the 0.12 line, which also
 * upgrades its Talos from the installer image, in the cluster's rolling order).
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
  /**
   * The resource that configures the node: `talos_machine_configuration_apply` (0.11 line) or `talos_machine` (0.12
   * line). Escape hatch; depend on it to wait for the node.
   */
  public readonly apply: TerraformResource;
  /**
   * `data.talos_cluster_health` read right after this node changes (0.12 line with `upgrades.healthGates`): the next
   * node or batch of the roll waits for it (escape hatch).
   */
  public readonly healthGate?: TerraformDataSource;
  /** What the platform needs to know about the node's GPU, for GPU nodes. */
  public readonly gpu?: GpuNodeInfo;
  /** The node's Image Factory URLs (installer, ISO, disk image) for its Talos version and platform. */
  public readonly imageUrls: TalosImageUrls;
  /**
   * What the node boots from before it is installed: for a bare-metal node with `FirstContact.bootMedia()` its own
   * ISO and disk image (carrying its address), otherwise those of its schematic (`imageUrls`).
   */
  public readonly bootMedia: TalosImageUrls;
  /**
   * The one-time `talos_machine_configuration_apply` at the node's DHCP lease, with `FirstContact.dhcpLease()`
   * (escape hatch).
   */
  public readonly firstContactApply?: TerraformResource;
  /** The node's Proxmox VM, when it runs in one. */
  public readonly vm?: ProxmoxVm;

  private readonly cluster: TalosCluster;

  /** The preparing pass's rendering, kept for the pass that writes the stack (see `patchesAtSynth`). */
  private keptPatches?: { readonly revision: number; readonly patches: string[] };

  constructor(scope: Construct, id: string, props: TalosNodeProps) {
    // Props from the cluster's factories are checked there; a node built directly is checked here.
    const at = wasAdmitted(props) ? { scope, id, problems: [] } : placement(scope, id, 'TalosNode');
    super(at.scope, at.id);
    if (!wasAdmitted(props)) {
      const cluster = field(props, 'cluster');
      if (!instanceCheck('TalosCluster', cluster)) {
        throw new DeclarationError([{ path: 'cluster', message: 'is not a TalosCluster: add nodes with cluster.addControlPlane(), cluster.addWorker() or cluster.addGpuWorker()' }], 'TalosNode');
      }
      const check = checkProps('TalosNodeProps', props, typeof field(props, 'hostname') === 'string' ? `nodes['${field(props, 'hostname') as string}']` : 'nodes[?]');
      recordProblems(cluster as TalosCluster, [...at.problems, ...check.problems], check.ranges);
      if (check.problems.length > 0) {
        markBroken(cluster as TalosCluster);
        props = { hostname: at.id, cluster: cluster as TalosCluster, role: 'worker', ...(field(props, 'gpu') !== undefined ? { gpu: {} } : {}) };
      }
    }
    const { cluster, role, applyMode, gpu, ...options } = props;
    this.cluster = cluster;
    this.hostname = options.hostname;
    this.role = role;
    const hostname = options.hostname;
    // The cluster's settings as the core sees them, over its own list of nodes: `cluster.declaration` copies that list,
    // which made adding n nodes cost n^2 copies.
    const clusterDecl = cluster._currentDeclaration();

    // The node as the core sees it; its image (one shared schematic per distinct extension set, kernel arguments and
    // board) follows from every settings level, so the installer can be set before the declaration is final.
    const declared = declareNode({ clusterName: cluster.clusterName, proxmox: clusterDecl.proxmox }, role, options, gpu);
    const early = resolveNode(clusterDecl, declared);
    const spec = early.image;
    const arch = early.architecture;
    const versionText = early.talosVersion;
    const image = cluster._imageFor(spec);
    const platform: ImagePlatform = declared.board ? { sbc: declared.board.overlayName } : { platform: declared.vm ? 'nocloud' : 'metal' };
    this.imageUrls = image.urls(versionText, platform, arch);
    this.declaration = { ...declared, factoryInstallerImage: this.imageUrls.installer };
    this.gpu = early.gpu;
    const firstContact = declared.firstContact ?? clusterDecl.firstContact;
    // What a bare-metal node boots before it is installed: media made for it (its address baked in) or its schematic's.
    // Their URLs are computed offline, so they are known before the first deploy, and valid as soon as that deploy has
    // registered the schematic with the Image Factory.
    let bootImage: TalosImage | undefined;
    if (declared.vm) {
      this.bootMedia = this.imageUrls;
    } else {
      const bootSpec = firstContact?.kind === 'boot-media' ? withBootAddress(spec, early) : spec;
      bootImage = cluster._imageFor(bootSpec);
      const urls = bootImage === image ? this.imageUrls : bootImage.urls(versionText, platform, arch);
      const offline = offlineBootMedia(bootSpec, versionText, arch);
      this.bootMedia = offline ? { ...urls, iso: offline.iso, diskImage: offline.diskImage } : urls;
    }

    const name = `${idSafe(cluster.node.id)}_${idSafe(hostname)}`;
    const config = new DataTalosMachineConfiguration(this, 'configuration', {
      clusterName: cluster.clusterName,
      clusterEndpoint: Lazy.stringValue({ produce: () => cluster.endpoint }),
      machineType: role,
      machineSecrets: attributeReference(cluster.secrets, 'machine_secrets'),
      talosVersion: Lazy.stringValue({ produce: () => cluster._versionsOf(this.declaration).talosVersion }),
      kubernetesVersion: Lazy.stringValue({ produce: () => cluster._versionsOf(this.declaration).kubernetesVersion }),
      configPatches: Lazy.listValue({
        produce: (context) => {
          guardRecorded(this);
          return this.patchesAtSynth(context);
        },
      }),
      docs: false,
      examples: false,
    });
    config.overrideLogicalId(name);
    this.configuration = config;

    const line = cluster.providerLine;
    const apply = line === '0.12' ? this.machine(config) : new MachineConfigurationApply(this, 'apply', {
      clientConfiguration: attributeReference(cluster.secrets, 'client_configuration'),
      machineConfigurationInput: config.machineConfiguration,
      nodeAttribute: Lazy.stringValue({ produce: () => this.address }),
      endpoint: Lazy.stringValue({ produce: () => this.address }),
      applyMode: applyMode ?? cluster.applyMode,
    });
    apply.overrideLogicalId(name);
    this.apply = apply;
    // What the apply waits for besides the rolling order: the first contact, the VM.
    const applyDependencies: TerraformElement[] = [];
    if (line === '0.12') {
      // The rolling order (docs/upgrades-research.md, section 8.2): the previous wave (or its health gates) first.
      apply.dependsOn = Lazy.listValue({ produce: () => [...applyDependencies.map(addressOf), ...cluster._rollingDependencies(hostname)] });
      // talos_machine applies in auto mode only (siderolabs/terraform-provider-talos v0.12.0-alpha.5,
      // pkg/talos/talos_machine_resource.go talosMachineApplyConfig): an apply mode would be silently ignored.
      const mode = applyMode ?? cluster._declaredApplyMode;
      if (mode !== undefined && mode !== 'auto') {
        this.node.addValidation({ validate: () => [`${declared.path}.applyMode '${mode}'${applyMode === undefined ? ' (the cluster\'s applyMode)' : ''} has no effect on the 0.12 provider line: talos_machine applies every change in auto mode, and changes that reboot go one node at a time in the rolling order (upgrades); remove it`] });
      }
      if (clusterDecl.migrateFrom011 === true) addRemovedBlock(this, `talos_machine_configuration_apply.${name}`);
      if (cluster._upgrades.healthGates ?? UPGRADE_DEFAULTS.healthGates) {
        // The next wave goes only when the control plane is healthy again and this node answers and has booted.
        // Kubernetes checks are skipped: they compare the API's whole node list with the listed nodes
        // (siderolabs/talos v1.13.9 pkg/cluster/check/kubernetes.go K8sAllNodesReportedAssertion), so they would need
        // every node, which a gate read at plan time cannot list while nodes are being added. Etcd must have exactly
        // the listed control planes as members (pkg/cluster/check/etcd.go EtcdControlPlaneNodesAssertion).
        const gate = new DataTalosClusterHealth(this, 'health-gate', {
          clientConfiguration: attributeReference(cluster.secrets, 'client_configuration'),
          endpoints: Lazy.listValue({ produce: () => cluster.controlPlaneAddresses }),
          controlPlaneNodes: Lazy.listValue({ produce: () => cluster.controlPlaneAddresses }),
          workerNodes: role === 'worker' ? Lazy.listValue({ produce: () => [this.address] }) : undefined,
          skipKubernetesChecks: true,
          timeouts: { read: cluster._upgrades.healthTimeout ?? UPGRADE_DEFAULTS.healthTimeout },
          dependsOn: [apply],
        });
        gate.overrideLogicalId(`${name}_after`);
        this.healthGate = gate;
      }
    }
    // The first apply to a bare-metal node waits for a person to boot it from its media: the schematic is registered
    // first, and the wait is half an hour instead of the provider's 10 minutes. A deploy that times out is run again.
    let firstApply: TerraformResource | undefined = bootImage ? apply : undefined;
    if (firstContact?.kind === 'dhcp-lease' && firstContact.address !== undefined && !declared.vm) {
      // Maintenance mode on the DHCP lease: apply once there. The node then installs and comes back at its static
      // address, where the regular apply (which waits for this one) and every later change reach it.
      const first = new MachineConfigurationApply(this, 'first-contact', {
        clientConfiguration: attributeReference(cluster.secrets, 'client_configuration'),
        machineConfigurationInput: config.machineConfiguration,
        nodeAttribute: firstContact.address,
        endpoint: firstContact.address,
        applyMode: 'auto',
        lifecycle: { ignoreChanges: 'all' },
      });
      first.overrideLogicalId(`${name}_first_contact`);
      this.firstContactApply = first;
      if (line === '0.12') applyDependencies.push(first);
      else apply.dependsOn = [...(apply.dependsOn ?? []), dependable(first)];
      firstApply = first;
    }
    if (bootImage && firstApply) {
      if (firstApply === apply && line === '0.12') applyDependencies.push(bootImage.schematic);
      else firstApply.dependsOn = [...(firstApply.dependsOn ?? []), dependable(bootImage.schematic)];
      firstApply.addOverride('timeouts', { create: '30m' });
    }

    if (declared.vm) {
      ProxmoxConnection.ensure(this);
      // The node as it will be rendered: every VM default applied, the cluster gateway on its primary link, nameservers
      // merged from every level. None of these reads the installer image or the other nodes, so the resolution made
      // for the image serves (resolving a node is a large part of building one).
      const resolved = early;
      const vm = resolved.vm!;
      this.vm = new ProxmoxVm(this, 'vm', {
        vm,
        name: hostname,
        gateways: vm.nics.map((_, i) => resolved.links[i].gateway),
        bootIso: image.bootIso(versionText, arch, vm.proxmoxNode, vm.isoDatastore, vm.sharedIsoDatastore),
        agent: spec.extensions.includes(QEMU_GUEST_AGENT),
        nameservers: resolved.settings.nameservers,
        tags: ['talos', cluster.clusterName, role === 'controlplane' ? 'control-plane' : 'worker', ...vm.tags],
        description: `Talos ${role === 'controlplane' ? 'control plane' : 'worker'} ${hostname} of cluster ${cluster.clusterName}, managed by cdktf-talos`,
        logicalId: name,
      });
      // The configuration can only be applied once the VM runs (in maintenance mode, at its cloud-init address).
      if (line === '0.12') applyDependencies.push(this.vm.resource);
      else apply.dependsOn = [...(apply.dependsOn ?? []), dependable(this.vm.resource)];
      // A new VM boots blank into maintenance mode, and the apply only re-runs when its inputs change: tie it to the
      // VM's generation, so rebuilding a node is one deploy.
      apply.addOverride('lifecycle.replace_triggered_by', [replacementTrigger(this.vm.generation)]);
    }
  }

  /**
   * The node's `talos_machine` (0.12 line): its configuration, and its Talos from the installer image of its version
   * and schematic (a new version or schematic upgrades it: pull, install, drain, reboot, uncordon). Kubernetes image
   * tags are left out of its drift check, so a Kubernetes upgrade is `talos_cluster`'s (upgrade-k8s), not a
   * configuration push (siderolabs/terraform-provider-talos v0.12.0-alpha.5, pkg/talos/talos_machine_resource.go and
   * config_hash.go).
   */
  private machine(config: DataTalosMachineConfiguration): TerraformResource {
    const upgrades = this.cluster._upgrades;
    const drain = upgrades.drain ?? UPGRADE_DEFAULTS.drain;
    const machine = new TalosMachineResource(this, 'machine', {
      clientConfiguration: attributeReference(this.cluster.secrets, 'client_configuration'),
      machineConfiguration: config.machineConfiguration,
      nodeAttribute: Lazy.stringValue({ produce: () => this.address }),
      endpoint: Lazy.stringValue({ produce: () => this.address }),
      image: Lazy.stringValue({ produce: () => this.resolved().settings.installerImage }),
      // Draining needs a kubeconfig; the provider generates it from the secrets, as a write-only value never stored.
      drainOnUpgrade: drain,
      kubeconfigWo: drain ? `\${${this.cluster._drainKubeconfig()}.kubeconfig_raw}` : undefined,
      rebootMode: (upgrades.rebootMode ?? UPGRADE_DEFAULTS.rebootMode).toUpperCase(),
      ignoreKubernetesUpgradeDrift: true,
    });
    return machine;
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
  public resolved(): ResolvedNode {
    return this.cluster._resolveNode(this.declaration);
  }

  /**
   * The patches the configuration data source is written with. cdktf resolves every stack twice in one `app.synth()`:
   * a preparing pass, which only looks for cross-stack references and discards its result, then the pass that writes
   * the JSON (cdktf lib/app.js `synth`, lib/terraform-stack.js `prepareStack`, 0.21.0). Rendering is the costliest part
   * of a node's synth, so the preparing pass keeps its rendering for the next pass, which takes it, once, provided no
   * node joined the cluster in between. Any other resolve (a second synth, `Testing.synth`) renders afresh, so the
   * result is never older than the pass before. (Only an aspect that edits the option objects it was given, between
   * the two passes, would go unseen.)
   */
  private patchesAtSynth(context: IResolveContext): string[] {
    const revision = this.cluster._revision;
    const kept = this.keptPatches;
    this.keptPatches = undefined;
    if (!context.preparing && kept?.revision === revision) return kept.patches;
    const patches = this.rendered().patches;
    if (context.preparing) this.keptPatches = { revision, patches };
    return patches;
  }
}

/**
 * The node's image spec with the `ip=` kernel argument of its static address added, for boot media that put the node
 * at its final address in maintenance mode. Unchanged when the address cannot be expressed (the validator says why).
 */
function withBootAddress(spec: ImageSpec, node: ResolvedNode): ImageSpec {
  const link = node.links.find((l) => (l.addresses ?? []).some((a) => a.split('/')[0] === node.address));
  const address = link?.addresses?.find((a) => a.split('/')[0] === node.address);
  if (!link || address === undefined) return spec;
  const arg = ipKernelArgument({
    address,
    gateway: link.gateway,
    hostname: node.hostname,
    interface: link.interface,
    nameservers: node.settings.nameservers,
  });
  return arg === undefined ? spec : { ...spec, extraKernelArgs: [...spec.extraKernelArgs, arg] };
}

