import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Timeouts catch a test that hangs; they do not judge speed (no test asserts elapsed time). They are set
 * for a busy machine: with four other CPU-heavy processes on two cores, a test takes several times as
 * long as on an idle one. Heavier tests (property tests, the package install) set longer ones.
 */
const HANG_MS = 180_000;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: HANG_MS,
    hookTimeout: HANG_MS,
    globalSetup: ['test/global-setup.ts'],
    // vitest runs one file fewer at once than there are cores: one file at a time on a two-core CI
    // machine, where the suite spends most of its time waiting on the child processes its CLI tests
    // spawn. A file per core keeps both busy.
    maxWorkers: availableParallelism(),
  },
});
