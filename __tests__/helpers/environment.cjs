/**
 * jest's node test environment, and one change to how its workers end.
 *
 * A jest worker ends when its event loop drains; node then frees the whole heap before the process is gone. A worker
 * that has run many synth-heavy test files holds a heap of 350 MiB and more (mostly garbage), and freeing it took
 * longer than the 500 ms jest allows, so jest killed the workers and warned "A worker process has failed to exit
 * gracefully" on every run. It was no open handle: the workers reached their 'exit' event at once. So when a worker
 * is exiting anyway, it leaves with `process.exit()` from its 'exit' event, which skips that teardown (node does not
 * emit 'exit' twice).
 */
const { TestEnvironment } = require('jest-environment-node');

const ONCE = Symbol.for('cdktf-talos.fast-worker-exit');
// Only in a worker (a forked child with an IPC channel), never in the jest process itself.
if (typeof process.send === 'function' && process.env.JEST_WORKER_ID !== undefined && !process[ONCE]) {
  process[ONCE] = true;
  process.once('exit', () => process.exit());
}

module.exports = TestEnvironment;
