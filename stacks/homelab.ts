import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PciPassthrough, ProxmoxConnection, ProxmoxVmOptions, TalosCluster } from '../constructs';
import { ExampleStackProps, useBackend } from './backend';
import { PlatformStack } from './platform';

/** The registries seed 001 mirrors through its pull-through caches on 10.0.20.10. */
const MIRRORS: Record<string, number> = {
  'docker.io': 5000, 'ghcr.io': 5010, 'quay.io': 5020, 'registry.k8s.io': 5030, 'reg.kyverno.io': 5040,
};

/**
 * Seed 001: the Ubuntu/kubeadm homelab on one Proxmox host, rebuilt on Talos 1.13. Everything its cloud-init,
 * SSH+sed null_resources, sysctl DaemonSet and manual steps did is a typed prop here (see the README's table).
 */
export class HomelabClusterStack extends TerraformStack {
  public readonly cluster: TalosCluster;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    useBackend(this, props);
    // Endpoint and API token from TF_VAR_proxmox_endpoint / TF_VAR_proxmox_api_token (sensitive), never from code.
    new ProxmoxConnection(this, 'proxmox', { credentials: 'variables' });

    this.cluster = new TalosCluster(this, 'homelab', {
      clusterName: 'homelab',
      talosVersion: 'v1.13.9',
      kubernetesVersion: '1.36.3',
      endpoint: 'https://10.0.20.100:6443',
      network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.200-10.0.20.250' },
      proxmox: { bridge: 'vmbr0', diskDatastore: 'local-lvm', isoDatastore: 'local' },
      nodeDefaults: {
        extensions: ['siderolabs/nfs-utils', 'siderolabs/qemu-guest-agent'],
        nameservers: ['10.0.20.101', '1.1.1.1'], // Technitium, then Cloudflare
        registryMirrors: Object.fromEntries(Object.entries(MIRRORS).map(([registry, port]) => [registry, { endpoints: [`http://10.0.20.10:${port}`] }])),
        sysctls: {
          'fs.inotify.max_user_watches': 1048576,
          'fs.inotify.max_user_instances': 8192,
          'net.ipv4.ip_forward': 1,
        },
        kubelet: { extraConfig: { serializeImagePulls: false, maxParallelImagePulls: 50 } },
      },
      kubernetes: {
        apiServer: {
          oidc: {
            issuerUrl: 'https://authentik.example.com/application/o/kubernetes/',
            clientId: 'kubernetes',
            usernameClaim: 'email',
            groupsClaim: 'groups',
          },
          audit: {
            maxAgeDays: 7,
            maxBackups: 3,
            maxSizeMiB: 100,
            policy: {
              apiVersion: 'audit.k8s.io/v1',
              kind: 'Policy',
              omitStages: ['RequestReceived'],
              rules: [
                { level: 'None', resources: [{ group: '', resources: ['events'] }] },
                { level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'configmaps'] }] },
                { level: 'RequestResponse', verbs: ['create', 'update', 'patch', 'delete'] },
                { level: 'Metadata' },
              ],
            },
          },
        },
      },
    });

    const vm = (vmId: number, address: string, size: Partial<ProxmoxVmOptions> = {}): ProxmoxVmOptions => ({
      proxmoxNode: 'pve', vmId, cores: 4, memoryMiB: 8192, diskSizeGiB: 64, nics: [{ addresses: [address] }], ...size,
    });
    this.cluster.addControlPlane({ hostname: 'k8s-master', vm: vm(200, '10.0.20.100/24', { memoryMiB: 6144, diskSizeGiB: 32 }) });
    // The GPU worker: a Tesla T4 (Turing, so NVIDIA's open kernel modules) passed through from the host. This replaces
    // seed 001's manual GPU label and its taint null_resource. Not .101: that is the DNS server.
    this.cluster.addGpuWorker({
      hostname: 'k8s-node1',
      gpu: {
        model: 'Tesla T4',
        passthrough: PciPassthrough.createMapping('tesla-t4', { path: '0000:01:00.0', id: '10de:1eb8', iommuGroup: 14, subsystemId: '10de:12a2' }),
      },
      vm: vm(201, '10.0.20.105/24', { memoryMiB: 16384 }),
    });
    this.cluster.addWorker({ hostname: 'k8s-node2', vm: vm(202, '10.0.20.102/24') });
    this.cluster.addWorker({ hostname: 'k8s-node3', vm: vm(203, '10.0.20.103/24') });
    this.cluster.addWorker({ hostname: 'k8s-node4', vm: vm(204, '10.0.20.104/24') });

    new TerraformOutput(this, 'talosconfig', { value: this.cluster.talosconfig, sensitive: true });
    new TerraformOutput(this, 'kubeconfig', { value: this.cluster.kubeconfig, sensitive: true });
  }
}

/**
 * Seed 001's platform: MetalLB announcing 10.0.20.120-139 by L2 (inside the nodes' /24, clear of node addresses, the
 * DNS server and the router's DHCP range), and GPU support for k8s-node1 (Talos 1.13: the GPU Operator with driver and
 * toolkit left to the Talos extensions), instead of the seed's nvidia module and its manual label.
 */
export class HomelabPlatformStack extends PlatformStack {
  constructor(scope: Construct, id: string, cluster: HomelabClusterStack, props: ExampleStackProps = {}) {
    super(scope, id, { ...props, cluster: cluster.cluster });
    this.platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.120-10.0.20.139'] });
  }
}
