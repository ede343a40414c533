/**
 * The one grammar of calendar dates and instants, used by the schemas (as patterns) and by the model
 * (`parseInstant`), so that what validates is exactly what runs. It is RFC 3339 narrowed to what a
 * report can print back: years 0001–9999, a `T` between date and time, seconds 00–59 (a leap second
 * such as 23:59:60 has no place in virtual time, which counts milliseconds) and at most milliseconds.
 */

/** Years 0001–9999 whose number is a multiple of 4, except centuries not divisible by 400. */
const LEAP_YEAR = '(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)';
const DATE =
  '(?:(?!0000)\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)' +
  `|02-(?:0[1-9]|1\\d|2[0-8]))|${LEAP_YEAR}-02-29)`;
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,3})?';
const OFFSET = '(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)';

/** A calendar date such as 2026-03-02, in years 0001–9999. */
export const DATE_PATTERN = `^${DATE}$`;
/** An instant with offset such as 2026-03-02T08:00:00Z. */
export const INSTANT_PATTERN = `^${DATE}T${TIME}${OFFSET}$`;

export const DATE_HINT = 'a date such as 2026-03-02 (years 0001 to 9999)';
export const INSTANT_HINT =
  'an instant such as 2026-03-02T08:00:00Z or 2026-03-02T09:00:00+01:00 (a T between date and time, ' +
  'seconds 00 to 59, years 0001 to 9999)';

/** The first and last instants a report can print as YYYY-MM-DDTHH:MM:SS.sssZ. */
export const MIN_INSTANT_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
export const MAX_INSTANT_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const VALID_INSTANT = new RegExp(INSTANT_PATTERN);

/**
 * Epoch milliseconds of an instant written in the grammar above, or null when it is not one or falls
 * outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z once its offset is applied.
 *
 * @example
 * parseInstant('2026-03-02T09:00:00+01:00'); // Date.UTC(2026, 2, 2, 8)
 * parseInstant('2026-06-30T23:59:60Z'); // null: a leap second
 * parseInstant('2026-06-30 10:00:00Z'); // null: a space for T
 */
export function parseInstant(text: string): number | null {
  if (!VALID_INSTANT.test(text)) return null;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = INSTANT.exec(text)!;
  const t = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  t.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  t.setUTCHours(Number(h), Number(mi), Number(s), Number((frac ?? '').padEnd(3, '0')));
  const offsetMs = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const ms = t.getTime() - offsetMs;
  return ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS ? ms : null;
}
