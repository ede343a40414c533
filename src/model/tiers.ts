/** W3: the default license tier steps; a policy's `tiers` or `size --tiers` replaces them. */
export const DEFAULT_TIERS: readonly number[] = [10, 25, 50, 100, 250, 500, 1000, 2000];
