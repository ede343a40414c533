import type { Run } from '../model/bind.js';
import type { TraceRecord } from '../trace/records.js';
import type { EntitlementAction } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, LIST_LIMIT, push } from './bounded-list.js';

/** A change of what a license key gives, as the report shows it (P10, P11). */
export interface EntitlementChange {
  readonly at: number;
  readonly action: EntitlementAction;
  readonly license: string;
  readonly pool: string;
  readonly count: number;
  readonly reason: string;
  readonly ruleIds: string;
}

class EntitlementReducer extends IgnoreAll implements Reducer<BoundedList<EntitlementChange>> {
  private readonly changes = boundedList<EntitlementChange>(LIST_LIMIT);

  constructor(private readonly run: Run) {
    super();
  }

  override record(r: TraceRecord): void {
    if (r.type !== 'entitlement') return;
    const { type: _, pool, ...rest } = r;
    push(this.changes, { ...rest, pool: this.run.policy.pools[pool]?.id ?? `pool#${pool}` });
  }

  result(): BoundedList<EntitlementChange> {
    return this.changes;
  }
}

/**
 * P10, P11: when each renewal, emergency and evaluation key began or stopped counting, and why; what an
 * auditor asks of a policy whose entitlements change over time.
 */
export const entitlementLog: Analysis<BoundedList<EntitlementChange>> = {
  name: 'entitlements',
  start: (run) => new EntitlementReducer(run),
};
