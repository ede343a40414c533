// @ts-check
/**
 * Mutation testing of the engine's decision code: `npm run mutate`, or one folder with
 * `npm run mutate -- --mutate 'src/rules/**\/*.ts'`. Too slow for CI (see README, "Mutation testing").
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: ['src/rules/**/*.ts', 'src/lifecycle/**/*.ts', 'src/sim/**/*.ts', 'src/analysis/**/*.ts'],
  // Two cores shared with other work: one test process at a time.
  concurrency: 1,
  // Reruns test only mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
