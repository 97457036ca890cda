/**
 * The catalogue of bad input: every class of invalid declaration the library rejects at synth time, each with the
 * exact message a user sees. The README lists the same messages; __tests__/catalogue.test.ts keeps the two in step.
 */
import { App, Testing, TerraformStack } from 'cdktf';
import {
  Board, Cni, EtcdBackupOptions, FirstContact, GitCredentials, GitOps, InstallDisk, MetalLbAdvertisement, PciPassthrough, Platform,
  PlatformProps, S3Credentials, TalosCluster, TalosClusterProps, TalosNodeOptions,
} from '../../constructs';

interface Declaration {
  readonly cluster?: Partial<TalosClusterProps>;
  readonly controlPlanes?: TalosNodeOptions[];
  readonly workers?: TalosNodeOptions[];
  readonly gpuWorker?: Parameters<TalosCluster['addGpuWorker']>[0];
  readonly platform?: (platform: Platform) => void;
  readonly platformProps?: Omit<PlatformProps, 'cluster'>;
}

const CP: TalosNodeOptions = { hostname: 'k8s-master', vm: { proxmoxNode: 'pve', vmId: 200, nics: [{ addresses: ['10.0.20.100/24'] }] } };
const WORKER: TalosNodeOptions = { hostname: 'k8s-node2', links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'] }], installDisk: InstallDisk.path('/dev/sda') };

/**
 * Builds the declaration and returns the message it fails with: thrown while the constructs are built, or else by the
 * validations synthesis runs first (`runAllValidations`, as `app.synth()` and `Testing.synth(stack, true)` do),
 * without resolving and writing the stacks. `synthFailure` takes the whole synth path.
 */
export function failure(d: Declaration): string {
  return fail(d, (stacks) => {
    for (const s of stacks) s.runAllValidations();
  });
}

/** Builds the declaration and returns the message its full synth fails with, every stack prepared first. */
export function synthFailure(d: Declaration): string {
  return fail(d, (stacks) => {
    for (const s of stacks) s.prepareStack();
    for (const s of stacks) Testing.synth(s, true);
  });
}

function fail(d: Declaration, check: (stacks: TerraformStack[]) => void): string {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'homelab-cluster');
  const stacks = [stack];
  try {
    const cluster = new TalosCluster(stack, 'homelab', {
      clusterName: 'homelab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3',
      network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.200-10.0.20.250' }, firstContact: FirstContact.dhcpReservation(), ...d.cluster,
    });
    for (const n of d.controlPlanes ?? [CP]) cluster.addControlPlane(n);
    for (const n of d.workers ?? [WORKER]) cluster.addWorker(n);
    if (d.gpuWorker) cluster.addGpuWorker(d.gpuWorker);
    if (d.platform || d.platformProps) {
      const platformStack = new TerraformStack(app, 'homelab-platform');
      stacks.push(platformStack);
      const platform = new Platform(platformStack, 'platform', { cluster, ...d.platformProps });
      d.platform?.(platform);
    }
    check(stacks);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the declaration to fail');
}

const vm = (extra: object): TalosNodeOptions => ({ ...CP, vm: { ...CP.vm!, ...extra } });

const w = (extra: Partial<TalosNodeOptions>): TalosNodeOptions => ({ ...WORKER, ...extra });
const link = (extra: object): TalosNodeOptions => w({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], ...extra }] });
const CONTROL = "contains a line break or another control character, which would be written into the node's YAML or the Terraform configuration as it is: remove it";

/** Classes the core's validation catches (constructs/machine-config/validate/): ranges, syntax, addresses, subnets, ignored settings. */
const CORE_CHECKS: Array<[string, Declaration, string]> = [
  ['route metric beyond uint32', { workers: [link({ routes: [{ network: '10.50.0.0/16', gateway: '10.0.20.254', metric: 4294967296 }] })] },
    "nodes['k8s-node2'].links[0].routes[0].metric '4294967296' is out of range: a route metric is an integer from 0 to 4294967295 (Talos keeps it as an unsigned 32-bit number; lower wins, Talos' default is 1024)"],
  ['VM id out of range', { controlPlanes: [vm({ vmId: 99 })] },
    "nodes['k8s-master'].vm.vmId '99' is not a valid VM id: Proxmox VM ids are integers from 100 to 999999999"],
  ['VM size above what Proxmox accepts', { controlPlanes: [vm({ cores: 4096 })] },
    "nodes['k8s-master'].vm.cores '4096' exceeds the 2304 cores the Proxmox provider accepts for a VM: give it at most 2304"],
  ['VM size that is not a whole number', { controlPlanes: [vm({ memoryMiB: 4096.5 })] },
    "nodes['k8s-master'].vm.memoryMiB '4096.5' is not a whole number of MiB: give an integer, like 4096"],
  ['IOMMU group that is not one', { gpuWorker: { hostname: 'k8s-node1', gpu: { model: 'Tesla T4', passthrough: PciPassthrough.createMapping('t4', { path: '0000:01:00.0', id: '10de:1eb8', iommuGroup: -1 }) }, vm: { proxmoxNode: 'pve', vmId: 201, nics: [{ addresses: ['10.0.20.105/24'] }] } } },
    "nodes['k8s-node1'].vm.pciDevices[0].iommuGroup '-1' is not an IOMMU group: groups are numbered 0, 1, 2, ... (find it with 'ls /sys/kernel/iommu_groups/*/devices' on the Proxmox host)"],
  ['node address with prefix length 0', { workers: [w({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/0'] }] })] },
    "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.102/0' has prefix length 0, which would put every address on this link: write the length of the subnet's prefix, like '10.0.20.102/24'"],
  ['node address that is no host\'s (network, broadcast, loopback, multicast)', { workers: [w({ links: [{ interface: 'eth0', addresses: ['10.0.20.255/24'] }] })] },
    "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.255/24' is the broadcast address of 10.0.20.0/24, not a host address: pick a host address of the subnet (/31 and /32 links have no network or broadcast address)"],
  ['VIP that is no host\'s address', { cluster: { vip: '10.0.20.0' } },
    "vip '10.0.20.0' is the network address of 10.0.20.0/24, not a host address: pick a free host address in the control planes' subnet"],
  ['endpoint host that is no host\'s address', { cluster: { endpoint: 'https://10.0.20.255:6443' } },
    "endpoint 'https://10.0.20.255:6443' is the broadcast address of 10.0.20.0/24, not a host address: point it at the VIP, a control plane's address or a DNS name, like 'https://10.0.20.100:6443'"],
  ['gateway that is no host\'s address', { cluster: { network: { gateway: '10.0.20.0' } } },
    "network.gateway '10.0.20.0' is the network address of 10.0.20.0/24, not a host address: use the router's address on the nodes' network, like '10.0.20.1'"],
  ['DNS server that is no host\'s address', { cluster: { nodeDefaults: { nameservers: ['10.0.20.255'] } } },
    "nodeDefaults.nameservers[0] '10.0.20.255' is the broadcast address of 10.0.20.0/24, not a host address: use a DNS server's address, like '1.1.1.1'"],
  ['node address the node never has', { controlPlanes: [{ ...CP, address: '10.0.20.99' }] },
    "nodes['k8s-master'].address '10.0.20.99' is none of the node's addresses (10.0.20.100) and no link of the node uses DHCP, so the node never has it and Terraform could not reach it: remove address (the node is reached at 10.0.20.100) or fix it"],
  ['DHCP management link with no address to reach the node at', { controlPlanes: [vm({ nics: [{ dhcp: true }, { bridge: 'vmbr1', addresses: ['10.10.10.8/24'] }] })] },
    "nodes['k8s-master'].address is unknown: the node's management link nodes['k8s-master'].vm.nics[0] takes its address from DHCP, so Terraform cannot know where to reach it; set address to the address the router reserves for the node (e.g. '10.0.20.102'), or give that link a static address"],
  ['talosconfig endpoint port out of range', { cluster: { talosconfigEndpoints: ['talos.example.com:70000'] } },
    "talosconfigEndpoints[0] 'talos.example.com:70000' has port 70000, outside 1 to 65535: the Talos API listens on 50000; leave the port out"],
  ['registry host port out of range', { cluster: { nodeDefaults: { registryMirrors: { 'registry.lan:0': { endpoints: ['http://10.0.20.10:5000'] } } } } },
    "nodeDefaults.registryMirrors['registry.lan:0'] 'registry.lan:0' has port 0, outside 1 to 65535: use the registry's host and port, like 'registry.lan:5000'"],
  ['pod or service subnet overlapping the nodes\' network', { cluster: { kubernetes: { podSubnets: ['10.0.0.0/16'] } } },
    "kubernetes.podSubnets[0] '10.0.0.0/16' overlaps the nodes' network 10.0.20.0/24 (nodes['k8s-master'].vm.nics[0].addresses[0]): traffic to the LAN would be routed into the cluster; pick a range no node, router or LAN device uses, like '10.244.0.0/16'"],
  ['pod or service subnet holding the gateway or the VIP', { cluster: { kubernetes: { serviceSubnets: ['192.168.0.0/16'] }, network: { gateway: '192.168.1.1' } }, controlPlanes: [vm({ nics: [{ addresses: ['10.0.20.100/24'], gateway: '10.0.20.1' }] })], workers: [link({ gateway: '10.0.20.1' })] },
    "kubernetes.serviceSubnets[0] '192.168.0.0/16' contains the gateway '192.168.1.1': the nodes could not reach their router; pick a range no LAN device uses"],
  ['two pod or service subnets of one IP family', { cluster: { kubernetes: { serviceSubnets: ['10.96.0.0/12', '10.200.0.0/16'] } } },
    "kubernetes.serviceSubnets[1] '10.200.0.0/16' is a second IPv4 service subnet (after kubernetes.serviceSubnets[0]): Kubernetes takes one service subnet per IP family, one IPv4 and one IPv6 for dual stack; keep one IPv4 subnet"],
  ['service subnet larger than the API server takes', { cluster: { kubernetes: { serviceSubnets: ['10.64.0.0/11'] } } },
    "kubernetes.serviceSubnets[0] '10.64.0.0/11' is too large: the API server takes a service subnet of at most 20 host bits (a /12 or longer prefix for IPv4) and would not start; use e.g. '10.96.0.0/12'"],
  ['pod subnet smaller than one node\'s pod range', { cluster: { kubernetes: { podSubnets: ['10.244.0.0/25'] } } },
    "kubernetes.podSubnets[0] '10.244.0.0/25' is smaller than one node's pod range (/24): the controller manager gives every node a /24 from it; use a /24 or larger, like '10.244.0.0/16'"],
  ['pod subnet too wide for the node ranges', { cluster: { kubernetes: { podSubnets: ['10.0.0.0/7'] } } },
    "kubernetes.podSubnets[0] '10.0.0.0/7' is more than 16 bits wider than a node's pod range (/24), which the controller manager refuses: use a /8 to /24"],
  ['pod subnet with fewer node ranges than nodes', { cluster: { kubernetes: { podSubnets: ['10.244.0.0/24'] } } },
    "kubernetes.podSubnets[0] '10.244.0.0/24' holds 1 node pod range (/24 each) for 2 nodes: the nodes beyond that get no pod range and never turn Ready; use a /23 or larger subnet, like '10.244.0.0/23' (no node, router or LAN device may use it)"],
  ['mirror URL that only starts like one', { cluster: { nodeDefaults: { registryMirrors: { 'docker.io': { endpoints: ['http://10.0.20.10:5000 http://evil'] } } } } },
    "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'http://10.0.20.10:5000 http://evil' is not a mirror URL: it has whitespace, a control character or a backslash in it: write it like 'http://10.0.20.10:5000'"],
  ['mirror URL with credentials', { cluster: { nodeDefaults: { registryMirrors: { 'docker.io': { endpoints: ['https://user:secret@mirror.example.com'] } } } } },
    "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'https://user:secret@mirror.example.com' is not a mirror URL: it carries credentials (user:password@), which would be written into the configuration in clear: write it like 'http://10.0.20.10:5000'"],
  ['OIDC issuer with a query or fragment', { cluster: { kubernetes: { apiServer: { oidc: { issuerUrl: 'https://auth.example.com/?tenant=a', clientId: 'kubernetes' } } } } },
    "kubernetes.apiServer.oidc.issuerUrl 'https://auth.example.com/?tenant=a' is not a valid issuer: it has a query (?...): the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'"],
  ['line break or control character in a value', { cluster: { nodeDefaults: { extraKernelArgs: ['console=ttyS0\nrd.break'] } } },
    `nodeDefaults.extraKernelArgs[0] 'console=ttyS0\\nrd.break' ${CONTROL}`],
  ['line break or control character in a key', { cluster: { nodeDefaults: { sysctls: { 'vm.swappiness\t': 10 } } } },
    "nodeDefaults.sysctls['vm.swappiness\\t'] key 'vm.swappiness\\t' contains a line break or another control character, which would be written into the node's YAML as it is: remove it"],
  ['Proxmox tag with characters Proxmox refuses', { controlPlanes: [vm({ tags: ['gpu node'] })] },
    "nodes['k8s-master'].vm.tags[0] 'gpu node' is not a Proxmox tag: letters, digits and '_' first, then also '-', '+' and '.', like 'gpu' or 'rack-1'"],
  ['multicast MAC address', { controlPlanes: [vm({ nics: [{ macAddress: '01:00:5e:00:00:01', addresses: ['10.0.20.100/24'] }] })] },
    "nodes['k8s-master'].vm.nics[0].macAddress '01:00:5e:00:00:01' is a multicast address (the lowest bit of its first octet is 1), which no NIC has: use a unicast address, whose first octet is even, like 'bc:24:11:a9:a3:43'"],
  ['all-zero MAC address', { workers: [w({ links: [{ macAddress: '00:00:00:00:00:00', addresses: ['10.0.20.102/24'] }] })] },
    "nodes['k8s-node2'].links[0].macAddress '00:00:00:00:00:00' is all zeros, which no NIC has: use a unicast address, whose first octet is even, like 'bc:24:11:a9:a3:43'"],
  ['link or route gateway that is no host\'s address', { workers: [link({ routes: [{ network: '10.50.0.0/16', gateway: '10.0.20.255' }] })] },
    "nodes['k8s-node2'].links[0].routes[0].gateway '10.0.20.255' is the broadcast address of 10.0.20.0/24, not a host address: use the next hop router's address"],
  ['disk bus that takes the CD-ROM\'s slot', { controlPlanes: [vm({ diskBus: 'ide' as 'scsi' })] },
    "nodes['k8s-master'].vm.diskBus 'ide' cannot carry the system disk: the system disk would be ide0, the boot CD-ROM's slot (ide2 is the cloud-init drive's); use 'scsi' (the default), 'virtio' or 'sata'"],
  ['Proxmox storage id Proxmox refuses', { cluster: { proxmox: { isoDatastore: 'local:iso' } } },
    "proxmox.isoDatastore 'local:iso' is not a Proxmox storage id: at least two characters, a letter first, then letters, digits, '-', '_' or '.', ending in a letter or digit, like 'local-lvm'"],
  ['CPU type without x86-64-v2', { controlPlanes: [vm({ cpuType: 'kvm64' })] },
    "nodes['k8s-master'].vm.cpuType 'kvm64' lacks the x86-64-v2 instructions Talos needs, so the VM would boot-loop: use 'host' (the default) or 'x86-64-v2-AES'"],
  ['CPU type the Proxmox provider does not know', { controlPlanes: [vm({ cpuType: 'epyc-rome' })] },
    "nodes['k8s-master'].vm.cpuType 'epyc-rome' is not a CPU type the Proxmox provider knows: write it 'EPYC-Rome'"],
  ['duration without a unit', { cluster: { worker: { kubelet: { extraConfig: { shutdownGracePeriod: 30 } } } } },
    "worker.kubelet.extraConfig.shutdownGracePeriod '30' has no unit: a duration is written with one, like '30s' or '5m'"],
  ['duration that is not one', { cluster: { worker: { kubelet: { extraConfig: { imageMaximumGCAge: '1d' } } } } },
    "worker.kubelet.extraConfig.imageMaximumGCAge '1d' is not a duration: write it like '30s', '5m' or '1h30m' (units ns, us, ms, s, m, h)"],
  ['links given next to a VM', { controlPlanes: [{ ...CP, links: [{ interface: 'eth0', addresses: ['10.0.20.100/24'] }] }] },
    "nodes['k8s-master'].links is set on a Proxmox VM, which takes its links from vm.nics (each NIC is a link, selected by its MAC address), so the links would be ignored: move the addresses to vm.nics, like nics: [{ addresses: ['10.0.20.102/24'] }]"],
  ['arm64 on a Proxmox VM', { controlPlanes: [{ ...CP, architecture: 'arm64' }] },
    "nodes['k8s-master'].architecture 'arm64' is set on a Proxmox VM: the library creates x86_64 VMs, which cannot boot an arm64 image; remove architecture (VMs are amd64)"],
  ['installer image that would drop the node\'s extensions', { cluster: { nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent'] }, worker: { installerImage: 'ghcr.io/siderolabs/installer:v1.13.9' } } },
    "worker.installerImage 'ghcr.io/siderolabs/installer:v1.13.9' is not an Image Factory installer, so node 'k8s-node2' would be installed without siderolabs/qemu-guest-agent: remove installerImage (the node gets the installer of its own schematic)"],
  ['label deletion the role ignores', { cluster: { worker: { nodeLabels: { 'node.kubernetes.io/exclude-from-external-load-balancers': null } } } },
    "worker.nodeLabels['node.kubernetes.io/exclude-from-external-load-balancers'] is null, but Talos sets 'node.kubernetes.io/exclude-from-external-load-balancers' on control planes only, so a worker has nothing to remove and the entry is ignored: drop it, or move it to controlPlane or nodeDefaults"],
  ['bare-metal node without an install disk', { workers: [w({ installDisk: undefined })] },
    "nodes['k8s-node2'].installDisk is missing: 'k8s-node2' is a bare-metal node, which has no default install disk, and Talos rejects its configuration without one; set installDisk: InstallDisk.path('/dev/sda') (or '/dev/nvme0n1') or InstallDisk.selector({ type: 'nvme' }), on the node or for every node in nodeDefaults"],
  ['extension that does not exist (closest official name)', { cluster: { nodeDefaults: { extensions: ['siderolabs/qemu-guest-agnt'] } } },
    "nodeDefaults.extensions[0] 'siderolabs/qemu-guest-agnt' is not an official extension of Talos 1.13 (siderolabs/extensions release-1.13): did you mean 'siderolabs/qemu-guest-agent'? (node 'k8s-master' runs Talos 1.13)"],
  ['extension of another Talos version', { cluster: { talosVersion: 'v1.11.6', kubernetesVersion: '1.34.1' }, workers: [w({ extensions: ['siderolabs/nfs-utils'] })] },
    "nodes['k8s-node2'].extensions[0] 'siderolabs/nfs-utils' is not an official extension of Talos 1.11 (siderolabs/extensions release-1.11); it exists for Talos 1.12, 1.13, 1.14: use a Talos version that has it, or drop it"],
  ['GPU label that is not a label', { gpuWorker: { hostname: 'k8s-node1', links: [{ interface: 'eth0', addresses: ['10.0.20.105/24'] }], installDisk: InstallDisk.path('/dev/sda'), gpu: { model: 'Tesla T4', labels: { 'gpu type': 't4' } } } },
    "nodes['k8s-node1'].gpu.labels['gpu type'] key 'gpu type' is not a valid label name: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric"],
  ['etcd subnets that pick no control-plane address', { cluster: { kubernetes: { etcdAdvertisedSubnets: ['10.10.10.0/24'] } } },
    "kubernetes.etcdAdvertisedSubnets picks none of control plane 'k8s-master''s addresses (10.0.20.100), so etcd would find no address to advertise and not start: include the control planes' subnet, like '10.0.20.0/24'"],
  ['kubelet node IP subnets that pick none of the node\'s addresses', { cluster: { worker: { kubelet: { nodeIpSubnets: ['192.168.0.0/16'] } } } },
    "worker.kubelet.nodeIpSubnets picks none of node 'k8s-node2''s addresses (10.0.20.102), so the kubelet would find no node IP and not register: include the subnet of the node's own address"],
  ['sysctl number the kernel does not take', { cluster: { nodeDefaults: { sysctls: { 'vm.swappiness': 10.5 } } } },
    "nodeDefaults.sysctls['vm.swappiness'] '10.5' is not a whole number the kernel takes: give an integer, or the exact text as a string, like '1'"],
  ['installer image that only starts like a reference', { workers: [w({ installerImage: 'ghcr.io/siderolabs/installer:v1.13.9?x' })] },
    "nodes['k8s-node2'].installerImage 'ghcr.io/siderolabs/installer:v1.13.9?x' is not a pinned image reference: write it like 'factory.talos.dev/installer/<schematic>:v1.13.9'"],
  ['board overlay that is not one', { workers: [w({ installDisk: undefined, board: Board.overlay('rock5b', 'ghcr.io/siderolabs/sbc-rockchip:v0.1.0', '/dev/mmcblk1') })] },
    "nodes['k8s-node2'].board.overlayImage 'ghcr.io/siderolabs/sbc-rockchip:v0.1.0' is not an overlay image: name it without registry or tag, like 'siderolabs/sbc-rockchip'"],
];
/** A cluster granting the backup job its Talos API access, and backups to an S3-compatible store. */
const GRANTED: Partial<TalosClusterProps> = { kubernetes: { etcdBackupAccess: {} } };
const BACKUPS: EtcdBackupOptions = {
  s3: { bucket: 'talos-backups', region: 'us-east-1', endpoint: 'https://s3.home.arpa' },
  credentials: S3Credentials.fromSecret('talos-backup-s3'),
  ageRecipient: 'age1tdq4hnkkypm2zce0erdcs97sr6j8qy5ewh44u09yckhverjjzqwqvzt57x',
};

/** [class of bad input, declaration, the message it gets]. */
export const CATALOGUE: Array<[string, Declaration, string]> = [
  ['malformed address', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.300/24'] }] }] },
    "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.300/24' is not an address with a prefix length: write it like '10.0.20.102/24'"],
  ['address without a prefix length', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.102'] }] }] },
    "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.102' is not an address with a prefix length: write it like '10.0.20.102/24'"],
  ['gateway outside its link\'s subnet', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], gateway: '10.0.21.1' }] }] },
    "nodes['k8s-node2'].links[0].gateway '10.0.21.1' is not in the link's subnet 10.0.20.102/24: use a gateway on the same network, or fix the prefix length"],
  ['route via a gateway outside the subnet', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], routes: [{ network: '10.50.0.0/16', gateway: '10.0.30.1' }] }] }] },
    "nodes['k8s-node2'].links[0].routes[0].gateway '10.0.30.1' is not in the subnet of 10.0.20.102/24: a gateway must be directly reachable on the link"],
  ['address off the cluster gateway\'s subnet (no default route)', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.30.102/24'] }] }] },
    "nodes['k8s-node2'].links[0].addresses[0] '10.0.30.102/24' is outside the subnet of the cluster gateway '10.0.20.1', so the node would have no default route: fix the address or prefix, or give the link its own gateway"],
  ['duplicate hostname', { workers: [WORKER, { ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.103/24'] }] }] },
    "nodes['k8s-node2'].hostname 'k8s-node2' is already used by another node: hostnames must be unique"],
  ['duplicate address', { workers: [WORKER, { hostname: 'k8s-node3', links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'] }] }] },
    "nodes['k8s-node3'].links[0].addresses[0] '10.0.20.102/24' is also used by nodes['k8s-node2'].links[0].addresses[0]: every node needs its own address"],
  ['duplicate MAC address', { workers: [{ ...WORKER, links: [{ macAddress: 'bc:24:11:00:00:01', addresses: ['10.0.20.102/24'] }] }, { hostname: 'k8s-node3', links: [{ macAddress: 'BC:24:11:00:00:01', addresses: ['10.0.20.103/24'] }] }] },
    "nodes['k8s-node3'].links[0].macAddress 'BC:24:11:00:00:01' is also nodes['k8s-node2'].links[0].macAddress: every NIC needs its own MAC address"],
  ['duplicate VM id', { workers: [{ hostname: 'k8s-node2', vm: { proxmoxNode: 'pve', vmId: 200, nics: [{ addresses: ['10.0.20.102/24'] }] } }] },
    "nodes['k8s-node2'].vm.vmId '200' is also nodes['k8s-master'].vm.vmId: VM ids are unique across the Proxmox cluster"],
  ['hostname that is not a DNS label', { workers: [{ ...WORKER, hostname: 'K8s_Node2' }] },
    "nodes['K8s_Node2'].hostname 'K8s_Node2' is not a valid hostname: use lower-case letters, digits and '-', at most 63 characters, like 'k8s-node2'"],
  ['no control plane', { controlPlanes: [] },
    'nodes has no control-plane node: add one with addControlPlane() (three for high availability)'],
  ['even number of control planes', { controlPlanes: [CP, { hostname: 'k8s-master2', links: [{ interface: 'eth0', addresses: ['10.0.20.99/24'] }] }] },
    "nodes has 2 control-plane nodes (k8s-master, k8s-master2): etcd needs an odd number to keep quorum (an even number tolerates no more failures than one fewer); add or remove one, or set allowEvenControlPlanes: true"],
  ['VIP outside the control planes\' subnet', { cluster: { vip: '10.0.30.10' } },
    "vip '10.0.30.10' is not in the subnet of any link of control plane nodes['k8s-master']: the VIP is announced by ARP, so it must be in the control planes' shared subnet"],
  ['VIP equal to a node address', { cluster: { vip: '10.0.20.102' } },
    "vip '10.0.20.102' is also nodes['k8s-node2'].links[0].addresses[0]: the VIP must be a free address, not a node's"],
  ['VIP in the DHCP range', { cluster: { vip: '10.0.20.210' } },
    "vip '10.0.20.210' lies in the DHCP range '10.0.20.200-10.0.20.250': pick an address outside it, or the router may lease it to another device"],
  ['VIP used as the talosconfig endpoint', { cluster: { vip: '10.0.20.10', talosconfigEndpoints: ['10.0.20.10'] } },
    "talosconfigEndpoints[0] '10.0.20.10' is the VIP: the VIP only answers while etcd and a control plane are healthy, so talosctl could not reach a cluster that needs repair; use the control planes' addresses (the default) or a DNS name resolving to all of them"],
  ['endpoint that is not https with a port', { cluster: { endpoint: 'http://10.0.20.100' } },
    "endpoint 'http://10.0.20.100' is not an https URL with a port: write it like 'https://10.0.20.100:6443'"],
  ['unsupported Talos version', { cluster: { talosVersion: 'v1.10.7' } },
    "talosVersion 'v1.10.7' is a Talos version this library does not support: use Talos 1.11, 1.12, 1.13, 1.14 (e.g. 'v1.13.9')"],
  ['unpinned Talos version', { cluster: { talosVersion: 'latest' } },
    "talosVersion 'latest' is not a Talos release version: pin a full version like 'v1.13.9'"],
  ['Kubernetes version the Talos version does not support', { cluster: { kubernetesVersion: '1.37.0' } },
    "kubernetesVersion '1.37.0' is not supported by Talos 1.13 (talosVersion): Talos 1.13 runs Kubernetes 1.31 to 1.36"],
  ['legacy-only setting on a version that replaced it', { cluster: { nodeDefaults: { patches: ['machine:\n  registries:\n    mirrors:\n      docker.io:\n        endpoints: [http://10.0.20.10:5000]\n'] } } },
    "nodeDefaults.patches[0] sets machine.registries, which Talos 1.12+ replaced with its own document; node 'k8s-master' is rendered for Talos 1.13, where it conflicts with or is overridden by that document: use the typed setting registryMirrors (RegistryMirrorConfig) instead"],
  ['document kind newer than the node\'s contract', { cluster: { nodeDefaults: { extraDocuments: [{ apiVersion: 'v1alpha1', kind: 'KubeletConfig', image: 'ghcr.io/siderolabs/kubelet:v1.36.3' }] } } },
    "nodeDefaults.extraDocuments[0].kind 'KubeletConfig' needs Talos 1.14, but node 'k8s-master' is rendered for Talos 1.13 (its Talos version, capped by the provider's SDK 1.13): the provider would fail with \"not registered\"; express it with a setting of this version"],
  ['open GPU driver on a pre-Turing card', { gpuWorker: { hostname: 'k8s-node1', links: [{ interface: 'eth0', addresses: ['10.0.20.105/24'] }], gpu: { model: 'Quadro P400', driver: 'open' } } },
    "nodes['k8s-node1'].gpu.driver 'open' does not support the Quadro P400 (pascal): NVIDIA's open kernel modules need Turing or newer; use driver: 'proprietary' (the default for this card)"],
  ['GPU driver that does not fit the Talos version', { gpuWorker: { hostname: 'k8s-node1', links: [{ interface: 'eth0', addresses: ['10.0.20.105/24'] }], gpu: { model: 'Quadro P400', branch: 'production' } } },
    "nodes['k8s-node1'].gpu.branch 'proprietary production' cannot drive the Quadro P400 (pascal) on Talos 1.13: driver 595 no longer supports pascal cards (release 580 was the last); use branch: 'lts' (driver 580)"],
  ['GPU VM without a PCI device', { gpuWorker: { hostname: 'k8s-node1', gpu: { model: 'Tesla T4' }, vm: { proxmoxNode: 'pve', vmId: 201, nics: [{ addresses: ['10.0.20.105/24'] }] } } },
    "nodes['k8s-node1'].gpu.passthrough is missing on a Proxmox VM: the VM gets no GPU; pass it through with PciPassthrough.mapping('<mapping name>') or PciPassthrough.createMapping('<name>', { path: '0000:01:00.0', id: '10de:1eb8' })"],
  ['memory ballooning on a passthrough VM', { gpuWorker: { hostname: 'k8s-node1', gpu: { model: 'Tesla T4', passthrough: PciPassthrough.mapping('t4') }, vm: { proxmoxNode: 'pve', vmId: 201, ballooning: true, nics: [{ addresses: ['10.0.20.105/24'] }] } } },
    "nodes['k8s-node1'].vm.ballooning is true on a VM with PCI passthrough: passed-through devices need all guest memory pinned, so Proxmox cannot balloon it; remove ballooning"],
  ['node address in the DHCP range', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.201/24'] }] }] },
    "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.201/24' lies in the DHCP range '10.0.20.200-10.0.20.250': give the node a static address outside it, or shrink the router's DHCP range, or the router may lease it to another device"],
  ['node address that is the DNS server\'s', { cluster: { nodeDefaults: { nameservers: ['10.0.20.101', '1.1.1.1'] } }, workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.101/24'] }] }] },
    "nodes['k8s-node2'].links[0].addresses[0] '10.0.20.101/24' is the address of DNS server nameservers[0]: that host already uses it; pick a free address"],
  ['MetalLB pool overlapping a node, the VIP, the gateway or the DHCP range', { platform: (p) => p.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.96/28'] }) },
    "metalLbPools['lan'].addresses[0] '10.0.20.96/28' overlaps the address of node 'k8s-master' (nodes['k8s-master'].vm.nics[0].addresses[0] '10.0.20.100/24'): a node address answered by a load balancer breaks the node; pick pool addresses outside it"],
  ['L2 MetalLB pool outside the nodes\' subnet', { platform: (p) => p.addMetalLbPool({ name: 'lan', addresses: ['192.168.50.0/28'], advertisement: MetalLbAdvertisement.l2() }) },
    "metalLbPools['lan'].addresses[0] '192.168.50.0/28' lies outside the announcing nodes' subnets (10.0.20.0/24): with layer 2 nobody on the LAN can reach it; pick addresses inside the nodes' subnet, or announce with MetalLbAdvertisement.bgp()"],
  ['disk smaller than the image', { controlPlanes: [vm({ diskSizeGiB: 8 })] },
    "nodes['k8s-master'].vm.diskSizeGiB '8' is smaller than the Talos image needs once installed (at least 10 GiB): give the disk 10 GiB or more"],
  ['install disk that does not match the disk bus', { controlPlanes: [{ ...vm({ diskBus: 'virtio' }), installDisk: InstallDisk.path('/dev/sda') }] },
    "nodes['k8s-master'].installDisk '/dev/sda' does not match nodes['k8s-master']'s virtio disk, which Talos sees as /dev/vda: remove installDisk (it follows the bus) or set it to that device"],
  ['MTU out of range', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], mtu: 16000 }] }] },
    "nodes['k8s-node2'].links[0].mtu '16000' is out of range: an MTU is an integer from 576 to 9216 (1500 standard, 9000 jumbo frames)"],
  ['VLAN id out of range', { workers: [{ ...WORKER, links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], vlans: [{ vlanId: 4095, dhcp: true }] }] }] },
    "nodes['k8s-node2'].links[0].vlans[0].vlanId '4095' is out of range: VLAN ids are integers from 1 to 4094"],
  ['invalid node label key', { cluster: { worker: { nodeLabels: { 'Example.com/tier': 'fast' } } } },
    "worker.nodeLabels['Example.com/tier'] key 'Example.com/tier' has prefix 'Example.com', which is not a DNS subdomain (lower-case, like 'example.com')"],
  ['invalid taint effect', { cluster: { controlPlane: { nodeTaints: { dedicated: 'storage:NoScheduled' } } } },
    "controlPlane.nodeTaints['dedicated'] 'storage:NoScheduled' has no valid effect: write 'value:Effect' or ':Effect' with Effect one of NoSchedule, PreferNoSchedule, NoExecute, like 'true:NoSchedule'"],
  ['taint a worker would have to set on itself', { cluster: { worker: { nodeTaints: { dedicated: 'storage:NoSchedule' } } } },
    "worker.nodeTaints['dedicated'] would make the workers (k8s-node2) taint itself, which Kubernetes' NodeRestriction admission rejects, and with it every label of the node: use registerWithTaints (applied when the node registers), and the platform's addNodeTaints() to change it on a running node"],
  ['label a worker may not set on itself', { cluster: { worker: { nodeLabels: { 'node-role.kubernetes.io/worker': '' } } } },
    "worker.nodeLabels['node-role.kubernetes.io/worker'] cannot be set by the workers (k8s-node2) on itself: Kubernetes' NodeRestriction admission only lets a node set kubernetes.io and k8s.io labels under kubelet.kubernetes.io/ and node.kubernetes.io/ or from a short list (kubernetes.io/hostname, topology.kubernetes.io/zone, ...), and rejects every label of the node with it: use a key of your own, like 'example.com/role', or set it with the platform's addNodeLabels()"],
  ['bare-metal node with no way to reach it the first time', { cluster: { firstContact: undefined } },
    "nodes['k8s-node2'].firstContact is missing: a bare-metal node boots Talos media in maintenance mode on a DHCP lease, not at '10.0.20.102', so the first apply could not reach it; choose FirstContact.bootMedia() (boot media carrying that address), FirstContact.dhcpLease('<leased address>') or FirstContact.dhcpReservation() (the router reserves 10.0.20.102 for the node), on the node or for every node on the cluster"],
  ['first-contact lease that is the node\'s own address', { workers: [{ ...WORKER, firstContact: FirstContact.dhcpLease('10.0.20.102') }] },
    "nodes['k8s-node2'].firstContact.address '10.0.20.102' is the node's own address: use FirstContact.dhcpReservation() when the router reserves the final address for the node"],
  ['first contact on a Proxmox VM', { controlPlanes: [{ ...CP, firstContact: FirstContact.bootMedia() }] },
    "nodes['k8s-master'].firstContact is FirstContact.bootMedia() on a Proxmox VM: a VM gets its final address from its cloud-init drive at first boot; remove firstContact"],
  ['Pod Security level too low for the chart', { platform: (p) => p.addRelease({ name: 'node-exporter', repository: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-node-exporter', version: '4.56.1', podSecurity: 'baseline' }) },
    "releases['node-exporter'].podSecurity 'baseline' never admits the pods of chart 'prometheus-node-exporter' (its DaemonSet uses hostNetwork, hostPID and hostPath mounts of /proc, /sys and /), so Helm's wait would time out: use 'privileged' (the default for this chart)"],
  ['Spegel on nodes that discard unpacked layers', { platform: (p) => p.addSpegel() },
    "releases['spegel'] needs containerd to keep image layers after unpacking them, but on cluster 'homelab' k8s-master, k8s-node2 discard them (containerd's default), so Spegel would have nothing to serve: set nodeDefaults: { containerd: { discardUnpackedLayers: false } } on the cluster"],
  ['Spegel writing mirrors where Talos does not read them', { cluster: { nodeDefaults: { containerd: { discardUnpackedLayers: false } } }, platform: (p) => p.addRelease({ name: 'spegel', repository: 'oci://ghcr.io/spegel-org/helm-charts', chart: 'spegel', version: '0.7.4' }) },
    "releases['spegel'].values.spegel.containerdRegistryConfigPath is unset (the chart writes to /etc/containerd/certs.d), but Talos' containerd reads mirrors from /etc/cri/conf.d/hosts, so Spegel would silently mirror nothing: use platform.addSpegel(), which sets it, or set it to '/etc/cri/conf.d/hosts'"],
  ['invalid sysctl name', { cluster: { nodeDefaults: { sysctls: { 'fs inotify max_user_watches': 1048576 } } } },
    "nodeDefaults.sysctls['fs inotify max_user_watches'] 'fs inotify max_user_watches' is not a sysctl name: use the dotted form, like 'net.ipv4.ip_forward'"],
  ['OIDC issuer that is not https', { cluster: { kubernetes: { apiServer: { oidc: { issuerUrl: 'http://authentik.example.com/application/o/kubernetes/', clientId: 'kubernetes' } } } } },
    "kubernetes.apiServer.oidc.issuerUrl 'http://authentik.example.com/application/o/kubernetes/' is not an https URL: the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'"],
  ['API-server flag Talos owns', { cluster: { kubernetes: { apiServer: { extraArgs: { 'audit-log-path': '/var/log/audit.log' } } } } },
    "kubernetes.apiServer.extraArgs['audit-log-path'] 'audit-log-path' is set by Talos and cannot be overridden (the API server would fail to start): remove it"],
  ['memory below Talos\' minimum for the role', { controlPlanes: [vm({ memoryMiB: 1024 })] },
    "nodes['k8s-master'].vm.memoryMiB '1024' is below Talos' minimum for a control plane (2048 MiB): give it at least 2048"],
  ['cores below Talos\' minimum for the role', { controlPlanes: [vm({ cores: 1 })] },
    "nodes['k8s-master'].vm.cores '1' is below Talos' minimum for a control plane (2 cores): give it at least 2"],
  ['extension without its namespace', { cluster: { nodeDefaults: { extensions: ['qemu-guest-agent'] } } },
    "nodeDefaults.extensions[0] 'qemu-guest-agent' is not an official extension name: write it with its namespace, like 'siderolabs/qemu-guest-agent'"],
  ['removing a label Talos never sets', { cluster: { worker: { nodeLabels: { gpu: null } } } },
    "worker.nodeLabels['gpu'] is null, but Talos does not set 'gpu' by default: null only removes Talos' default labels (node.kubernetes.io/exclude-from-external-load-balancers); drop the entry"],
  ['overlapping pod and service subnets', { cluster: { kubernetes: { podSubnets: ['10.96.0.0/16'] } } },
    "kubernetes.serviceSubnets[0] '10.96.0.0/12' (the default) overlaps kubernetes.podSubnets[0] '10.96.0.0/16': pod and service networks must be disjoint"],
  ['platform CNI disagreeing with the cluster', { platformProps: { cni: Cni.cilium() } },
    "cni is Cilium, but cluster 'homelab' runs Talos' Flannel (kubernetes.cni defaults to 'flannel'): two CNIs fight over pod networking; set kubernetes.cni: 'none' on the cluster, or drop cni from the platform"],
  ['platform installing CoreDNS beside Talos\' own', { platform: (p) => p.addRelease({ name: 'coredns', namespace: 'kube-system', repository: 'https://coredns.github.io/helm', chart: 'coredns', version: '1.43.0' }) },
    "releases['coredns'] installs CoreDNS, but cluster 'homelab' runs Talos' own CoreDNS (kubernetes.coreDns defaults to true): the two would fight over the kube-dns Service; set kubernetes.coreDns: false on the cluster"],
  ['unpinned chart version', { platform: (p) => p.addRelease({ name: 'ingress-nginx', repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '^4.13' }) },
    "releases['ingress-nginx'].version '^4.13' is not an exact chart version (ranges, wildcards and partial versions float to new releases): pin one release, like '1.18.2'"],
  ['etcd backups on a cluster whose control planes grant no Talos API access', { platform: (p) => p.addEtcdBackups(BACKUPS) },
    "etcdBackups needs Talos API access with role 'os:etcd:backup' from namespace 'talos-backup', but control plane 'k8s-master' does not grant role 'os:etcd:backup' and namespace 'talos-backup', so Talos never issues the job its credentials: set kubernetes: { etcdBackupAccess: { namespace: 'talos-backup' } } on cluster 'homelab' (it grants exactly that namespace the role, on the control planes), deploy the cluster stack, then this one"],
  ['etcd backup access for a namespace other workloads share', { cluster: { kubernetes: { etcdBackupAccess: { namespace: 'default' } } } },
    "kubernetes.etcdBackupAccess.namespace 'default' is shared with other workloads, and every pod in it could then obtain etcd snapshots (all of the cluster's Secrets): give the backup job a namespace of its own, like 'talos-backup'"],
  ['backup schedule Kubernetes rejects', { cluster: GRANTED, platform: (p) => p.addEtcdBackups({ ...BACKUPS, schedule: '0 0 3 * * *' }) },
    "etcdBackups.schedule '0 0 3 * * *' has 6 fields, and Kubernetes CronJobs take exactly five (no seconds, no year): write five fields (minute hour day-of-month month day-of-week), like '0 */6 * * *' (every six hours) or '30 2 * * *' (daily at 02:30), or a macro like '@daily'"],
  ['invalid S3 bucket name', { cluster: GRANTED, platform: (p) => p.addEtcdBackups({ ...BACKUPS, s3: { ...BACKUPS.s3, bucket: 'Talos_Backups' } }) },
    "etcdBackups.s3.bucket 'Talos_Backups' has characters bucket names cannot have (only lower-case letters, digits, '.' and '-'): write it like 'talos-backups'"],
  ['age private key given as the backup recipient', { cluster: GRANTED, platform: (p) => p.addEtcdBackups({ ...BACKUPS, ageRecipient: `AGE-SECRET-KEY-1${'Q'.repeat(58)}` }) },
    "etcdBackups.ageRecipient is an age private key (identity), not a recipient: it would be written in clear into the synthesized JSON, and whoever holds it can decrypt every snapshot; remove it from the code, treat it as leaked, and give the public key that 'age-keygen -y key.txt' prints, starting 'age1'"],
  ['credential written as a literal', { cluster: GRANTED, platform: (p) => p.addEtcdBackups({ ...BACKUPS, credentials: S3Credentials.fromSensitiveValues({ accessKeyId: 'backup', secretAccessKey: '${var.s3_secret_access_key}' }) }) },
    "etcdBackups.credentials.accessKeyId is a literal value, so the S3 access key ID would be written in clear into the synthesized JSON, the Terraform state's inputs, the plan output and Git: pass the value of a TerraformVariable declared with sensitive: true (`new TerraformVariable(stack, '...', { type: 'string', sensitive: true }).stringValue`), or create the Secret out of band and name it instead"],
  ['Flux repository URL in scp form', { platform: (p) => p.addGitOps(GitOps.flux({ url: 'git@github.com:org/fleet.git', path: 'clusters/home', credentials: GitCredentials.fromSecret('fleet-deploy-key') })) },
    "gitops.url 'git@github.com:org/fleet.git' is in scp form, which Flux rejects (its GitRepository takes http, https or ssh URLs only): write it as 'ssh://git@github.com/org/fleet.git'"],
  ...CORE_CHECKS,
];

