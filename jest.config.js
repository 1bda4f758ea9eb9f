/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

const swcReact = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  // Integration tests talk to real databases and processes; per-test timeouts say where more is needed.
  testTimeout: 30000,
  // Biggest first when jest has no timings (a fresh clone), a folder's spec group weighing its specs.
  testSequencer: '<rootDir>/tests/setup/test-sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      // Logic and components of the admin panel, rendered in jsdom.
      displayName: 'admin',
      testEnvironment: 'jsdom',
      transform: { '^.+\\.tsx?$': swcReact },
      moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
      testMatch: ['<rootDir>/tests/admin/**/*.test.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/tests/setup/fail-on-react-warnings.js'],
    },
    {
      ...common,
      displayName: 'sandbox',
      testMatch: ['<rootDir>/tests/sandbox/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      // Strapi loaded once per worker, not once per test file (see the file's first comment).
      testEnvironment: '<rootDir>/tests/setup/integration-environment.js',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/setup/integration-setup.ts',
      globalTeardown: '<rootDir>/tests/setup/integration-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      // Tells an afterEach that its test failed, to show the page (see the file's first comment).
      testEnvironment: '<rootDir>/tests/setup/failure-aware-environment.js',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/setup/build-playground-admin.js',
    },
    {
      // Several real Strapi processes per database for minutes: run by scripts/test.mjs, one
      // database at a time, after the integration suites.
      ...common,
      displayName: 'soak',
      testMatch: ['<rootDir>/tests/soak/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/setup/compile-playground.js',
    },
    {
      ...common,
      displayName: 'package',
      testMatch: ['<rootDir>/tests/package/**/*.test.ts'],
    },
  ],
};
