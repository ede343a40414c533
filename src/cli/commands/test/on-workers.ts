import { mapOnWorkers } from '../../worker-pool.js';
import { type FileJob, type FileOutcome, runScenarioFile } from './file-outcome.js';

/** The worker entry, which the build puts beside the CLI bundle. */
const workerEntry = new URL('./test-worker.js', import.meta.url);

/**
 * Runs scenario files on `jobs` threads (see `mapOnWorkers`) and yields their outcomes in file order,
 * each as soon as it and every file before it have finished.
 */
export function runOnWorkers(files: readonly FileJob[], jobs: number): AsyncGenerator<FileOutcome> {
  return mapOnWorkers(files, jobs, workerEntry, runScenarioFile, died);
}

function died(message: string, stack: string | undefined): FileOutcome {
  return { kind: 'crashed', warnings: [], error: { message, stack } };
}
