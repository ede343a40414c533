import { IANAZone } from 'luxon';
import { MS } from '../vocabulary.js';

/** Every zone's offset changes on a quarter hour, so one offset holds for a whole quarter-hour slot. */
const SLOT_MS = 15 * MS.minute;

/**
 * Reads instants as a time zone's clock and calendar: local day, hour of day, day of week. Instants come
 * in time order, so the zone's offset is looked up once per quarter hour at most, not per event.
 */
export class LocalClock {
  private readonly zone: IANAZone;
  private slot = Number.NaN;
  private offsetMs = 0;

  constructor(zone: string) {
    this.zone = IANAZone.create(zone);
  }

  /** Milliseconds since 1970-01-01 00:00 local time: divide by a day for the local day number. */
  local(at: number): number {
    const slot = Math.floor(at / SLOT_MS);
    if (slot !== this.slot) {
      this.slot = slot;
      this.offsetMs = this.zone.offset(slot * SLOT_MS) * MS.minute;
    }
    return at + this.offsetMs;
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

/** The calendar date, YYYY-MM-DD, of a local day number. */
export function dateOf(day: number): string {
  return new Date(day * MS.day).toISOString().slice(0, 10);
}
