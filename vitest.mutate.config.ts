import { defineConfig } from 'vitest/config';

/** As in vitest.config.ts: a timeout catches a hang; on a busy machine a test takes several times longer. */
const HANG_MS = 180_000;

/**
 * The tests Stryker runs against each mutant (`npm run mutate`). Mutants live inside the vitest process,
 * so tests that spawn the built CLI (test/cli) never see them and only cost time; the property and fuzz
 * tests draw thousands of documents per run and would multiply the run time for few extra kills, as would
 * the run of ten million sessions that checks a bound, not a behaviour. No global setup: none of these
 * tests needs the CLI bundle.
 */
export default defineConfig({
  test: {
    include: [
      'test/rules/**/*.test.ts',
      'test/lifecycle/**/*.test.ts',
      'test/sim/**/*.test.ts',
      'test/analysis/**/*.test.ts',
      'test/model/**/*.test.ts',
      // The lease log and the --why reducer (src/analysis) are read by the leasing tests.
      'test/leasing/**/*.test.ts',
    ],
    exclude: [
      'test/**/*.property.test.ts',
      'test/**/fuzz.test.ts',
      'test/model/spread-sessions-limit.test.ts',
    ],
    testTimeout: HANG_MS,
    hookTimeout: HANG_MS,
  },
});
