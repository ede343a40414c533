import type { Run } from '../model/bind.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import type { ReleaseCause, TraceRecord } from '../trace/records.js';
import { MS } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';

/**
 * One pool's load hour by hour, hour k covering [start + k h, start + k h + 1 h) from the run's start:
 * what telephony sizing reads its busy hour from. Replications sum them hour by hour (the busy hour of
 * several runs is then the hour busiest across all of them). Float64Arrays, which structured clone copies
 * as they are: a 25-year run has 220,000 hours, and a JavaScript array that long costs more to build than
 * the busy-hour analysis of the whole run.
 */
export interface HourlyLoad {
  readonly id: string;
  /** Sessions offered (admitted + denied) in each hour. */
  readonly offered: Float64Array;
  readonly denied: Float64Array;
  /** Session-milliseconds in use in each hour: ÷ 1 h gives the carried traffic in erlangs. */
  readonly carriedMs: Float64Array;
  /** The most sessions in use at once in each hour. */
  readonly peak: Float64Array;
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

/**
 * One pool's hours as the run goes. The current hour's figures are plain fields, so that an admission or
 * release inside the hour (nearly all of them) costs a comparison and a few additions; an hour is written
 * to the arrays when the run passes its end.
 */
class HourTally {
  /** Completed hours by index; always longer than the current hour's index. */
  private offered: Float64Array;
  private denied: Float64Array;
  private carriedMs: Float64Array;
  private peak: Float64Array;
  /** The current hour: its index from the run's start, its end, and its figures so far. */
  private hour = 0;
  private hourEnd: number;
  private hourOffered = 0;
  private hourDenied = 0;
  private hourCarriedMs = 0;
  private hourPeak = 0;
  /** The last completed hour with anything in it, so that results stop there. */
  private last = -1;
  private inUse = 0;
  private since: number;

  /** Sized for the run's hours at the start, so that a run that keeps to its end never copies them. */
  constructor(
    private readonly startMs: number,
    hours: number,
  ) {
    this.since = startMs;
    this.hourEnd = startMs + MS.hour;
    const length = Math.max(hours, 1);
    this.offered = new Float64Array(length);
    this.denied = new Float64Array(length);
    this.carriedMs = new Float64Array(length);
    this.peak = new Float64Array(length);
  }

  /**
   * Credits the sessions in use since the last change to each hour they spanned, then moves to `inUse`.
   * Only an admission raises a peak: sessions ending together pass through lower levels at one instant.
   */
  step(at: number, inUse: number): void {
    if (at >= this.hourEnd) this.passHours(at);
    const level = this.inUse;
    if (level > 0 && this.since < at) {
      this.hourCarriedMs += level * (at - this.since);
      if (level > this.hourPeak) this.hourPeak = level;
    }
    this.since = at;
    this.inUse = inUse;
  }

  admit(at: number, inUse: number): void {
    this.step(at, inUse);
    this.hourOffered++;
    if (inUse > this.hourPeak) this.hourPeak = inUse;
  }

  deny(at: number): void {
    if (at >= this.hourEnd) this.passHours(at);
    this.hourOffered++;
    this.hourDenied++;
  }

  /**
   * Closes every hour that ends by `at`, crediting each the level held in it; the level held into the
   * hour holding `at` is credited at the next step, in one piece, so that sums do not depend on denials.
   */
  private passHours(at: number): void {
    const level = this.inUse;
    while (at >= this.hourEnd) {
      // A level held into a new hour is that hour's level too.
      if (level > 0 && this.since < this.hourEnd) {
        this.hourCarriedMs += level * (this.hourEnd - this.since);
        if (level > this.hourPeak) this.hourPeak = level;
      }
      const h = this.hour;
      this.offered[h] = this.hourOffered;
      this.denied[h] = this.hourDenied;
      this.carriedMs[h] = this.hourCarriedMs;
      this.peak[h] = this.hourPeak;
      if (this.hourOffered > 0 || this.hourCarriedMs > 0) this.last = h;
      this.hourOffered = 0;
      this.hourDenied = 0;
      this.hourCarriedMs = 0;
      this.hourPeak = 0;
      this.since = this.hourEnd;
      this.hour = h + 1;
      this.hourEnd = this.startMs + (h + 2) * MS.hour;
      if (this.hour >= this.offered.length) this.widen();
    }
  }

  /** Doubles the arrays: for releases past the run's end, or a run stretched by a lifecycle. */
  private widen(): void {
    const wider = (a: Float64Array) => {
      const w = new Float64Array(a.length * 2);
      w.set(a);
      return w;
    };
    this.offered = wider(this.offered);
    this.denied = wider(this.denied);
    this.carriedMs = wider(this.carriedMs);
    this.peak = wider(this.peak);
  }

  /**
   * The hours up to the last with anything in it, the current one included. Views of the tally's own
   * arrays, not copies (a copy of a long run's hours costs as much as filling them): the hours before
   * the current one never change again, and the current one's figures are what they are so far.
   */
  result(id: string): HourlyLoad {
    const current = this.hourOffered > 0 || this.hourCarriedMs > 0;
    const n = current ? this.hour + 1 : this.last + 1;
    const upTo = (hours: Float64Array, now: number) => {
      if (current) hours[this.hour] = now;
      return hours.subarray(0, n);
    };
    return {
      id,
      offered: upTo(this.offered, this.hourOffered),
      denied: upTo(this.denied, this.hourDenied),
      carriedMs: upTo(this.carriedMs, this.hourCarriedMs),
      peak: upTo(this.peak, this.hourPeak),
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
  const combined = (x: Float64Array, y: Float64Array, f: (x: number, y: number) => number) => {
    const out = new Float64Array(n);
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
  const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
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
