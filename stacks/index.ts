import { App } from 'cdktf';
import { SingleNodeClusterStack } from './single-node';

/** Adds every example stack to the app. */
export function addExampleStacks(app: App): void {
  new SingleNodeClusterStack(app, 'single-node-cluster');
}

export { SingleNodeClusterStack };
