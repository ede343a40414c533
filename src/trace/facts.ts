import { stateNames } from '../vocabulary.js';

/**
 * How a fact reads in traces and reports, where rules see only numbers: a lifecycle `state` by its name,
 * a `limit` of -1 ("none") as null; a `count` as it is.
 */
export type FactMeaning = 'count' | 'state' | 'limit';

/** A fact as traces and reports write it. */
export type FactValue = number | string | null;

/** Facts by name, as traces and reports write them. */
export type Facts = Readonly<Record<string, FactValue>>;

/** The value a limit fact holds when there is no limit. */
export const NO_LIMIT = -1;

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
    /** How each caller-written fact reads (see `FactMeaning`); a count when not given. */
    private readonly meanings: Readonly<Record<string, FactMeaning>> = {},
  ) {
    this.values = new Float64Array(width);
  }

  /** The caller-written facts as a plain object, in declaration order, each as it reads. */
  toObject(): Record<string, FactValue> {
    const facts: Record<string, FactValue> = {};
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i]!;
      facts[name] = readable(this.values[i]!, this.meanings[name] ?? 'count');
    }
    return facts;
  }
}

function readable(value: number, meaning: FactMeaning): FactValue {
  if (meaning === 'state') return stateNames[value] ?? value;
  // An unlimited stock (unlimited core leasing, P15): JSON has no Infinity.
  if (value === Number.POSITIVE_INFINITY) return 'unlimited';
  if (meaning === 'limit' && value === NO_LIMIT) return null;
  return value;
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
  readonly facts: Facts;
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
