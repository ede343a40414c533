import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run mutate`). Mutants live inside the vitest process,
 * so tests that spawn the built CLI (test/cli) never see them and only cost time; the property and fuzz
 * tests draw thousands of documents per run and would multiply the run time for few extra kills. No
 * global setup: none of these tests needs the CLI bundle.
 */
export default defineConfig({
  test: {
    include: [
      'test/rules/**/*.test.ts',
      'test/lifecycle/**/*.test.ts',
      'test/sim/**/*.test.ts',
      'test/analysis/**/*.test.ts',
      'test/model/**/*.test.ts',
    ],
    exclude: ['test/**/*.property.test.ts', 'test/**/fuzz.test.ts'],
    testTimeout: 30_000,
  },
});
