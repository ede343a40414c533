import { type TSchema, Type } from '@sinclair/typebox';
import { licenseTerms } from '../../vocabulary.js';
import { DATE_HINT, DATE_PATTERN, INSTANT_HINT, INSTANT_PATTERN } from '../instant.js';
import { PATTERN_HINT } from '../schema-check.js';

/**
 * Building blocks shared by the policy, scenario and report schemas. The JSON Schemas in `schemas/` are
 * generated from these definitions (`npm run schemas`), so types and schemas cannot drift apart.
 */

const DURATION = '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';

/** An ISO 8601 duration such as `P30D`, `PT8H` or `P1DT12H`. */
export const Duration = (description: string) =>
  Type.String({
    pattern: DURATION,
    description: `${description} ISO 8601 duration, e.g. P30D or PT8H.`,
    [PATTERN_HINT]: 'an ISO 8601 duration such as P30D, PT8H or P1DT12H',
  });

/** A calendar date, read in the policy's time zone. */
export const CalendarDate = (description: string) =>
  Type.String({
    pattern: DATE_PATTERN,
    description: `${description} Date YYYY-MM-DD in the policy's time zone.`,
    [PATTERN_HINT]: DATE_HINT,
  });

/** An instant with a UTC offset, e.g. `2026-03-02T00:00:00Z`: the grammar `parseInstant` reads. */
export const Instant = (description: string) =>
  Type.String({
    pattern: INSTANT_PATTERN,
    description: `${description} ISO 8601 date-time with offset, years 0001 to 9999.`,
    [PATTERN_HINT]: INSTANT_HINT,
  });

/** A moment of a scenario: an offset from the scenario start (`P2D`) or an instant. */
export const Moment = (description: string) =>
  Type.Union([Duration('Offset from the scenario start.'), Instant('Absolute instant.')], { description });

export const Identifier = (description: string) =>
  Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
    maxLength: 100,
    description: `${description} Letters, digits, '.', '_' and '-'.`,
  });

export const RuleId = Type.String({
  pattern: '^[A-Z][0-9]+$',
  description: 'A rule ID from the rule catalogue (docs/rule-catalogue.md), e.g. W1 or P4.',
});

/**
 * Sessions one pool may count, and the largest session limit. Capacities and sessions in use are 32-bit
 * integers on the hot path (src/sim/pool-counts.ts); this bound keeps them inside that range with room to
 * spare, where 2^31 sessions would wrap round to a negative capacity.
 */
export const MAX_POOL_SESSIONS = 1_000_000_000;
/** Sessions one license may count (a pool adds up its licenses, to at most MAX_POOL_SESSIONS). */
export const MAX_LICENSE_SESSIONS = 10_000_000;
/** Arrivals per hour of one load stream: 1,000,000 an hour is already 24 million sessions a day. */
export const MAX_ARRIVALS_PER_HOUR = 1_000_000;

/**
 * `1,000,000,000`: a whole number with its thousands grouped, for descriptions. Written out rather than
 * `toLocaleString('en-US')`, whose first call loads the locale data and cost a fifth of `validate`'s start.
 */
export const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** `(at most 1,000,000,000)`, for descriptions. */
export const atMost = (n: number) => `(at most ${grouped(n)})`;

/** A whole number of sessions from `minimum` to `maximum`, with the bound stated in its description. */
export const SessionCount = (description: string, minimum: number, maximum = MAX_POOL_SESSIONS) =>
  Type.Integer({ minimum, maximum, description: `${description} ${atMost(maximum)}.` });

export const Fraction = (description: string) =>
  Type.Union(
    [
      Type.Number({ minimum: 0, maximum: 1 }),
      Type.String({
        pattern: PERCENT_PATTERN,
        [PATTERN_HINT]: 'a percentage from 0% to 100%, such as 80%',
      }),
    ],
    { description: `${description} A fraction from 0 to 1, or a percentage such as 80%.` },
  );

/** `80%`, `12.5 %`: a percentage from 0 to 100, as a share may also be written. */
const PERCENT_PATTERN = '^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?)\\s*%$';

/** A share as the model uses it, from a fraction or a percentage as a file may write it. */
export function fraction(value: number | string): number {
  return typeof value === 'number' ? value : Number(value.replace('%', '').trim()) / 100;
}

/** An object that rejects unknown keys, so that a misspelt key is an error rather than silently ignored. */
export const Strict = <T extends Parameters<typeof Type.Object>[0]>(
  properties: T,
  options: { description?: string; title?: string } = {},
) => Type.Object(properties, { additionalProperties: false, ...options });

export const ApiVersion = Type.Literal('licensim/v1', {
  description: 'The file format version. Always licensim/v1.',
});

export function Document<K extends string, S extends TSchema, M extends TSchema>(
  kind: K,
  spec: S,
  metadata: M,
) {
  return Strict({
    apiVersion: ApiVersion,
    kind: Type.Literal(kind, { description: `The kind of document: ${kind}.` }),
    metadata,
    spec,
  });
}

/** A license's term and dates, the same for a gateway's keys and a license server's (P11). */
export const LicenseTerm = {
  term: Type.Union(
    licenseTerms.map((t) => Type.Literal(t)),
    {
      description:
        'perpetual or lifetime (no end date); subscription (valid from start to end, inclusive); monthly or yearly (X2: valid for `periods` months or years from the start date).',
    },
  ),
  start: Type.Optional(
    CalendarDate('First day of validity, from 00:00. Required for monthly and yearly terms.'),
  ),
  end: Type.Optional(
    CalendarDate(
      'Last day of validity, until 24:00. Required for subscriptions; monthly and yearly terms end after their periods.',
    ),
  ),
  periods: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1200,
      description: 'Monthly and yearly terms: how many months or years the license runs. Default: 1.',
    }),
  ),
};
