import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { cloudInitIpConfig, ResolvedVm } from './machine-config';
import { HardwareMappingPci, TerraformData, VirtualEnvironmentVm } from './private/providers';
import { idSafe } from './private/util';

/** Props of {@link ProxmoxVm}. */
export interface ProxmoxVmProps {
  /** The VM, every default applied. */
  readonly vm: ResolvedVm;
  /** The VM name: the node's hostname (cloud-init gives it to Talos). */
  readonly name: string;
  /** Each NIC's default gateway, for cloud-init (the one of the link that has one). */
  readonly gateways: ReadonlyArray<string | undefined>;
  /** The Proxmox file id of the boot ISO. */
  readonly bootIso: string;
  /** Enable the QEMU guest agent (only when the image carries the qemu-guest-agent extension). */
  readonly agent: boolean;
  /**
   * DNS servers handed to the node by cloud-init.
   * @default - none: the node's DHCP or Talos' defaults
   */
  readonly nameservers?: string[];
  /** Tags (sorted and de-duplicated here). */
  readonly tags: string[];
  /** A description shown in the Proxmox UI. */
  readonly description: string;
  /** The Terraform name of the VM. */
  readonly logicalId: string;
}

/**
 * A Proxmox VM that boots the Talos `nocloud` ISO and installs Talos to its disk, with its final static addresses
 * from the VM's cloud-init drive before any Talos configuration is applied.
 *
 * Defaults avoid the known pitfalls: CPU type `host` (qemu64 boot-loops Talos), the guest agent only with the
 * qemu-guest-agent extension (otherwise create and destroy hang), `stop_on_destroy`, the CD-ROM on `ide0` and the
 * cloud-init drive on `ide2` (valid on q35), no memory ballooning, disk first in the boot order so the installed
 * system boots after the ISO installed it.
 */
export class ProxmoxVm extends Construct {
  /** `proxmox_virtual_environment_vm` (escape hatch). */
  public readonly resource: TerraformResource;
  /** PCI hardware mappings created for this VM's passthrough devices (escape hatch). */
  public readonly pciMappings: TerraformResource[] = [];
  /**
   * A `terraform_data` replaced whenever the VM is created anew: replaced by Terraform (a ForceNew change, `-replace`)
   * or recreated after it vanished outside Terraform. Its `triggers_replace` is the VM's id, which is unknown whenever
   * the VM is being created and stable while it is only updated. Whatever must run again on a blank VM (the node's
   * configuration apply, a lone control plane's bootstrap) is `replace_triggered_by` it.
   */
  public readonly generation: TerraformResource;

  constructor(scope: Construct, id: string, props: ProxmoxVmProps) {
    super(scope, id);
    const vm = props.vm;
    const bus = vm.diskBus;
    const disk = `${bus}0`;
    const memory = vm.memoryMiB;
    const firstGateway = props.gateways.findIndex((g) => g !== undefined);
    // Passthrough always goes through a PCI hardware mapping: API tokens cannot pass raw host PCI ids.
    const pci = vm.pciDevices.map((d, i) => {
      if (!d.device) return { index: i, mapping: d.mappingName };
      const mapping = new HardwareMappingPci(this, `pci-${d.mappingName}`, {
        name: d.mappingName,
        comment: `passed through to ${props.name} (cdktf-talos)`,
        map: [{ nodeAttribute: vm.proxmoxNode, path: d.device.path.toLowerCase(), id: d.device.id.toLowerCase(), iommuGroup: d.device.iommuGroup, subsystemId: d.device.subsystemId?.toLowerCase() }],
      });
      mapping.overrideLogicalId(`${props.logicalId}_${idSafe(d.mappingName)}`);
      this.pciMappings.push(mapping);
      return { index: i, mapping: mapping.name };
    });
    const resource = new VirtualEnvironmentVm(this, 'vm', {
      nodeName: vm.proxmoxNode,
      vmId: vm.vmId,
      name: props.name,
      description: props.description,
      tags: [...new Set(props.tags.map((t) => t.toLowerCase()))].sort(),
      machine: vm.machine,
      onBoot: vm.startOnBoot,
      started: true,
      stopOnDestroy: true,
      // bpg/proxmox v0.111.1 (proxmoxtf/resource/vm/vm.go, vmFinalizePowerState) reboots every VM whose change needs
      // it, and any change under `initialization` does: one DNS edit would reboot all control planes at once.
      rebootAfterUpdate: vm.rebootAfterUpdate,
      scsiHardware: bus === 'scsi' ? 'virtio-scsi-single' : undefined,
      operatingSystem: { type: 'l26' },
      cpu: { cores: vm.cores, sockets: 1, type: vm.cpuType },
      memory: { dedicated: memory, floating: vm.ballooning ? memory : 0 },
      // Never wait for the guest agent's IP report: the provider waits up to `agent.timeout` for it at create
      // (proxmox/nodes/vms/vms.go WaitForNetworkInterfacesFromVMAgent at v0.111.1; 15 min per VM when the agent is
      // not up in maintenance mode), and node addresses come from the declaration, never from the agent.
      agent: props.agent ? { enabled: true, timeout: '2m', waitForIp: { disabled: true } } : { enabled: false },
      disk: [{
        interface: disk,
        datastoreId: vm.diskDatastore,
        size: vm.diskSizeGiB,
        fileFormat: 'raw',
        iothread: bus !== 'sata',
        discard: 'on',
      }],
      cdrom: { fileId: props.bootIso, interface: 'ide0' },
      hostpci: pci.length > 0 ? pci.map((p) => ({ device: `hostpci${p.index}`, mapping: p.mapping, pcie: true, rombar: true })) : undefined,
      bootOrder: [disk, 'ide0'],
      networkDevice: vm.nics.map((nic) => ({
        bridge: nic.bridge,
        model: 'virtio',
        macAddress: nic.macAddress.toUpperCase(),
        vlanId: nic.vlanTag,
        mtu: nic.mtu,
        firewall: nic.firewall ?? false,
      })),
      initialization: {
        datastoreId: vm.cloudInitDatastore,
        interface: 'ide2',
        type: 'nocloud',
        dns: props.nameservers ? { servers: [...props.nameservers] } : undefined,
        ipConfig: vm.nics.map((nic, i) => cloudInitIpConfig(nic, i === firstGateway ? props.gateways[i] : undefined)),
      },
    });
    resource.overrideLogicalId(props.logicalId);
    this.resource = resource;

    // Terraform's replace_triggered_by fires on a referenced resource's update or replacement, never on its create
    // (terraform internal/terraform/eval_context_builtin.go, EvaluateReplaceTriggeredBy), so a VM recreated after it
    // vanished would not re-trigger the apply by itself; this marker is replaced in both cases.
    const generation = new TerraformData(this, 'generation', { triggersReplace: { vm_id: resource.getStringAttribute('id') } });
    generation.overrideLogicalId(`${props.logicalId}_vm_generation`);
    this.generation = generation;
  }
}
