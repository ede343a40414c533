/**
 * License sizing (SPEC W3–W7): how many concurrent sessions to buy, which tier step that is, and how a
 * pool splits across sites. Pure functions over plain numbers; reading files and printing belong to
 * `config/teams.ts` and the `size` command.
 */

import { allocateByShares } from '../model/allocation.js';
import { DEFAULT_TIERS, type TierStep } from '../model/tiers.js';
import { erlangB, erlangBServersFor } from '../sim/erlang.js';

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

/** Tier steps sold in practice (W3); a policy or `--tiers` may replace them. */
export { DEFAULT_TIERS };

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
        inputs: { offeredLoad: number; blocking: number; policy?: string };
        /** The blocking probability at `required` sessions. */
        blockingAtRequired: number;
      }
  );

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
export function sizeByErlangB(offeredLoad: number, blocking: number, target: SizingTarget): SizeResult {
  const required = erlangBServersFor(offeredLoad, blocking);
  return {
    method: 'erlang-b',
    inputs: { offeredLoad, blocking, ...policyOf(target) },
    ...recommend(required, target),
    blockingAtRequired: erlangB(required, offeredLoad),
  };
}
