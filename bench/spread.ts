/** Least, middle and greatest of a set of measurements. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The spread of `xs` (not empty); the median of an even count is the mean of the middle two. */
export function spread(xs: readonly number[]): Spread {
  if (xs.length === 0) throw new RangeError('spread: no measurements');
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

/** Seconds taken by `work`, with its result. */
export function timed<T>(work: () => T): { result: T; seconds: number } {
  const started = process.hrtime.bigint();
  const result = work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Seconds taken by asynchronous `work`, with its result. */
export async function timedAsync<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
