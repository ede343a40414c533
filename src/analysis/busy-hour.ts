import type { Run } from '../model/bind.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import type { ReleaseCause, TraceRecord } from '../trace/records.js';
import { MS } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';

/**
 * One pool's load hour by hour, hour k covering [start + k h, start + k h + 1 h) from the run's start:
 * what telephony sizing reads its busy hour from. Plain arrays, so that replications sum them hour by
 * hour (the busy hour of several runs is then the hour busiest across all of them).
 */
export interface HourlyLoad {
  readonly id: string;
  /** Sessions offered (admitted + denied) in each hour. */
  readonly offered: number[];
  readonly denied: number[];
  /** Session-milliseconds in use in each hour: ÷ 1 h gives the carried traffic in erlangs. */
  readonly carriedMs: number[];
  /** The most sessions in use at once in each hour. */
  readonly peak: number[];
}

export interface BusyHourResult {
  readonly startMs: number;
  readonly pools: HourlyLoad[];
}

/** The busy hour of a pool (or of pools together), as reports and expectations show it. */
export interface BusyHour {
  /** Start of the hour, ms since the epoch. */
  readonly at: number;
  readonly offered: number;
  readonly denied: number;
  /** denied / offered in that hour. */
  readonly denialRate: number;
  /** Mean sessions in use over the hour: the traffic carried, in erlangs. */
  readonly concurrency: number;
  readonly peak: number;
}

class HourTally {
  offered: Float64Array;
  denied: Float64Array;
  carriedMs: Float64Array;
  peak: Float64Array;
  /** The last hour with anything in it, so that results stop there. */
  last = -1;
  private inUse = 0;
  private since: number;

  /** Sized for the run's hours at the start, so that a long run never copies them as they grow. */
  constructor(
    private readonly startMs: number,
    hours: number,
  ) {
    this.since = startMs;
    this.offered = new Float64Array(hours);
    this.denied = new Float64Array(hours);
    this.carriedMs = new Float64Array(hours);
    this.peak = new Float64Array(hours);
  }

  private hourOf(at: number): number {
    const hour = Math.floor((at - this.startMs) / MS.hour);
    // Stryker disable next-line EqualityOperator: growing at the exact length or one later only moves when the arrays double
    if (hour >= this.offered.length) this.widen(hour);
    if (hour > this.last) this.last = hour;
    return hour;
  }

  private widen(hour: number): void {
    let n = Math.max(this.offered.length, 1);
    while (n <= hour) n *= 2;
    const wider = (a: Float64Array) => {
      const w = new Float64Array(n);
      w.set(a);
      return w;
    };
    this.offered = wider(this.offered);
    this.denied = wider(this.denied);
    this.carriedMs = wider(this.carriedMs);
    this.peak = wider(this.peak);
  }

  /**
   * Credits the sessions in use since the last change to each hour they spanned, then moves to `inUse`.
   * Only an admission raises a peak: sessions ending together pass through lower levels at one instant.
   */
  step(at: number, inUse: number): void {
    let from = this.since;
    const level = this.inUse;
    if (level > 0) {
      let hour = Math.floor((from - this.startMs) / MS.hour);
      while (from < at) {
        const hourEnd = this.startMs + (hour + 1) * MS.hour;
        const to = Math.min(hourEnd, at);
        this.hourOf(from);
        this.carriedMs[hour]! += level * (to - from);
        // A level held into a new hour is that hour's level too.
        if (level > this.peak[hour]!) this.peak[hour] = level;
        from = to;
        hour++;
      }
    }
    this.since = at;
    this.inUse = inUse;
  }

  admit(at: number, inUse: number): void {
    this.step(at, inUse);
    const hour = this.hourOf(at);
    this.offered[hour]!++;
    if (inUse > this.peak[hour]!) this.peak[hour] = inUse;
  }

  deny(at: number): void {
    const hour = this.hourOf(at);
    this.offered[hour]!++;
    this.denied[hour]!++;
  }

  result(id: string): HourlyLoad {
    const n = this.last + 1;
    // A loop into a sized array: Array.from over a typed array's iterator took a tenth of a 25-year run
    // (220,000 hours, four arrays).
    const list = (a: Float64Array) => {
      const out = new Array<number>(n);
      for (let k = 0; k < n; k++) out[k] = a[k]!;
      return out;
    };
    return {
      id,
      offered: list(this.offered),
      denied: list(this.denied),
      carriedMs: list(this.carriedMs),
      peak: list(this.peak),
    };
  }
}

class BusyHourReducer extends IgnoreAll implements Reducer<BusyHourResult> {
  private readonly pools: HourTally[];

  constructor(private readonly run: Run) {
    super();
    const { startMs, endMs } = run.scenario;
    // The hour holding the run's end is one more: a run of whole hours ends at the start of the next.
    const hours = Math.floor((endMs - startMs) / MS.hour) + 1;
    this.pools = run.policy.pools.map(() => new HourTally(startMs, hours));
  }

  override admit(at: number, _s: number, _u: number, _n: number, pool: number, inUse: number): void {
    this.pools[pool]!.admit(at, inUse);
  }

  override release(at: number, _session: number, pool: number, inUse: number, _cause: ReleaseCause): void {
    this.pools[pool]!.step(at, inUse);
  }

  override deny(
    at: number,
    _session: number,
    _user: number,
    _site: number,
    pool: number,
    _outcome: RuleOutcome,
    _seen: FactVector,
  ): void {
    this.pools[pool]!.deny(at);
  }

  override record(r: TraceRecord): void {
    // The run's last stretch counts up to its end, as the whole-run figures count it.
    if (r.type === 'run-end') for (const tally of this.pools) tally.step(r.at, 0);
  }

  result(): BusyHourResult {
    return {
      startMs: this.run.scenario.startMs,
      pools: this.pools.map((t, i) => t.result(this.run.policy.pools[i]!.id)),
    };
  }
}

/** Sums two pools' (or two runs') hours, hour by hour; peaks take the larger. */
function sumHours(
  a: HourlyLoad,
  b: HourlyLoad,
  id: string,
  peak: (x: number, y: number) => number,
): HourlyLoad {
  const n = Math.max(a.offered.length, b.offered.length);
  const combined = (x: number[], y: number[], f: (x: number, y: number) => number) => {
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = f(x[k] ?? 0, y[k] ?? 0);
    return out;
  };
  const add = (x: number, y: number) => x + y;
  return {
    id,
    offered: combined(a.offered, b.offered, add),
    denied: combined(a.denied, b.denied, add),
    carriedMs: combined(a.carriedMs, b.carriedMs, add),
    peak: combined(a.peak, b.peak, peak),
  };
}

/**
 * Each pool's load hour by hour from the run's start, for its busy hour (`busyHourOf`). Merging sums
 * the hours of independent runs of the same scenario, so the busy hour of replications is the hour
 * that offered most across all of them.
 */
export const busyHourLoad: Analysis<BusyHourResult> = {
  name: 'busyHour',
  start: (run) => new BusyHourReducer(run),
  merge: (a, b) => ({
    startMs: a.startMs,
    pools: a.pools.map((p, i) => sumHours(p, b.pools[i]!, p.id, Math.max)),
  }),
};

/**
 * The busy hour, as telephony sizing takes it: the hour with the highest offered load, the earliest on a
 * tie; null when nothing was offered. Offered load = carried traffic + sessions lost × mean holding time
 * (the run's session-hours carried ÷ sessions admitted), so an hour whose refused sessions would have
 * stayed long weighs what they would have held. Several pools together are taken hour by hour: sessions
 * summed, peaks summed as an upper bound.
 */
export function busyHourOf(result: BusyHourResult, pools: readonly HourlyLoad[]): BusyHour | null {
  if (pools.length === 0) return null;
  const load = pools.reduce((a, b) => sumHours(a, b, a.id, (x, y) => x + y));
  const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
  const admitted = sum(load.offered) - sum(load.denied);
  const holdingMs = admitted > 0 ? sum(load.carriedMs) / admitted : MS.hour;
  let best = -1;
  let bestLoad = 0;
  for (let k = 0; k < load.offered.length; k++) {
    const offeredLoad = load.carriedMs[k]! + load.denied[k]! * holdingMs;
    if (load.offered[k]! > 0 && (best < 0 || offeredLoad > bestLoad)) {
      best = k;
      bestLoad = offeredLoad;
    }
  }
  if (best < 0) return null;
  const offered = load.offered[best]!;
  const denied = load.denied[best]!;
  return {
    at: result.startMs + best * MS.hour,
    offered,
    denied,
    denialRate: offered > 0 ? denied / offered : 0,
    concurrency: load.carriedMs[best]! / MS.hour,
    peak: load.peak[best]!,
  };
}
