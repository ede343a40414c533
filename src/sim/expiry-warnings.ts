import type { Run } from '../model/bind.js';
import { MS_PER_DAY } from '../model/time.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { TraceSink } from '../trace/records.js';
import { type EventKind, type Kernel, Priority } from './kernel.js';
import type { CapacitySource } from './licensing-model.js';

/** W11: the expiry warning, checked once a day as the WALLIX guide's monitoring script does. */
export class ExpiryWarnings {
  private readonly warned: Uint8Array;
  private readonly facts;
  private readonly ev: { readonly daily: EventKind };

  constructor(
    private readonly run: Run,
    private readonly kernel: Kernel,
    private readonly sink: TraceSink,
    private readonly rules: RuleSet,
    private readonly capacity: CapacitySource,
  ) {
    this.warned = new Uint8Array(run.policy.pools.length);
    this.facts = rules.vector();
    this.ev = kernel.register<'daily', ExpiryWarnings>({ daily: this.daily }, Priority.licensing, this);
  }

  start(): void {
    // Stryker disable next-line ConditionalExpression: without a warning there is no expiry rule, so a daily check decides nothing
    if (this.run.policy.alerts.expiryWarnMs !== null) {
      this.kernel.schedule(this.run.scenario.startMs, this.ev.daily, 0, 0);
    }
  }

  private async daily(): Promise<void> {
    const now = this.kernel.now;
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: a check scheduled past the end is never handled
    if (now + MS_PER_DAY <= this.run.scenario.endMs)
      this.kernel.schedule(now + MS_PER_DAY, this.ev.daily, 0, 0);
    for (const pool of this.run.policy.pools) {
      const last = this.capacity.lastEnd(pool.index, now);
      // Stryker disable next-line ConditionalExpression: with no valid license the days to expiry are -Infinity, which no rule warns about
      if (!Number.isFinite(last)) continue;
      const daysToExpiry = Math.floor((last - now) / MS_PER_DAY);
      this.facts.values[0] = daysToExpiry;
      const outcome = await this.rules.decide(this.facts);
      const warn = outcome.type === 'expiry-warning';
      // On the last day the warning stands until the license ends; it clears only on a renewal.
      if (!warn && daysToExpiry <= 0) continue;
      if (warn !== (this.warned[pool.index] === 1)) {
        const message = warn
          ? `${outcome.message}: ${daysToExpiry} days left`
          : `License renewed: ${daysToExpiry} days left`;
        this.sink.alert(now, pool.index, 'expiry-warning', warn, outcome, this.facts, message);
      }
      this.warned[pool.index] = warn ? 1 : 0;
    }
  }
}
