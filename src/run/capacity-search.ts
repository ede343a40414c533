import { type Summary, summarise } from '../analysis/replication-stats.js';
import { displayPath } from '../config/display-path.js';
import { MAX_POOL_SESSIONS } from '../config/schema/common.js';
import type { Run } from '../model/bind.js';
import type { License, Policy } from '../model/policy.js';
import type { TierStep } from '../model/tiers.js';
import { erlangBServersFor } from '../sim/erlang.js';
import { MS } from '../vocabulary.js';
import { firstTrueEach } from './first-true.js';
import type { PreparedScenario } from './prepare.js';
import { type ReplicationValues, replicationPlan, runReplication } from './replications.js';

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
  /**
   * With a growth rate: the most whole months the load can grow with the licensed count still meeting
   * the target; -1 when it fails today, null when it holds through the months followed (`growth`).
   */
  readonly headroomMonths?: number | null;
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
    /** With a growth rate: it, per month, and how many months of it were followed. */
    readonly growth?: { readonly monthly: number; readonly months: number };
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

/** The replications of one run, in order, with the plan's seeds. */
async function replicate(
  prepared: PreparedScenario,
  run: Run,
  plan: ReturnType<typeof replicationPlan>,
  replications: number,
  onDone?: (done: number, total: number) => void,
): Promise<ReplicationValues[]> {
  const values: ReplicationValues[] = [];
  for (let r = 0; r < replications; r++) {
    values.push(await runReplication({ ...prepared, runs: [run] }, plan, r));
    onDone?.(r + 1, replications);
  }
  return values;
}

/** Load growth is followed up to this many times today's load: far enough to plan, never a runaway run. */
export const MAX_GROWTH_FACTOR = 4;

/** The months of growth a headroom search follows at `monthly` growth: up to 4× the load, 120 at most. */
export function growthMonths(monthly: number): number {
  return Math.min(120, Math.floor(Math.log(MAX_GROWTH_FACTOR) / Math.log(1 + monthly)));
}

/**
 * Growth headroom (right-sizing): for each pool, the most whole months the load can grow by `monthly`
 * (arrivals per hour × (1 + monthly)^months, every stream alike) with the pool's licensed count still
 * meeting the target, by the same test and seeds as the capacity search. -1 when it fails today; null
 * when it still holds after `growthMonths(monthly)` months.
 */
export async function growthHeadroom(
  prepared: PreparedScenario,
  run: Run,
  target: CapacityTarget,
  replications: number,
  monthly: number,
  onProgress?: SearchProgress,
): Promise<(number | null)[]> {
  const metric = searchMetrics[target.metric];
  const plan = replicationPlan({ ...prepared, runs: [run] }, replications);
  const licensed = withCapacities(run, licensedAtStart(run));
  const grown = (months: number): Run => ({
    ...licensed,
    load: licensed.load.map((l) => ({ ...l, perHour: l.perHour * (1 + monthly) ** months })),
  });
  // The first month each pool fails the target: the headroom is the month before it.
  const { first } = await firstTrueEach(
    licensed.policy.pools.map(() => 1),
    growthMonths(monthly),
    -1,
    async (months) => {
      const fails = new Map<number, boolean[]>();
      for (const m of new Set(months)) {
        const step = `${run.policy.name}: growth of ${m} months`;
        const values = await replicate(prepared, grown(m), plan, replications, (done, total) =>
          onProgress?.(step, done, total),
        );
        fails.set(
          m,
          licensed.policy.pools.map(
            (_, p) => summarise(values.map((v) => v.runs[0]!.pools[p]![metric])).ci95[1] > target.atMost,
          ),
        );
      }
      return months.map((m, p) => fails.get(m)![p]!);
    },
  );
  return first.map((m) => (m === null ? null : m - 1));
}

/** Told after each replication: what is being tried (a capacity, a month of growth), and how far: the capacities, and how many have been tried. */
export type SearchProgress = (step: string, done: number, total: number) => void;

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
  options: { readonly growth?: number; readonly onProgress?: SearchProgress } = {},
): Promise<CapacitySearchReport> {
  const { onProgress, growth } = options;
  const licensed = licensedAtStart(run);
  const seen = new Map<string, Summary>();
  const metric = searchMetrics[target.metric];
  const plan = replicationPlan({ ...prepared, runs: [run] }, replications);
  const summaryAt = (p: number, c: number) => seen.get(`${p}:${c}`) ?? null;
  let tried = 0;
  /** The last capacity tried per pool: where a search that no count satisfies stopped. */
  const lastTried = licensed.map(() => 0);
  // Capacity 0 serves no one; each pool starts from what it is licensed.
  const { first, rounds } = await firstTrueEach(
    licensed.map((c) => Math.max(1, c)),
    MAX_POOL_SESSIONS,
    0,
    async (capacities) => {
      const step = `${run.policy.name}: capacities tried ${++tried}`;
      const values = await replicate(
        prepared,
        withCapacities(run, capacities),
        plan,
        replications,
        (done, total) => onProgress?.(step, done, total),
      );
      return capacities.map((c, p) => {
        const summary = summarise(values.map((v) => v.runs[0]!.pools[p]![metric]));
        seen.set(`${p}:${c}`, summary);
        lastTried[p] = c;
        if (summary.ci95[1] <= target.atMost) return true;
        // Failing with sessions never filling the count: no larger count can help. Not so for a pool split
        // between sites (W7), where a site can fill its share while the pool as a whole does not.
        const peak = Math.max(...values.map((v) => v.runs[0]!.pools[p]!.peak));
        return peak < c && run.policy.pools[p]!.allocation === null ? null : false;
      });
    },
  );
  const evaluations = rounds;
  const hi = first;
  const offered = offeredLoads(run);
  const headroom =
    growth === undefined
      ? null
      : await growthHeadroom(prepared, run, target, replications, growth, onProgress);
  const pools = run.policy.pools.map((pool, p): PoolCapacity => {
    const needed = hi[p] ?? null;
    const load = offered[p]!;
    return {
      id: pool.id,
      licensed: licensed[p]!,
      needed,
      atNeeded: needed === null ? null : summaryAt(p, needed),
      belowNeeded: needed === null || needed <= 1 ? null : summaryAt(p, needed - 1),
      largestTried:
        needed === null ? { sessions: lastTried[p]!, metric: summaryAt(p, lastTried[p]!)! } : null,
      tier: needed === null ? null : (run.policy.tiers.find((t) => t.sessions >= needed) ?? null),
      offeredLoad: load,
      erlangB: load > 0 && load <= MAX_ERLANG_LOAD ? erlangBServersFor(load, target.atMost) : null,
      ...(headroom === null ? {} : { headroomMonths: headroom[p]! }),
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
      ...(growth === undefined ? {} : { growth: { monthly: growth, months: growthMonths(growth) } }),
      pools,
    },
  };
}
