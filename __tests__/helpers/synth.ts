import { App, Testing, TerraformStack } from 'cdktf';

/** The synthesized JSON of a stack, with validations on (as `cdktf synth` runs them). */
export function synthJson(stack: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack, true)) as Record<string, any>;
}

/** A fresh app and stack for a construct test. */
export function testStack(name = 'test'): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  return { app, stack: new TerraformStack(app, name) };
}

/** Runs synth with validations and returns the error message (fails the test when synth succeeds). */
export function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected synth to fail');
}
