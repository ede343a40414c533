/**
 * License sizing (SPEC W3–W7): how many concurrent sessions to buy, which tier step that is, and how a
 * pool splits across sites. Pure functions over plain numbers; reading files and printing belong to
 * `config/teams.ts` and the `size` command.
 */

import { allocateByShares } from '../model/allocation.js';
import { DEFAULT_TIERS, type TierStep } from '../model/tiers.js';
import {
  engset,
  engsetServersFor,
  erlangB,
  erlangBServersFor,
  erlangC,
  erlangCMeanWait,
  erlangCServersFor,
} from '../sim/erlang.js';

/** Inputs of the sizing formula (W4). Factors are multipliers: 1.2 means +20 %. */
export interface FormulaInputs {
  /** People who may open sessions. */
  readonly users: number;
  /** Share of users working at the same time, 0–1 (0.2 = 20 %). */
  readonly concurrency: number;
  /** Multiplier for busy periods such as incidents; 1 = none. */
  readonly peakFactor?: number;
  /** Safety multiplier on top; 1 = none. */
  readonly margin?: number;
}

/**
 * Concurrent sessions needed for a user population (W4):
 * `ceil(users × concurrency × peakFactor × margin)`.
 *
 * The WALLIX guide's formula line reads `(users × rate × peak) + Safety_Margin`, but its worked example multiplies
 * (`60 × 1.2 = 72`) and calls 1.2 a "20 % buffer"; we follow the example, so the margin is a multiplier.
 *
 * @example requiredSessions({ users: 200, concurrency: 0.2, peakFactor: 1.5, margin: 1.2 }) // 72
 * @example requiredSessions({ users: 500, concurrency: 0.15, peakFactor: 1.3 }) // 97.5 → 98 (W6)
 */
export function requiredSessions({ users, concurrency, peakFactor = 1, margin = 1 }: FormulaInputs): number {
  nonNegative('users', users);
  nonNegative('concurrency', concurrency);
  nonNegative('peakFactor', peakFactor);
  nonNegative('margin', margin);
  return ceilProduct(users * concurrency * peakFactor * margin);
}

/** A team's headcount and the share of it working at once (W5). */
export interface TeamInput {
  readonly name: string;
  readonly users: number;
  /** 0–1 (0.25 = 25 %). */
  readonly concurrency: number;
}

export interface TeamSessions extends TeamInput {
  /** `ceil(users × concurrency)` for this team. */
  readonly sessions: number;
}

export interface TeamSizing {
  readonly teams: readonly TeamSessions[];
  /** Sum of the teams' sessions, before the buffer. */
  readonly subtotal: number;
  /** The buffer applied, e.g. 0.3 for +30 %. */
  readonly buffer: number;
  /** `ceil(subtotal × (1 + buffer))`. */
  readonly required: number;
}

/**
 * Sizing by team (W5): each team needs `ceil(users × concurrency)`; the sum gets a buffer and is
 * rounded up again.
 *
 * @example teamSizing([{ name: 'Linux Admins', users: 50, concurrency: 0.25 }], 0.3)
 * // { teams: [{ …, sessions: 13 }], subtotal: 13, buffer: 0.3, required: 17 }
 */
export function teamSizing(teams: readonly TeamInput[], buffer: number): TeamSizing {
  nonNegative('buffer', buffer);
  const rows = teams.map((team) => {
    nonNegative(`users of team '${team.name}'`, team.users);
    nonNegative(`concurrency of team '${team.name}'`, team.concurrency);
    return { ...team, sessions: ceilProduct(team.users * team.concurrency) };
  });
  const subtotal = rows.reduce((sum, row) => sum + row.sessions, 0);
  return { teams: rows, subtotal, buffer, required: ceilProduct(subtotal * (1 + buffer)) };
}

/**
 * The smallest tier step that covers `required` sessions (W3), or `null` when even the largest step is
 * too small: the caller should then advise asking the vendor for a custom count.
 *
 * @example recommendTier(72) // 100
 * @example recommendTier(2500) // null
 */
export function recommendTier(required: number, tiers: readonly number[] = DEFAULT_TIERS): number | null {
  nonNegative('required', required);
  const problem = tierStepsProblem(tiers);
  if (problem) throw new RangeError(problem);
  return tiers.find((step) => step >= required) ?? null;
}

/** Why a list of tier steps is unusable (W3: positive integers, strictly ascending), or `undefined`. */
export function tierStepsProblem(tiers: readonly number[]): string | undefined {
  if (tiers.length === 0) return 'at least one tier step is needed';
  for (const [i, step] of tiers.entries()) {
    if (!Number.isInteger(step) || step <= 0) return `tier step ${step} is not a positive integer`;
    const previous = tiers[i - 1];
    // Stryker disable next-line ConditionalExpression: step <= undefined is false, as the first step has no previous
    if (previous !== undefined && step <= previous) {
      return `tier steps must ascend, but ${step} follows ${previous}`;
    }
  }
  return undefined;
}

/**
 * Splits one pool of sessions across sites by share (W7), in whole sessions that add up to `total`.
 * Largest remainder: every site gets the floor of its exact share, and the sessions left over go to the
 * largest fractional parts (ties to the site listed first).
 *
 * @example allocateBySite(2000, { A: 0.4, B: 0.3, C: 0.2, D: 0.1 }) // { A: 800, B: 600, C: 400, D: 200 }
 */
export function allocateBySite(
  total: number,
  shares: Readonly<Record<string, number>>,
): Record<string, number> {
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(`total must be a non-negative integer (got ${total})`);
  }
  const entries = Object.entries(shares);
  if (entries.length === 0) throw new RangeError('at least one site is needed');
  for (const [site, share] of entries) nonNegative(`share of site '${site}'`, share);
  const sum = entries.reduce((s, [, share]) => s + share, 0);
  // Stryker disable next-line EqualityOperator: no sum of shares lands exactly on the tolerance
  if (Math.abs(sum - 1) > 1e-9) {
    throw new RangeError(`site shares must add up to 1 (100 %), but they add up to ${roundTo9(sum)}`);
  }
  const parts = allocateByShares(
    total,
    entries.map(([, share]) => share),
  );
  return Object.fromEntries(entries.map(([site], i) => [site, parts[i]!]));
}

/**
 * Rounds up a product of decimal inputs. Binary floating point makes 100 users × 0.07 come out as
 * 7.000000000000001, which a bare `Math.ceil` turns into 8; rounding to 9 decimals first removes that
 * noise while any real fraction of a session (97.5) still rounds up.
 */
function ceilProduct(x: number): number {
  return Math.ceil(roundTo9(x));
}

function roundTo9(x: number): number {
  return Number(x.toFixed(9));
}

function nonNegative(what: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative number (got ${value})`);
  }
}

/** A sizing answer (W3): sessions needed and the tier step to buy. */
export interface Recommendation {
  /** Sessions needed. */
  required: number;
  /** The smallest tier step covering `required` (W3), or null when none is large enough. */
  recommendedTier: number | null;
  /** The vendor's name for that tier, e.g. "Medium", when the tier steps are named (a policy's). */
  tierName: string | null;
  tiers: number[];
  /** Set when no tier step is large enough. */
  note?: string;
}

/** What `size --format json` prints: one shape per sizing method. */
export type SizeResult = Recommendation &
  (
    | {
        method: 'formula';
        inputs: FormulaInputs & { peakFactor: number; margin: number; policy?: string };
      }
    | {
        method: 'teams';
        inputs: { file: string; buffer: number; policy?: string };
        teams: { name: string; users: number; concurrency: number; sessions: number }[];
        subtotal: number;
      }
    | {
        method: 'erlang-b';
        inputs: { offeredLoad: number; blocking: number; load?: ArrivalLoad; policy?: string };
        /** The blocking probability at `required` sessions. */
        blockingAtRequired: number;
      }
    | {
        method: 'erlang-c';
        inputs: { offeredLoad: number; waiting: number; load?: ArrivalLoad; policy?: string };
        /** The probability of waiting for a license at `required` sessions. */
        waitingAtRequired: number;
        /** The mean wait of all requests at `required` sessions, in mean holding times. */
        meanWaitHoldings: number;
        /** The same in milliseconds, when the holding time is known. */
        meanWaitMs?: number;
      }
    | {
        method: 'engset';
        inputs: { population: number; concurrency: number; blocking: number; policy?: string };
        /** Erlangs offered by each user while not in a session: concurrency / (1 − concurrency). */
        perIdleUser: number;
        blockingAtRequired: number;
        /** What Erlang B (an endless population offering users × concurrency) would ask for. */
        erlangBRequired: number;
      }
  );

/** A load given as arrivals and holding time, with the offered load they make (Little's law). */
export interface ArrivalLoad {
  readonly perHour: number;
  readonly holdingMs: number;
}

/** Offered load in erlangs: arrivals per hour × mean holding time in hours. */
export function offeredLoadOf({ perHour, holdingMs }: ArrivalLoad): number {
  return (perHour * holdingMs) / 3_600_000;
}

/** The tier steps to choose from, and the policy file they come from, if any. */
export interface SizingTarget {
  readonly tiers: readonly TierStep[];
  readonly policy?: string;
}

function recommend(required: number, { tiers }: SizingTarget): Recommendation {
  const steps = tiers.map((t) => t.sessions);
  const recommendedTier = recommendTier(required, steps);
  const tierName = tiers.find((t) => t.sessions === recommendedTier)?.name ?? null;
  const result: Recommendation = { required, recommendedTier, tierName, tiers: steps };
  if (recommendedTier === null) {
    result.note = `${required} sessions is more than the largest tier ${steps.at(-1)}: contact the vendor for a custom count`;
  }
  return result;
}

const policyOf = (target: SizingTarget) => (target.policy ? { policy: target.policy } : {});

/** W4 (and W6): the formula, then the tier. */
export function sizeByFormula(inputs: Required<FormulaInputs>, target: SizingTarget): SizeResult {
  return {
    method: 'formula',
    inputs: { ...inputs, ...policyOf(target) },
    ...recommend(requiredSessions(inputs), target),
  };
}

/** W5: per-team sessions with a buffer, then the tier. */
export function sizeByTeams(
  teams: readonly TeamInput[],
  buffer: number,
  file: string,
  target: SizingTarget,
): SizeResult {
  const sizing = teamSizing(teams, buffer);
  return {
    method: 'teams',
    inputs: { file, buffer: sizing.buffer, ...policyOf(target) },
    ...recommend(sizing.required, target),
    teams: sizing.teams.map(({ name, users, concurrency, sessions }) => ({
      name,
      users,
      concurrency,
      sessions,
    })),
    subtotal: sizing.subtotal,
  };
}

/** The smallest count whose Erlang B blocking is within the target, then the tier. */
export function sizeByErlangB(
  offeredLoad: number,
  blocking: number,
  target: SizingTarget,
  load?: ArrivalLoad,
): SizeResult {
  const required = erlangBServersFor(offeredLoad, blocking);
  return {
    method: 'erlang-b',
    inputs: { offeredLoad, blocking, ...(load ? { load } : {}), ...policyOf(target) },
    ...recommend(required, target),
    blockingAtRequired: erlangB(required, offeredLoad),
  };
}

/** Erlang C: the smallest count whose probability of waiting (requests queue, none refused) is within the target. */
export function sizeByErlangC(
  offeredLoad: number,
  waiting: number,
  target: SizingTarget,
  load?: ArrivalLoad,
): SizeResult {
  const required = erlangCServersFor(offeredLoad, waiting);
  const meanWaitHoldings = erlangCMeanWait(required, offeredLoad);
  return {
    method: 'erlang-c',
    inputs: { offeredLoad, waiting, ...(load ? { load } : {}), ...policyOf(target) },
    ...recommend(required, target),
    waitingAtRequired: erlangC(required, offeredLoad),
    meanWaitHoldings,
    ...(load ? { meanWaitMs: Math.round(meanWaitHoldings * load.holdingMs) } : {}),
  };
}

/**
 * Engset: a finite population (a team of 40 cannot open a 41st session). Each user is in a session
 * `concurrency` of the time when never refused, so while not in one offers concurrency / (1 − concurrency)
 * erlangs. Also gives what Erlang B would ask for the same users × concurrency, which overstates the
 * need of a small team.
 */
export function sizeByEngset(
  population: number,
  concurrency: number,
  blocking: number,
  target: SizingTarget,
): SizeResult {
  if (!(concurrency > 0 && concurrency < 1)) {
    throw new RangeError(`Engset needs a concurrency above 0 and below 1, got ${concurrency}`);
  }
  const perIdleUser = concurrency / (1 - concurrency);
  const required = engsetServersFor(population, perIdleUser, blocking);
  return {
    method: 'engset',
    inputs: { population, concurrency, blocking, ...policyOf(target) },
    ...recommend(required, target),
    perIdleUser,
    blockingAtRequired: engset(required, population, perIdleUser),
    erlangBRequired: erlangBServersFor(population * concurrency, blocking),
  };
}
