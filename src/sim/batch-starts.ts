import type { SessionBatch } from '../model/scenario.js';
import type { Rng } from './rng.js';

/**
 * The fork of the scenario's root stream under which random spreads draw, batch i from its fork i. Load
 * stream i draws from the root's fork i, an array index, which never reaches 2^32: no load stream
 * shares these draws, and adding a spread changes no load stream's draws.
 */
const SPREAD_STREAMS = 2 ** 32;

/**
 * The start instants of a batch's sessions, made one at a time in rising order: a batch keeps one
 * pending event whatever its count (see `Sessions.start`), so its starts cannot be drawn and sorted up
 * front. Without a spread every session starts at `atMs`.
 *
 * evenly: session k (from 0) starts at atMs + ⌊k × over / count⌋, computed as k × ⌊over / count⌋ +
 * ⌊k × (over mod count) / count⌋, whose products stay below 2^53, so every start is exact.
 *
 * random: the starts are count uniform draws over [atMs, atMs + over), sorted, made by the sequential
 * method of Bentley and Saxe ("Generating sorted lists of random numbers", 1980). The first of m uniform
 * points in what is left of the window lies beyond a share x of it with probability (1 − x)^m, so it
 * falls at 1 − V^(1/m) of it for V uniform in (0, 1]; the other m − 1 are uniform over the rest. So the
 * share of the window left after each start is multiplied by V^(1/m): one draw per session, nothing but
 * that share kept, and the starts come out in order.
 *
 * @example
 * const starts = new BatchStarts(batch, rng); // batch: count 4, spread evenly over 1000 ms from t
 * [starts.next(), starts.next(), starts.next(), starts.next()]; // t, t + 250, t + 500, t + 750
 */
export class BatchStarts {
  /** The session whose start `next` makes. */
  private k = 0;
  /** random: the share of the window after the latest start. */
  private left = 1;
  private readonly step: number;
  private readonly rest: number;

  constructor(
    private readonly batch: Pick<SessionBatch, 'atMs' | 'count' | 'spread'>,
    /** Draws for a random spread; unused otherwise. */
    private readonly rng: Rng | null,
  ) {
    const over = batch.spread?.overMs ?? 0;
    this.step = Math.floor(over / batch.count);
    this.rest = over % batch.count;
    if (batch.spread?.how === 'random' && rng === null) {
      throw new RangeError('BatchStarts: a random spread needs a random stream');
    }
  }

  /** The start of the next session: the first call gives session 0's, and so on, `count` calls in all. */
  next(): number {
    const k = this.k++;
    const { atMs, count, spread } = this.batch;
    if (spread === null) return atMs;
    if (spread.how === 'evenly') return atMs + k * this.step + Math.floor((k * this.rest) / count);
    // 1 − uniform lies in (0, 1], so the logarithm is finite.
    this.left *= Math.exp(Math.log(1 - this.rng!.uniform()) / (count - k));
    // The share reached is below 1, but rounding could bring the product up to the window's end.
    return atMs + Math.min(spread.overMs - 1, Math.floor((1 - this.left) * spread.overMs));
  }
}

/** Each batch's starts; random spreads draw from forks of `root` that no other draw uses. */
export function batchStarts(batches: readonly SessionBatch[], root: Rng): BatchStarts[] {
  const spreads = root.fork(SPREAD_STREAMS);
  return batches.map(
    (batch, i) => new BatchStarts(batch, batch.spread?.how === 'random' ? spreads.fork(i) : null),
  );
}
