// Unit specs live beside the code; integration and e2e specs live in test/.
// Both use real TypeScript through swc (decorator metadata on, as Nest needs).
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc.jest.json', 'utf8'));
const shared = {
  transform: { '^.+\\.tsx?$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@yunzhao/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
  testEnvironment: 'node',
};
module.exports = {
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // Real browsers, mediasoup and Postgres on a 2-core machine: e2e hooks may take a while.
  testTimeout: 60_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,scripts,bench}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env.ts'],
    },
  ],
};
