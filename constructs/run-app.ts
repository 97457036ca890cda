import { AnnotationMetadataEntryType, App } from 'cdktf';
import { DeclarationError } from './machine-config';
import { appReport } from './private/report';

/**
 * Synthesizes the app, as `app.synth()` does, and reports bad input as a user wants to read it: every problem of every
 * stack and construct at once, each naming the construct, the field, the value and the fix, without a stack trace,
 * then exits with code 1. After a synth that succeeds, it prints the app's warnings (e.g. a Talos release newer than the
 * library knows), one line each, to the same output. Nothing is written when there is a problem. Any other error is thrown as it is (with its
 * stack trace: it is a bug to report). Use it as the last line of `main.ts`, the app `cdktf synth` runs.
 *
 * @param options.output where the report goes (default: `process.stderr`)
 * @param options.exit exit the process with code 1 after printing the report (default: true); off, `runApp` sets
 *   `process.exitCode` to 1 and returns false instead
 * @returns true when the app was synthesized
 * @example
 * const app = new App();
 * new TalosCluster(new TerraformStack(app, 'home-cluster'), 'home', { ... });
 * runApp(app);
 */
export function runApp(app: App, options: { readonly output?: { write(text: string): unknown }; readonly exit?: boolean } = {}): boolean {
  try {
    // The whole report before anything is written (app.synth() writes each stack once it is validated).
    const error = appReport(app);
    if (error) throw error;
    app.synth();
    const out = options.output ?? process.stderr;
    for (const c of app.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type === AnnotationMetadataEntryType.WARN) out.write(`warning: [${c.node.path}] ${String(m.data)}\n`);
      }
    }
    return true;
  } catch (err) {
    if (!(err instanceof DeclarationError)) throw err;
    (options.output ?? process.stderr).write(`${err.message}\n`);
    if (options.exit ?? true) process.exit(1);
    process.exitCode = 1;
    return false;
  }
}
