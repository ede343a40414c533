import { type Summary, summarise } from '../analysis/replication-stats.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { InputError } from '../config/diagnostics.js';
import type { Run } from '../model/bind.js';
import { loadPolicy } from '../model/load.js';
import type { PreparedScenario } from './prepare.js';
import { prepareRuns, tidy } from './prepare.js';
import {
  type ReplicationMetric,
  type ReplicationValues,
  replicationMetrics,
  replicationPlan,
  runReplication,
} from './replications.js';
import { displayPath } from './report.js';
import { prepareScenario } from './simulate.js';

/** One pool of one policy under the compared load: what it is licensed and what the replications say. */
export interface ComparedPool extends Record<ReplicationMetric, Summary> {
  readonly id: string;
  /** Sessions its keys valid at the start of the run give. */
  readonly licensed: number;
}

export interface ComparedPolicy {
  readonly policy: string;
  readonly file: string;
  /** Sessions licensed over all its pools at the start of the run. */
  readonly licensed: number;
  readonly pools: readonly ComparedPool[];
}

export interface ComparisonReport {
  readonly licensim: 'v1';
  readonly comparison: {
    readonly scenario: string;
    readonly file: string;
    readonly seed: number;
    readonly replications: number;
    readonly warmUpHours: number;
    readonly policies: readonly ComparedPolicy[];
  };
}

/**
 * The scenario's load under each policy: its own policies, or the files given in their place. Its
 * expectations are set aside, since they name the pools of the policies the scenario was written for.
 */
export async function comparedScenario(
  scenarioFile: string,
  policyFiles: readonly string[],
  onWarnings?: (warnings: readonly Diagnostic[]) => void,
): Promise<PreparedScenario> {
  const prepared = await prepareScenario(scenarioFile);
  if (policyFiles.length === 0) {
    if (prepared.warnings.length > 0) onWarnings?.(prepared.warnings);
    return prepared;
  }
  const policies = [];
  for (const file of policyFiles) {
    const { policy, warnings } = await loadPolicy(file);
    if (warnings.length > 0) onWarnings?.(warnings);
    policies.push(policy);
  }
  const scenario = { ...prepared.scenario, expectations: [] };
  const bound = prepareRuns(scenario, prepared.source, policies);
  const errors = bound.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new InputError(tidy(errors));
  return { ...prepared, scenario, runs: bound.runs };
}

/** The sessions each pool's installed keys valid at the run's start give. */
export function licensedAtStart(run: Run): number[] {
  const at = run.scenario.startMs;
  return run.policy.pools.map((pool) =>
    pool.licenses
      .map((l) => run.policy.licenses[l]!)
      .filter((l) => l.installed && l.startMs <= at && at < l.endMs)
      .reduce((sum, l) => sum + l.count, 0),
  );
}

/**
 * Replays the identical load against every policy of the prepared scenario: `replications` replications
 * each, with the same seeds for every policy (common random numbers), so that the policies differ by
 * their pools and rules, not by the draws. Figures leave out the warm-up, as `simulate --replications`.
 */
export async function comparePolicies(
  prepared: PreparedScenario,
  replications: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ComparisonReport> {
  const plan = replicationPlan(prepared, replications);
  const values: ReplicationValues[] = [];
  for (let r = 0; r < replications; r++) {
    values.push(await runReplication(prepared, plan, r));
    onProgress?.(r + 1, replications);
  }
  const policies = prepared.runs.map((run, i): ComparedPolicy => {
    const licensed = licensedAtStart(run);
    return {
      policy: run.policy.name,
      file: displayPath(run.policy.file),
      licensed: licensed.reduce((a, b) => a + b, 0),
      pools: run.policy.pools.map((pool, p) => {
        const metric = (m: ReplicationMetric) => summarise(values.map((v) => v.runs[i]!.pools[p]![m]));
        return {
          id: pool.id,
          licensed: licensed[p]!,
          ...(Object.fromEntries(replicationMetrics.map((m) => [m, metric(m)])) as Record<
            ReplicationMetric,
            Summary
          >),
        };
      }),
    };
  });
  return {
    licensim: 'v1',
    comparison: {
      scenario: prepared.scenario.name,
      file: displayPath(prepared.scenario.file),
      seed: prepared.scenario.seed,
      replications,
      warmUpHours: plan.warmUpHours,
      policies,
    },
  };
}
