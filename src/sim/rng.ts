import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_26 = 2 ** -26;
const TWO_POW_MINUS_53 = 2 ** -53;
const TWO_PI = 2 * Math.PI;

// Distinct starting values keep the root key, fork keys and state words from ever hashing alike.
const ROOT_INIT = [0x3c6ef372, 0xa54ff53a] as const;
const FORK_INIT = [0x510e527f, 0x9b05688c] as const;
const STATE_INIT = [0x1f83d9ab, 0x5be0cd19, 0x6a09e667, 0xbb67ae85] as const;

/** One murmur3 block step. */
function step(h: number, k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  let y = h ^ x;
  y = (y << 13) | (y >>> 19);
  return (Math.imul(y, 5) + 0xe6546b64) | 0;
}

/** murmur3-style hash of four 32-bit words: every input bit reaches every output bit. */
function hash4(init: number, w0: number, w1: number, w2: number, w3: number): number {
  let h = step(step(step(step(init, w0), w1), w2), w3) ^ 16;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Throws a RangeError. The draws call it rather than throw in place, with the message's parts rather than
 * a template: a `throw`, or a message built in place, makes a draw's code too large for V8 to inline it
 * into the simulator's hot loop.
 */
function refuse(what: string, ...values: number[]): never {
  throw new RangeError(`Rng.${what}, got ${values.join(', ')}`);
}

function checkSafeInteger(what: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Rng: ${what} must be a safe integer, got ${value}`);
}

/**
 * Seeded pseudo-random source for the simulator: xoroshiro128+ (pure-rand) behind sampling methods.
 * The same seed always yields the same sequence, on every platform.
 *
 * A 64-bit stream key is hashed from the seed (so nearby seeds give unrelated streams, and seeds beyond
 * 2^32 stay distinct) and the generator's 128-bit state is hashed from the key. `fork(i)` hashes a child
 * key from (key, i): streams are named by their path from the root seed, not by how many values the
 * parent has drawn, so adding draws in one part of a model does not shift another part's randomness.
 *
 * @example
 * const rng = new Rng(7);
 * const arrivals = rng.fork(0); // one stream per load generator
 * const holding = arrivals.exponential(45 * 60_000);
 */
export class Rng {
  /** The root seed this stream descends from (forks keep their root's seed). */
  readonly seed: number;
  private gen: Generator;
  private k0 = 0;
  private k1 = 0;
  // Stryker disable next-line BooleanLiteral: rekey(), which every constructor calls, sets it
  private hasSpare = false;
  private spare = 0;

  constructor(seed: number) {
    checkSafeInteger('seed', seed);
    this.seed = seed;
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) | 0;
    this.gen = xoroshiro128plus(0);
    this.rekey(hash4(ROOT_INIT[0], lo, hi, 0, 0), hash4(ROOT_INIT[1], lo, hi, 0, 0));
  }

  /**
   * An independent stream derived deterministically from this stream's key and `streamIndex`
   * (a non-negative safe integer). Forking the same index twice gives two identical streams.
   */
  fork(streamIndex: number): Rng {
    checkSafeInteger('streamIndex', streamIndex);
    if (streamIndex < 0) throw new RangeError(`Rng: streamIndex must be >= 0, got ${streamIndex}`);
    const lo = streamIndex >>> 0;
    const hi = Math.floor(streamIndex / TWO_POW_32) | 0;
    const child = new Rng(this.seed);
    child.rekey(hash4(FORK_INIT[0], this.k0, this.k1, lo, hi), hash4(FORK_INIT[1], this.k0, this.k1, lo, hi));
    return child;
  }

  /** Uniform in [0, 1), a multiple of 2^-53. */
  uniform(): number {
    // Same construction as pure-rand's uniformFloat64 but from the high bits of each output:
    // the lowest bits of a xoroshiro128+ sum are its weakest (linear) ones.
    const hi = this.gen.next() >>> 6;
    const lo = this.gen.next() >>> 5;
    return hi * TWO_POW_MINUS_26 + lo * TWO_POW_MINUS_53;
  }

  /** Exponential with the given mean (>= 0); the inter-arrival time of a Poisson process. */
  exponential(mean: number): number {
    if (!(mean >= 0)) refuse('exponential: mean must be >= 0', mean);
    // 1 - u lies in (0, 1], so the logarithm is finite.
    return -mean * Math.log(1 - this.uniform());
  }

  /** Standard normal (mean 0, sd 1) by Box–Muller; every second call returns the cached twin value. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = TWO_PI * this.uniform();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /**
   * Log-normal with the given MEAN (> 0) and `sigma` (>= 0), the standard deviation of the underlying
   * normal. Parameterised by the mean because scenarios state mean holding times:
   * mu = ln(mean) − sigma²/2 makes E[X] = mean.
   */
  lognormal(mean: number, sigma: number): number {
    if (!(mean > 0) || !(sigma >= 0)) {
      refuse('lognormal: need mean > 0 and sigma >= 0 (mean, sigma)', mean, sigma);
    }
    return Math.exp(Math.log(mean) - 0.5 * sigma * sigma + sigma * this.normal());
  }

  /** Uniform integer in [0, n) for an integer 1 <= n <= 2^32; bias at most n / 2^53. */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32) || n !== Math.floor(n)) {
      refuse('int: n must be an integer in [1, 2^32]', n);
    }
    return Math.floor(this.uniform() * n);
  }

  private rekey(k0: number, k1: number): void {
    this.k0 = k0;
    this.k1 = k1;
    const s0 = hash4(STATE_INIT[0], k0, k1, 0, 0);
    const s1 = hash4(STATE_INIT[1], k0, k1, 0, 0);
    const s2 = hash4(STATE_INIT[2], k0, k1, 0, 0);
    const s3 = hash4(STATE_INIT[3], k0, k1, 0, 0);
    // An all-zero state would emit zeros forever (odds 2^-128, but cheap to rule out).
    // Stryker disable next-line ArrayDeclaration: an all-zero state has odds of 2^-128
    this.gen = xoroshiro128plusFromState(s0 | s1 | s2 | s3 ? [s0, s1, s2, s3] : [1, 0, 0, 0]);
    this.hasSpare = false;
    this.spare = 0;
  }
}
