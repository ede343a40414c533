// @ts-check
// Mutation testing of the engine's decision code: `npm run mutate` (README, "Mutation testing"). Too slow
// for CI: run it by hand, one folder at a time while working on that folder's tests:
//
//   npm run mutate -- --mutate 'src/rules/**/*.ts' --incrementalFile reports/stryker-incremental-rules.json
//
// What is mutated: every file of src/rules, src/lifecycle, src/sim and src/analysis. No file or range
// is excluded here. Mutants that cannot change behaviour (a cache, a speed-only path, a type-only
// literal) are marked where they are, with `// Stryker disable next-line <mutator>: <reason>`, so that
// each exclusion sits next to the code it excuses: `grep -rn 'Stryker disable' src` lists them.
//
// What runs against each mutant: the in-process unit tests (vitest.mutate.config.ts). Tests that spawn
// the built CLI never see a mutant, and the property and fuzz suites would multiply the run time.
//
// Incremental mode reuses the result of every mutant whose code and covering tests are unchanged. A
// mutant reached only outside any test (module-level code, a static mutant) has no covering test, so
// new tests do not retest it: run with `--force` before reporting figures.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: ['src/rules/**/*.ts', 'src/lifecycle/**/*.ts', 'src/sim/**/*.ts', 'src/analysis/**/*.ts'],
  // Two cores shared with other work: one test process at a time.
  concurrency: 1,
  // The first run of every test, which finds what each test covers, takes minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Every folder is above 80 % (README); a run below it fails.
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
