// A worker thread of `licensim test --jobs N`: runs the scenario files it is sent, one at a time, and posts
// each outcome back. The build bundles this file as dist/test-worker.js, beside the CLI.
import { parentPort } from 'node:worker_threads';
import { crashReport, type FileJob, type FileOutcome, runScenarioFile } from './file-outcome.js';

const port = parentPort;
if (port === null) throw new Error('test-worker.js runs as a worker thread of `licensim test`');

port.on('message', async (job: FileJob) => {
  const outcome = await runScenarioFile(job);
  try {
    port.postMessage(outcome);
  } catch (error) {
    // A report that cannot be cloned is a bug; say so for this file rather than leave it pending.
    const crashed: FileOutcome = { kind: 'crashed', warnings: outcome.warnings, error: crashReport(error) };
    port.postMessage(crashed);
  }
});
