import { setImmediate as turn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { type FileJob, type FileOutcome, runScenarioFile } from './file-outcome.js';

/** The worker entry, which the build puts beside the CLI bundle. */
const workerEntry = new URL('./test-worker.js', import.meta.url);

/**
 * Runs scenario files on `jobs` threads, this one and `jobs - 1` workers, and yields their outcomes in
 * file order, each as soon as it and every file before it have finished. Files are handed out in order,
 * one per idle thread, so the outcomes the caller waits for next are the ones being worked on. This
 * thread takes files too: it has the library loaded already, and starts while the workers load theirs.
 * Stopping early (a `break` or a throw in the caller's loop) terminates the workers.
 */
export async function* runOnWorkers(files: readonly FileJob[], jobs: number): AsyncGenerator<FileOutcome> {
  const outcomes = files.map(() => deferred<FileOutcome>());
  let next = 0;
  let stopped = false;
  const inThisThread = async () => {
    while (!stopped && next < files.length) {
      const index = next++;
      outcomes[index]!.resolve(await runScenarioFile(files[index]!));
      // Let the workers' messages in, so that an idle worker gets its next file now.
      await turn();
    }
  };
  const workers = Array.from({ length: Math.min(jobs, files.length) - 1 }, () => {
    const worker = new Worker(workerEntry);
    let current: number | undefined;
    const finish = (outcome: FileOutcome) => {
      if (current === undefined) return;
      outcomes[current]!.resolve(outcome);
      current = undefined;
    };
    const takeNext = () => {
      if (next >= files.length) {
        void worker.terminate();
        return;
      }
      current = next++;
      worker.postMessage(files[current]);
    };
    worker.on('message', (outcome: FileOutcome) => {
      finish(outcome);
      takeNext();
    });
    // A worker that dies (out of memory, a failed start) fails the file it had; the caller stops there.
    worker.on('error', (error) => finish(died(error.message, error.stack)));
    worker.on('exit', (code) => finish(died(`the worker thread exited with code ${code}`, undefined)));
    takeNext();
    return worker;
  });
  const local = inThisThread();
  try {
    for (const outcome of outcomes) yield await outcome.promise;
  } finally {
    stopped = true;
    await Promise.all([local, ...workers.map((w) => w.terminate())]);
  }
}

function died(message: string, stack: string | undefined): FileOutcome {
  return { kind: 'crashed', warnings: [], error: { message, stack } };
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
}

/** `Promise.withResolvers`, which Node 20 lacks. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
