/** A license tier step (W3): a session count sold as one license, with the vendor's name for it if known. */
export interface TierStep {
  readonly sessions: number;
  readonly name: string | null;
}

/** W3: the default tier steps; a policy's `tiers` or `size --tiers` replaces them. */
export const DEFAULT_TIERS: readonly number[] = [10, 25, 50, 100, 250, 500, 1000, 2000];

/** Tier steps without names, e.g. from `--tiers 10,25,50`. */
export function unnamedTiers(steps: readonly number[]): TierStep[] {
  return steps.map((sessions) => ({ sessions, name: null }));
}
