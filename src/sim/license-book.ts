import type { Policy } from '../model/policy.js';

/**
 * The licenses of a run as they stand: counts, term ends, installation and failures, all changed by the
 * timeline (activate, renew, upgrade, expire, license outages). Answers what a pool is licensed for.
 */
export class LicenseBook {
  readonly count: Int32Array;
  readonly end: Float64Array;
  readonly installed: Uint8Array;
  /** Failures in progress per license; outages may overlap. */
  readonly failures: Int32Array;

  constructor(private readonly policy: Policy) {
    this.count = Int32Array.from(policy.licenses, (l) => l.count);
    this.end = Float64Array.from(policy.licenses, (l) => l.endMs);
    this.installed = Uint8Array.from(policy.licenses, (l) => (l.installed ? 1 : 0));
    this.failures = new Int32Array(policy.licenses.length);
  }

  /** Installed and within its term at `now`, failed or not: what makes a pool licensed (W9). */
  valid(license: number, now: number): boolean {
    return (
      this.installed[license] === 1 &&
      this.policy.licenses[license]!.startMs <= now &&
      now < this.end[license]!
    );
  }

  /** Whether any license of the pool is valid at `now`. */
  licensed(pool: number, now: number): boolean {
    return this.policy.pools[pool]!.licenses.some((l) => this.valid(l, now));
  }

  /**
   * Sessions the pool's licenses give at `now`: valid and not failed, added up (counts are additive).
   * In grace the licenses whose term has ended still count: grace is time to renew, not a stop.
   */
  sessions(pool: number, now: number, inGrace: boolean): number {
    let total = 0;
    for (const l of this.policy.pools[pool]!.licenses) {
      const inTerm = inGrace
        ? this.installed[l] === 1 && this.policy.licenses[l]!.startMs <= now
        : this.valid(l, now);
      if (inTerm && this.failures[l] === 0) total += this.count[l]!;
    }
    return total;
  }

  /** When the pool's last valid license ends, or -Infinity when none is valid. */
  lastEnd(pool: number, now: number): number {
    let last = Number.NEGATIVE_INFINITY;
    for (const l of this.policy.pools[pool]!.licenses)
      if (this.valid(l, now)) last = Math.max(last, this.end[l]!);
    return last;
  }
}
