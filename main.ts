import { App } from 'cdktf';
import { addExampleStacks } from './stacks';

const app = new App();
addExampleStacks(app);
try {
  app.synth();
} catch (err) {
  // A declaration error is the user's to fix: print the message (it names every field, value and fix), not a trace.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
