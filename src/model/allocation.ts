/**
 * Splits an integer total by shares with the largest-remainder method, so the parts always add up to the
 * total (W7: 2000 sessions at 40/30/20/10 % → 800, 600, 400, 200). Ties go to the earlier share.
 */
export function allocateByShares(total: number, shares: readonly number[]): number[] {
  const exact = shares.map((s) => total * s);
  const parts = exact.map((x) => Math.floor(x + 1e-9));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x + 1e-9) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}
