import type { Run } from '../model/bind.js';
import type { Facts, FactVector, RuleOutcome } from '../trace/facts.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';

export interface DenialSummary {
  readonly pool: string;
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly message: string;
  count: number;
  /** The first denial by this rule: when, and the facts the rule saw. */
  readonly first: {
    readonly at: number;
    readonly session: number;
    readonly facts: Facts;
  };
}

/** Denials by pool and rule, in the order each was first seen. */
export type DenialResult = DenialSummary[];

class DenialReducer extends IgnoreAll implements Reducer<DenialResult> {
  private readonly byRule = new Map<string, DenialSummary>();

  constructor(private readonly run: Run) {
    super();
  }

  override deny(
    at: number,
    session: number,
    _user: number,
    _site: number,
    pool: number,
    outcome: RuleOutcome,
    seen: FactVector,
  ): void {
    const key = `${pool}\u0000${outcome.rule}`;
    const known = this.byRule.get(key);
    if (known) {
      known.count++;
      return;
    }
    this.byRule.set(key, {
      pool: this.run.policy.pools[pool]!.id,
      rule: outcome.rule,
      ruleIds: outcome.ruleIds,
      message: outcome.message,
      count: 1,
      first: { at, session, facts: seen.toObject() },
    });
  }

  result(): DenialResult {
    return [...this.byRule.values()];
  }
}

/** Why sessions were refused: each rule's count, and its first denial with the facts it saw. */
export const denialLog: Analysis<DenialResult> = {
  name: 'denials',
  start: (run) => new DenialReducer(run),
  merge: (a, b) => {
    const merged = a.map((d) => ({ ...d }));
    for (const d of b) {
      const same = merged.find((m) => m.pool === d.pool && m.rule === d.rule);
      if (same) same.count += d.count;
      else merged.push({ ...d });
    }
    return merged;
  },
};
