import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { FirstContact, HelmRelease, InstallDisk, MetalLbAdvertisement, MetalLbPool, TalosCluster } from '../constructs';
import { ExampleStackProps, useBackend } from './backend';
import { PlatformStack } from './platform';

/**
 * Seed 002: a single bare-metal node (an ODROID H4+) that is control plane and worker at once, on a LAN whose router
 * leases 10.0.0.100-254. The node's static address sits outside that range (the seed's address-collision outage),
 * workloads run on the control plane, and the control-plane `exclude-from-external-load-balancers` label is removed
 * so MetalLB can announce from the node.
 */
export class SingleNodeClusterStack extends TerraformStack {
  public readonly cluster: TalosCluster;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    useBackend(this, props);
    this.cluster = new TalosCluster(this, 'home', {
      clusterName: 'home',
      talosVersion: 'v1.12.11',
      kubernetesVersion: '1.35.4',
      network: { gateway: '10.0.0.1', dhcpRange: '10.0.0.100-10.0.0.254' },
      kubernetes: { allowSchedulingOnControlPlanes: true },
      nodeDefaults: { nameservers: ['10.0.0.1', '1.1.1.1'] },
      controlPlane: {
        nodeLabels: { 'node.kubernetes.io/exclude-from-external-load-balancers': null },
      },
    });
    const node = this.cluster.addControlPlane({
      hostname: 'home-01-cp-0',
      links: [{ interface: 'enp1s0', addresses: ['10.0.0.2/24'] }],
      installDisk: InstallDisk.path('/dev/nvme0n1'),
      // The node boots an ISO made for it, whose `ip=` kernel argument puts it at 10.0.0.2 in maintenance mode, so the
      // first apply reaches it there. Write the `boot_iso` output to a USB stick and boot the box from it.
      firstContact: FirstContact.bootMedia(),
    });

    new TerraformOutput(this, 'boot_iso', {
      description: 'ISO to boot home-01-cp-0 from before its first deploy: it comes up at 10.0.0.2 in maintenance mode',
      value: node.bootMedia.iso,
    });

    new TerraformOutput(this, 'talosconfig', { value: this.cluster.talosconfig, sensitive: true });
    new TerraformOutput(this, 'kubeconfig', { value: this.cluster.kubeconfig, sensitive: true });
  }
}

/**
 * Seed 002's platform, deployed after `single-node-cluster`: MetalLB announcing the single address 10.0.0.3 by layer 2
 * from the one node (pinned by hostname), and ingress-nginx as the only entry point, holding that address.
 * The pool stays clear of the node (10.0.0.2), the gateway (10.0.0.1) and the router's DHCP range (10.0.0.100-254),
 * which caused the seed's outage.
 */
export class SingleNodePlatformStack extends PlatformStack {
  /** The MetalLB pool. */
  public readonly pool: MetalLbPool;
  /** The ingress controller. */
  public readonly ingress: HelmRelease;

  constructor(scope: Construct, id: string, cluster: SingleNodeClusterStack, props: ExampleStackProps = {}) {
    super(scope, id, { ...props, cluster: cluster.cluster });
    this.pool = this.platform.addMetalLbPool({
      name: 'lan',
      addresses: ['10.0.0.3/32'],
      advertisement: MetalLbAdvertisement.l2({ nodes: ['home-01-cp-0'] }),
    });
    // ingress-nginx: https://kubernetes.github.io/ingress-nginx, chart `ingress-nginx` (4.13.x ships controller 1.13).
    // It waits for the pool, because Helm waits for its LoadBalancer service to get an address.
    this.ingress = this.platform.addRelease({
      name: 'ingress-nginx',
      repository: 'https://kubernetes.github.io/ingress-nginx',
      chart: 'ingress-nginx',
      version: '4.13.3',
      values: {
        controller: { service: { annotations: { 'metallb.io/loadBalancerIPs': '10.0.0.3' } } },
      },
      needs: [this.pool],
    });
  }
}
