/**
 * jest's node test environment, with two changes that only affect how fast the tests run.
 *
 * 1. Stack traces that are not errors are not source-mapped. cdktf records a stack trace for every token it creates
 *    (`Error.captureStackTrace` on a plain object), and constructs for every construct's metadata; nothing reads them
 *    unless a token fails to resolve. In a test file, jest's formatter maps every frame of every such trace to the
 *    TypeScript sources, which took a third of a synth's time. Here those traces are left empty (cdktf then records
 *    none), while every real error's stack is formatted by jest as before, source-mapped.
 *
 * 2. Workers exit at once. A jest worker ends when its event loop drains; node then frees the whole heap before the
 *    process is gone. A worker that has run many synth-heavy test files holds a heap of 350 MiB and more (mostly
 *    garbage), and freeing it took longer than the 500 ms jest allows, so jest killed the workers and warned "A worker
 *    process has failed to exit gracefully" on every run. No open handle was involved: the workers reached their
 *    'exit' event at once. So when a worker is exiting anyway, it leaves with `process.exit()` from its 'exit' event,
 *    which skips that teardown (node does not emit 'exit' twice).
 */
const { isNativeError } = require('node:util').types;
const { TestEnvironment } = require('jest-environment-node');

/** V8's own format, for when jest has installed no formatter (it always has, by the time a test runs). */
const plain = (error, frames) => [String(error), ...frames.map((f) => `    at ${f}`)].join('\n');

class Environment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // Node asks the Error of the realm an object was created in first (the test file's), then the worker's, where
    // jest installs its source-mapping formatter.
    this.global.Error.prepareStackTrace = (error, frames) => {
      if (!isNativeError(error)) return '';
      const jestFormat = Error.prepareStackTrace;
      return typeof jestFormat === 'function' ? jestFormat(error, frames) : plain(error, frames);
    };
  }
}

const ONCE = Symbol.for('cdktf-talos.fast-worker-exit');
// Only in a worker (a forked child with an IPC channel), never in the jest process itself.
if (typeof process.send === 'function' && process.env.JEST_WORKER_ID !== undefined && !process[ONCE]) {
  process[ONCE] = true;
  process.once('exit', () => process.exit());
}

module.exports = Environment;
