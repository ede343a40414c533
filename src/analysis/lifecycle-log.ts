import type { Run } from '../model/bind.js';
import type { Facts } from '../trace/facts.js';
import type { TraceRecord } from '../trace/records.js';
import type { StateName } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, push, TRANSITION_LIMIT } from './bounded-list.js';

export interface Transition {
  readonly at: number;
  readonly pool: string;
  /** null for the initial state. */
  readonly from: StateName | null;
  readonly to: StateName;
  readonly event: string;
  readonly reason: string;
  /** The rule that drove the transition (restricted-access on a violation), with the facts it saw. */
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Facts;
}

export type LifecycleResult = BoundedList<Transition>;

class LifecycleReducer extends IgnoreAll implements Reducer<LifecycleResult> {
  private readonly transitions = boundedList<Transition>(TRANSITION_LIMIT);

  constructor(private readonly run: Run) {
    super();
  }

  override record(r: TraceRecord): void {
    if (r.type !== 'transition') return;
    const { type: _, at, pool, ...transition } = r;
    push(this.transitions, { at, pool: this.run.policy.pools[pool]?.id ?? `pool#${pool}`, ...transition });
  }

  result(): LifecycleResult {
    return this.transitions;
  }
}

/** Every lifecycle transition of the run, in order, with its cause. */
export const lifecycleLog: Analysis<LifecycleResult> = {
  name: 'lifecycle',
  start: (run) => new LifecycleReducer(run),
};
