import { DateTime, Duration } from 'luxon';
import { lastDateOfPeriods } from './time.js';

/** One license of a duration stack, as written: a monthly or yearly term of whole periods. */
export interface StackedTerm {
  readonly unit: 'months' | 'years';
  readonly periods: number;
}

/** Where each license of a duration stack runs, and the first one that takes the stack past its limit. */
export interface DurationStack {
  readonly starts: readonly string[];
  readonly ends: readonly string[];
  /** The last day the stack may reach: `limit` after the first start, less a day. */
  readonly lastAllowed: string;
  /** Index of the first license ending after `lastAllowed`, or -1 when the stack fits. */
  readonly overLimit: number;
}

/**
 * P11: licenses stacked in duration run one after another (a 1-year and a 2-year server subscription make
 * a 3-year term): each starts the day after the one before ends. The whole may reach at most `limit`
 * (an ISO 8601 duration in calendar terms) from the first start; the vendor refuses anything longer.
 * Dates only, as license dates are: the zone applies when they become instants.
 */
export function stackInDuration(first: string, terms: readonly StackedTerm[], limit: string): DurationStack {
  const starts: string[] = [];
  const ends: string[] = [];
  let cursor = first;
  for (const t of terms) {
    starts.push(cursor);
    const end = lastDateOfPeriods(cursor, t.unit, t.periods) ?? cursor;
    ends.push(end);
    cursor = DateTime.fromISO(end, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? end;
  }
  const lastAllowed =
    DateTime.fromISO(first, { zone: 'UTC' }).plus(Duration.fromISO(limit)).minus({ days: 1 }).toISODate() ??
    first;
  return { starts, ends, lastAllowed, overLimit: ends.findIndex((e) => e > lastAllowed) };
}
