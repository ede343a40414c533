import type { TraceRecord } from '../trace/records.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, LIST_LIMIT, push } from './bounded-list.js';

export interface Failover {
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly sessions: number;
}

class FailoverReducer extends IgnoreAll implements Reducer<BoundedList<Failover>> {
  private readonly failovers = boundedList<Failover>(LIST_LIMIT);

  override record(r: TraceRecord): void {
    if (r.type === 'failover')
      push(this.failovers, { at: r.at, from: r.from, to: r.to, sessions: r.sessions });
  }

  result(): BoundedList<Failover> {
    return this.failovers;
  }
}

/** W1: node failures and the sessions moved to a surviving node. */
export const failoverLog: Analysis<BoundedList<Failover>> = {
  name: 'failovers',
  start: () => new FailoverReducer(),
};
