import { DateTime, Duration, IANAZone } from 'luxon';
import { parseInstant } from '../config/instant.js';
import { MS } from '../vocabulary.js';

/**
 * Virtual time is integer milliseconds since the Unix epoch. Two kinds of duration:
 * - elapsed time (`durationMs`): fixed lengths, a day is 24 h, a month 30 days, a year 365 days, so a
 *   duration means the same span wherever it starts: session lengths, timeouts, outages, scenario
 *   offsets;
 * - licence time (`calendarEndMs`): the date part in calendar days, months and years of the policy's
 *   zone, the time part in hours, so that a P30D trial started at midnight ends at midnight 30 days
 *   later whatever daylight-saving change lies between, as licence dates do.
 */

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** Milliseconds in an ISO 8601 duration, or null when it is not one. */
export function durationMs(iso: string): number | null {
  if (!DURATION.test(iso)) return null;
  const d = Duration.fromISO(iso);
  return d.isValid ? Math.round(d.toMillis()) : null;
}

/** The instant `iso` after `fromMs` in licence time: calendar days, months and years of `zone`. */
export function calendarEndMs(fromMs: number, iso: string, zone: string): number {
  const span = Duration.fromISO(iso);
  const end = DateTime.fromMillis(fromMs, { zone }).plus(span);
  return end.isValid ? end.toMillis() : fromMs + (durationMs(iso) ?? 0);
}

/** The instant `iso` before `toMs` in licence time: calendar days, months and years of `zone`. */
export function calendarStartMs(toMs: number, iso: string, zone: string): number {
  const span = Duration.fromISO(iso);
  const start = DateTime.fromMillis(toMs, { zone }).minus(span);
  return start.isValid ? start.toMillis() : toMs - (durationMs(iso) ?? 0);
}

/** Epoch ms of an instant with offset, read by the grammar the schemas check (config/instant.ts), or null. */
export const instantMs = parseInstant;

/** 00:00 of a calendar date in a zone (P11: validity starts at 00:00 of the start date). */
export function startOfDateMs(date: string, zone: string): number | null {
  const t = DateTime.fromISO(date, { zone });
  return t.isValid ? t.startOf('day').toMillis() : null;
}

/** 24:00 of a calendar date in a zone, i.e. 00:00 of the next day (P11: valid to 24:00 of the end date). */
export function endOfDateMs(date: string, zone: string): number | null {
  const t = DateTime.fromISO(date, { zone });
  return t.isValid ? t.startOf('day').plus({ days: 1 }).toMillis() : null;
}

/**
 * The last day of a term of `count` months or years from `start` (X2): the day before the start date comes
 * round again, so that 2026-03-28 + 1 year is valid until 2027-03-27 at 24:00. Dates only: no zone needed.
 */
export function lastDateOfPeriods(start: string, unit: 'months' | 'years', count: number): string | null {
  const t = DateTime.fromISO(start, { zone: 'UTC' });
  return t.isValid
    ? t
        .plus({ [unit]: count })
        .minus({ days: 1 })
        .toISODate()
    : null;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** ISO 8601 instant in UTC with millisecond precision: the form of every instant in JSON reports. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * An instant as a person in `zone` reads it, with the offset that makes it exact:
 * `2027-12-11 00:00 +01:00`, seconds and milliseconds only when they are not zero. The form of instants
 * in text output and in the wording of expectations.
 */
export function formatLocal(ms: number, zone: string): string {
  const t = DateTime.fromMillis(ms, { zone });
  if (!t.isValid) return formatInstant(ms);
  const clock = t.millisecond !== 0 ? 'HH:mm:ss.SSS' : t.second !== 0 ? 'HH:mm:ss' : 'HH:mm';
  return t.toFormat(`yyyy-MM-dd ${clock} ZZ`);
}

/** `formatLocal` of an ISO 8601 instant as JSON reports write it. */
export function localOfIso(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatLocal(ms, zone);
}

export const MS_PER_DAY = MS.day;
export const MS_PER_HOUR = MS.hour;
