import { App } from 'cdktf';
import { HomeOpsClusterStack } from './home-ops';
import { HomelabClusterStack } from './homelab';
import { PiClusterStack } from './pi';
import { SingleNodeClusterStack } from './single-node';

/** Adds every example stack to the app. */
export function addExampleStacks(app: App): void {
  new SingleNodeClusterStack(app, 'single-node-cluster');
  new HomelabClusterStack(app, 'homelab-cluster');
  new HomeOpsClusterStack(app, 'home-ops-cluster');
  new PiClusterStack(app, 'pi-cluster');
}

export { HomeOpsClusterStack, HomelabClusterStack, PiClusterStack, SingleNodeClusterStack };
