import type { Policy } from '../model/policy.js';
import type { RuleSet } from '../rules/rule-set.js';
import { decisionOf, type RuleOutcome } from '../trace/facts.js';
import type { TraceSink } from '../trace/records.js';
import { alertOfLevel, usageLevels } from '../vocabulary.js';
import type { Kernel } from './kernel.js';
import type { PoolCounts } from './pool-counts.js';
import type { PoolLifecycles } from './pool-lifecycles.js';

/** A usage outcome's level as its rank in `usageLevels` (0, normal, for an outcome that is no level). */
function rankOf(type: string): number {
  return Math.max(0, (usageLevels as readonly string[]).indexOf(type));
}
const OVER_LIMIT = rankOf('over-limit');
/** The alert each usage level raises, by rank. */
const alertOfRank = usageLevels.map((level) => alertOfLevel[level]);

/** What is known of one capacity: the usage outcome by sessions in use, and the bands seen so far. */
interface UsageRow {
  readonly outcomes: (RuleOutcome | undefined)[];
  /**
   * Bands of counts checked to share a level, by their edges: a band's high edge by its low one, and its
   * low edge by its high one. The count enters a band at an edge, so a band seen before is restored
   * whole on entering it again rather than regrown one lookup at a time (a pool that flaps at a
   * threshold enters the same bands over and over).
   */
  readonly highOfLow: number[];
  readonly lowOfHigh: number[];
}

/**
 * W10 and W11: each pool's usage level (normal, warning, critical, over-limit) from the usage rules,
 * re-read whenever its in-use count or capacity changes; alerts raised and cleared as levels are crossed.
 *
 * The rule set decides by condition outcomes; on top of it each pool keeps the row of outcomes of its
 * current capacity, indexed by sessions in use, because the hot path asks after every admission and
 * release and an array read is the cheapest answer. Rows hold outcomes the rule set decided, never more.
 */
export class UsageLevels {
  private readonly facts;
  private readonly rows = new Map<number, UsageRow>();
  /** Sessions in use per pool (the counts' array, read on every admission and release). */
  private readonly inUse: Int32Array;
  private readonly poolRow: UsageRow[];
  /** Each pool's level, as the usage rule's outcome type (compared by identity on the hot path). */
  private readonly level: string[];
  /** The alert message of each level the policy declares, by rank; undefined when not declared. */
  private readonly levelMessages: readonly (string | undefined)[];
  /**
   * The outcome of each level's own rule, by rank: a count that jumps over a level raises that level's
   * alert with the rule that defines it, not with the rule of the level it lands on.
   */
  private readonly levelOutcomes: readonly (RuleOutcome | undefined)[];
  /**
   * Per pool, the in-use counts around the current one known to be at the pool's current level. The
   * count moves by one session at a time, so the band grows one checked count at a time and holds no
   * count it has not checked; within it a change needs no lookup at all.
   */
  readonly bandLow: Int32Array;
  readonly bandHigh: Int32Array;

  constructor(
    policy: Policy,
    private readonly rules: RuleSet,
    private readonly counts: PoolCounts,
    private readonly lifecycles: PoolLifecycles,
    private readonly kernel: Kernel,
    private readonly sink: TraceSink,
  ) {
    this.facts = rules.vector();
    this.inUse = counts.inUse;
    // Stryker disable next-line ArrowFunction: the pools set every pool's capacity, and so its row, before its first change
    this.poolRow = policy.pools.map(() => this.row(0));
    // Stryker disable next-line ArrayDeclaration,StringLiteral: an unset level ranks as normal, and no outcome is of type undefined
    this.level = new Array<string>(policy.pools.length).fill('normal');
    // Empty bands: the first change of each pool looks its level up.
    this.bandLow = new Int32Array(policy.pools.length).fill(1);
    this.bandHigh = new Int32Array(policy.pools.length).fill(0);
    const messages = new Map(rules.rules.map((r) => [r.event.type, r.event.params.message]));
    this.levelMessages = alertOfRank.map((_, rank) => messages.get(usageLevels[rank]!));
    const byLevel = new Map(rules.rules.map((r) => [r.event.type, r]));
    this.levelOutcomes = usageLevels.map((level) => {
      const rule = byLevel.get(level);
      return rule === undefined
        ? undefined
        : {
            rule: rule.name,
            type: level,
            ruleIds: rule.event.params.ruleIds,
            message: rule.event.params.message,
          };
    });
  }

  /** The pool's capacity changed: its row of outcomes is that of the new capacity. */
  capacityChanged(pool: number): void {
    this.remember(pool);
    this.poolRow[pool] = this.row(this.counts.capacity[pool]!);
    this.bandLow[pool] = 1;
    this.bandHigh[pool] = 0;
  }

  /** Re-reads the pool's level after its in-use count or capacity changed. */
  changed(pool: number): Promise<void> | undefined {
    const inUse = this.inUse[pool]!;
    // Stryker disable next-line EqualityOperator: looking up a count in the band is only slower
    if (inUse >= this.bandLow[pool]! && inUse <= this.bandHigh[pool]!) return undefined;
    const row = this.poolRow[pool]!;
    const known = row.outcomes[inUse];
    // Stryker disable next-line ConditionalExpression,BlockStatement: the rule set's memo gives the same outcome; the row only saves the lookup
    if (known !== undefined) {
      this.settle(pool, inUse, known);
      return undefined;
    }
    const v = this.facts.values;
    v[0] = inUse;
    v[1] = this.counts.capacity[pool]!;
    const decided = this.rules.lookup(this.facts);
    if (decided !== undefined) {
      row.outcomes[inUse] = decided;
      this.settle(pool, inUse, decided);
      return undefined;
    }
    return this.evaluate(pool, row, inUse);
  }

  /**
   * The rules engine decides a usage outcome not seen before. A method of its own, not a closure in
   * `changed`: variables a closure captures live in a context V8 allocates on every call of the function
   * that declares them, and `changed` runs on every admission and release.
   */
  private async evaluate(pool: number, row: UsageRow, inUse: number): Promise<void> {
    const outcome = await this.rules.evaluate(this.facts);
    row.outcomes[inUse] = outcome;
    this.settle(pool, inUse, outcome);
  }

  /** The pool is at `outcome`'s level with `inUse` sessions: widen its band, or change its level. */
  private settle(pool: number, inUse: number, outcome: RuleOutcome): void {
    if (outcome.type === this.level[pool]) {
      // An empty band (at the start, after a capacity change) starts at this count.
      // Stryker disable next-line EqualityOperator: restarting a band of one count only narrows it, which is only slower
      if (this.bandLow[pool]! > this.bandHigh[pool]!) this.enter(pool, inUse);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: settle sees only counts outside the band, and a band too narrow is only slower
      else if (inUse < this.bandLow[pool]!) this.bandLow[pool] = inUse;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: settle sees only counts outside the band, and a band too narrow is only slower
      else if (inUse > this.bandHigh[pool]!) this.bandHigh[pool] = inUse;
      return;
    }
    this.remember(pool);
    this.enter(pool, inUse);
    this.levelChanged(pool, outcome);
  }

  /** Starts the pool's band at `inUse`: with the bands seen before at this edge, or the count alone. */
  private enter(pool: number, inUse: number): void {
    const row = this.poolRow[pool]!;
    this.bandLow[pool] = row.lowOfHigh[inUse] ?? inUse;
    this.bandHigh[pool] = row.highOfLow[inUse] ?? inUse;
  }

  /** Keeps the pool's band in its row, widest first, for the next time the count enters it. */
  private remember(pool: number): void {
    const low = this.bandLow[pool]!;
    const high = this.bandHigh[pool]!;
    if (low > high) return;
    const row = this.poolRow[pool]!;
    row.highOfLow[low] = Math.max(row.highOfLow[low] ?? high, high);
    row.lowOfHigh[high] = Math.min(row.lowOfHigh[high] ?? low, low);
  }

  private row(capacity: number): UsageRow {
    let row = this.rows.get(capacity);
    // Stryker disable next-line ConditionalExpression: a fresh row only loses cached outcomes the rule set's memo still holds
    if (row === undefined) {
      row = { outcomes: [], highOfLow: [], lowOfHigh: [] };
      this.rows.set(capacity, row);
    }
    return row;
  }

  /**
   * Raises the alert of each level crossed upwards and clears the alert of each level left downwards,
   * for the levels the policy declares (a policy without usage thresholds raises only over-limit).
   */
  private levelChanged(pool: number, outcome: RuleOutcome): void {
    const before = rankOf(this.level[pool]!);
    const after = rankOf(outcome.type);
    this.level[pool] = outcome.type;
    const v = this.facts.values;
    v[0] = this.counts.inUse[pool]!;
    v[1] = this.counts.capacity[pool]!;
    const at = this.kernel.now;
    for (let rank = before + 1; rank <= after; rank++) {
      // Stryker disable next-line ConditionalExpression: the message of the level reached is that of the rule that decided it
      const raisedBy = rank === after ? outcome : this.levelOutcomes[rank];
      if (raisedBy !== undefined)
        this.sink.alert(at, pool, alertOfRank[rank]!, true, raisedBy, this.facts, raisedBy.message);
    }
    for (let rank = before; rank > after; rank--) {
      const message = this.levelMessages[rank];
      if (message !== undefined)
        this.sink.alert(at, pool, alertOfRank[rank]!, false, outcome, this.facts, message);
    }
    // Cleared in whatever state the pool is in, so that a later renewal or reconnection can recover.
    if (before === OVER_LIMIT) {
      const decision = decisionOf(outcome, this.facts);
      this.lifecycles.send(pool, 'VIOLATION_CLEARED', 'usage back within the limit', decision);
    }
  }
}
