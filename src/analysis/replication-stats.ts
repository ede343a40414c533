/**
 * What independent replications say about one metric: its mean, spread, percentiles and a 95 %
 * confidence interval for the mean (Student t with n − 1 degrees of freedom).
 */
export interface Summary {
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for one replication. */
  readonly sd: number;
  /** Mean ± t(0.975, n − 1) × sd / √n; the mean itself for one replication. */
  readonly ci95: readonly [number, number];
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

/** t(0.975, df) for df = 1..30, from the standard tables; beyond, the Cornish-Fisher expansion below. */
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614,
  2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];
const Z975 = 1.959963984540054;

/** The 97.5th percentile of Student's t with `df` degrees of freedom (≥ 1). */
export function studentT975(df: number): number {
  if (df <= T975.length) return T975[df - 1]!;
  // Cornish-Fisher expansion of t around the normal quantile: within 1e-6 of the tables beyond df = 30.
  const z = Z975;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/** The q-quantile (0..1) of sorted values, interpolating between neighbours (Hyndman and Fan's type 7). */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The summary of one metric over replications, given in replication order. Sums run in that order, so
 * the same values give the same bits however they were computed (threads, shards).
 */
export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) throw new RangeError('summarise: no replication to summarise');
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const half = n > 1 ? (studentT975(n - 1) * sd) / Math.sqrt(n) : 0;
  const sorted = [...values].sort((a, b) => a - b);
  const r = round6;
  return {
    mean: r(mean),
    sd: r(sd),
    ci95: [r(mean - half), r(mean + half)],
    p5: r(quantile(sorted, 0.05)),
    p50: r(quantile(sorted, 0.5)),
    p95: r(quantile(sorted, 0.95)),
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
