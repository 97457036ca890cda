import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { GitOps, PciPassthrough, ProxmoxConnection, S3Credentials, TalosCluster, TalosNodeOptions } from '../constructs';
import { ExampleStackProps, useBackend } from './backend';
import { PlatformStack } from './platform';

/** The three control planes of seed 003: management and Ceph addresses, one per Proxmox host. */
const NODES = [
  { hostname: 'talos-m01', proxmoxNode: 'pve1', vmId: 501, mgmt: '192.168.5.201/24', ceph: '10.10.10.8/24', mac: 'bc:24:11:a9:a3:43' },
  { hostname: 'talos-m02', proxmoxNode: 'pve2', vmId: 502, mgmt: '192.168.5.202/24', ceph: '10.10.10.9/24' },
  { hostname: 'talos-m03', proxmoxNode: 'pve3', vmId: 503, mgmt: '192.168.5.203/24', ceph: '10.10.10.10/24' },
];

/** Props of {@link HomeOpsClusterStack}. */
export interface HomeOpsClusterStackProps extends ExampleStackProps {
  /**
   * The cluster's Talos version: raise it one minor at a time, and the next deploy upgrades the nodes one by one.
   * @default 'v1.11.6'
   */
  readonly talosVersion?: string;
  /**
   * The cluster's Kubernetes version: change it in a deploy of its own, after Talos.
   * @default '1.34.1'
   */
  readonly kubernetesVersion?: string;
}

/**
 * Seed 003 (tscibilia/home-ops) on Talos 1.11: three schedulable control planes behind the VIP 192.168.5.200, each
 * with a second NIC on the Ceph network, jumbo frames on both, links selected by MAC, no CNI and no kube-proxy
 * (Cilium comes with the platform stack), the seed's tunables, and Talos API access for the platform's etcd backups.
 * Managed with the siderolabs/talos 0.12 line: a new `talosVersion` is rolled out by the deploy, one control plane at a
 * time, each after the cluster is healthy again (the seed ran `talosctl upgrade` node by node by hand).
 */
export class HomeOpsClusterStack extends TerraformStack {
  public readonly cluster: TalosCluster;

  constructor(scope: Construct, id: string, props: HomeOpsClusterStackProps = {}) {
    super(scope, id);
    useBackend(this, props);
    // PROXMOX_VE_ENDPOINT / PROXMOX_VE_API_TOKEN from the environment.
    new ProxmoxConnection(this, 'proxmox', { credentials: 'environment' });

    this.cluster = new TalosCluster(this, 'main', {
      clusterName: 'main',
      talosVersion: props.talosVersion ?? 'v1.11.6',
      kubernetesVersion: props.kubernetesVersion ?? '1.34.1',
      // Declared upgrades: talos_machine per node, talos_cluster for bootstrap and Kubernetes, in the rolling order.
      providerLine: '0.12',
      // The cluster runs (the seed's), so every change waits for a healthy cluster after each control plane.
      upgrades: { healthGates: true },
      vip: '192.168.5.200',
      network: { gateway: '192.168.5.1' },
      proxmox: { bridge: 'vmbr0', diskDatastore: 'local-zfs', isoDatastore: 'local', diskBus: 'scsi' },
      kubernetes: {
        allowSchedulingOnControlPlanes: true,
        cni: 'none',
        kubeProxy: false,
        coreDns: false, // the platform stack installs CoreDNS by Helm, after Cilium
        podSubnets: ['10.42.0.0/16'],
        serviceSubnets: ['10.43.0.0/16'],
        // The platform's etcd backups: pods in talos-backup may take etcd snapshots through the Talos API, nothing more.
        etcdBackupAccess: { namespace: 'talos-backup' },
      },
      nodeDefaults: {
        extensions: ['siderolabs/qemu-guest-agent'],
        nameservers: ['192.168.5.1'],
        sysctls: {
          'net.core.default_qdisc': 'fq', // BBR needs fair queueing
          'net.ipv4.tcp_congestion_control': 'bbr',
          'net.ipv4.tcp_window_scaling': 1,
          'net.core.rmem_max': 67108864,
          'net.core.wmem_max': 67108864,
          'fs.inotify.max_user_watches': 1048576,
          'fs.inotify.max_user_instances': 8192,
          'vm.nr_hugepages': 1024, // 1024 x 2 MiB = 2 GiB of hugepages
        },
        // Spegel serves image layers from the nodes' containerd, which must keep them unpacked.
        containerd: { discardUnpackedLayers: false },
        // Kubernetes and etcd stay on the management network, never the Ceph one: the library pins both to the subnet
        // of each node's own address because the nodes have two NICs.
      },
    });

    for (const n of NODES) {
      const node: TalosNodeOptions = {
        hostname: n.hostname,
        vm: {
          proxmoxNode: n.proxmoxNode,
          vmId: n.vmId,
          cores: 6,
          memoryMiB: 24576,
          diskSizeGiB: 128,
          nics: [
            { macAddress: n.mac, addresses: [n.mgmt], mtu: 9000 },
            { bridge: 'vmbr1', addresses: [n.ceph], mtu: 9000 },
          ],
        },
      };
      if (n.hostname === 'talos-m01') {
        // A Quadro P400 for Plex/Jellyfin transcoding: Pascal, so the proprietary driver (the open modules need Turing).
        // Untainted: in a three-node cluster of schedulable control planes, m01 keeps running ordinary workloads too.
        this.cluster.addGpuControlPlane({ ...node, gpu: { model: 'Quadro P400', taint: false, passthrough: PciPassthrough.mapping('quadro-p400') } });
      } else {
        this.cluster.addControlPlane(node);
      }
    }

    new TerraformOutput(this, 'talosconfig', { value: this.cluster.talosconfig, sensitive: true });
    new TerraformOutput(this, 'kubeconfig', { value: this.cluster.kubeconfig, sensitive: true });
  }
}

/**
 * The public half of home-ops' etcd backup key (`age-keygen -y backup.key`); the private half, which restores the
 * snapshots, stays off the cluster. Made for this example: use your own.
 */
const BACKUP_RECIPIENT = 'age1tdq4hnkkypm2zce0erdcs97sr6j8qy5ewh44u09yckhverjjzqwqvzt57x';

/**
 * Seed 003's bootstrap helmfile as a stack: Cilium replacing kube-proxy (derived from the cluster's `cni: 'none'`
 * and `kubeProxy: false`), then CoreDNS, Spegel, cert-manager and external-secrets, each after the one before (the
 * helmfile's `needs`), and the NVIDIA device plugin for talos-m01's Quadro P400 (Talos 1.11). Etcd snapshots go to
 * S3 every six hours; then Flux takes over from the home-ops repository, as the seed's `just bootstrap` ends.
 */
export class HomeOpsPlatformStack extends PlatformStack {
  constructor(scope: Construct, id: string, cluster: HomeOpsClusterStack, props: ExampleStackProps = {}) {
    super(scope, id, { ...props, cluster: cluster.cluster });
    const coredns = this.platform.addRelease({
      name: 'coredns', namespace: 'kube-system', repository: 'https://coredns.github.io/helm', chart: 'coredns', version: '1.43.0',
      values: { service: { clusterIP: '10.43.0.10' } }, // the cluster DNS address of the 10.43.0.0/16 service subnet
    });
    // Spegel on Talos: containerd's mirror path and a privileged namespace (its pods use host paths and a host port).
    const spegel = this.platform.addSpegel({ needs: [coredns] });
    // cert-manager 1.21 (1.19 is out of support); `crds.enabled` is still the chart's switch for its CRDs
    // (cert-manager/cert-manager v1.21.1, deploy/charts/cert-manager/values.yaml).
    const certManager = this.platform.addRelease({
      name: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1', needs: [spegel],
      values: { crds: { enabled: true } },
    });
    // external-secrets 2.x (a major jump from 0.19): its CRDs serve only `external-secrets.io/v1`; v1beta1 objects
    // (SecretStore, ExternalSecret, ...) are not served unless `crds.unsafeServeV1Beta1` is set (external-secrets/
    // external-secrets helm-chart-2.9.0, deploy/charts/external-secrets/values.yaml), so write stores and secrets as
    // v1 (platform manifests in v1beta1 fail the synth). The project supports only its latest minor
    // (docs/introduction/stability-support.md).
    this.platform.addRelease({
      name: 'external-secrets', repository: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0', needs: [certManager],
    });
    // Encrypted etcd snapshots to the MinIO on the LAN. The S3 keys are Terraform variables (TF_VAR_s3_access_key_id,
    // TF_VAR_s3_secret_access_key): the JSON holds references only, and the platform turns them into a Secret.
    const accessKeyId = new TerraformVariable(this, 's3_access_key_id', { type: 'string', sensitive: true, description: 'S3 access key ID of the etcd backups' });
    const secretAccessKey = new TerraformVariable(this, 's3_secret_access_key', { type: 'string', sensitive: true, description: 'S3 secret access key of the etcd backups' });
    this.platform.addEtcdBackups({
      s3: { bucket: 'talos-backups', region: 'us-east-1', endpoint: 'https://s3.home.arpa' },
      credentials: S3Credentials.fromSensitiveValues({ accessKeyId: accessKeyId.stringValue, secretAccessKey: secretAccessKey.stringValue }),
      ageRecipient: BACKUP_RECIPIENT,
    });
    // The handoff, declared last: Flux waits for everything above, then applies the repository's cluster layout
    // (kubernetes/flux/cluster, which points Flux at kubernetes/apps). A public repository needs no credentials.
    this.platform.addGitOps(GitOps.flux({ url: 'https://github.com/tscibilia/home-ops.git', path: 'kubernetes/flux/cluster' }));
  }
}
