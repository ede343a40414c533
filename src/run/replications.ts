import { type BusyHourResult, busyHourOf, type HourlyLoad } from '../analysis/busy-hour.js';
import { type Summary, summarise } from '../analysis/replication-stats.js';
import { displayPath } from '../config/display-path.js';
import type { Run } from '../model/bind.js';
import { Rng } from '../sim/rng.js';
import { MS } from '../vocabulary.js';
import { executeRun } from './execute.js';
import type { PreparedScenario } from './prepare.js';

/** The metrics each replication gives per pool, in the order reports list them. */
export const replicationMetrics = ['denialRate', 'busyHourDenialRate', 'concurrency', 'peak'] as const;
export type ReplicationMetric = (typeof replicationMetrics)[number];
export type PoolValues = Readonly<Record<ReplicationMetric, number>>;

/** One replication's figures: per policy run, per pool, after the warm-up. */
export interface ReplicationValues {
  readonly index: number;
  readonly seed: number;
  readonly runs: readonly { readonly pools: readonly PoolValues[] }[];
}

/** What identifies a set of replications: every shard of it must agree on all of this. */
export interface ReplicationPlan {
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  readonly replications: number;
  /** Whole hours from the start left out of every figure (see `warmUpHours`). */
  readonly warmUpHours: number;
  readonly runs: readonly { readonly policy: string; readonly pools: readonly string[] }[];
}

export interface ReplicationReport {
  readonly licensim: 'v1';
  readonly replications: Omit<ReplicationPlan, 'runs'> & {
    readonly runs: readonly {
      readonly policy: string;
      readonly pools: readonly ({ readonly id: string } & Record<ReplicationMetric, Summary>)[];
    }[];
  };
}

/** A shard's share of the replications: the raw figures, for `merge` to summarise. */
export interface ReplicationPartial {
  readonly licensim: 'v1';
  readonly partial: ReplicationPlan & {
    /** 1-based shard number and count: replication r (from 0) belongs to shard (r mod count) + 1. */
    readonly shard: { readonly index: number; readonly count: number };
    readonly values: readonly ReplicationValues[];
  };
}

/** The stream a replication's seed is drawn from, apart from every stream a run draws from itself. */
const REPLICATION_STREAM = 0x5eed;

/**
 * The seed of replication `index` (from 0) of a scenario whose seed is `seed`: ⌊2^53 × u⌋, u being the
 * first uniform draw of the stream forked from the scenario's seed as REPLICATION_STREAM, then `index`.
 * It depends on nothing else, so any thread or shard that runs a replication runs it alike.
 */
export function replicationSeed(seed: number, index: number): number {
  return Math.floor(new Rng(seed).fork(REPLICATION_STREAM).fork(index).uniform() * 2 ** 53);
}

/**
 * Every run starts empty, while a stochastic load would have sessions in progress at any instant: the
 * first 5 mean holding times of the longest-held stream (whole hours, rounded up) are left out, by which
 * time an infinite-server queue has reached 1 − e^−5 > 99 % of its steady load. None for a scenario
 * with explicit sessions (its start is part of the plan) or without a load, nor when the warm-up would
 * leave less than half the run.
 */
export function warmUpHours(run: Run): number {
  if (run.load.length === 0 || run.sessions.length > 0) return 0;
  const longest = Math.max(...run.load.map((l) => l.holding.meanMs));
  const hours = Math.ceil((5 * longest) / MS.hour);
  const runHours = (run.scenario.endMs - run.scenario.startMs) / MS.hour;
  return hours * 2 <= runHours ? hours : 0;
}

/** A pool's figures from its hours after the warm-up. */
function poolValues(hours: HourlyLoad, result: BusyHourResult, from: number, runMs: number): PoolValues {
  const after = (a: Float64Array) => a.subarray(from);
  const kept: HourlyLoad = {
    id: hours.id,
    offered: after(hours.offered),
    denied: after(hours.denied),
    carriedMs: after(hours.carriedMs),
    peak: after(hours.peak),
  };
  const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
  const offered = sum(kept.offered);
  const busy = busyHourOf({ startMs: result.startMs + from * MS.hour, pools: [kept] }, [kept]);
  return {
    denialRate: offered > 0 ? sum(kept.denied) / offered : 0,
    busyHourDenialRate: busy?.denialRate ?? 0,
    concurrency: sum(kept.carriedMs) / (runMs - from * MS.hour),
    peak: kept.peak.reduce((m, x) => Math.max(m, x), 0),
  };
}

/** The plan of `count` replications of a prepared scenario. */
export function replicationPlan(prepared: PreparedScenario, count: number): ReplicationPlan {
  const { scenario, runs } = prepared;
  return {
    scenario: scenario.name,
    file: displayPath(scenario.file),
    seed: scenario.seed,
    replications: count,
    warmUpHours: Math.max(0, ...runs.map(warmUpHours)),
    runs: runs.map((r) => ({ policy: r.policy.name, pools: r.policy.pools.map((p) => p.id) })),
  };
}

/** Runs replication `index` of a prepared scenario against each of its policies, in memory. */
export async function runReplication(
  prepared: PreparedScenario,
  plan: ReplicationPlan,
  index: number,
): Promise<ReplicationValues> {
  const seed = replicationSeed(prepared.scenario.seed, index);
  const runs = [];
  for (const run of prepared.runs) {
    const { results } = await executeRun(run, { seed });
    const runMs = run.scenario.endMs - run.scenario.startMs;
    const pools = results.busyHour.pools.map((h) => poolValues(h, results.busyHour, plan.warmUpHours, runMs));
    runs.push({ pools });
  }
  return { index, seed, runs };
}

/** The report of every replication of a plan, given in replication order. */
export function summariseReplications(
  plan: ReplicationPlan,
  values: readonly ReplicationValues[],
): ReplicationReport {
  return {
    licensim: 'v1',
    replications: {
      ...plan,
      runs: plan.runs.map((run, i) => ({
        policy: run.policy,
        pools: run.pools.map((id, p) => {
          const metric = (m: ReplicationMetric) => summarise(values.map((v) => v.runs[i]!.pools[p]![m]));
          return {
            id,
            ...(Object.fromEntries(replicationMetrics.map((m) => [m, metric(m)])) as Record<
              ReplicationMetric,
              Summary
            >),
          };
        }),
      })),
    },
  };
}

/** The replications shard `index` of `count` runs (1-based), in order. */
export function shardIndices(replications: number, index: number, count: number): number[] {
  const mine: number[] = [];
  for (let r = index - 1; r < replications; r += count) mine.push(r);
  return mine;
}
