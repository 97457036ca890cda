import { DataTerraformRemoteStateLocal, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ITalosCluster, KubernetesClientConfiguration, MetalLbAdvertisement, Platform, TalosCluster, TalosClusterProps, TalosClusterReference } from '../constructs';
import { ClusterNode } from '../constructs/machine-config';
import { HOMELAB, lanNode, releaseValues, synthStacks } from './helpers/platform';

/** The cluster's options and nodes, as two repositories would share them. */
const OPTIONS: TalosClusterProps = {
  ...HOMELAB, vip: '10.0.20.10',
  kubernetes: { cni: 'none', kubeProxy: false },
  nodeDefaults: { containerd: { discardUnpackedLayers: false } },
};
const NODES: ClusterNode[] = [
  { role: 'controlplane', ...lanNode('cp1', '10.0.20.11') },
  { role: 'worker', ...lanNode('w1', '10.0.20.21') },
  { role: 'worker', ...lanNode('gpu1', '10.0.20.31'), gpu: { model: 'Tesla T4' } },
];

/** The cluster's app: a TalosCluster from the shared options and nodes. */
function clusterApp(scope: Construct, options: TalosClusterProps, nodes: ClusterNode[]): TalosCluster {
  const cluster = new TalosCluster(scope, options.clusterName, options);
  for (const { role, gpu, ...node } of nodes) {
    if (gpu) (role === 'worker' ? cluster.addGpuWorker({ ...node, gpu }) : cluster.addGpuControlPlane({ ...node, gpu }));
    else (role === 'worker' ? cluster.addWorker(node) : cluster.addControlPlane(node));
  }
  return cluster;
}

/** What the platform's app adds, whichever way it got the cluster. */
function addComponents(platform: Platform): void {
  platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200-10.0.20.220'], advertisement: MetalLbAdvertisement.l2({ nodes: ['cp1'] }) });
  platform.addSpegel();
  platform.addNodeLabels({ node: 'w1', labels: { 'node-role.kubernetes.io/worker': '' } });
  platform.addNodeTaints({ node: 'gpu1', taints: { 'nvidia.com/gpu': 'true:NoSchedule' } });
}

const CREDENTIALS: KubernetesClientConfiguration = { host: 'https://10.0.20.10:6443', caCertificate: 'ca', clientCertificate: 'crt', clientKey: 'key' };

/** A platform for the cluster of another app: its options and nodes, and the client configuration from its state. */
function platformElsewhere(): { reference: ITalosCluster; json: Record<string, any> } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'homelab-platform');
  const state = new DataTerraformRemoteStateLocal(stack, 'cluster', { path: '../homelab/terraform.homelab-cluster.tfstate' });
  const reference = TalosClusterReference.fromAttributes(stack, 'homelab', {
    ...OPTIONS,
    nodes: NODES,
    kubernetesClientConfiguration: {
      host: state.getString('kubernetes_host'),
      caCertificate: state.getString('kubernetes_ca_certificate'),
      clientCertificate: state.getString('kubernetes_client_certificate'),
      clientKey: state.getString('kubernetes_client_key'),
    },
  });
  // The reference creates nothing, so it may share the platform's stack (a TalosCluster may not).
  addComponents(new Platform(stack, 'platform', { cluster: reference }));
  return { reference, json: synthStacks(app).get('homelab-platform')! };
}

describe('TalosClusterReference', () => {
  it('serves a cluster another app declares exactly as the cluster itself: the same releases, values, namespaces and order', () => {
    const app = Testing.app();
    const cluster = clusterApp(new TerraformStack(app, 'homelab-cluster'), OPTIONS, NODES);
    addComponents(new Platform(new TerraformStack(app, 'homelab-platform'), 'platform', { cluster }));
    const direct = synthStacks(app).get('homelab-platform')!;
    const { json } = platformElsewhere();

    expect(Object.keys(json.resource.helm_release).sort()).toEqual(['cilium', 'metallb', 'metallb-pool-lan', 'nvidia-device-plugin', 'spegel']);
    expect(json.resource).toEqual(direct.resource);
    // What the platform derived from the declaration: Cilium replacing kube-proxy, the device plugin (Talos 1.12) on
    // the T4 node, and the MetalLB speaker ignoring the control plane's exclusion label for the pool pinned to cp1.
    expect(releaseValues(json, 'cilium').kubeProxyReplacement).toBe(true);
    expect(releaseValues(json, 'nvidia-device-plugin').nodeSelector).toEqual({ gpu: 'true', 'nvidia.com/gpu.present': 'true' });
    expect(releaseValues(json, 'metallb').speaker).toEqual({ ignoreExcludeLB: true });
  });

  it('configures the providers from the values it was given (here the cluster stack\'s state), decoding the base64 PEM', () => {
    const { json } = platformElsewhere();
    const out = (name: string): string => `data.terraform_remote_state.cluster.outputs.kubernetes_${name}`;
    const credentials = {
      host: `\${${out('host')}}`,
      cluster_ca_certificate: `\${base64decode(${out('ca_certificate')})}`,
      client_certificate: `\${base64decode(${out('client_certificate')})}`,
      client_key: `\${base64decode(${out('client_key')})}`,
    };
    expect(json.provider.helm).toEqual([{ kubernetes: credentials }]);
    expect(json.provider.kubernetes).toEqual([credentials]);
    expect(json.data.terraform_remote_state.cluster).toMatchObject({ backend: 'local', config: { path: '../homelab/terraform.homelab-cluster.tfstate' } });
  });

  it('has the cluster\'s name, endpoint and GPU nodes', () => {
    const { reference } = platformElsewhere();
    const cluster = clusterApp(new TerraformStack(Testing.app(), 'homelab-cluster'), OPTIONS, NODES);
    expect(reference.clusterName).toBe('homelab');
    expect(reference.endpoint).toBe('https://10.0.20.10:6443');
    expect(reference.endpoint).toBe(cluster.endpoint);
    expect(reference.gpuNodes).toEqual(cluster.gpuNodes);
  });

  it('derives GPU nodes as GpuNode records them: driver, branch, the node\'s Talos version, its labels, no taint when off', () => {
    const options: TalosClusterProps = { ...HOMELAB, clusterName: 'lab', nodeDefaults: { nodeLabels: { site: 'home' } } };
    const nodes: ClusterNode[] = [
      { role: 'controlplane', ...lanNode('cp1', '10.0.20.11') },
      { role: 'worker', ...lanNode('t4', '10.0.20.31', { talosVersion: 'v1.12.11' }), gpu: { model: 'Tesla T4' } },
      {
        role: 'worker', ...lanNode('p400', '10.0.20.32', { talosVersion: 'v1.13.9', nodeLabels: { zone: 'attic', gpu: null } }),
        gpu: { model: 'Quadro P400', taint: false, labels: { accelerator: 'p400' } },
      },
    ];
    const reference = TalosClusterReference.fromAttributes(new TerraformStack(Testing.app(), 'p'), 'lab', { ...options, nodes, kubernetesClientConfiguration: CREDENTIALS });
    const taint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };
    expect(reference.gpuNodes).toEqual([
      { hostname: 't4', talosVersion: 'v1.12.11', driver: 'open', branch: 'production', labels: { site: 'home', gpu: 'true', 'nvidia.com/gpu.present': 'true' }, taint },
      {
        hostname: 'p400', talosVersion: 'v1.13.9', driver: 'proprietary', branch: 'lts',
        labels: { site: 'home', accelerator: 'p400', 'nvidia.com/gpu.present': 'true', zone: 'attic' }, taint: undefined,
      },
    ]);
    expect(reference.gpuNodes).toEqual(clusterApp(new TerraformStack(Testing.app(), 'c'), options, nodes).gpuNodes);
  });

  it('fails when the cluster it is given is invalid, with the cluster\'s own message', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'homelab-platform');
    TalosClusterReference.fromAttributes(stack, 'homelab', { ...OPTIONS, vip: '10.0.20.150', nodes: NODES, kubernetesClientConfiguration: CREDENTIALS });
    expect(() => Testing.synth(stack, true)).toThrow(
      "vip '10.0.20.150' lies in the DHCP range '10.0.20.100-10.0.20.199': pick an address outside it, or the router may lease it to another device");
  });
});
