import type { FactVector, RuleOutcome } from '../trace/facts.js';
import type { AlertKind, TraceRecord } from '../trace/records.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';

/**
 * What decided in a run, as its trace shows: the json-rules-engine rules whose outcome was acted on (a
 * denial, an alert, a lifecycle move, an ended session, a lease decision), the lifecycle transitions taken
 * and the rule catalogue IDs the records carried. Each list is sorted, so that results compare and merge
 * as sets whatever the order of events, threads or runs.
 */
export interface FiredResult {
  readonly rules: readonly string[];
  /** `machine: from --event--> to`, as `transitionKey` writes it after the machine's id. */
  readonly transitions: readonly string[];
  readonly ruleIds: readonly string[];
}

class FiredReducer extends IgnoreAll implements Reducer<FiredResult> {
  /** Outcomes are memoised objects: each is read once, and a denial seen before costs one lookup. */
  private readonly outcomes = new Set<RuleOutcome>();
  private readonly rules = new Set<string>();
  private readonly transitions = new Set<string>();
  private readonly ruleIds = new Set<string>();

  override deny(
    _at: number,
    _session: number,
    _user: number,
    _site: number,
    _pool: number,
    outcome: RuleOutcome,
    _seen: FactVector,
  ): void {
    this.acted(outcome);
  }

  override alert(
    _at: number,
    _pool: number,
    _kind: AlertKind,
    _raised: boolean,
    outcome: RuleOutcome,
    _seen: FactVector,
    _message: string,
  ): void {
    this.acted(outcome);
  }

  private acted(outcome: RuleOutcome): void {
    if (this.outcomes.has(outcome)) return;
    this.outcomes.add(outcome);
    this.decided(outcome.rule, outcome.ruleIds);
  }

  override record(r: TraceRecord): void {
    switch (r.type) {
      case 'transition':
        // The initial state is entered, not reached by a transition.
        if (r.from !== null) this.transitions.add(`license: ${r.from} --${r.event}--> ${r.to}`);
        this.decided(r.rule, r.ruleIds);
        return;
      case 'server':
        this.transitions.add(`license-server-${r.concern}: ${r.from} --${r.event}--> ${r.to}`);
        this.decided(null, r.ruleIds);
        return;
      case 'session-ended':
      case 'lease':
      case 'auto-lease':
        this.decided(r.rule, r.ruleIds);
        return;
      case 'entitlement':
      case 'key-download':
        this.decided(null, r.ruleIds);
        return;
    }
  }

  private decided(rule: string | null, ruleIds: string): void {
    if (rule !== null) this.rules.add(rule);
    for (const id of ruleIds.split(' ')) if (id !== '') this.ruleIds.add(id);
  }

  result(): FiredResult {
    return {
      rules: sorted(this.rules),
      transitions: sorted(this.transitions),
      ruleIds: sorted(this.ruleIds),
    };
  }
}

function sorted(items: Iterable<string>): string[] {
  return [...items].sort();
}

/** Unites two runs' lists: what fired in either. */
export function mergeFired(a: FiredResult, b: FiredResult): FiredResult {
  const union = (x: readonly string[], y: readonly string[]) => sorted(new Set([...x, ...y]));
  return {
    rules: union(a.rules, b.rules),
    transitions: union(a.transitions, b.transitions),
    ruleIds: union(a.ruleIds, b.ruleIds),
  };
}

export const firedLog: Analysis<FiredResult> = {
  name: 'fired',
  start: () => new FiredReducer(),
  merge: mergeFired,
};
