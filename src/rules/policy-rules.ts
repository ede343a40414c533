import type { Policy } from '../model/policy.js';
import { FactMemo } from './fact-memo.js';
import { type RuleDecision, RuleSet } from './rule-set.js';
import {
  admissionConstants,
  admissionFacts,
  admissionRules,
  expiryRules,
  idleRules,
  usageRules,
} from './rule-sets.js';

/**
 * The rule sets of one policy, with decisions memoised by fact vector.
 * Lookups are synchronous and allocation-free; only a vector never seen before runs the engine.
 *
 * Usage from a hot loop:
 *   let d = rules.admissionLookup(...facts);
 *   if (d === undefined) d = await rules.admissionEvaluate();
 */
/** Usage decisions of one capacity, indexed by in-use count. */
export type UsageRow = (RuleDecision | undefined)[];

export class PolicyRules {
  readonly admission: RuleSet;
  readonly usage: RuleSet;
  readonly idle: RuleSet;
  readonly expiry: RuleSet;
  /** Engine runs so far, for the benchmark and tests. */
  engineRuns = 0;

  private readonly admissionMemo = new FactMemo<RuleDecision>();
  /** The vector of the last `admissionLookup`, evaluated by `admissionEvaluate` on a miss. */
  private readonly admissionKey = new Int32Array(admissionFacts.length);
  /** Usage decisions by capacity, then by in-use count: an array index on the hot path, no hashing. */
  private readonly usageRows = new Map<number, UsageRow>();
  private readonly rareMemo = new Map<RuleSet, Map<string, RuleDecision>>();

  constructor(policy: Policy) {
    this.admission = new RuleSet(
      admissionRules(policy),
      admissionConstants(policy),
      {},
      {
        type: 'admit',
        message: 'Session admitted',
      },
    );
    this.usage = new RuleSet(
      usageRules(policy),
      {},
      { usage: (f) => (f.capacity! > 0 ? f.inUse! / f.capacity! : 0) },
      { type: 'normal', message: 'Usage below the thresholds' },
    );
    this.idle = new RuleSet(idleRules(policy), { idleTimeoutMs: policy.limits.idleTimeoutMs ?? 0 });
    this.expiry = new RuleSet(expiryRules(policy), {
      warnBeforeDays: Math.round((policy.alerts.expiryWarnMs ?? 0) / 86_400_000),
    });
  }

  admissionLookup(
    state: number,
    poolInUse: number,
    poolCapacity: number,
    siteInUse: number,
    siteCapacity: number,
    userSessions: number,
  ): RuleDecision | undefined {
    const found = this.admissionMemo.get(
      state,
      poolInUse,
      poolCapacity,
      siteInUse,
      siteCapacity,
      userSessions,
    );
    if (found !== undefined) return found;
    const k = this.admissionKey;
    k[0] = state;
    k[1] = poolInUse;
    k[2] = poolCapacity;
    k[3] = siteInUse;
    k[4] = siteCapacity;
    k[5] = userSessions;
    return undefined;
  }

  /** Evaluates the vector of the last `admissionLookup` and memoises the decision. */
  async admissionEvaluate(): Promise<RuleDecision> {
    const k = this.admissionKey.slice();
    const facts = Object.fromEntries(admissionFacts.map((name, i) => [name, k[i]!]));
    this.engineRuns++;
    const decision = await this.admission.decide(facts);
    this.admissionMemo.set(k[0]!, k[1]!, k[2]!, k[3]!, k[4]!, k[5]!, decision);
    return decision;
  }

  /**
   * The memo row of usage decisions for a capacity, indexed by in-use count. Callers keep the row of each
   * pool's current capacity and read `row[inUse]`; `undefined` means not yet evaluated.
   */
  usageRow(capacity: number): UsageRow {
    const row = this.usageRows.get(capacity) ?? [];
    this.usageRows.set(capacity, row);
    return row;
  }

  /** Evaluates the usage rules for one vector and memoises the decision in its row. */
  async usageEvaluate(inUse: number, capacity: number): Promise<RuleDecision> {
    this.engineRuns++;
    const decision = await this.usage.decide({ inUse, capacity });
    this.usageRow(capacity)[inUse] = decision;
    return decision;
  }

  /** Rare decisions (idle timeout, expiry warning): memoised in a plain Map. */
  async decide(set: RuleSet, facts: Record<string, number>): Promise<RuleDecision> {
    const memo = this.rareMemo.get(set) ?? new Map<string, RuleDecision>();
    this.rareMemo.set(set, memo);
    const key = JSON.stringify(facts);
    const known = memo.get(key);
    if (known) return known;
    this.engineRuns++;
    const decision = await set.decide(facts);
    memo.set(key, decision);
    return decision;
  }
}
