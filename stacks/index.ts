import { App } from 'cdktf';
import { HomeOpsClusterStack, HomeOpsPlatformStack } from './home-ops';
import { HomelabClusterStack, HomelabPlatformStack } from './homelab';
import { PiClusterStack, PiPlatformStack } from './pi';
import { PlatformStack } from './platform';
import { SingleNodeClusterStack, SingleNodePlatformStack } from './single-node';

/** Adds every example stack to the app: each scenario's cluster stack, then its platform stack. */
export function addExampleStacks(app: App): void {
  const singleNode = new SingleNodeClusterStack(app, 'single-node-cluster');
  new SingleNodePlatformStack(app, 'single-node-platform', singleNode);
  const homelab = new HomelabClusterStack(app, 'homelab-cluster');
  new HomelabPlatformStack(app, 'homelab-platform', homelab);
  const homeOps = new HomeOpsClusterStack(app, 'home-ops-cluster');
  new HomeOpsPlatformStack(app, 'home-ops-platform', homeOps);
  const pi = new PiClusterStack(app, 'pi-cluster');
  new PiPlatformStack(app, 'pi-platform', pi);
}

export {
  HomeOpsClusterStack, HomeOpsPlatformStack, HomelabClusterStack, HomelabPlatformStack, PiClusterStack, PiPlatformStack,
  PlatformStack, SingleNodeClusterStack, SingleNodePlatformStack,
};
