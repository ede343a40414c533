import { IANAZone } from 'luxon';
import { MS } from '../vocabulary.js';

/** Every zone's offset changes on a quarter hour, so one offset holds for a whole quarter-hour slot. */
const SLOT_MS = 15 * MS.minute;

/** How far an offset is taken to hold once it holds at both ends: no zone changes twice within a week. */
const STRETCH_MS = 7 * MS.day;

/** Names of UTC itself, which never changes its offset: no need to ask. */
const UNIVERSAL = /^(Etc\/)?(UTC|UCT|GMT|Universal|Zulu)$/;

/**
 * Reads instants as a time zone's clock and calendar: local day, hour of day, day of week. Asking the zone
 * for its offset is slow (Intl: a 25-year run asked 19,000 times, a twelfth of its time), so an offset is
 * kept for a whole stretch where it is known to hold: a week at a time, since no zone changes its offset
 * twice within a week; the week holding a change is split at the quarter hour where it happens.
 */
export class LocalClock {
  private readonly zone: IANAZone;
  /** The offset holds on [from, until). */
  private from = 0;
  private until = 0;
  private offsetMs = 0;

  constructor(zone: string) {
    this.zone = IANAZone.create(zone);
    if (this.zone.isUniversal || UNIVERSAL.test(zone)) {
      this.offsetMs = this.zone.offset(0) * MS.minute;
      this.from = Number.NEGATIVE_INFINITY;
      this.until = Number.POSITIVE_INFINITY;
    }
  }

  /** Milliseconds since 1970-01-01 00:00 local time: divide by a day for the local day number. */
  local(at: number): number {
    if (at < this.from || at >= this.until) this.learn(at);
    return at + this.offsetMs;
  }

  /** Finds the stretch of constant offset around `at`: a week from its quarter hour, or up to a change. */
  private learn(at: number): void {
    const start = Math.floor(at / SLOT_MS) * SLOT_MS;
    const offset = this.zone.offset(start);
    let end = start + STRETCH_MS;
    if (this.zone.offset(end) !== offset) {
      // The first quarter hour of the week with another offset: every zone changes on a quarter hour.
      let lo = start;
      while (end - lo > SLOT_MS) {
        const mid = lo + Math.floor((end - lo) / SLOT_MS / 2) * SLOT_MS;
        if (this.zone.offset(mid) === offset) lo = mid;
        else end = mid;
      }
    }
    this.from = start;
    this.until = end;
    this.offsetMs = offset * MS.minute;
  }
}

/** The local day number (days since 1970-01-01) of a local time. */
export function localDay(local: number): number {
  return Math.floor(local / MS.day);
}

/** The hour of day, 0–23, of a local time. */
export function localHour(local: number): number {
  return Math.floor((local - localDay(local) * MS.day) / MS.hour);
}

/** The ISO day of the week, Monday 0 to Sunday 6, of a local day number (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The calendar date, YYYY-MM-DD, of a local day number (years 0000–9999). Howard Hinnant's
 * civil_from_days, not `Date`: a 25-year run dates 9,000 days, and formatting each through
 * `toISOString` took a hundredth of the run.
 */
export function dateOf(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`;
}
