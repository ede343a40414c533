import { IANAZone } from 'luxon';
import { MS, type ProfileName, profileNames } from '../vocabulary.js';
import type { Rng } from './rng.js';

/**
 * Relative arrival intensity for each local hour of the day: entry h covers [h:00, h+1:00).
 * Only ratios matter; `PoissonArrivals` scales the weights so the largest is 1.
 */
export type HourlyProfile = readonly number[];

/**
 * When sessions arrive over a week and a month, in the local time of the run's zone: an hour-of-day
 * profile times a day-of-week weight, times `monthEnd.factor` over the last `monthEnd.days` days of each
 * month. Only ratios matter: the busiest hour of the whole calendar gets the stream's `perHour`.
 */
export interface ArrivalProfile {
  /** 24 weights, local hours 0..23. */
  readonly hours: HourlyProfile;
  /** 7 weights, Monday to Sunday (ISO order). */
  readonly days: readonly number[];
  readonly monthEnd: { readonly days: number; readonly factor: number } | null;
}

const MS_PER_HOUR = MS.hour;
const MS_PER_DAY = MS.day;
const HOURS_PER_WEEK = 7 * 24;
/** A calendar slot: hour of the week (Monday 00:00 is 0) plus 168 × whole days left in the month (0..30). */
export const CALENDAR_SLOTS = HOURS_PER_WEEK * 31;

/**
 * Built-in hourly profiles, by the name scenarios use (`arrivals: { profile: business-hours }`).
 *
 * `business-hours` models an office day in the site's time zone (local clock times):
 * - 00:00–07:00: 0.1 (overnight on-call and batch work)
 * - 07:00–08:00: 0.3, 08:00–09:00: 0.7 (people arriving)
 * - 09:00–12:00 and 13:00–17:00: 1.0 (the working day)
 * - 12:00–13:00: 0.6 (lunch dip)
 * - 17:00–18:00: 0.7, 18:00–19:00: 0.4, 19:00–20:00: 0.2 (people leaving)
 * - 20:00–24:00: 0.1
 * Its weights sum to 11, so a working day at `perHour: 40` brings about 40 × 11 = 440 arrivals; a
 * weekend day (see `PROFILE_DAYS`) a tenth of that.
 */
export const PROFILES = {
  flat: Object.freeze(new Array<number>(24).fill(1)),
  'business-hours': Object.freeze([
    0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.7, 1, 1, 1, 0.6, 1, 1, 1, 1, 0.7, 0.4, 0.2, 0.1, 0.1, 0.1, 0.1,
  ]),
} as const satisfies Record<ProfileName, HourlyProfile>;

/**
 * Day-of-week weights of the built-in profiles, Monday to Sunday. An office is near idle at the weekend:
 * Saturday and Sunday bring a tenth of a working day (on-call staff), the weekday night level spread
 * over the whole day.
 */
export const PROFILE_DAYS = {
  flat: Object.freeze([1, 1, 1, 1, 1, 1, 1]),
  'business-hours': Object.freeze([1, 1, 1, 1, 1, 0.1, 0.1]),
} as const satisfies Record<ProfileName, readonly number[]>;

/** Names accepted by `profileByName`, in a stable order for messages and schemas. */
export const PROFILE_NAMES: readonly ProfileName[] = profileNames;

/** The hourly weights of the built-in profile called `name`; throws a RangeError naming the valid choices otherwise. */
export function profileByName(name: string): HourlyProfile {
  return PROFILES[checkedName(name)];
}

/** The built-in profile called `name` with its day-of-week weights and no month-end peak. */
export function arrivalProfileByName(name: string): ArrivalProfile {
  const known = checkedName(name);
  return { hours: PROFILES[known], days: PROFILE_DAYS[known], monthEnd: null };
}

function checkedName(name: string): ProfileName {
  if (!Object.hasOwn(PROFILES, name)) {
    throw new RangeError(`Unknown arrival profile '${name}'; use one of: ${PROFILE_NAMES.join(', ')}`);
  }
  return name as ProfileName;
}

/**
 * The weight of each calendar slot (see `CALENDAR_SLOTS` and `zoneCalendarSlot`), for `PoissonArrivals`.
 * A slot's weight is hour × day × (month-end factor when the day is among the month's last `days`).
 */
export function calendarWeights(profile: ArrivalProfile): Float64Array {
  const weights = new Float64Array(CALENDAR_SLOTS);
  for (let slot = 0; slot < CALENDAR_SLOTS; slot++) {
    const hourOfWeek = slot % HOURS_PER_WEEK;
    const daysLeft = Math.floor(slot / HOURS_PER_WEEK);
    const monthEnd =
      profile.monthEnd !== null && daysLeft < profile.monthEnd.days ? profile.monthEnd.factor : 1;
    weights[slot] = profile.hours[hourOfWeek % 24]! * profile.days[Math.floor(hourOfWeek / 24)]! * monthEnd;
  }
  return weights;
}

/**
 * Arrival times of a non-homogeneous Poisson process whose rate follows a profile in local time: one
 * weight per slot, `slotOf(t)` saying which slot holds an instant (the local hour with `zoneHourOfDay`
 * and 24 weights; the calendar slot with `zoneCalendarSlot` and `calendarWeights`).
 *
 * `perHour` is the rate during the profile's PEAK slot (weights are scaled so the largest is 1); an hour
 * of weight w receives `perHour × w` arrivals on average. Candidates are drawn at the peak rate and kept
 * with probability w (thinning, Lewis & Shedler 1979); a flat profile keeps every candidate, so it skips
 * the extra draw and the hour lookup.
 *
 * Times are integer ms (the continuous arrival time rounded up). The unrounded time is remembered, so
 * calling `next(previousResult)` continues the exact process and rounding never accumulates into the rate.
 *
 * @example
 * const arrivals = new PoissonArrivals(rng.fork(0), 40, profileByName('business-hours'), zoneHourOfDay('Europe/Paris'));
 * let t = arrivals.next(startMs);
 */
export class PoissonArrivals {
  private readonly weights: Float64Array;
  private readonly flat: boolean;
  private readonly meanGapMs: number;
  private lastExact = 0;
  private lastReturned = Number.NaN;

  constructor(
    private readonly rng: Rng,
    perHour: number,
    profile: ArrayLike<number>,
    private readonly slotOf: (timeMs: number) => number,
  ) {
    if (!(perHour >= 0) || perHour === Number.POSITIVE_INFINITY) {
      throw new RangeError(`PoissonArrivals: perHour must be a finite number >= 0, got ${perHour}`);
    }
    const given = Array.from(profile);
    if (given.length === 0 || !given.every((w) => w >= 0 && Number.isFinite(w))) {
      throw new RangeError('PoissonArrivals: a profile needs finite weights >= 0, one per slot');
    }
    const max = given.reduce((a, b) => Math.max(a, b), 0);
    if (!(max > 0)) throw new RangeError('PoissonArrivals: a profile needs at least one weight above 0');
    this.weights = Float64Array.from(given, (w) => w / max);
    // Stryker disable next-line ArrowFunction,ConditionalExpression,EqualityOperator: thinning keeps every candidate of a flat profile; the flat path only skips a draw
    this.flat = this.weights.every((w) => w === 1);
    // Stryker disable next-line ConditionalExpression: an hour divided by 0 is Infinity too
    this.meanGapMs = perHour === 0 ? Number.POSITIVE_INFINITY : MS_PER_HOUR / perHour;
  }

  /**
   * The first arrival strictly after `afterMs` in continuous time, as integer ms (>= afterMs); Infinity at
   * rate 0, and may be Infinity once past `untilMs` (the run's end).
   */
  next(afterMs: number, untilMs = Number.POSITIVE_INFINITY): number {
    // Stryker disable next-line ConditionalExpression: an exponential gap of infinite mean is infinite too
    if (this.meanGapMs === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    const from = afterMs === this.lastReturned ? this.lastExact : afterMs;
    // The flat case stays small enough for the caller to inline; thinning is a method of its own.
    const t = this.flat ? from + this.rng.exponential(this.meanGapMs) : this.thinned(from, untilMs);
    // Stryker disable next-line ConditionalExpression: Infinity rounds to Infinity
    if (t === Number.POSITIVE_INFINITY) return t;
    this.lastExact = t;
    const rounded = Math.ceil(t);
    this.lastReturned = rounded;
    return rounded;
  }

  /** The next candidate after `t` kept by thinning, or Infinity once past `untilMs`. */
  private thinned(t: number, untilMs: number): number {
    const rng = this.rng;
    const weights = this.weights;
    for (;;) {
      t += rng.exponential(this.meanGapMs);
      // Past the horizon there is nothing to thin: a tiny rate must not walk time out of range.
      // Stryker disable next-line EqualityOperator: a candidate exactly at the horizon is a chance in millions, and is past the run's last arrival either way
      if (t > untilMs) return Number.POSITIVE_INFINITY;
      const w = weights[this.slotOf(t)];
      if (w === undefined) {
        throw new RangeError(`PoissonArrivals: slotOf(${t}) must return an integer 0..${weights.length - 1}`);
      }
      // Stryker disable next-line EqualityOperator: a uniform equal to the weight is a chance in 2^53
      if (rng.uniform() < w) return t;
    }
  }
}

/**
 * `hourOfDay` for an IANA time zone (e.g. `Europe/Paris`): the local hour 0..23 of a UTC instant in ms.
 *
 * @example
 * const hourOf = zoneHourOfDay('Europe/Paris');
 * hourOf(Date.UTC(2026, 2, 29, 1, 0)); // 3: the clocks went from 01:59 CET to 03:00 CEST
 */
export function zoneHourOfDay(zone: string): (timeMs: number) => number {
  const slotOf = zoneCalendarSlot(zone);
  return (t) => slotOf(t) % 24;
}

/**
 * The calendar slot of a UTC instant in ms in an IANA time zone: local hour + 24 × day of the week
 * (Monday 0) + 168 × whole days left in the local month (0 on its last day), as `calendarWeights` orders
 * its weights. DST and any other change of offset are taken into account: the slot is the local clock's.
 *
 * Asking luxon for a zone's UTC offset costs about 5 µs, several times a whole simulated event, so the
 * returned function caches the offset together with the interval of UTC time it holds for, and within it
 * the UTC interval of the current local hour, which answers repeated calls with two comparisons. On a
 * miss it looks a day either side of `t`; where the offset differs, it bisects to the exact millisecond
 * of the change (DST or any other), so no cached interval ever spans one. This assumes a zone's offset
 * changes at most once in any 24 hours, which holds for every zone in the tz database.
 *
 * @example
 * const slotOf = zoneCalendarSlot('Europe/Paris');
 * slotOf(Date.UTC(2026, 2, 29, 1, 0)); // 2 × 168 + 6 × 24 + 3: Sunday 29 March 03:00 CEST, 2 days left
 */
export function zoneCalendarSlot(zone: string): (timeMs: number) => number {
  const z = IANAZone.create(zone);
  if (!z.isValid) {
    throw new RangeError(`Unknown time zone '${zone}'; use an IANA name such as 'Europe/Paris' or 'UTC'`);
  }
  // Offsets are whole seconds; rounding removes float noise from luxon's minutes.
  const offsetAt = (t: number): number => Math.round(z.offset(t) * MS.minute);
  // [from, to): the offset is constant. [hourFrom, hourTo) ⊆ [from, to): the local slot is `slot`.
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let offset = 0;
  let hourFrom = Number.POSITIVE_INFINITY;
  let hourTo = Number.NEGATIVE_INFINITY;
  let slot = 0;
  const miss = (t: number): number => {
    // Stryker disable next-line ConditionalExpression: the arithmetic below gives NaN for a time that is not finite too
    if (!Number.isFinite(t)) return Number.NaN;
    if (!(t >= from && t < to)) {
      // Offsets change on whole milliseconds, so the bounds can be kept in integers.
      const base = Math.floor(t);
      offset = offsetAt(base);
      to = base + MS_PER_DAY;
      if (offsetAt(to) !== offset) to = firstMsWithOtherOffset(offsetAt, offset, base, to);
      from = base - MS_PER_DAY;
      if (offsetAt(from) !== offset) from = firstMsWithOtherOffset(offsetAt, offset, base, from) + 1;
    }
    const localHour = Math.floor((t + offset) / MS_PER_HOUR);
    // Stryker disable next-line ArithmeticOperator: a wrong start only makes the hour cache miss; the slot itself is computed above
    const hourStart = localHour * MS_PER_HOUR - offset;
    hourFrom = Math.max(hourStart, from);
    // Stryker disable next-line ArithmeticOperator: a wrong end only makes the hour cache miss; the slot itself is computed above
    hourTo = Math.min(hourStart + MS_PER_HOUR, to);
    const localDay = Math.floor(localHour / 24);
    // 1970-01-01, local day 0, was a Thursday: 3 days after a Monday.
    const dayOfWeek = (((localDay + 3) % 7) + 7) % 7;
    const date = new Date(localDay * MS_PER_DAY);
    const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    const daysLeft = daysInMonth - date.getUTCDate();
    slot = daysLeft * HOURS_PER_WEEK + dayOfWeek * 24 + (((localHour % 24) + 24) % 24);
    return slot;
  };
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a miss computes the same slot, without asking the zone, only slower
  return (t: number): number => (t >= hourFrom && t < hourTo ? slot : miss(t));
}

/**
 * Bisects between `same` (offset equals `offset`) and `other` (it does not) down to adjacent
 * milliseconds, and returns the one on the `other` side. Works in either direction.
 */
function firstMsWithOtherOffset(
  offsetAt: (t: number) => number,
  offset: number,
  same: number,
  other: number,
): number {
  let s = same;
  let o = other;
  while (Math.abs(o - s) > 1) {
    const mid = Math.floor((s + o) / 2);
    if (offsetAt(mid) === offset) s = mid;
    else o = mid;
  }
  return o;
}
