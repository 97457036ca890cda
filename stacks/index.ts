import { App } from 'cdktf';
import { ExampleStackProps } from './backend';
import { SingleNodeClusterStack } from './single-node';

/** Options every example stack shares. */
export type ExampleStacksOptions = ExampleStackProps;

/** Adds every example stack to the app, all with the same state backend. */
export function addExampleStacks(app: App, options: ExampleStacksOptions = {}): void {
  new SingleNodeClusterStack(app, 'single-node-cluster', options);
}

export { ExampleStackProps, SingleNodeClusterStack };
