import { MS } from '../vocabulary.js';

/**
 * A pool's concurrency over a run, downsampled to a bounded number of buckets of one width. Each bucket
 * keeps the lowest and highest level held in it (the level carried in at its start, and every level an
 * event set inside it, even for no time), so the series never loses a peak: the highest `max` is the
 * run's peak exactly. Plain data: structured-cloneable.
 */
export interface ConcurrencySeries {
  /** Start of the first bucket: the start of the run (epoch ms). */
  readonly start: number;
  /** Every bucket's width in milliseconds: a clock-friendly width (a minute, 15 minutes, an hour…). */
  readonly bucketMs: number;
  /** Lowest level held in each bucket. */
  readonly min: number[];
  /** Highest level held in each bucket. */
  readonly max: number[];
  /** Sessions denied in each bucket. */
  readonly denied: number[];
}

/** At most this many buckets: enough for a chart across a page, small enough for any report. */
export const SERIES_BUCKETS = 500;

/** Bucket widths a person reads on a clock or calendar, smallest first. */
const widths = [
  MS.second,
  5 * MS.second,
  15 * MS.second,
  30 * MS.second,
  MS.minute,
  5 * MS.minute,
  15 * MS.minute,
  30 * MS.minute,
  MS.hour,
  2 * MS.hour,
  3 * MS.hour,
  6 * MS.hour,
  12 * MS.hour,
  MS.day,
  7 * MS.day,
];

/** The smallest clock-friendly width that covers `spanMs` in at most `buckets` buckets. */
export function bucketWidth(spanMs: number, buckets = SERIES_BUCKETS): number {
  const fits = widths.find((w) => Math.ceil(spanMs / w) <= buckets);
  // Longer than 500 weeks: whole weeks, as many as it takes.
  return fits ?? Math.ceil(spanMs / buckets / widths.at(-1)!) * widths.at(-1)!;
}

/** Builds a ConcurrencySeries from level changes in time order. */
export class SeriesBuilder {
  private readonly min: Int32Array;
  private readonly max: Int32Array;
  private readonly denied: Int32Array;
  private readonly bucketMs: number;
  /** The bucket the last change fell in; buckets before it are complete. */
  private current = 0;
  /** The instants that fall in the current bucket: [currentFrom, currentTo). */
  private currentFrom = Number.NEGATIVE_INFINITY;
  private currentTo: number;
  private level = 0;

  constructor(
    private readonly start: number,
    end: number,
    buckets = SERIES_BUCKETS,
  ) {
    const span = Math.max(1, end - start);
    this.bucketMs = bucketWidth(span, buckets);
    const n = Math.ceil(span / this.bucketMs);
    this.min = new Int32Array(n);
    this.max = new Int32Array(n);
    this.denied = new Int32Array(n);
    this.currentTo = n > 1 ? start + this.bucketMs : Number.POSITIVE_INFINITY;
  }

  /** The level becomes `level` at `at`. */
  step(at: number, level: number): void {
    // Nearly every change falls in the bucket of the one before: two comparisons, no division.
    const b = at >= this.currentFrom && at < this.currentTo ? this.current : this.bucketAt(at);
    if (level < this.min[b]!) this.min[b] = level;
    if (level > this.max[b]!) this.max[b] = level;
    this.level = level;
  }

  /** A session denied at `at`. */
  deny(at: number): void {
    const b = at >= this.currentFrom && at < this.currentTo ? this.current : this.bucketAt(at);
    this.denied[b]!++;
  }

  result(): ConcurrencySeries {
    this.advance(this.min.length - 1);
    return {
      start: this.start,
      bucketMs: this.bucketMs,
      min: Array.from(this.min),
      max: Array.from(this.max),
      denied: Array.from(this.denied),
    };
  }

  /** Instants at or past the end (a run's last releases) fall in the last bucket. */
  private bucketOf(at: number): number {
    const b = Math.floor((at - this.start) / this.bucketMs);
    return b < 0 ? 0 : b >= this.min.length ? this.min.length - 1 : b;
  }

  /** The bucket of `at`, moving on to it when it is later than the current one. */
  private bucketAt(at: number): number {
    const b = this.bucketOf(at);
    if (b !== this.current) this.advance(b);
    return b;
  }

  /** Buckets after the current one up to `to` hold the level carried in, until something changes it. */
  private advance(to: number): void {
    for (let b = this.current + 1; b <= to; b++) {
      this.min[b] = this.level;
      this.max[b] = this.level;
    }
    if (to > this.current) {
      this.current = to;
      // The first bucket takes instants before the start, the last those at or past the end.
      this.currentFrom = to === 0 ? Number.NEGATIVE_INFINITY : this.start + to * this.bucketMs;
      this.currentTo =
        to === this.min.length - 1 ? Number.POSITIVE_INFINITY : this.start + (to + 1) * this.bucketMs;
    }
  }
}

/**
 * Two runs of the same scenario as one series: per bucket, the lowest of the lows and the highest of the
 * highs (the envelope of the runs), and the denials of both.
 */
export function mergeSeries(a: ConcurrencySeries, b: ConcurrencySeries): ConcurrencySeries {
  return {
    start: a.start,
    bucketMs: a.bucketMs,
    min: a.min.map((v, i) => Math.min(v, b.min[i] ?? v)),
    max: a.max.map((v, i) => Math.max(v, b.max[i] ?? v)),
    denied: a.denied.map((v, i) => v + (b.denied[i] ?? 0)),
  };
}
