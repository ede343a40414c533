/**
 * For each of several monotone predicates over the integers up to `max` (false up to some point, true
 * from the next on), the first point where it is true, or null when even `max` is false. They are
 * searched together, one point each per round, so that `test` can try a round's points at once: from
 * `start`, doubling while false, then bisecting between the last false and the first true point known.
 * `knownFalse` is a point known false for all of them (capacity 0 serves no one; -1 when none is known).
 * `test` may answer null for a point: false, and no point of that predicate will be true, so its search
 * stops there (a pool still refusing sessions at a count its sessions never filled).
 */
export async function firstTrueEach(
  start: readonly number[],
  max: number,
  knownFalse: number,
  test: (points: readonly number[]) => Promise<readonly (boolean | null)[]>,
): Promise<{ first: (number | null)[]; rounds: number }> {
  const lo = start.map(() => knownFalse);
  const hi = start.map((): number | null => null);
  const settled = (i: number) => {
    const high = hi[i] ?? null;
    return high === null ? lo[i]! >= max : high - lo[i]! <= 1;
  };
  let points = start.map((p) => Math.min(max, Math.max(knownFalse + 1, p)));
  let rounds = 0;
  while (!points.every((_, i) => settled(i))) {
    const results = await test(points);
    rounds++;
    points = points.map((p, i) => {
      if (settled(i)) return p;
      if (results[i] === null) {
        lo[i] = max;
        return p;
      }
      if (results[i]) hi[i] = p;
      else lo[i] = p;
      const high = hi[i] ?? null;
      if (high === null) return Math.min(max, p <= 0 ? 1 : p * 2);
      return Math.floor((lo[i]! + high) / 2);
    });
  }
  return { first: hi.map((h) => h ?? null), rounds };
}
