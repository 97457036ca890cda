import { App, Testing, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { appReport } from '../../constructs/private/report';
import { parse } from 'yaml';
import { FirstContact, InstallDisk, Platform, PlatformProps, TalosCluster, TalosClusterProps, TalosNodeOptions } from '../../constructs';

/** A bare-metal node on 10.0.20.0/24 with one link, installing to /dev/sda. */
export function lanNode(hostname: string, address: string, extra: Partial<TalosNodeOptions> = {}): TalosNodeOptions {
  return { hostname, links: [{ interface: 'eth0', addresses: [`${address}/24`] }], installDisk: InstallDisk.path('/dev/sda'), ...extra };
}

export const HOMELAB: TalosClusterProps = {
  clusterName: 'homelab',
  talosVersion: 'v1.12.11',
  kubernetesVersion: '1.35.4',
  network: { gateway: '10.0.20.1', dhcpRange: '10.0.20.100-10.0.20.199' },
  firstContact: FirstContact.dhcpReservation(),
};

/** A cluster stack and a platform stack in one app, as the example stacks are built. */
export function clusterAndPlatform(
  clusterProps: Partial<TalosClusterProps> = {},
  nodes: { controlPlanes?: TalosNodeOptions[]; workers?: TalosNodeOptions[] } = {},
  platformProps: Omit<PlatformProps, 'cluster'> = {},
): { app: App; clusterStack: TerraformStack; cluster: TalosCluster; platformStack: TerraformStack; platform: Platform } {
  const app = Testing.app();
  const clusterStack = new TerraformStack(app, 'homelab-cluster');
  const cluster = new TalosCluster(clusterStack, 'homelab', { ...HOMELAB, ...clusterProps });
  for (const n of nodes.controlPlanes ?? [lanNode('cp1', '10.0.20.11')]) cluster.addControlPlane(n);
  for (const n of nodes.workers ?? [lanNode('w1', '10.0.20.21'), lanNode('w2', '10.0.20.22')]) cluster.addWorker(n);
  const platformStack = new TerraformStack(app, 'homelab-platform');
  const platform = new Platform(platformStack, 'platform', { cluster, ...platformProps });
  return { app, clusterStack, cluster, platformStack, platform };
}

/**
 * Synthesizes every stack of the app with validations on, after preparing all of them first, as `app.synth()` does:
 * preparing resolves cross-stack references into outputs and `terraform_remote_state`.
 */
export function synthStacks(app: App): Map<string, Record<string, any>> {
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  for (const s of stacks) s.prepareStack();
  return new Map(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s, true)) as Record<string, any>]));
}

/** The synthesized platform stack. */
export function synthPlatform(app: App): Record<string, any> {
  return synthStacks(app).get('homelab-platform')!;
}

/** Synthesizes and returns the error message (fails the test when synth succeeds). */
export function synthStacksError(app: App): string {
  try {
    synthStacks(app);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected synth to fail');
}

/** The values document of a release, parsed. */
export function releaseValues(json: Record<string, any>, release: string): Record<string, any> {
  const values: string[] | undefined = json.resource.helm_release[release].values;
  return values ? parse(values[0]) : {};
}

/**
 * The report a declaration fails with: constructors record problems rather than throw, so the app the function's
 * result (or `scope`) belongs to is checked as synth checks it (fails the test when the app has no problem).
 */
export function thrown(fn: () => unknown, scope?: IConstruct): string {
  let result: unknown;
  try {
    result = fn();
  } catch (err) {
    return (err as Error).message;
  }
  const r = result as { app?: unknown; platform?: unknown } | undefined;
  const at = scope ?? [result, r?.app, r?.platform].find((c): c is IConstruct => Construct.isConstruct(c));
  if (at === undefined) throw new Error('thrown(): give the scope whose app to check');
  const error = appReport(at);
  if (error === undefined) throw new Error('expected the app to have a problem');
  return error.message;
}
