import { Testing, TerraformStack } from 'cdktf';
import { FirstContact, MetalLbAdvertisement, TalosCluster, TalosClusterProps } from '../constructs';
import { PlatformStack } from '../stacks';
import { lanNode, releaseValues, synthStacks, thrown } from './helpers/platform';

/** A cluster stack as the lead's example stacks build them. */
function clusterStack(app: ReturnType<typeof Testing.app>, id: string, props: TalosClusterProps, controlPlanes: string[], workers: string[]): TalosCluster {
  const cluster = new TalosCluster(new TerraformStack(app, id), props.clusterName, props);
  controlPlanes.forEach((a, i) => cluster.addControlPlane(lanNode(`${props.clusterName}-cp${i + 1}`, a)));
  workers.forEach((a, i) => cluster.addWorker(lanNode(`${props.clusterName}-w${i + 1}`, a)));
  return cluster;
}

const base = { talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', firstContact: FirstContact.dhcpReservation() };

describe('Platform', () => {
  it('wires a homelab-like platform: MetalLB L2 pool outside node addresses, GPU support for the GPU node (seed 001)', () => {
    const app = Testing.app();
    const cluster = clusterStack(app, 'homelab-cluster', { ...base, clusterName: 'homelab', vip: '10.0.20.100', network: { gateway: '10.0.20.1' } },
      ['10.0.20.101'], ['10.0.20.103']);
    cluster.addGpuWorker({ ...lanNode('homelab-gpu', '10.0.20.102'), gpu: { model: 'Tesla T4' } });
    const { platform } = new PlatformStack(app, 'homelab-platform', { cluster });
    platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.200-10.0.20.220'] });
    const json = synthStacks(app).get('homelab-platform')!;
    expect(Object.keys(json.resource.helm_release).sort()).toEqual(['metallb', 'metallb-pool-lan', 'nvidia-device-plugin']);
    expect(releaseValues(json, 'nvidia-device-plugin').nodeSelector).toEqual({ gpu: 'true', 'nvidia.com/gpu.present': 'true' });
    expect(json.terraform.backend).toEqual({ local: { path: '../../../terraform.homelab-platform.tfstate' } });
  });

  it('wires a home-ops-like platform: Cilium without kube-proxy first, then the ordered bootstrap releases (seed 003)', () => {
    const app = Testing.app();
    const cluster = clusterStack(app, 'home-ops-cluster', {
      ...base, clusterName: 'main', vip: '10.0.20.200', kubernetes: { cni: 'none', kubeProxy: false, coreDns: false, allowSchedulingOnControlPlanes: true },
      nodeDefaults: { containerd: { discardUnpackedLayers: false } },
    }, ['10.0.20.201', '10.0.20.202', '10.0.20.203'], []);
    const { platform } = new PlatformStack(app, 'home-ops-platform', { cluster });
    const coredns = platform.addRelease({ name: 'coredns', namespace: 'kube-system', repository: 'https://coredns.github.io/helm', chart: 'coredns', version: '1.43.0' });
    const spegel = platform.addSpegel({ needs: [coredns] });
    const certManager = platform.addRelease({ name: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.18.2', needs: [spegel] });
    platform.addRelease({ name: 'external-secrets', repository: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '0.19.2', needs: [certManager] });
    const r = synthStacks(app).get('home-ops-platform')!.resource.helm_release;
    const after = (name: string): string[] => (r[name].depends_on ?? []).filter((d: string) => d.startsWith('helm_release.'));
    expect(after('cilium')).toEqual([]);
    expect(after('coredns')).toEqual(['helm_release.cilium']);
    expect(after('spegel')).toEqual(['helm_release.cilium', 'helm_release.coredns']);
    expect(after('cert-manager')).toEqual(['helm_release.cilium', 'helm_release.spegel']);
    expect(after('external-secrets')).toEqual(['helm_release.cilium', 'helm_release.cert-manager']);
    expect(releaseValues({ resource: { helm_release: r } }, 'cilium').kubeProxyReplacement).toBe(true);
  });

  it('wires a Raspberry Pi platform: a MetalLB L2 pool (seeds 000/004)', () => {
    const app = Testing.app();
    const cluster = clusterStack(app, 'pi-cluster', { ...base, clusterName: 'pi', network: { gateway: '10.0.20.1' } }, ['10.0.20.51', '10.0.20.52', '10.0.20.53'], []);
    const { platform } = new PlatformStack(app, 'pi-platform', { cluster });
    platform.addMetalLbPool({ name: 'lan', addresses: ['10.0.20.240-10.0.20.250'], advertisement: MetalLbAdvertisement.l2({ interfaces: ['end0'] }) });
    const json = synthStacks(app).get('pi-platform')!;
    // Every node is a control plane that keeps Talos' exclusion label: the speaker must ignore it.
    expect(releaseValues(json, 'metallb').speaker).toEqual({ ignoreExcludeLB: true });
  });

  it('reports every CNI and GPU disagreement at once', () => {
    const app = Testing.app();
    const cluster = clusterStack(app, 'c', { ...base, clusterName: 'c', kubernetes: { kubeProxy: false } }, ['10.0.20.11'], []);
    const message = thrown(() => new PlatformStack(app, 'p', { cluster, gpuSupport: {} }));
    expect(message).toContain('the app has 2 problems');
    expect(message).toContain('cni is Flannel, but cluster \'c\' disables kube-proxy');
    expect(message).toContain("gpuSupport is set, but cluster 'c' has no GPU nodes");
  });
});
