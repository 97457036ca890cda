import { App } from 'cdktf';
import { StateBackend } from './constructs';
import { addExampleStacks } from './stacks';

const app = new App();
try {
  // Local state unless CDKTF_TALOS_BACKEND names another backend (see README, "State backends").
  addExampleStacks(app, { backend: StateBackend.fromEnvironment() });
  app.synth();
} catch (err) {
  // A declaration error is the user's to fix: print the message (it names every field, value and fix), not a trace.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
