import { App, Testing, TerraformStack } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';

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

/**
 * Synthesizes a whole app (as `cdktf synth` does, so cross-stack references become outputs and
 * `terraform_remote_state` data sources) and returns each stack's JSON by stack name.
 */
export function synthApp(app: App): Map<string, Record<string, any>> {
  app.synth();
  const manifest = JSON.parse(readFileSync(join(app.outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return new Map(Object.entries(manifest.stacks).map(([name, s]) => [name, JSON.parse(readFileSync(join(app.outdir, s.synthesizedStackPath), 'utf8'))]));
}
