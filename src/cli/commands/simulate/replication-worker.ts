// A worker thread of `licensim simulate --replications N --jobs J`: runs the replications it is sent,
// one at a time, and posts each one's figures back. The build bundles this file as
// dist/replication-worker.js, beside the CLI.
import { parentPort } from 'node:worker_threads';
import { type ReplicationJob, runReplicationJob } from './replication-job.js';

const port = parentPort;
if (port === null) throw new Error('replication-worker.js runs as a worker thread of `licensim simulate`');

port.on('message', async (job: ReplicationJob) => {
  port.postMessage(await runReplicationJob(job));
});
