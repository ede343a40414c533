import { DateTime } from 'luxon';
import type { Run } from '../model/bind.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { TraceSink } from '../trace/records.js';
import { type EventKind, type Kernel, Priority } from './kernel.js';
import type { CapacitySource } from './licensing-model.js';

/**
 * W11: the expiry warning. It stands while a pool's valid licenses end within `warnBefore` days of the
 * policy's calendar, and stays until a renewal or until the licenses end. By default it is raised at the
 * exact instant the period begins and re-read whenever the pool's licenses change; with `checkEvery` it is
 * raised and cleared only at periodic checks from the scenario start, as a monitoring script sees it.
 */
export class ExpiryWarnings {
  private readonly warned: Uint8Array;
  /** Per pool, when the pending `due` event fires (NaN when none), so that a re-read does not repeat it. */
  private readonly dueAt: Float64Array;
  private readonly facts;
  private readonly zone: string;
  private readonly ev: { readonly due: EventKind; readonly periodic: EventKind };

  constructor(
    private readonly run: Run,
    private readonly kernel: Kernel,
    private readonly sink: TraceSink,
    private readonly rules: RuleSet,
    private readonly capacity: CapacitySource,
  ) {
    this.warned = new Uint8Array(run.policy.pools.length);
    this.dueAt = new Float64Array(run.policy.pools.length).fill(Number.NaN);
    this.facts = rules.vector();
    this.zone = run.policy.timeZone;
    this.ev = kernel.register<'due' | 'periodic', ExpiryWarnings>(
      { due: this.due, periodic: this.periodic },
      Priority.licensing,
      this,
    );
  }

  private get expiry() {
    return this.run.policy.alerts.expiry;
  }

  /** Checks every pool at the start: at once for exact warnings, then at each periodic check. */
  start(): void {
    if (this.expiry === null) return;
    const { startMs } = this.run.scenario;
    if (this.expiry.checkEveryMs !== null) {
      this.kernel.schedule(startMs, this.ev.periodic, 0, 0);
      return;
    }
    for (const pool of this.run.policy.pools) this.schedule(pool.index, startMs);
  }

  /** The pool's licenses changed (a renewal, a term boundary): exact warnings are re-read at once. */
  licensesChanged(pool: number): Promise<void> | undefined {
    if (this.expiry === null || this.expiry.checkEveryMs !== null) return undefined;
    return this.check(pool);
  }

  private due(pool: number): Promise<void> {
    this.dueAt[pool] = Number.NaN;
    return this.check(pool);
  }

  private async periodic(): Promise<void> {
    const next = this.kernel.now + this.expiry!.checkEveryMs!;
    if (next <= this.run.scenario.endMs) this.kernel.schedule(next, this.ev.periodic, 0, 0);
    for (const pool of this.run.policy.pools) await this.check(pool.index);
  }

  private async check(pool: number): Promise<void> {
    const now = this.kernel.now;
    const last = this.capacity.lastEnd(pool, now);
    // No valid license: nothing ends any more, and a warning raised stands until a renewal.
    if (!Number.isFinite(last)) return;
    const end = DateTime.fromMillis(last, { zone: this.zone });
    const daysToExpiry = Math.ceil(end.diff(DateTime.fromMillis(now, { zone: this.zone }), 'days').days);
    this.facts.values[0] = daysToExpiry;
    const outcome = await this.rules.decide(this.facts);
    const warn = outcome.type === 'expiry-warning';
    if (warn !== (this.warned[pool] === 1)) {
      const message = warn
        ? `${outcome.message}: ${daysToExpiry} days left`
        : `License renewed: ${daysToExpiry} days left`;
      this.sink.alert(now, pool, 'expiry-warning', warn, outcome, this.facts, message);
    }
    this.warned[pool] = warn ? 1 : 0;
    if (!warn && this.expiry!.checkEveryMs === null) {
      this.schedule(pool, end.minus({ days: this.expiry!.warnBeforeDays }).toMillis());
    }
  }

  /** Schedules the pool's next exact check at `at`, if inside the run and not already pending then. */
  private schedule(pool: number, at: number): void {
    if (at < this.kernel.now || at > this.run.scenario.endMs || at === this.dueAt[pool]) return;
    this.dueAt[pool] = at;
    this.kernel.schedule(at, this.ev.due, pool, 0);
  }
}
