import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import {
  arrivalProfileByName,
  CALENDAR_SLOTS,
  calendarWeights,
  PoissonArrivals,
  PROFILE_NAMES,
  PROFILES,
  profileByName,
  zoneCalendarSlot,
  zoneHourOfDay,
} from '../../src/sim/arrival-profile.js';
import { Rng } from '../../src/sim/rng.js';

const HOUR = 3_600_000;
const utcHour = (t: number): number => Math.floor(t / HOUR) % 24;

/** Counts arrivals in [startMs, endMs), checking that times are integers that never go back. */
function countArrivals(arrivals: PoissonArrivals, startMs: number, endMs: number, perHourBucket?: number[]) {
  let n = 0;
  let disordered = 0;
  let prev = startMs;
  for (let t = arrivals.next(startMs); t < endMs; t = arrivals.next(t)) {
    if (!Number.isInteger(t) || t < prev) disordered++;
    prev = t;
    n++;
    if (perHourBucket) perHourBucket[utcHour(t)]!++;
  }
  expect(disordered).toBe(0);
  return n;
}

describe('arrival profiles', () => {
  it('names flat and business-hours, each with 24 weights', () => {
    expect(PROFILE_NAMES).toEqual(['flat', 'business-hours']);
    for (const name of PROFILE_NAMES) expect(profileByName(name)).toHaveLength(24);
    expect(profileByName('business-hours')).toBe(PROFILES['business-hours']);
  });

  it('rejects an unknown profile name and lists the valid ones', () => {
    expect(() => profileByName('weekends')).toThrow(/'weekends'.*flat, business-hours/);
    expect(() => profileByName('toString')).toThrow(RangeError);
  });
});

describe('PoissonArrivals', () => {
  it('flat profile: arrivals over 1000 hours ≈ rate × hours (within 1.5 %)', () => {
    const arrivals = new PoissonArrivals(new Rng(7), 100, PROFILES.flat, utcHour);
    const n = countArrivals(arrivals, 0, 1000 * HOUR);
    expect(Math.abs(n / 100_000 - 1)).toBeLessThan(0.015);
  });

  it('rounding times to integer ms does not bias a high rate (10 ms mean gap)', () => {
    const arrivals = new PoissonArrivals(new Rng(8), 360_000, PROFILES.flat, utcHour);
    const n = countArrivals(arrivals, 0, HOUR);
    expect(Math.abs(n / 360_000 - 1)).toBeLessThan(0.01);
  });

  it('business-hours: fewer arrivals at night than at 10:00, in the profile ratio 0.1', () => {
    const arrivals = new PoissonArrivals(new Rng(9), 50, PROFILES['business-hours'], utcHour);
    const byHour = new Array<number>(24).fill(0);
    const days = 200;
    const n = countArrivals(arrivals, 0, days * 24 * HOUR, byHour);
    // perHour is the peak-hour rate; the weights sum to 11.
    expect(Math.abs(n / (50 * 11 * days) - 1)).toBeLessThan(0.02);
    expect(Math.abs(byHour[10]! / (50 * days) - 1)).toBeLessThan(0.05);
    expect(byHour[3]!).toBeLessThan(byHour[10]! / 5);
    expect(Math.abs(byHour[3]! / byHour[10]! - 0.1)).toBeLessThan(0.02);
  });

  it('scales weights so perHour is the rate at the peak hour, whatever their units', () => {
    const scaled = PROFILES['business-hours'].map((w) => w * 40);
    const a = new PoissonArrivals(new Rng(1), 50, scaled, utcHour);
    const b = new PoissonArrivals(new Rng(1), 50, PROFILES['business-hours'], utcHour);
    let ta = 0;
    let tb = 0;
    for (let i = 0; i < 1000; i++) {
      ta = a.next(ta);
      tb = b.next(tb);
      expect(ta).toBe(tb);
    }
  });

  it('is reproducible for the same seed', () => {
    const run = () => {
      const arrivals = new PoissonArrivals(new Rng(3), 20, PROFILES['business-hours'], utcHour);
      const out: number[] = [];
      let t = 0;
      for (let i = 0; i < 500; i++) {
        t = arrivals.next(t);
        out.push(t);
      }
      return out;
    };
    expect(run()).toEqual(run());
  });

  it('yields no arrival at rate 0', () => {
    expect(new PoissonArrivals(new Rng(1), 0, PROFILES.flat, utcHour).next(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects bad rates, bad profiles and an hourOfDay outside 0..23', () => {
    const rng = new Rng(1);
    expect(() => new PoissonArrivals(rng, -1, PROFILES.flat, utcHour)).toThrow(RangeError);
    expect(() => new PoissonArrivals(rng, 1, [], utcHour)).toThrow(/finite weights >= 0, one per slot/);
    expect(() => new PoissonArrivals(rng, 1, new Array<number>(24).fill(0), utcHour)).toThrow(/above 0/);
    const broken = new PoissonArrivals(rng, 1, PROFILES['business-hours'], () => 24);
    expect(() => broken.next(0)).toThrow(/0\.\.23/);
  });
});

describe('zoneHourOfDay', () => {
  const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();

  it('Europe/Paris across the spring DST change (2026-03-29): 01:59 CET is followed by 03:00 CEST', () => {
    const paris = zoneHourOfDay('Europe/Paris');
    expect(paris(at('2026-03-28T23:30:00Z'))).toBe(0);
    expect(paris(at('2026-03-29T00:59:59.999Z'))).toBe(1);
    expect(paris(at('2026-03-29T01:00:00Z'))).toBe(3);
    expect(paris(at('2026-03-29T08:00:00Z'))).toBe(10);
    // Back to before the change: the cache must not answer for another hour.
    expect(paris(at('2026-03-29T00:30:00Z'))).toBe(1);
  });

  it('agrees with luxon minute by minute around both 2026 DST changes, in time order and shuffled', () => {
    for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      const hourOf = zoneHourOfDay(zone);
      const times: number[] = [];
      for (const day of ['2026-03-07', '2026-03-28', '2026-10-03', '2026-10-24', '2026-11-01']) {
        const start = at(`${day}T00:00:00Z`);
        for (let m = 0; m < 2 * 24 * 60; m += 7) times.push(start + m * 60_000 + 59_999 * (m % 2));
      }
      const rng = new Rng(1);
      const shuffled = [...times];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      for (const t of [...times, ...shuffled]) {
        expect(hourOf(t), `${zone} at ${new Date(t).toISOString()}`).toBe(
          DateTime.fromMillis(t, { zone }).hour,
        );
      }
    }
  });

  it('Europe/Paris in the autumn DST change (2026-10-25): local 02:00–03:00 happens twice', () => {
    const paris = zoneHourOfDay('Europe/Paris');
    expect(paris(at('2026-10-24T23:59:59.999Z'))).toBe(1);
    expect(paris(at('2026-10-25T00:30:00Z'))).toBe(2);
    expect(paris(at('2026-10-25T00:59:59.999Z'))).toBe(2);
    expect(paris(at('2026-10-25T01:00:00Z'))).toBe(2);
    expect(paris(at('2026-10-25T01:59:59.999Z'))).toBe(2);
    expect(paris(at('2026-10-25T02:00:00Z'))).toBe(3);
  });

  it('switches hour at the exact millisecond of each 2026 offset change, whichever side it was asked first', () => {
    const offsetMin = (zone: string, t: number) => DateTime.fromMillis(t, { zone }).offset;
    // Lord Howe moves by 30 minutes; Tehran has had no DST since 2022.
    const expectedChanges = {
      'Europe/Paris': 2,
      'America/Santiago': 2,
      'Australia/Lord_Howe': 2,
      'Asia/Tehran': 0,
    };
    for (const [zone, expected] of Object.entries(expectedChanges)) {
      const changes: number[] = [];
      for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += HOUR) {
        if (offsetMin(zone, t) === offsetMin(zone, t + HOUR)) continue;
        let lo = t;
        let hi = t + HOUR;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (offsetMin(zone, mid) === offsetMin(zone, t)) lo = mid;
          else hi = mid;
        }
        changes.push(hi);
      }
      expect(changes).toHaveLength(expected);
      for (const change of changes) {
        for (const warmUp of [change - 2 * HOUR, change + 2 * HOUR]) {
          const hourOf = zoneHourOfDay(zone);
          hourOf(warmUp);
          for (const t of [change - 1, change, change + 1]) {
            expect(hourOf(t), `${zone} at ${new Date(t).toISOString()}`).toBe(
              DateTime.fromMillis(t, { zone }).hour,
            );
          }
        }
      }
    }
  });

  it('asks the zone for its offset only on leaving the stretch it knows: a few lookups per day, not per call', () => {
    const lookups = vi.spyOn(IANAZone.prototype, 'offset');
    try {
      const paris = zoneHourOfDay('Europe/Paris');
      // Two days without an offset change, minute by minute: one stretch of two days around each lookup.
      for (let t = at('2026-05-01T00:00:00Z'); t < at('2026-05-03T00:00:00Z'); t += 60_000) paris(t);
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(9);
      // Across the spring change: each stretch either side ends at the change, found by bisecting a day
      // (about 27 lookups), once per side.
      lookups.mockClear();
      for (let t = at('2026-03-28T12:00:00Z'); t < at('2026-03-30T00:00:00Z'); t += 60_000) paris(t);
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(2 * (3 + 29));
    } finally {
      lookups.mockRestore();
    }
  });

  it('rejects an unknown zone with a message that shows a valid one', () => {
    expect(() => zoneHourOfDay('Mars/Olympus')).toThrow(/'Mars\/Olympus'.*Europe\/Paris/);
  });

  it('names what it refuses: an infinite rate, a negative, infinite or NaN weight', () => {
    const rng = new Rng(1);
    expect(() => new PoissonArrivals(rng, Number.POSITIVE_INFINITY, PROFILES.flat, utcHour)).toThrow(
      'PoissonArrivals: perHour must be a finite number >= 0, got Infinity',
    );
    const withWeight = (w: number) => [w, ...new Array<number>(23).fill(1)];
    for (const w of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => new PoissonArrivals(rng, 1, withWeight(w), utcHour)).toThrow(
        'PoissonArrivals: a profile needs finite weights >= 0, one per slot',
      );
    }
  });

  it('a rate so small that the next arrival lies past the horizon yields none, in any profile', () => {
    const arrivals = new PoissonArrivals(new Rng(1), 1e-9, PROFILES['business-hours'], utcHour);
    expect(arrivals.next(0, 10 * 24 * HOUR)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('calendar profiles: day of week and month end, in local time', () => {
  const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
  /** The slot luxon gives: local hour + 24 × weekday (Monday 0) + 168 × days left in the month. */
  const luxonSlot = (t: number, zone: string) => {
    const d = DateTime.fromMillis(t, { zone });
    return (d.daysInMonth! - d.day) * 168 + (d.weekday - 1) * 24 + d.hour;
  };

  it('zoneCalendarSlot: Sunday 29 March 2026 03:00 CEST, right after the spring change, 2 days before month end', () => {
    const paris = zoneCalendarSlot('Europe/Paris');
    expect(paris(at('2026-03-29T01:00:00Z'))).toBe(2 * 168 + 6 * 24 + 3);
    expect(paris(at('2026-03-29T00:59:59.999Z'))).toBe(2 * 168 + 6 * 24 + 1);
    // Monday 2 March 2026, 00:00 in Paris is Sunday 23:00 in UTC: the local day counts.
    expect(paris(at('2026-03-01T23:00:00Z'))).toBe(29 * 168 + 0);
  });

  it('zoneCalendarSlot agrees with luxon every 37 minutes over a year in four zones, DST changes included', () => {
    for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      const slotOf = zoneCalendarSlot(zone);
      const wrong: string[] = [];
      for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += 37 * 60_000) {
        if (slotOf(t) !== luxonSlot(t, zone)) wrong.push(new Date(t).toISOString());
      }
      expect(wrong, zone).toEqual([]);
    }
  });

  it('calendarWeights: hour × day × month-end factor, one weight per slot', () => {
    const w = calendarWeights({
      hours: PROFILES['business-hours'],
      days: [1, 1, 1, 1, 1, 0.1, 0.1],
      monthEnd: { days: 3, factor: 2 },
    });
    expect(w).toHaveLength(CALENDAR_SLOTS);
    expect(w[10 * 168 + 0 * 24 + 10]).toBe(1); // a Monday at 10:00, ten days before month end
    expect(w[10 * 168 + 5 * 24 + 10]).toBeCloseTo(0.1); // a Saturday at 10:00
    expect(w[2 * 168 + 0 * 24 + 10]).toBe(2); // a Monday at 10:00 among the last 3 days
    expect(w[3 * 168 + 0 * 24 + 10]).toBe(1); // four days before the end: not the peak
  });

  it('business-hours: a Saturday or Sunday brings a tenth of a working day, in Paris time', () => {
    const zone = 'Europe/Paris';
    const arrivals = new PoissonArrivals(
      new Rng(5),
      60,
      calendarWeights(arrivalProfileByName('business-hours')),
      zoneCalendarSlot(zone),
    );
    const byWeekday = new Array<number>(8).fill(0);
    const start = at('2026-01-05T00:00:00+01:00'); // a Monday
    const weeks = 40;
    for (let t = arrivals.next(start); t < start + weeks * 7 * 24 * HOUR; t = arrivals.next(t)) {
      byWeekday[DateTime.fromMillis(t, { zone }).weekday]!++;
    }
    const weekday = (byWeekday[1]! + byWeekday[2]! + byWeekday[3]! + byWeekday[4]! + byWeekday[5]!) / 5;
    // A working day at 60 per peak hour: 60 × 11 arrivals.
    expect(Math.abs(weekday / (60 * 11 * weeks) - 1)).toBeLessThan(0.03);
    for (const weekend of [6, 7]) expect(Math.abs(byWeekday[weekend]! / weekday - 0.1)).toBeLessThan(0.015);
  });

  it('a month-end peak doubles the last three days of each local month', () => {
    const zone = 'America/New_York';
    const profile = {
      hours: PROFILES.flat,
      days: PROFILES.flat.slice(0, 7),
      monthEnd: { days: 3, factor: 2 },
    };
    const arrivals = new PoissonArrivals(new Rng(6), 20, calendarWeights(profile), zoneCalendarSlot(zone));
    let peak = 0;
    let rest = 0;
    let peakDays = 0;
    const start = at('2026-01-01T00:00:00-05:00');
    const end = at('2027-01-01T00:00:00-05:00');
    for (let t = arrivals.next(start); t < end; t = arrivals.next(t)) {
      const d = DateTime.fromMillis(t, { zone });
      if (d.daysInMonth! - d.day < 3) peak++;
      else rest++;
    }
    for (let d = DateTime.fromMillis(start, { zone }); d.toMillis() < end; d = d.plus({ days: 1 })) {
      if (d.daysInMonth! - d.day < 3) peakDays++;
    }
    // perHour is the rate at the busiest hour, a month-end one: 20 then, 10 the rest of the month.
    expect(Math.abs(peak / (20 * 24 * peakDays) - 1)).toBeLessThan(0.03);
    expect(Math.abs(rest / (10 * 24 * (365 - peakDays)) - 1)).toBeLessThan(0.03);
  });
});
