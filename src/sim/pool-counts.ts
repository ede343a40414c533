import type { Policy } from '../model/policy.js';

/**
 * The counters every component reads on the hot path: sessions in use and capacity, per pool and per
 * site. Typed arrays indexed by pool or site, so that reading them allocates nothing.
 */
export class PoolCounts {
  readonly inUse: Int32Array;
  readonly capacity: Int32Array;
  readonly siteInUse: Int32Array;
  /** Per-site share of the pool (W7), or -1 when the pool is not split. */
  readonly siteCapacity: Int32Array;

  constructor(policy: Policy) {
    this.inUse = new Int32Array(policy.pools.length);
    this.capacity = new Int32Array(policy.pools.length);
    this.siteInUse = new Int32Array(policy.sites.length);
    this.siteCapacity = new Int32Array(policy.sites.length).fill(-1);
  }
}
