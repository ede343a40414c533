import { type Summary, summarise } from '../analysis/replication-stats.js';
import { MAX_POOL_SESSIONS } from '../config/schema/common.js';
import type { Run } from '../model/bind.js';
import type { License, Policy } from '../model/policy.js';
import type { TierStep } from '../model/tiers.js';
import { erlangBServersFor } from '../sim/erlang.js';
import { MS } from '../vocabulary.js';
import type { PreparedScenario } from './prepare.js';
import { type ReplicationValues, replicationPlan, runReplication } from './replications.js';
import { displayPath } from './report.js';

/** What a capacity search can aim at: a replication metric of each pool, at most some share. */
export const searchMetrics = {
  'denial-rate': 'denialRate',
  'busy-hour-denial-rate': 'busyHourDenialRate',
} as const;
export type SearchMetricName = keyof typeof searchMetrics;

export interface CapacityTarget {
  readonly metric: SearchMetricName;
  /** A share, 0–1. */
  readonly atMost: number;
}

/**
 * Reads a target such as `denial-rate<=1%` or `busy-hour-denial-rate <= 0.005`; a message saying what is
 * wrong when it is not one.
 */
export function parseTarget(text: string): CapacityTarget | string {
  const m = /^\s*([a-z-]+)\s*<=\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const names = Object.keys(searchMetrics).join(', ');
  if (m === null) return `a target reads METRIC<=SHARE, e.g. denial-rate<=1%; the metrics: ${names}`;
  if (!(m[1]! in searchMetrics)) return `no metric '${m[1]}': the metrics are ${names}`;
  const share = Number(m[2]) / (m[3] === '%' ? 100 : 1);
  if (!(share > 0 && share < 1)) return `the share must be above 0 and below 100% (got ${m[2]}${m[3]})`;
  return { metric: m[1] as SearchMetricName, atMost: share };
}

/** A pool's answer: the fewest sessions meeting the target, and the metric there and one below. */
export interface PoolCapacity {
  readonly id: string;
  /** The sessions the policy licenses the pool at the start of the run. */
  readonly licensed: number;
  /** The fewest sessions that meet the target; null when even the most a pool may hold does not. */
  readonly needed: number | null;
  /** The metric over the replications at `needed`. */
  readonly atNeeded: Summary | null;
  /** The metric one session below `needed` (which does not meet the target), when that is above 0. */
  readonly belowNeeded: Summary | null;
  /**
   * When no count meets the target: the most sessions tried and the metric there. What refuses sessions
   * then is not the pool's count (a per-user limit, a lifecycle state, an outage).
   */
  readonly largestTried: { readonly sessions: number; readonly metric: Summary } | null;
  /** The smallest tier step of at least `needed` sessions (W3), null when none is that large. */
  readonly tier: TierStep | null;
  /**
   * The closed forms for the same load, to reconcile with: the pool's offered load at its streams'
   * busiest hour (erlangs: arrivals per hour × mean holding in hours, Little's law), which is also the
   * W4 formula's users × concurrency with no peak factor or margin; and the fewest sessions Erlang B
   * says refuse at most the target's share of that load.
   */
  readonly offeredLoad: number;
  readonly erlangB: number | null;
}

export interface CapacitySearchReport {
  readonly licensim: 'v1';
  readonly search: {
    readonly scenario: string;
    readonly file: string;
    readonly policy: string;
    readonly target: { readonly metric: SearchMetricName; readonly atMost: number };
    readonly replications: number;
    readonly warmUpHours: number;
    /** Capacities tried, each with every replication: the cost of the answer. */
    readonly evaluations: number;
    readonly pools: readonly PoolCapacity[];
  };
}

/**
 * Why a run's capacity cannot be searched, or null. The search replaces each pool's keys by one count, so
 * license servers, and timeline events aimed at keys, have nothing left to act on.
 */
export function unsearchable(run: Run): string | null {
  if (run.policy.fleet !== null)
    return `policy '${run.policy.name}' leases from license servers; the search sets a pool's count of keys`;
  const keyed = run.timeline.find((e) => e.action.kind !== 'outage' || e.action.target === 'license');
  if (keyed !== undefined)
    return `the scenario's timeline changes license keys (${keyed.action.kind} at ${new Date(keyed.atMs).toISOString()}); the search replaces a pool's keys by one count`;
  return null;
}

/**
 * The run with each pool licensed for exactly `capacities[pool]` sessions for the whole run: its keys are
 * replaced by one perpetual key of that count, so that dated terms, renewals and emergency keys do not
 * move the capacity under the search.
 */
export function withCapacities(run: Run, capacities: readonly number[]): Run {
  const { policy } = run;
  const licenses: License[] = policy.pools.map((pool, p) => ({
    id: `${pool.id}-searched`,
    index: p,
    feature: policy.licenses[pool.licenses[0]!]?.feature ?? 'sessions',
    count: capacities[p]!,
    term: 'perpetual',
    termName: 'perpetual',
    startMs: Number.NEGATIVE_INFINITY,
    endMs: Number.POSITIVE_INFINITY,
    installed: true,
    pool: p,
    kind: 'standard',
    renews: null,
    availableMs: null,
  }));
  const searched: Policy = {
    ...policy,
    licenses,
    pools: policy.pools.map((pool, p) => ({ ...pool, licenses: [p] })),
    entitlements: null,
  };
  return { ...run, policy: searched };
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

/** Erlang B walks one server at a time: beyond this load it is not worth the wait. */
const MAX_ERLANG_LOAD = 1_000_000;

/** Each pool's offered load at its streams' busiest hour, in erlangs. */
function offeredLoads(run: Run): number[] {
  const loads = run.policy.pools.map(() => 0);
  for (const stream of run.load) {
    const pool = run.policy.sites[stream.siteIndex]!.pool;
    loads[pool]! += (stream.perHour * stream.holding.meanMs) / MS.hour;
  }
  return loads;
}

/** Told after each capacity tried: the capacities, and how many have been tried. */
export type SearchProgress = (capacities: readonly number[], evaluations: number) => void;

/**
 * The fewest sessions per pool that meet the target with 95 % confidence: the upper end of the 95 %
 * confidence interval of the metric's mean over `replications` replications is at or under the target.
 * Pools are searched together (each site draws on one pool, so pools do not affect each other): from the
 * licensed count, doubling until the target is met, then by bisection. Every capacity tried runs the same
 * replication seeds (common random numbers), so two capacities differ by their capacity, not their luck.
 */
export async function searchCapacity(
  prepared: PreparedScenario,
  run: Run,
  target: CapacityTarget,
  replications: number,
  onProgress?: SearchProgress,
): Promise<CapacitySearchReport> {
  const licensed = licensedAtStart(run);
  const n = run.policy.pools.length;
  // Known failing (lo) and known meeting (hi) capacities per pool; capacity 0 fails any offered load.
  const lo = new Array<number>(n).fill(0);
  const hi = new Array<number | null>(n).fill(null);
  const seen = new Map<string, Summary>();
  const metric = searchMetrics[target.metric];
  const plan = replicationPlan({ ...prepared, runs: [run] }, replications);
  let evaluations = 0;
  let capacities = licensed.map((c) => Math.max(1, c));
  const summaryAt = (p: number, c: number) => seen.get(`${p}:${c}`) ?? null;
  for (;;) {
    const tried = withCapacities(run, capacities);
    const values: ReplicationValues[] = [];
    for (let r = 0; r < replications; r++)
      values.push(await runReplication({ ...prepared, runs: [tried] }, plan, r));
    evaluations++;
    onProgress?.(capacities, evaluations);
    const next = capacities.map((c, p) => {
      const summary = summarise(values.map((v) => v.runs[0]!.pools[p]![metric]));
      seen.set(`${p}:${c}`, summary);
      if (summary.ci95[1] <= target.atMost) hi[p] = c;
      else lo[p] = c;
      const high = hi[p] ?? null;
      if (high === null) return lo[p]! >= MAX_POOL_SESSIONS ? c : Math.min(MAX_POOL_SESSIONS, c * 2);
      return high - lo[p]! <= 1 ? high : Math.floor((lo[p]! + high) / 2);
    });
    const done = next.every((c, p) => {
      const high = hi[p] ?? null;
      return c === capacities[p] || (high !== null && high - lo[p]! <= 1);
    });
    if (done) break;
    capacities = next;
  }
  const offered = offeredLoads(run);
  const pools = run.policy.pools.map((pool, p): PoolCapacity => {
    const needed = hi[p] ?? null;
    const load = offered[p]!;
    return {
      id: pool.id,
      licensed: licensed[p]!,
      needed,
      atNeeded: needed === null ? null : summaryAt(p, needed),
      belowNeeded: needed === null || needed <= 1 ? null : summaryAt(p, needed - 1),
      largestTried: needed === null ? { sessions: lo[p]!, metric: summaryAt(p, lo[p]!)! } : null,
      tier: needed === null ? null : (run.policy.tiers.find((t) => t.sessions >= needed) ?? null),
      offeredLoad: load,
      erlangB: load > 0 && load <= MAX_ERLANG_LOAD ? erlangBServersFor(load, target.atMost) : null,
    };
  });
  return {
    licensim: 'v1',
    search: {
      scenario: prepared.scenario.name,
      file: displayPath(prepared.scenario.file),
      policy: run.policy.name,
      target: { metric: target.metric, atMost: target.atMost },
      replications,
      warmUpHours: plan.warmUpHours,
      evaluations,
      pools,
    },
  };
}
