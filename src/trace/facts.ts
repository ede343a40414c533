/**
 * The facts a rule set saw when it decided, as its fact vector: names once per rule set, values in a typed
 * array the decider reuses for its next decision. Sinks that keep facts copy them (`toObject`) at once;
 * passing the vector rather than an object keeps the hot path (a denial per arrival on an overloaded
 * pool) free of allocation.
 */
export class FactVector {
  readonly values: Float64Array;

  constructor(
    /** The facts a caller writes, in vector order; constant and derived facts follow them in `values`. */
    readonly names: readonly string[],
    width: number = names.length,
  ) {
    this.values = new Float64Array(width);
  }

  /** The caller-written facts as a plain object, in declaration order. */
  toObject(): Record<string, number> {
    const facts: Record<string, number> = {};
    for (let i = 0; i < this.names.length; i++) facts[this.names[i]!] = this.values[i]!;
    return facts;
  }
}

/** What a rule set decided: the rule that held (null when none did) and what it means. Shared, immutable. */
export interface RuleOutcome {
  readonly rule: string | null;
  readonly type: string;
  /** Rule catalogue IDs, e.g. "W10". */
  readonly ruleIds: string;
  readonly message: string;
}

/** An outcome with the facts the rule saw: what a trace record needs to answer "why?". */
export interface RuleDecision extends RuleOutcome {
  readonly facts: Readonly<Record<string, number>>;
}

/** The decision an outcome stands for on the facts of `seen`, copied so it outlives the vector. */
export function decisionOf(outcome: RuleOutcome, seen: FactVector): RuleDecision {
  return {
    rule: outcome.rule,
    type: outcome.type,
    ruleIds: outcome.ruleIds,
    message: outcome.message,
    facts: seen.toObject(),
  };
}
