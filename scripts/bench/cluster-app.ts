/**
 * The app `npm run bench` synthesizes to see how synthesis grows with the size of a cluster: one stack with a
 * homelab-shaped cluster of BENCH_NODES nodes (default 3): three control planes, then workers, every node a Proxmox
 * VM on one of three hosts with the cluster's extensions, mirrors and sysctls.
 */
import { App, TerraformStack } from 'cdktf';
import { ProxmoxConnection, StateBackend, TalosCluster } from '../../constructs';

const nodes = Number(process.env.BENCH_NODES ?? 3);
const app = new App();
const stack = new TerraformStack(app, `cluster-${nodes}`);
StateBackend.local().bind(stack);
new ProxmoxConnection(stack, 'proxmox', { credentials: 'variables' });
const cluster = new TalosCluster(stack, 'lab', {
  clusterName: 'lab',
  talosVersion: 'v1.13.9',
  kubernetesVersion: '1.36.3',
  vip: '10.0.0.10',
  network: { gateway: '10.0.0.1', dhcpRange: '10.0.200.1-10.0.200.254' },
  proxmox: { diskDatastore: 'local-lvm', isoDatastore: 'local' },
  // A /24 of pods per node: the default /16 holds 256 nodes, a /15 holds the 300-node case.
  kubernetes: { podSubnets: ['10.244.0.0/15'] },
  nodeDefaults: {
    extensions: ['siderolabs/qemu-guest-agent', 'siderolabs/nfs-utils'],
    nameservers: ['10.0.0.1', '1.1.1.1'],
    registryMirrors: { 'docker.io': { endpoints: ['http://10.0.0.5:5000'] }, 'ghcr.io': { endpoints: ['http://10.0.0.5:5010'] } },
    sysctls: { 'fs.inotify.max_user_watches': 1048576, 'net.ipv4.ip_forward': 1 },
  },
});
for (let i = 0; i < nodes; i++) {
  const host = `pve${(i % 3) + 1}`;
  const address = `10.0.${1 + Math.floor(i / 200)}.${10 + (i % 200)}/16`;
  const vm = { proxmoxNode: host, vmId: 1000 + i, cores: 4, memoryMiB: 8192, diskSizeGiB: 64, nics: [{ addresses: [address] }] };
  if (i < 3) cluster.addControlPlane({ hostname: `cp-${i}`, vm });
  else cluster.addWorker({ hostname: `worker-${i}`, vm });
}
app.synth();
