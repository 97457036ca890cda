import { App } from 'cdktf';
import { runApp, StateBackend } from './constructs';
import { addExampleStacks } from './stacks';

const app = new App();
// Local state unless CDKTF_TALOS_BACKEND names another backend (see README, "State backends").
addExampleStacks(app, { backend: StateBackend.fromEnvironment() });
// Synthesizes every stack, or prints every problem of the app (field, value and fix) and exits with code 1.
runApp(app);
