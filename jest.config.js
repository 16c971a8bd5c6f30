// Three suites: unit (pure code, milliseconds), integration (a real `mlflow server` on loopback),
// e2e (`node dist/index.js` spawned the way the runner spawns it, against loopback servers).
const shared = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // out/ holds run outputs, among them StrykerJS's sandboxes (copies of the repository).
  modulePathIgnorePatterns: ['<rootDir>/out/'],
  // Drops the workflow commands (::debug::, ::add-mask::) that @actions/core writes to stdout
  // when code under test runs in the Jest process.
  setupFiles: ['<rootDir>/test/support/quiet-workflow-commands.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }
    ]
  }
}

export default {
  // Integration and e2e tests start real servers and real `mlflow run`s (a project option cannot
  // set this).
  testTimeout: 300000,
  // Every core: the end-to-end files wait on servers and on `mlflow run` most of the time, and
  // each starts its own servers on free ports in temporary directories.
  maxWorkers: '100%',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts']
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] }
  ]
}
