import { App } from 'cdktf';
import { PlatformStack } from './platform';
import { SingleNodeClusterStack, SingleNodePlatformStack } from './single-node';

/** Adds every example stack to the app: each scenario's cluster stack, then its platform stack. */
export function addExampleStacks(app: App): void {
  const singleNode = new SingleNodeClusterStack(app, 'single-node-cluster');
  new SingleNodePlatformStack(app, 'single-node-platform', singleNode);
}

export { PlatformStack, SingleNodeClusterStack, SingleNodePlatformStack };
