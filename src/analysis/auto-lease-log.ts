import type { Facts } from '../trace/facts.js';
import type { TraceRecord } from '../trace/records.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, push, TRANSITION_LIMIT } from './bounded-list.js';

/** An auto-leasing switch as the report shows it: where, for what, which way, and the facts that decided it. */
export interface AutoLeaseSwitch {
  readonly at: number;
  readonly server: string;
  readonly client: string | null;
  readonly feature: string;
  readonly enabled: boolean;
  readonly reason: string;
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Facts;
}

class AutoLeaseReducer extends IgnoreAll implements Reducer<BoundedList<AutoLeaseSwitch>> {
  private readonly switches = boundedList<AutoLeaseSwitch>(TRANSITION_LIMIT);

  override record(r: TraceRecord): void {
    if (r.type !== 'auto-lease') return;
    const { type: _, ...rest } = r;
    push(this.switches, { ...rest, facts: { ...r.facts } });
  }

  result(): BoundedList<AutoLeaseSwitch> {
    return this.switches;
  }
}

/** P4: every auto-leasing switch, at the servers (per feature) and for disconnected clients, in order. */
export const autoLeaseLog: Analysis<BoundedList<AutoLeaseSwitch>> = {
  name: 'autoLeasing',
  start: () => new AutoLeaseReducer(),
};

/** The last switch at or before `at` for a server's feature (client null) or for one client; null before any. */
export function autoLeaseAt(
  switches: BoundedList<AutoLeaseSwitch>,
  feature: string,
  client: string | null,
  at: number,
): AutoLeaseSwitch | null {
  let last: AutoLeaseSwitch | null = null;
  for (const s of switches.items) {
    if (s.at > at) break;
    if (s.feature === feature && s.client === client) last = s;
  }
  return last;
}
