import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Board, FirstContact, GitCredentials, GitOps, MetalLbAdvertisement, TalosCluster } from '../constructs';
import { ExampleStackProps, useBackend } from './backend';
import { PlatformStack } from './platform';

/**
 * Seeds 000 and 004: a highly available cluster of Raspberry Pis on Talos 1.14, three control planes behind a VIP
 * plus workers, each installed to the board's own disk from the Image Factory's Raspberry Pi image. Flash the disk
 * image from the `disk_image` output, boot the boards (DHCP reservations for the addresses below), then deploy.
 * On the 0.12 provider line, rendered with the Talos 1.14 documents; set `upgrades: { healthGates: true }` once the
 * cluster runs.
 */
export class PiClusterStack extends TerraformStack {
  public readonly cluster: TalosCluster;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    useBackend(this, props);
    this.cluster = new TalosCluster(this, 'pi', {
      clusterName: 'pi',
      talosVersion: 'v1.14.0',
      kubernetesVersion: '1.36.3',
      // The 0.12 line is built on the Talos 1.14 SDK, so the Pis get the 1.14 documents (0.11 caps them at 1.13).
      providerLine: '0.12',
      vip: '192.168.1.20',
      network: { gateway: '192.168.1.1', dhcpRange: '192.168.1.100-192.168.1.250' },
      nodeDefaults: { nameservers: ['192.168.1.1'] },
      // The router reserves each Pi's address for its MAC, so a freshly flashed board is already there in maintenance mode.
      firstContact: FirstContact.dhcpReservation(),
    });
    const pi = (hostname: string, address: string) => ({
      hostname,
      board: Board.RASPBERRY_PI,
      links: [{ interface: 'end0', addresses: [address] }],
    });
    for (const i of [1, 2, 3]) this.cluster.addControlPlane(pi(`pi-cp-${i}`, `192.168.1.2${i}/24`));
    for (const i of [1, 2, 3]) this.cluster.addWorker(pi(`pi-worker-${i}`, `192.168.1.3${i}/24`));

    new TerraformOutput(this, 'disk_image', {
      description: 'Image Factory Raspberry Pi disk image to flash onto every board',
      value: this.cluster.allNodes[0].bootMedia.diskImage,
    });
    new TerraformOutput(this, 'talosconfig', { value: this.cluster.talosconfig, sensitive: true });
    new TerraformOutput(this, 'kubeconfig', { value: this.cluster.kubeconfig, sensitive: true });
  }
}

/**
 * Seeds 000/004's platform: MetalLB announcing 192.168.1.40-59 by L2 from the Pis' onboard NICs, then Argo CD (its
 * images are multi-arch, so it runs on the Pis) syncing the apps of a private repository as an app of apps.
 */
export class PiPlatformStack extends PlatformStack {
  constructor(scope: Construct, id: string, cluster: PiClusterStack, props: ExampleStackProps = {}) {
    super(scope, id, { ...props, cluster: cluster.cluster });
    this.platform.addMetalLbPool({ name: 'lan', addresses: ['192.168.1.40-192.168.1.59'], advertisement: MetalLbAdvertisement.l2({ interfaces: ['end0'] }) });
    // A fine-grained GitHub token with read access to the repository's contents, as TF_VAR_git_token: the platform
    // creates the repository Secret Argo CD finds by URL, and the JSON holds only the reference.
    const token = new TerraformVariable(this, 'git_token', { type: 'string', sensitive: true, description: 'read-only token of the Argo CD repository' });
    this.platform.addGitOps(GitOps.argoCd({
      url: 'https://github.com/example/pi-apps.git',
      path: 'apps',
      credentials: GitCredentials.token({ token: token.stringValue }),
    }));
  }
}
