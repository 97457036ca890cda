import { FirstContact } from '../../constructs/machine-config/first-contact';
import { ClusterDeclaration, NodeDeclaration } from '../../constructs/machine-config/model';
import { InstallDisk, MachineSettings, NetworkLink } from '../../constructs/machine-config/settings';
import { ConfigContract } from '../../constructs/machine-config/versions';

/** A Talos version of each supported minor, with a Kubernetes version all of them support. */
export const TALOS_OF: Record<ConfigContract, string> = {
  '1.11': 'v1.11.6',
  '1.12': 'v1.12.11',
  '1.13': 'v1.13.9',
  '1.14': 'v1.14.0',
};
export const KUBERNETES_FOR_ALL = '1.34.1';

/** A bare-metal node; it installs to /dev/sda unless its settings say otherwise. */
export function node(hostname: string, role: 'controlplane' | 'worker', links: NetworkLink[], settings: MachineSettings = {}, extra: Partial<NodeDeclaration> = {}): NodeDeclaration {
  return { hostname, role, links, settings: { installDisk: InstallDisk.path('/dev/sda'), ...settings }, path: `nodes['${hostname}']`, ...extra };
}

/**
 * A declaration that uses every typed setting: MAC- and name-selected links, VLAN, VIP, DHCP, mirrors, sysctls,
 * modules, kubelet, labels with a delete, taints, OIDC, audit, no CNI, no kube-proxy, install disk.
 */
export function fullDeclaration(talosVersion: string, overrides: Partial<ClusterDeclaration> = {}): ClusterDeclaration {
  return {
    clusterName: 'main',
    talosVersion,
    kubernetesVersion: KUBERNETES_FOR_ALL,
    vip: '192.168.5.200',
    network: { gateway: '192.168.5.1', dhcpRange: '192.168.5.100-192.168.5.199' },
    kubernetes: {
      allowSchedulingOnControlPlanes: true,
      cni: 'none',
      kubeProxy: false,
      coreDns: false,
      podSubnets: ['10.42.0.0/16'],
      serviceSubnets: ['10.43.0.0/16'],
      apiServer: {
        oidc: { issuerUrl: 'https://auth.example.com/application/o/kubernetes/', clientId: 'kubernetes', usernameClaim: 'email', groupsClaim: 'groups' },
        audit: {
          maxAgeDays: 7, maxBackups: 3, maxSizeMiB: 100,
          policy: { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] },
        },
        extraArgs: { 'feature-gates': 'ImageVolume=true' },
        certSans: ['k8s.example.com'],
      },
    },
    nodeDefaults: {
      nameservers: ['192.168.5.1', '1.1.1.1'],
      registryMirrors: { 'docker.io': { endpoints: ['http://10.0.20.10:5000'] }, 'ghcr.io': { endpoints: ['http://10.0.20.10:5010'], skipFallback: true } },
      sysctls: { 'fs.inotify.max_user_watches': 1048576, 'net.ipv4.tcp_congestion_control': 'bbr' },
      kernelModules: ['tcp_bbr'],
      kubelet: { extraConfig: { serializeImagePulls: false, maxParallelImagePulls: 50 }, nodeIpSubnets: ['192.168.5.0/24'] },
      installDisk: InstallDisk.path('/dev/sda'),
    },
    controlPlane: { nodeLabels: { 'node.kubernetes.io/exclude-from-external-load-balancers': null, 'topology.kubernetes.io/zone': 'rack1' } },
    worker: { registerWithTaints: { 'dedicated': 'storage:NoSchedule' } },
    firstContact: FirstContact.dhcpReservation(),
    nodes: [
      node('talos-m01', 'controlplane', [
        { macAddress: 'BC:24:11:A9:A3:43', addresses: ['192.168.5.201/24'], mtu: 9000, dhcp: true, vlans: [{ vlanId: 20, addresses: ['10.0.20.5/24'], mtu: 1500 }] },
        { interface: 'eth1', addresses: ['10.10.10.8/24'], mtu: 9000 },
      ], { kernelModules: [{ name: 'nvidia', parameters: ['NVreg_OpenRmEnableUnsupportedGpus=1'] }] }),
      node('talos-w01', 'worker', [{ interface: 'eth0', addresses: ['192.168.5.211/24'] }], {
        installDisk: InstallDisk.selector({ type: 'nvme', size: '>= 100GB' }),
        nodeLabels: { 'gpu': 'true' },
      }),
    ],
    ...overrides,
  };
}
