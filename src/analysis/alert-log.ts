import type { Run } from '../model/bind.js';
import type { Facts, FactVector, RuleOutcome } from '../trace/facts.js';
import { type AlertKind, alertKinds } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, concat, hasRoom, LIST_LIMIT, push } from './bounded-list.js';

export interface Alert {
  readonly at: number;
  readonly pool: string;
  readonly kind: AlertKind;
  readonly message: string;
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Facts;
}

export interface AlertResult {
  readonly raised: BoundedList<Alert>;
  /** Alerts raised per pool and kind, counted even past the list's limit, in the order first raised. */
  readonly counts: Partial<Record<AlertKind, number>>[];
}

/** An alert kind's position in `alertKinds`. */
const kindIndex = (kind: AlertKind) => alertKinds.indexOf(kind);

class AlertReducer extends IgnoreAll implements Reducer<AlertResult> {
  private readonly raised = boundedList<Alert>(LIST_LIMIT);
  /** Alerts raised per pool, by kind index: usage alerts flap at a threshold, so counting must be cheap. */
  private readonly counts: Float64Array[];
  /** Per pool, the kinds in the order first raised, which is the order reports list them in. */
  private readonly order: AlertKind[][];

  constructor(private readonly run: Run) {
    super();
    this.counts = run.policy.pools.map(() => new Float64Array(alertKinds.length));
    this.order = run.policy.pools.map(() => []);
  }

  override alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    outcome: RuleOutcome,
    seen: FactVector,
    message: string,
  ): void {
    if (!raised) return;
    const counts = this.counts[pool]!;
    const k = kindIndex(kind);
    if (counts[k]!++ === 0) this.order[pool]!.push(kind);
    // Alerts flap at a threshold: past the limit, count them without building a record.
    // Stryker disable next-line ConditionalExpression,BlockStatement: push counts what is past the limit too; asking first only spares building the record
    if (!hasRoom(this.raised)) {
      this.raised.dropped++;
      return;
    }
    const { rule, ruleIds } = outcome;
    const id = this.run.policy.pools[pool]!.id;
    push(this.raised, { at, pool: id, kind, message, rule, ruleIds, facts: seen.toObject() });
  }

  result(): AlertResult {
    const counts = this.order.map((kinds, pool) =>
      Object.fromEntries(kinds.map((kind) => [kind, this.counts[pool]![kindIndex(kind)]!])),
    );
    return { raised: this.raised, counts };
  }
}

/** Alerts raised, with the rule and facts behind each, and counts per pool and kind. */
export const alertLog: Analysis<AlertResult> = {
  name: 'alerts',
  start: (run) => new AlertReducer(run),
  merge: (a, b) => ({
    raised: concat(a.raised, b.raised),
    counts: a.counts.map((counts, i) => {
      const sum = { ...counts };
      for (const [kind, n] of Object.entries(b.counts[i]!) as [AlertKind, number][])
        sum[kind] = (sum[kind] ?? 0) + n;
      return sum;
    }),
  }),
};
