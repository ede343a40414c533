import type { Run } from '../model/bind.js';
import type { TraceRecord } from '../trace/records.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, LIST_LIMIT, push } from './bounded-list.js';

/** One pool's effective capacity over a run. */
export interface PoolCapacity {
  /** Capacity at the end of the run. */
  end: number;
  /** The lowest capacity of the run (exact, whatever the list keeps); null before any was set. */
  min: number | null;
  readonly overTime: BoundedList<{ at: number; capacity: number; reason: string }>;
}

export type CapacityResult = readonly PoolCapacity[];

class CapacityReducer extends IgnoreAll implements Reducer<CapacityResult> {
  private readonly pools: PoolCapacity[];

  constructor(run: Run) {
    super();
    this.pools = run.policy.pools.map(() => ({ end: 0, min: null, overTime: boundedList(LIST_LIMIT) }));
  }

  override record(r: TraceRecord): void {
    if (r.type !== 'capacity') return;
    const pool = this.pools[r.pool]!;
    pool.end = r.capacity;
    pool.min = pool.min === null ? r.capacity : Math.min(pool.min, r.capacity);
    push(pool.overTime, { at: r.at, capacity: r.capacity, reason: r.reason });
  }

  result(): CapacityResult {
    return this.pools;
  }
}

/** Each pool's capacity: at the start, lowest, at the end, and its changes over time with their reasons. */
export const capacityLog: Analysis<CapacityResult> = {
  name: 'capacity',
  start: (run) => new CapacityReducer(run),
};
