import type { PreparedScenario } from '../../../run/prepare.js';
import {
  type ReplicationPlan,
  type ReplicationValues,
  replicationPlan,
  runReplication,
} from '../../../run/replications.js';
import { prepareScenario } from '../../../run/simulate.js';

/** One replication to run: the scenario as the command line names it, and which replication. */
export interface ReplicationJob {
  readonly file: string;
  readonly seed: number | undefined;
  readonly replications: number;
  readonly index: number;
}

export type ReplicationOutcome =
  | { readonly kind: 'done'; readonly values: ReplicationValues }
  | { readonly kind: 'crashed'; readonly message: string; readonly stack: string | undefined };

/** Each thread prepares a scenario once, however many of its replications it runs. */
const prepared = new Map<string, Promise<{ scenario: PreparedScenario; plan: ReplicationPlan }>>();

export async function runReplicationJob(job: ReplicationJob): Promise<ReplicationOutcome> {
  try {
    const key = `${job.file}\0${job.seed}\0${job.replications}`;
    let entry = prepared.get(key);
    if (entry === undefined) {
      entry = prepareScenario(job.file, { seed: job.seed }).then((scenario) => ({
        scenario,
        plan: replicationPlan(scenario, job.replications),
      }));
      prepared.set(key, entry);
    }
    const { scenario, plan } = await entry;
    return { kind: 'done', values: await runReplication(scenario, plan, job.index) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { kind: 'crashed', message: e.message, stack: e.stack };
  }
}
