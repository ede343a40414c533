import { renderReplications } from '../../../report/replications-text.js';
import {
  type ReplicationPartial,
  type ReplicationValues,
  replicationPlan,
  shardIndices,
  summariseReplications,
} from '../../../run/replications.js';
import { prepareScenario } from '../../../run/simulate.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printWarnings, toJson } from '../../output.js';
import { mapOnWorkers } from '../../worker-pool.js';
import type { SimulateOptions } from './register.js';
import { type ReplicationJob, type ReplicationOutcome, runReplicationJob } from './replication-job.js';

/** The worker entry, which the build puts beside the CLI bundle. */
const workerEntry = new URL('./replication-worker.js', import.meta.url);

/**
 * `simulate --replications N`: N independent replications, `--jobs` at once on worker threads, summarised
 * per pool; with `--shard i/n`, only that shard's replications, written raw as a partial for `merge`.
 */
export async function replicate(file: string, options: SimulateOptions, io: CliIo): Promise<ExitCode> {
  const count = options.replications!;
  if (options.trace !== undefined || options.why !== undefined) {
    throw new UsageError('--replications summarises many runs: it takes neither --trace nor --why');
  }
  const prepared = await prepareScenario(file, { seed: options.seed, strict: options.strict });
  if (prepared.warnings.length > 0) printWarnings(prepared.warnings, io);
  const plan = replicationPlan(prepared, count);
  const shard = options.shard;
  const indices = shard ? shardIndices(count, shard.index, shard.count) : shardIndices(count, 1, 1);
  const jobs: ReplicationJob[] = indices.map((index) => ({
    file,
    seed: options.seed,
    replications: count,
    index,
  }));
  const threads = options.jobs ?? io.cores;
  const outcomes =
    threads === 1 || jobs.length <= 1
      ? inThisThread(jobs)
      : mapOnWorkers(jobs, threads, workerEntry, runReplicationJob, died);
  const values: ReplicationValues[] = [];
  for await (const outcome of outcomes) {
    if (outcome.kind === 'crashed') throw Object.assign(new Error(outcome.message), { stack: outcome.stack });
    values.push(outcome.values);
  }
  if (shard) {
    const partial: ReplicationPartial = { licensim: 'v1', partial: { ...plan, shard, values } };
    await emit(toJson(partial), options.out, io);
    return ExitCode.ok;
  }
  const report = summariseReplications(plan, values);
  await emit(options.format === 'json' ? toJson(report) : renderReplications(report), options.out, io);
  return ExitCode.ok;
}

async function* inThisThread(jobs: readonly ReplicationJob[]): AsyncGenerator<ReplicationOutcome> {
  for (const job of jobs) yield await runReplicationJob(job);
}

function died(message: string, stack: string | undefined): ReplicationOutcome {
  return { kind: 'crashed', message, stack };
}
