/**
 * How Terraform reaches a bare-metal node the first time.
 *
 * A machine booted from Talos media sits in maintenance mode with whatever address it found itself, usually a DHCP
 * lease, and waits for its configuration. The first `talos_machine_configuration_apply` must reach it there: the
 * provider retries for about ten minutes and then fails (../shared/reference/talos-facts.md, section 8). Only after
 * that apply does the node have the static address of its configuration. Proxmox VMs do not need this: they get their
 * final address from their cloud-init drive at first boot.
 */
import { Cidr, parseCidr, parseIp } from './net';

/** The kinds of first contact. */
export type FirstContactKind = 'boot-media' | 'dhcp-lease' | 'dhcp-reservation';

/**
 * How a bare-metal node is reached before its configuration is applied. Use {@link FirstContact.bootMedia},
 * {@link FirstContact.dhcpLease} or {@link FirstContact.dhcpReservation}.
 */
export class FirstContact {
  /**
   * Boot the node from media built for it: its Image Factory schematic carries an `ip=` kernel argument with the
   * node's static address, gateway, hostname and DNS servers, so the node is at its final address in maintenance
   * mode. Write the node's `bootMedia` ISO (or disk image) to the boot device. Only the boot media carries the
   * argument; the installed system takes its network from the machine configuration.
   */
  public static bootMedia(): FirstContact {
    return new FirstContact('boot-media', undefined);
  }

  /**
   * Boot generic media and let the node lease this address in maintenance mode (reserve it for the node's MAC address
   * on the router). The first configuration is applied there, once; every later apply goes to the node's static
   * address.
   */
  public static dhcpLease(address: string): FirstContact {
    return new FirstContact('dhcp-lease', address);
  }

  /**
   * The router's DHCP server hands the node its final address (a reservation for its MAC address), so the node is
   * already at that address in maintenance mode.
   */
  public static dhcpReservation(): FirstContact {
    return new FirstContact('dhcp-reservation', undefined);
  }

  private constructor(
    /** Which kind of first contact. */
    public readonly kind: FirstContactKind,
    /** The leased address, for `dhcpLease`. */
    public readonly address: string | undefined,
  ) {}

  /** A short description for messages. */
  public toString(): string {
    switch (this.kind) {
      case 'boot-media': return 'FirstContact.bootMedia()';
      case 'dhcp-lease': return `FirstContact.dhcpLease('${this.address ?? ''}')`;
      default: return 'FirstContact.dhcpReservation()';
    }
  }
}

/** What the `ip=` kernel argument of a node's boot media is made of. */
export interface IpArgumentInput {
  /** The node's static address with its prefix, e.g. `10.0.0.2/24`. */
  readonly address: string;
  /** The default gateway. */
  readonly gateway?: string;
  /** The hostname. */
  readonly hostname: string;
  /** The interface name; without it Talos takes the first non-loopback interface by name. */
  readonly interface?: string;
  /** DNS servers (the first two IPv4 ones are used). */
  readonly nameservers?: readonly string[];
}

/**
 * The `ip=` kernel argument for a static IPv4 address in maintenance mode:
 * `ip=<client-ip>::<gateway>:<prefix>:<hostname>:<device>:off:<dns0>:<dns1>`, the dracut form Talos parses
 * (talos `internal/app/machined/pkg/controllers/network/cmdline.go`, `ParseCmdlineNetwork`, at v1.12.11: the netmask
 * may be a prefix length; `off` turns DHCP off). Undefined when the address is not an IPv4 address with a prefix.
 */
export function ipKernelArgument(input: IpArgumentInput): string | undefined {
  const cidr: Cidr | undefined = parseCidr(input.address);
  if (!cidr || cidr.ip.kind !== 'ipv4') return undefined;
  const gateway = input.gateway !== undefined && parseIp(input.gateway)?.kind === 'ipv4' ? input.gateway : '';
  const dns = (input.nameservers ?? []).filter((n) => parseIp(n)?.kind === 'ipv4').slice(0, 2);
  const fields = [cidr.ip.text, '', gateway, String(cidr.prefix), input.hostname, input.interface ?? '', 'off', ...dns];
  return `ip=${fields.join(':')}`;
}
