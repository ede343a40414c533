import { setImmediate as turn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

/**
 * Runs jobs on `threads` threads, this one and `threads - 1` workers started from `entry`, and yields
 * their results in job order, each as soon as it and every job before it have finished. Jobs are handed
 * out in order, one per idle thread, so the results the caller waits for next are the ones being worked
 * on. This thread takes jobs too: it has the library loaded already, and starts while the workers load
 * theirs. A worker answers each message with one result. Stopping early (a `break` or a throw in the
 * caller's loop) terminates the workers.
 */
export async function* mapOnWorkers<J, R>(
  jobs: readonly J[],
  threads: number,
  entry: URL,
  runHere: (job: J) => Promise<R>,
  died: (message: string, stack: string | undefined) => R,
): AsyncGenerator<R> {
  const results = jobs.map(() => deferred<R>());
  let next = 0;
  let stopped = false;
  const inThisThread = async () => {
    while (!stopped && next < jobs.length) {
      const index = next++;
      results[index]!.resolve(await runHere(jobs[index]!));
      // Let the workers' messages in, so that an idle worker gets its next job now.
      await turn();
    }
  };
  const workers = Array.from({ length: Math.min(threads, jobs.length) - 1 }, () => {
    const worker = new Worker(entry);
    let current: number | undefined;
    const finish = (result: R) => {
      if (current === undefined) return;
      results[current]!.resolve(result);
      current = undefined;
    };
    const takeNext = () => {
      if (next >= jobs.length) {
        void worker.terminate();
        return;
      }
      current = next++;
      worker.postMessage(jobs[current]);
    };
    worker.on('message', (result: R) => {
      finish(result);
      takeNext();
    });
    // A worker that dies (out of memory, a failed start) fails the job it had; the caller stops there.
    worker.on('error', (error) => finish(died(error.message, error.stack)));
    worker.on('exit', (code) => finish(died(`the worker thread exited with code ${code}`, undefined)));
    takeNext();
    return worker;
  });
  const local = inThisThread();
  try {
    for (const result of results) yield await result.promise;
  } finally {
    stopped = true;
    await Promise.all([local, ...workers.map((w) => w.terminate())]);
  }
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
