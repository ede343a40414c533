import type { FactVector, RuleOutcome } from '../trace/facts.js';
import { IgnoreAll, type Reducer } from './analysis.js';

/** How many violations are listed one by one; the rest are counted by rule. */
export const LISTED_VIOLATIONS = 20;

/** One checkout the policy refused although the log granted it. */
export interface Violation {
  readonly at: number;
  readonly session: number;
  readonly user: string;
  readonly pool: string;
  readonly rule: string;
}

/** The violations of one rule: how many, and the rule's words. */
export interface ViolationsOfRule {
  readonly rule: string;
  readonly ruleIds: string;
  readonly message: string;
  readonly count: number;
}

export interface ViolationsResult {
  readonly count: number;
  readonly byRule: readonly ViolationsOfRule[];
  /** The first LISTED_VIOLATIONS, in time order. */
  readonly first: readonly Violation[];
}

/**
 * A3: in the replay of a usage log every offered session is a checkout the real server granted, so each
 * one the policy refuses is usage beyond what was bought: a violation, with the rule it breaks. Read from
 * the trace's denials, as an extra sink of the audit's run.
 */
export class Violations extends IgnoreAll implements Reducer<ViolationsResult> {
  private count = 0;
  private readonly byRule = new Map<string, { ruleIds: string; message: string; count: number }>();
  private readonly first: Violation[] = [];

  constructor(
    private readonly names: { readonly user: (i: number) => string; readonly pool: (i: number) => string },
  ) {
    super();
  }

  override deny(
    at: number,
    session: number,
    user: number,
    _site: number,
    pool: number,
    outcome: RuleOutcome,
    _seen: FactVector,
  ): void {
    this.count++;
    const rule = outcome.rule ?? 'unnamed';
    const of = this.byRule.get(rule);
    if (of) of.count++;
    else this.byRule.set(rule, { ruleIds: outcome.ruleIds, message: outcome.message, count: 1 });
    if (this.first.length < LISTED_VIOLATIONS)
      this.first.push({ at, session, user: this.names.user(user), pool: this.names.pool(pool), rule });
  }

  result(): ViolationsResult {
    const byRule = [...this.byRule].map(([rule, r]) => ({ rule, ...r }));
    // The most broken rule first; a tie in the rules' order of names, so that reports repeat exactly.
    byRule.sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    return { count: this.count, byRule, first: this.first };
  }
}
