import type { Run } from '../model/bind.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import { type ReleaseCause, releaseCauseNames, type TraceRecord } from '../trace/records.js';
import type { AlertKind } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';

/** Alerts whose raised-to-cleared time is measured. */
const timedAlerts = ['usage-warning', 'usage-critical', 'over-limit'] as const;
type TimedAlert = (typeof timedAlerts)[number];
/** An alert kind's index in `timedAlerts`, -1 for those not timed. */
const timedIndex = (kind: AlertKind) => (timedAlerts as readonly string[]).indexOf(kind);

/** One pool's use over a run. */
export interface PoolUsage {
  readonly id: string;
  admitted: number;
  denied: number;
  /** Sessions refused because no node of their site was up. */
  unavailable: number;
  peak: number;
  /** Milliseconds spent at each concurrency level: the histogram behind mean and percentiles. */
  readonly timeAt: number[];
  /** Milliseconds spent with each usage alert raised. */
  readonly timeAbove: Record<TimedAlert, number>;
  /** Sessions ended early, by cause (idle-timeout, outage, lifecycle), in name order. */
  readonly endedBy: Record<string, number>;
}

export interface UsageResult {
  readonly pools: PoolUsage[];
}

class PoolTally {
  admitted = 0;
  denied = 0;
  unavailable = 0;
  peak = 0;
  inUse = 0;
  timeAt = new Float64Array(64);
  readonly endedBy = new Map<string, number>();
  /** Start of the current stretch with each timed alert raised (by index in `timedAlerts`), or NaN. */
  readonly raisedAt = new Float64Array(timedAlerts.length).fill(NaN);
  readonly timeAbove = new Float64Array(timedAlerts.length);

  /** When the current level began. A number from the start (see Kernel.now), as it is written per event. */
  private since = Number.NEGATIVE_INFINITY;

  constructor(
    readonly id: string,
    start: number,
  ) {
    this.since = start;
  }

  /** Credits the time since the last change to the current level, then moves to `inUse`. */
  step(at: number, inUse: number): void {
    // Stryker disable next-line ConditionalExpression: widening when not needed copies the histogram unchanged
    if (this.inUse >= this.timeAt.length) this.widen(this.inUse);
    this.timeAt[this.inUse]! += at - this.since;
    this.since = at;
    this.inUse = inUse;
    // Stryker disable next-line EqualityOperator: raising the peak to its own value changes nothing
    if (inUse > this.peak) this.peak = inUse;
  }

  private widen(level: number): void {
    let n = this.timeAt.length;
    while (n <= level) n *= 2;
    const wider = new Float64Array(n);
    wider.set(this.timeAt);
    this.timeAt = wider;
  }

  finish(end: number): void {
    this.step(end, this.inUse);
    // Stryker disable next-line EqualityOperator: one step too far reads undefined and writes past the typed array, which it ignores
    for (let k = 0; k < timedAlerts.length; k++) {
      if (!Number.isNaN(this.raisedAt[k]!)) this.timeAbove[k]! += end - this.raisedAt[k]!;
      this.raisedAt[k] = NaN;
    }
  }

  result(): PoolUsage {
    let levels = this.timeAt.length;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at 0 levels, timeAt[-1] is undefined, not 0, and stops the loop too
    while (levels > 0 && this.timeAt[levels - 1] === 0) levels--;
    return {
      id: this.id,
      admitted: this.admitted,
      denied: this.denied,
      unavailable: this.unavailable,
      peak: this.peak,
      timeAt: Array.from(this.timeAt.subarray(0, levels)),
      timeAbove: Object.fromEntries(timedAlerts.map((kind, k) => [kind, this.timeAbove[k]!])) as Record<
        TimedAlert,
        number
      >,
      endedBy: Object.fromEntries([...this.endedBy.entries()].sort()),
    };
  }
}

class UsageReducer extends IgnoreAll implements Reducer<UsageResult> {
  private readonly pools: PoolTally[];

  constructor(private readonly run: Run) {
    super();
    this.pools = run.policy.pools.map((p) => new PoolTally(p.id, run.scenario.startMs));
  }

  override admit(
    at: number,
    _session: number,
    _user: number,
    _node: number,
    pool: number,
    inUse: number,
  ): void {
    const tally = this.pools[pool]!;
    tally.admitted++;
    tally.step(at, inUse);
  }

  override release(at: number, _session: number, pool: number, inUse: number, cause: ReleaseCause): void {
    const tally = this.pools[pool]!;
    tally.step(at, inUse);
    if (cause !== 0) {
      const name = releaseCauseNames[cause]!;
      tally.endedBy.set(name, (tally.endedBy.get(name) ?? 0) + 1);
    }
  }

  override deny(
    _at: number,
    _session: number,
    _user: number,
    _site: number,
    pool: number,
    _outcome: RuleOutcome,
    _seen: FactVector,
  ): void {
    this.pools[pool]!.denied++;
  }

  override alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    _outcome: RuleOutcome,
    _seen: FactVector,
    _message: string,
  ): void {
    const timed = timedIndex(kind);
    // Stryker disable next-line ConditionalExpression: index -1 of a typed array reads undefined and ignores writes
    if (timed < 0) return;
    const tally = this.pools[pool]!;
    if (raised) {
      tally.raisedAt[timed] = at;
      return;
    }
    const since = tally.raisedAt[timed]!;
    if (!Number.isNaN(since)) tally.timeAbove[timed]! += at - since;
    tally.raisedAt[timed] = NaN;
  }

  override record(r: TraceRecord): void {
    if (r.type === 'unavailable') this.pools[this.run.policy.sites[r.site]!.pool]!.unavailable++;
    else if (r.type === 'run-end') for (const tally of this.pools) tally.finish(r.at);
  }

  result(): UsageResult {
    return { pools: this.pools.map((p) => p.result()) };
  }
}

/** Per-pool admissions, denials, peak, concurrency histogram, time over thresholds, early ends. */
export const poolUsage: Analysis<UsageResult> = {
  name: 'usage',
  start: (run) => new UsageReducer(run),
  merge: (a, b) => ({
    pools: a.pools.map((p, i) => {
      const q = b.pools[i]!;
      const timeAt = Array.from(
        { length: Math.max(p.timeAt.length, q.timeAt.length) },
        (_, k) => (p.timeAt[k] ?? 0) + (q.timeAt[k] ?? 0),
      );
      const endedBy: Record<string, number> = { ...p.endedBy };
      for (const [cause, n] of Object.entries(q.endedBy)) endedBy[cause] = (endedBy[cause] ?? 0) + n;
      return {
        id: p.id,
        admitted: p.admitted + q.admitted,
        denied: p.denied + q.denied,
        unavailable: p.unavailable + q.unavailable,
        peak: Math.max(p.peak, q.peak),
        timeAt,
        timeAbove: {
          'usage-warning': p.timeAbove['usage-warning'] + q.timeAbove['usage-warning'],
          'usage-critical': p.timeAbove['usage-critical'] + q.timeAbove['usage-critical'],
          'over-limit': p.timeAbove['over-limit'] + q.timeAbove['over-limit'],
        },
        endedBy: Object.fromEntries(Object.entries(endedBy).sort()),
      };
    }),
  }),
};

/** Time-weighted mean and 95th percentile of concurrency, from a pool's histogram. */
export function concurrency(usage: PoolUsage): { mean: number; p95: number } {
  let total = 0;
  let weighted = 0;
  for (let k = 0; k < usage.timeAt.length; k++) {
    total += usage.timeAt[k]!;
    weighted += k * usage.timeAt[k]!;
  }
  if (total === 0) return { mean: 0, p95: 0 };
  let cumulative = 0;
  // Stryker disable next-line EqualityOperator: the loop returns at the last level at the latest, where the cumulative time is the total
  for (let k = 0; k < usage.timeAt.length; k++) {
    cumulative += usage.timeAt[k]!;
    if (cumulative >= 0.95 * total) return { mean: weighted / total, p95: k };
  }
  // Stryker disable next-line all: unreachable, see the loop; here for the compiler
  return { mean: weighted / total, p95: 0 };
}
