/** Small declarations for the core's validation tests: a valid base to change one thing at a time. */
import { ClusterNode, ClusterOptions, declareCluster } from '../../constructs/machine-config/declaration';
import { FirstContact } from '../../constructs/machine-config/first-contact';
import { ClusterDeclaration } from '../../constructs/machine-config/model';
import { formatProblem } from '../../constructs/machine-config/problems';
import { InstallDisk } from '../../constructs/machine-config/settings';
import { reviewCluster, validateCluster } from '../../constructs/machine-config/validate';

/** The base cluster: Talos 1.13, a gateway and a DHCP range, every bare-metal node reached by a DHCP reservation. */
export const BASE: ClusterOptions = {
  clusterName: 'homelab',
  talosVersion: 'v1.13.9',
  kubernetesVersion: '1.36.3',
  network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.200-10.0.20.250' },
  firstContact: FirstContact.dhcpReservation(),
};

/** A control plane in a Proxmox VM. */
export const VM_CP: ClusterNode = { role: 'controlplane', hostname: 'k8s-master', vm: { proxmoxNode: 'pve', vmId: 200, nics: [{ addresses: ['10.0.20.100/24'] }] } };
/** A bare-metal worker. */
export const METAL_WORKER: ClusterNode = { role: 'worker', hostname: 'k8s-node2', links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'] }], installDisk: InstallDisk.path('/dev/sda') };

/** The base cluster with these options over it and these nodes (the VM control plane and the bare-metal worker). */
export function cluster(options: Partial<ClusterOptions> = {}, nodes: ClusterNode[] = [VM_CP, METAL_WORKER]): ClusterDeclaration {
  return declareCluster({ ...BASE, ...options }, nodes);
}

/** The error messages of a declaration, `path message`. */
export function errors(decl: ClusterDeclaration): string[] {
  return validateCluster(decl).map(formatProblem);
}

/** The warnings of a declaration, `path message`. */
export function warnings(decl: ClusterDeclaration): string[] {
  return reviewCluster(decl).warnings.map(formatProblem);
}

/** A VM control plane with these VM options over the base one. */
export function vmCp(vm: Partial<NonNullable<ClusterNode['vm']>>, extra: Partial<ClusterNode> = {}): ClusterNode {
  return { ...VM_CP, ...extra, vm: { ...VM_CP.vm!, ...vm } };
}

/** The bare-metal worker with these options over it. */
export function worker(extra: Partial<ClusterNode>): ClusterNode {
  return { ...METAL_WORKER, ...extra };
}
