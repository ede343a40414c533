import { type Summary, summarise } from '../analysis/replication-stats.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { InputError } from '../config/diagnostics.js';
import { displayPath } from '../config/display-path.js';
import { loadPolicy } from '../model/load.js';
import { type CapacityTarget, licensedAtStart, searchMetrics } from './capacity-search.js';
import type { PreparedScenario } from './prepare.js';
import { prepareRuns, tidy } from './prepare.js';
import {
  type ReplicationMetric,
  type ReplicationValues,
  replicationMetrics,
  replicationPlan,
  runReplication,
} from './replications.js';
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
  /** With a target: whether every pool meets it (the upper end of its 95 % interval is at or under it). */
  readonly meetsTarget?: boolean;
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
    /** With a target: it, and the policy recommended (null when none meets it), with why. */
    readonly target?: CapacityTarget;
    readonly recommendation?: { readonly policy: string | null; readonly reason: string };
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

/**
 * Replays the identical load against every policy of the prepared scenario: `replications` replications
 * each, with the same seeds for every policy (common random numbers), so that the policies differ by
 * their pools and rules, not by the draws. Figures leave out the warm-up, as `simulate --replications`.
 */
export async function comparePolicies(
  prepared: PreparedScenario,
  replications: number,
  target?: CapacityTarget,
  onProgress?: (done: number, total: number) => void,
): Promise<ComparisonReport> {
  const plan = replicationPlan(prepared, replications);
  const values: ReplicationValues[] = [];
  for (let r = 0; r < replications; r++) {
    values.push(await runReplication(prepared, plan, r));
    onProgress?.(r + 1, replications);
  }
  const measured = prepared.runs.map((run, i): ComparedPolicy => {
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
  const metric = target === undefined ? null : searchMetrics[target.metric];
  const policies =
    metric === null
      ? measured
      : measured.map((p) => ({
          ...p,
          meetsTarget: p.pools.every((pool) => pool[metric].ci95[1] <= target!.atMost),
        }));
  return {
    licensim: 'v1',
    comparison: {
      scenario: prepared.scenario.name,
      file: displayPath(prepared.scenario.file),
      seed: prepared.scenario.seed,
      replications,
      warmUpHours: plan.warmUpHours,
      policies,
      ...(target === undefined ? {} : { target, recommendation: recommend(policies, target) }),
    },
  };
}

/**
 * The policy that meets the target in every pool with the fewest sessions licensed; of equals, the one
 * whose worst pool's metric is lowest, then the first named.
 */
function recommend(
  policies: readonly ComparedPolicy[],
  target: CapacityTarget,
): { policy: string | null; reason: string } {
  const metric = searchMetrics[target.metric];
  const worst = (p: ComparedPolicy) => Math.max(...p.pools.map((pool) => pool[metric].mean));
  const meeting = policies.filter((p) => p.meetsTarget);
  if (meeting.length === 0)
    return {
      policy: null,
      reason: `no policy meets ${target.metric}<=${Number((target.atMost * 100).toPrecision(12))}% in every pool`,
    };
  const best = [...meeting].sort((a, b) => a.licensed - b.licensed || worst(a) - worst(b))[0]!;
  if (meeting.length === 1)
    return { policy: best.policy, reason: 'the only policy that meets the target in every pool' };
  const tied = meeting.filter((p) => p !== best && p.licensed === best.licensed);
  if (tied.length === 0)
    return {
      policy: best.policy,
      reason: `meets the target in every pool with the fewest sessions licensed (${best.licensed}) of the ${meeting.length} that do`,
    };
  const share = (x: number) => `${(x * 100).toFixed(2)}%`;
  const lower = tied.every((p) => worst(p) > worst(best));
  return {
    policy: best.policy,
    reason: `meets the target with ${best.licensed} sessions, as ${tied.map((p) => p.policy).join(', ')} does; ${
      lower
        ? `its worst pool is lower (${share(worst(best))} against ${tied.map((p) => share(worst(p))).join(', ')})`
        : `their worst pools are equal (${share(worst(best))}), and it is named first`
    }`,
  };
}
