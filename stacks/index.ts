import { App } from 'cdktf';
import { ExampleStackProps } from './backend';
import { HomeOpsClusterStack, HomeOpsClusterStackProps, HomeOpsPlatformStack } from './home-ops';
import { HomelabClusterStack, HomelabPlatformStack } from './homelab';
import { PiClusterStack, PiPlatformStack } from './pi';
import { PlatformStack } from './platform';
import { SingleNodeClusterStack, SingleNodePlatformStack } from './single-node';

/** Options every example stack shares. */
export type ExampleStacksOptions = ExampleStackProps;

/** Adds every example stack to the app, all with the same state backend: each scenario's cluster, then its platform. */
export function addExampleStacks(app: App, options: ExampleStacksOptions = {}): void {
  const singleNode = new SingleNodeClusterStack(app, 'single-node-cluster', options);
  new SingleNodePlatformStack(app, 'single-node-platform', singleNode, options);
  const homelab = new HomelabClusterStack(app, 'homelab-cluster', options);
  new HomelabPlatformStack(app, 'homelab-platform', homelab, options);
  const homeOps = new HomeOpsClusterStack(app, 'home-ops-cluster', options);
  new HomeOpsPlatformStack(app, 'home-ops-platform', homeOps, options);
  const pi = new PiClusterStack(app, 'pi-cluster', options);
  new PiPlatformStack(app, 'pi-platform', pi, options);
}

export {
  ExampleStackProps, HomeOpsClusterStack, HomeOpsClusterStackProps, HomeOpsPlatformStack, HomelabClusterStack, HomelabPlatformStack, PiClusterStack,
  PiPlatformStack, PlatformStack, SingleNodeClusterStack, SingleNodePlatformStack,
};
