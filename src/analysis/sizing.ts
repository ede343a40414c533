/**
 * License sizing (SPEC W3–W7): how many concurrent sessions to buy, which tier step that is, and how a
 * pool splits across sites. Pure functions over plain numbers; reading files and printing belong to
 * `config/teams.ts` and the `size` command.
 */

import { allocateByShares } from '../model/allocation.js';
import { DEFAULT_TIERS } from '../model/tiers.js';

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
 * The seed's formula line reads `(users × rate × peak) + Safety_Margin`, but its worked example multiplies
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
    if (previous !== undefined && step <= previous) {
      return `tier steps must ascend, but ${step} follows ${previous}`;
    }
  }
  return undefined;
}

/** Products whose published tiers have names (W3). */
export type Product = 'bastion' | 'access-manager';
export const PRODUCTS: readonly Product[] = ['bastion', 'access-manager'];

/** A named product tier covering `min`–`max` sessions; `max: null` means "and above". */
export interface ProductTier {
  readonly name: string;
  readonly min: number;
  readonly max: number | null;
}

/**
 * Published tiers (W3, seed "License Types"), as data. Ranges touch at 1000: a step matches the first
 * tier that covers it, so 1000 sessions is Large for Bastion. Steps between ranges (Bastion 75) have no
 * name.
 */
export const PRODUCT_TIERS: Readonly<Record<Product, readonly ProductTier[]>> = {
  bastion: [
    { name: 'Small', min: 10, max: 50 },
    { name: 'Medium', min: 100, max: 250 },
    { name: 'Large', min: 500, max: 1000 },
    { name: 'Enterprise', min: 1000, max: null },
  ],
  'access-manager': [
    { name: 'Starter', min: 25, max: 100 },
    { name: 'Professional', min: 250, max: 500 },
    { name: 'Enterprise', min: 1000, max: null },
  ],
};

/**
 * The product's name for a tier step (W3), or `null` when no published tier covers it.
 *
 * @example productTierName('bastion', 100) // 'Medium'
 * @example productTierName('access-manager', 10) // null: Starter begins at 25
 */
export function productTierName(product: Product, sessions: number): string | null {
  const tier = PRODUCT_TIERS[product].find((t) => sessions >= t.min && (t.max === null || sessions <= t.max));
  return tier?.name ?? null;
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
