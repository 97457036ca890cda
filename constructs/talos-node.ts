import { dependable, Lazy, TerraformDataSource, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { TalosCluster } from './talos-cluster';
import type { GpuNodeInfo } from './gpu-info';
import {
  NodeDeclaration, NodeRole, parseTalosVersion, primaryAddress, resolveNode, renderNode, RenderedNodeConfig,
} from './machine-config';
import { Architecture, Board, derivedMac, imageSpec, QEMU_GUEST_AGENT } from './machine-config/image';
import { MachineSettings, NetworkLink } from './machine-config/settings';
import { ProxmoxVmOptions } from './machine-config/vm';
import { GpuOptions } from './machine-config/gpu';
import { FirstContact, ipKernelArgument } from './machine-config/first-contact';
import { ImageSpec } from './machine-config/image';
import { offlineBootMedia } from './machine-config/installer';
import { attributeReference, DataTalosMachineConfiguration, MachineConfigurationApply } from './private/providers';
import { idSafe, replacementTrigger } from './private/util';
import { ProxmoxConnection } from './proxmox-connection';
import { ProxmoxVm, VM_DEFAULTS } from './proxmox-vm';
import { ImagePlatform, TalosImage, TalosImageUrls } from './talos-image';

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
  /**
   * System extensions of this node's image, added to the cluster's, e.g. `['siderolabs/intel-ucode']`.
   * @default - the cluster's extensions only
   */
  readonly extensions?: string[];
  /**
   * Extra kernel arguments of this node's image, added to the cluster's.
   * @default - the cluster's only
   */
  readonly extraKernelArgs?: string[];
  /**
   * The single-board computer the node is (its Image Factory overlay), e.g. `Board.RASPBERRY_PI`. Implies arm64
   * and the board's own disk as the install disk.
   * @default - not a board
   */
  readonly board?: Board;
  /**
   * CPU architecture.
   * @default 'amd64' ('arm64' for boards)
   */
  readonly architecture?: Architecture;
  /**
   * Run the node in a Proxmox VM created for it. Its NICs are the node's links (selected by MAC), and the VM gets its
   * final static addresses at first boot through cloud-init.
   * @default - an existing machine reachable at its address
   */
  readonly vm?: ProxmoxVmOptions;
  /**
   * How Terraform reaches a bare-metal node before its configuration is applied, while it sits in maintenance mode:
   * boot media carrying its address (`FirstContact.bootMedia()`), a DHCP lease (`FirstContact.dhcpLease('10.0.0.150')`)
   * or a DHCP reservation of its final address (`FirstContact.dhcpReservation()`). Not for Proxmox VMs, which get
   * their address from cloud-init.
   * @default - the cluster's `firstContact`; one of them is required for a bare-metal node with a static address (a
   * node whose address comes from DHCP is reached there)
   */
  readonly firstContact?: FirstContact;
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

  constructor(scope: Construct, id: string, props: TalosNodeProps) {
    super(scope, id);
    const {
      cluster, role, hostname, links, address, talosVersion, applyMode, extensions, extraKernelArgs, board, architecture,
      vm, gpu, firstContact: ownFirstContact, ...settings
    } = props;
    this.cluster = cluster;
    this.hostname = hostname;
    this.role = role;
    const path = `nodes['${hostname}']`;

    // A VM's NICs are the node's links, each selected by its (pinned or derived) MAC address.
    const vmOptions: ProxmoxVmOptions | undefined = vm ? { ...cluster.proxmoxDefaults, ...vm } : undefined;
    const nics = vmOptions?.nics.map((nic, i) => ({ ...nic, macAddress: (nic.macAddress ?? derivedMac(`${cluster.clusterName}/${hostname}/${i}`)).toLowerCase() }));
    const nodeLinks: NetworkLink[] = nics
      ? nics.map(({ bridge: _b, vlanTag: _v, firewall: _f, ...link }) => link)
      : links ?? [];

    // The node's image: one shared schematic per distinct extension set, kernel arguments and board.
    const spec = imageSpec([cluster.extensions, extensions], [cluster.extraKernelArgs, extraKernelArgs], board);
    const arch: Architecture = board?.architecture ?? architecture ?? 'amd64';
    const versionText = parseTalosVersion(talosVersion ?? cluster.talosVersion)?.text ?? (talosVersion ?? cluster.talosVersion);
    const image = cluster.imageFor(spec);
    const platform: ImagePlatform = board ? { sbc: board.overlayName } : { platform: vmOptions ? 'nocloud' : 'metal' };
    this.imageUrls = image.urls(versionText, platform, arch);

    this.declaration = {
      hostname,
      role,
      links: nodeLinks,
      address,
      talosVersion,
      settings,
      path,
      linksPath: vmOptions ? `${path}.vm.nics` : undefined,
      image: spec,
      architecture: architecture ?? board?.architecture,
      vm: vmOptions,
      factoryInstallerImage: this.imageUrls.installer,
      gpu,
      firstContact: ownFirstContact,
    };
    const firstContact = ownFirstContact ?? cluster.declaration.firstContact;
    // What a bare-metal node boots before it is installed: media made for it (its address baked in) or its schematic's.
    // Their URLs are computed offline, so they are known before the first deploy, and valid as soon as that deploy has
    // registered the schematic with the Image Factory.
    let bootImage: TalosImage | undefined;
    if (vmOptions) {
      this.bootMedia = this.imageUrls;
    } else {
      const bootSpec = firstContact?.kind === 'boot-media' ? withBootAddress(spec, this.resolved()) : spec;
      bootImage = cluster.imageFor(bootSpec);
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
    // The first apply to a bare-metal node waits for a person to boot it from its media: the schematic is registered
    // first, and the wait is half an hour instead of the provider's 10 minutes. A deploy that times out is run again.
    let firstApply: TerraformResource | undefined = bootImage ? apply : undefined;
    if (firstContact?.kind === 'dhcp-lease' && firstContact.address !== undefined && !vmOptions) {
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
      apply.dependsOn = [...(apply.dependsOn ?? []), dependable(first)];
      firstApply = first;
    }
    if (bootImage && firstApply) {
      firstApply.dependsOn = [...(firstApply.dependsOn ?? []), dependable(bootImage.schematic)];
      firstApply.addOverride('timeouts', { create: '30m' });
    }

    if (vmOptions && nics) {
      ProxmoxConnection.ensure(this);
      // The node as it will be rendered: the cluster gateway on its primary link, nameservers merged from every level.
      const resolved = this.resolved();
      this.vm = new ProxmoxVm(this, 'vm', {
        vm: vmOptions,
        name: hostname,
        nics: nics.map((nic, i) => ({ ...nic, gateway: resolved.links[i].gateway })),
        bootIso: image.bootIso(versionText, arch, vmOptions.proxmoxNode, vmOptions.isoDatastore ?? VM_DEFAULTS.isoDatastore, vmOptions.sharedIsoDatastore ?? false),
        agent: spec.extensions.includes(QEMU_GUEST_AGENT),
        nameservers: resolved.settings.nameservers,
        tags: ['talos', cluster.clusterName, role === 'controlplane' ? 'control-plane' : 'worker', ...(vmOptions.tags ?? [])],
        description: `Talos ${role === 'controlplane' ? 'control plane' : 'worker'} ${hostname} of cluster ${cluster.clusterName}, managed by cdktf-talos`,
        logicalId: name,
        defaultCores: 2,
        defaultMemoryMiB: 4096,
      });
      // The configuration can only be applied once the VM runs (in maintenance mode, at its cloud-init address).
      apply.dependsOn = [...(apply.dependsOn ?? []), dependable(this.vm.resource)];
      // A new VM boots blank into maintenance mode, and the apply only re-runs when its inputs change: tie it to the
      // VM's generation, so rebuilding a node is one deploy.
      apply.addOverride('lifecycle.replace_triggered_by', [replacementTrigger(this.vm.generation)]);
    }
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
    return this.cluster._resolveNode(this.declaration);
  }
}

/**
 * The node's image spec with the `ip=` kernel argument of its static address added, for boot media that put the node
 * at its final address in maintenance mode. Unchanged when the address cannot be expressed (the validator says why).
 */
function withBootAddress(spec: ImageSpec, node: ReturnType<typeof resolveNode>): ImageSpec {
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
