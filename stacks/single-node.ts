import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { InstallDisk, TalosCluster } from '../constructs';
import { ExampleStackProps, useBackend } from './backend';

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
    this.cluster.addControlPlane({
      hostname: 'home-01-cp-0',
      links: [{ interface: 'enp1s0', addresses: ['10.0.0.2/24'] }],
      installDisk: InstallDisk.path('/dev/nvme0n1'),
    });

    new TerraformOutput(this, 'talosconfig', { value: this.cluster.talosconfig, sensitive: true });
    new TerraformOutput(this, 'kubeconfig', { value: this.cluster.kubeconfig, sensitive: true });
  }
}
