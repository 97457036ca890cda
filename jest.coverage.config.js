/**
 * `npm run coverage`: the `npm test` suite with coverage of the library (the cores and the constructs, not the
 * generated bindings nor the generated contract validators), held to the thresholds below. `.ci/run` runs it; `npm
 * test` does not (instrumenting every file would break its time budget).
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  collectCoverage: true,
  coverageProvider: 'v8',
  collectCoverageFrom: ['constructs/**/*.ts', '!constructs/machine-config/contract-validators.ts'],
  coverageDirectory: 'node_modules/.cache/cdktf-talos/coverage',
  coverageReporters: ['text-summary', ['text', { skipFull: true }], 'json-summary'],
  coverageThreshold: {
    // 90% of branches on the cores and the constructs (92.9% when the threshold was set).
    global: { branches: 90 },
  },
};
