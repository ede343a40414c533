import type { Run } from '../model/bind.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import type { ReleaseCause, TraceRecord } from '../trace/records.js';
import { MS } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type ConcurrencySeries, mergeSeries, SeriesBuilder } from './concurrency-series.js';
import { dateOf, LocalClock, localDay, localHour, weekdayOf } from './local-clock.js';

/** One local calendar day of a pool, in the policy's time zone. */
export interface DayUsage {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** The highest concurrency of the day, the level carried in at midnight included. */
  peak: number;
  denied: number;
}

/** One pool's use over the run's time, in the policy's time zone. */
export interface PoolUsageOverTime {
  readonly id: string;
  readonly series: ConcurrencySeries;
  /** Every day of the run, in order. */
  readonly days: DayUsage[];
  /** Sessions denied in each hour of the day, 00–01 first. */
  readonly deniedByHour: number[];
  /** Sessions denied on each day of the week, Monday first. */
  readonly deniedByWeekday: number[];
}

export interface UsageOverTimeResult {
  readonly timeZone: string;
  readonly pools: PoolUsageOverTime[];
}

class PoolTimes {
  readonly series: SeriesBuilder;
  readonly peaks: Int32Array;
  readonly denied: Int32Array;
  readonly byHour = new Array<number>(24).fill(0);
  readonly byWeekday = new Array<number>(7).fill(0);
  /** The day the last change fell in (index from the run's first day); days before it are complete. */
  private day = 0;
  private level = 0;

  constructor(
    readonly id: string,
    start: number,
    end: number,
    days: number,
  ) {
    this.series = new SeriesBuilder(start, end);
    this.peaks = new Int32Array(days);
    this.denied = new Int32Array(days);
  }

  step(at: number, day: number, level: number): void {
    this.series.step(at, level);
    if (day !== this.day) this.advance(day);
    if (level > this.peaks[day]!) this.peaks[day] = level;
    this.level = level;
  }

  deny(at: number, day: number, hour: number, weekday: number): void {
    this.series.deny(at);
    if (day !== this.day) this.advance(day);
    this.denied[day]!++;
    this.byHour[hour]!++;
    this.byWeekday[weekday]!++;
  }

  /** Days after the current one up to `to` start with the level carried in at midnight. */
  advance(to: number): void {
    for (let d = this.day + 1; d <= to; d++) this.peaks[d] = this.level;
    if (to > this.day) this.day = to;
  }
}

class UsageOverTimeReducer extends IgnoreAll implements Reducer<UsageOverTimeResult> {
  private readonly clock: LocalClock;
  private readonly firstDay: number;
  private readonly lastIndex: number;
  private readonly pools: PoolTimes[];
  /** The day index of the last change, and the local times that share it: [dayFrom, dayTo). */
  private day = 0;
  private dayFrom = Number.POSITIVE_INFINITY;
  private dayTo = Number.NEGATIVE_INFINITY;

  constructor(private readonly run: Run) {
    super();
    const { startMs, endMs } = run.scenario;
    this.clock = new LocalClock(run.policy.timeZone);
    this.firstDay = localDay(this.clock.local(startMs));
    // The day of the run's last instant; a run ending at midnight has no day after it.
    this.lastIndex = Math.max(0, localDay(this.clock.local(Math.max(startMs, endMs - 1))) - this.firstDay);
    this.pools = run.policy.pools.map((p) => new PoolTimes(p.id, startMs, endMs, this.lastIndex + 1));
  }

  /**
   * The index from the run's first day of the local day of `local`, within the run's days. Nearly every
   * change falls on the day of the one before: two comparisons, no division.
   */
  private dayIndex(local: number): number {
    if (local >= this.dayFrom && local < this.dayTo) return this.day;
    const d = localDay(local) - this.firstDay;
    const day = d < 0 ? 0 : d > this.lastIndex ? this.lastIndex : d;
    // The first day takes times before the start, the last those after the end.
    this.day = day;
    this.dayFrom = day === 0 ? Number.NEGATIVE_INFINITY : (this.firstDay + day) * MS.day;
    this.dayTo = day === this.lastIndex ? Number.POSITIVE_INFINITY : (this.firstDay + day + 1) * MS.day;
    return day;
  }

  override admit(at: number, _s: number, _u: number, _n: number, pool: number, inUse: number): void {
    this.pools[pool]!.step(at, this.dayIndex(this.clock.local(at)), inUse);
  }

  override release(at: number, _session: number, pool: number, inUse: number, _cause: ReleaseCause): void {
    this.pools[pool]!.step(at, this.dayIndex(this.clock.local(at)), inUse);
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
    const local = this.clock.local(at);
    this.pools[pool]!.deny(at, this.dayIndex(local), localHour(local), weekdayOf(localDay(local)));
  }

  override record(r: TraceRecord): void {
    if (r.type === 'run-end') for (const p of this.pools) p.advance(this.lastIndex);
  }

  result(): UsageOverTimeResult {
    return {
      timeZone: this.run.policy.timeZone,
      pools: this.pools.map((p) => {
        // Days not reached yet (a run stopped early) carry the last level.
        p.advance(this.lastIndex);
        return {
          id: p.id,
          series: p.series.result(),
          days: Array.from(p.peaks, (peak, i) => ({
            date: dateOf(this.firstDay + i),
            peak,
            denied: p.denied[i]!,
          })),
          deniedByHour: [...p.byHour],
          deniedByWeekday: [...p.byWeekday],
        };
      }),
    };
  }
}

const add = (a: readonly number[], b: readonly number[]) => a.map((v, i) => v + (b[i] ?? 0));

/**
 * Each pool's concurrency over time (downsampled, peaks kept), its peak and denials by local day, and its
 * denials by hour of day and day of week: what license-usage tools chart. Two runs merge as the envelope
 * of their series, the higher peak of each day, and the sum of their denials.
 */
export const usageOverTime: Analysis<UsageOverTimeResult> = {
  name: 'usageOverTime',
  start: (run) => new UsageOverTimeReducer(run),
  merge: (a, b) => ({
    timeZone: a.timeZone,
    pools: a.pools.map((p, i) => {
      const q = b.pools[i]!;
      return {
        id: p.id,
        series: mergeSeries(p.series, q.series),
        days: p.days.map((d, k) => ({
          date: d.date,
          peak: Math.max(d.peak, q.days[k]?.peak ?? 0),
          denied: d.denied + (q.days[k]?.denied ?? 0),
        })),
        deniedByHour: add(p.deniedByHour, q.deniedByHour),
        deniedByWeekday: add(p.deniedByWeekday, q.deniedByWeekday),
      };
    }),
  }),
};
