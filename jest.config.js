// One run, three kinds of test: pure unit specs (src/**), integration specs on a real
// PostgreSQL and end-to-end specs over HTTP (test/**). Each file gets its own database.
const { availableParallelism } = require('node:os');

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
  },
];

const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // openid-client and its dependencies are ESM only, which jest under Node 20 cannot require (Node itself can): compiled like ours.
  transform: { '^.+\\.ts$': swc, [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  // Room for a browser test's several waits (each up to Playwright's 30 s) on a loaded two-core machine; a hung test still fails.
  testTimeout: 60_000,
  // Twice as many workers as cores: the tests wait on PostgreSQL and the browser as much as they
  // compute. On 2 cores, CI took 9 min with 1 worker, 5 min 9 s with 2 and 4 min 55 s with 3 (643
  // tests); on 8 December 2026 (810 tests) jest took 367 s with 3 and 319 s with 4, the cores busy 148% with 3.
  maxWorkers: availableParallelism() * 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
