import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { FirstContact, HelmRelease, InstallDisk, ManifestsRelease, MetalLbAdvertisement, MetalLbPool, TalosCluster } from '../constructs';
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
 * The single-node box's platform, deployed after `single-node-cluster`: MetalLB announcing the single address 10.0.0.3
 * by layer 2 from the one node (pinned by hostname), and Envoy Gateway (a Gateway API implementation) as the only
 * entry point: one `Gateway` whose Envoy Service holds that address. Applications attach `HTTPRoute`s to the Gateway
 * `lan` in `envoy-gateway-system` from any namespace.
 * The pool stays clear of the node (10.0.0.2), the gateway (10.0.0.1) and the router's DHCP range (10.0.0.100-254),
 * which caused an address collision before.
 *
 * Why Envoy Gateway (ingress-nginx was retired on 2026-03-24): its chart brings the Gateway API CRDs with it (the
 * `crds` subchart, Gateway API v1.6.1 at Envoy Gateway v1.9.0), so one Helm release and one manifests release deploy
 * it in one apply; Traefik's chart no longer ships those CRDs (traefik/traefik-helm-chart v41.3.0, README "Gateway API
 * CRDs") and Cilium's Gateway API needs Cilium as the CNI. The `EnvoyProxy` resource gives the Gateway's Service the
 * MetalLB address (`envoyService.annotations`, envoyproxy/gateway v1.9.0 `api/v1alpha1`); one Gateway, one
 * LoadBalancer Service, one address, as before.
 */
export class SingleNodePlatformStack extends PlatformStack {
  /** The MetalLB pool. */
  public readonly pool: MetalLbPool;
  /** The Envoy Gateway controller (and the Gateway API CRDs it brings). */
  public readonly gatewayController: HelmRelease;
  /** The `EnvoyProxy`, `GatewayClass` and `Gateway` that hold 10.0.0.3. */
  public readonly gateway: ManifestsRelease;

  constructor(scope: Construct, id: string, cluster: SingleNodeClusterStack, props: ExampleStackProps = {}) {
    super(scope, id, { ...props, cluster: cluster.cluster });
    this.pool = this.platform.addMetalLbPool({
      name: 'lan',
      addresses: ['10.0.0.3/32'],
      advertisement: MetalLbAdvertisement.l2({ nodes: ['home-01-cp-0'] }),
    });
    // Envoy Gateway: oci://docker.io/envoyproxy, chart `gateway-helm` (chart versions carry the `v`); it supports
    // Kubernetes 1.33 to 1.36 (site/content/en/news/releases/matrix.md at v1.9.0).
    this.gatewayController = this.platform.addRelease({
      name: 'envoy-gateway',
      namespace: 'envoy-gateway-system',
      repository: 'oci://docker.io/envoyproxy',
      chart: 'gateway-helm',
      version: 'v1.9.0',
    });
    this.gateway = this.platform.addManifests({
      name: 'gateway',
      namespace: 'envoy-gateway-system',
      // After the CRDs (the controller's chart) and the pool that the Service's address comes from.
      needs: [this.gatewayController, this.pool],
      manifests: [
        {
          apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'EnvoyProxy', metadata: { name: 'lan' },
          spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { annotations: { 'metallb.io/loadBalancerIPs': '10.0.0.3' } } } } },
        },
        {
          apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'envoy-gateway' },
          spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
        },
        {
          apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'lan' },
          spec: {
            gatewayClassName: 'envoy-gateway',
            infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'lan' } },
            listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }],
          },
        },
      ],
    });
  }
}
