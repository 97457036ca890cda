import { App } from 'cdktf';
import { HomeOpsClusterStack } from './home-ops';
import { HomelabClusterStack } from './homelab';
import { PiClusterStack } from './pi';
import { PlatformStack } from './platform';
import { SingleNodeClusterStack, SingleNodePlatformStack } from './single-node';

/** Adds every example stack to the app: each scenario's cluster stack, then its platform stack. */
export function addExampleStacks(app: App): void {
  const singleNode = new SingleNodeClusterStack(app, 'single-node-cluster');
  new SingleNodePlatformStack(app, 'single-node-platform', singleNode);
  new HomelabClusterStack(app, 'homelab-cluster');
  new HomeOpsClusterStack(app, 'home-ops-cluster');
  new PiClusterStack(app, 'pi-cluster');
}

export { HomeOpsClusterStack, HomelabClusterStack, PiClusterStack, PlatformStack, SingleNodeClusterStack, SingleNodePlatformStack };
