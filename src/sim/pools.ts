import { allocateByShares } from '../model/allocation.js';
import type { Run } from '../model/bind.js';
import type { StateName } from '../model/policy.js';
import type { TraceSink } from '../trace/records.js';
import { ReleaseCause } from '../trace/records.js';
import type { Kernel, Settler } from './kernel.js';
import type { CapacityModel, ModelHost } from './licensing-model.js';
import type { PoolCounts } from './pool-counts.js';
import type { PoolLifecycles } from './pool-lifecycles.js';
import type { UsageLevels } from './usage-levels.js';

/** Ends every live session of a pool, for a reason; supplied by the sessions component. */
export type EndPoolSessions = (pool: number, cause: ReleaseCause) => Promise<void>;

/**
 * Each pool's licensing as the run goes: whether it is licensed, its effective capacity, and what
 * entering a lifecycle state means for it. Serves the licensing model as its host: the model says its
 * licenses changed, the pools move their lifecycles and recompute capacity.
 */
export class Pools implements ModelHost, Settler {
  readonly run: Run;
  private readonly licensed: Uint8Array;
  /** Per pool, the license end last recorded (NaN before the first), so that only changes are traced. */
  private readonly lastEnds: Float64Array;
  private model!: CapacityModel;
  /** Told after a pool's licenses changed and its lifecycle and capacity followed (expiry warnings). */
  private readonly licenseWatchers: ((pool: number) => Promise<void> | undefined)[] = [];

  constructor(
    run: Run,
    readonly kernel: Kernel,
    readonly sink: TraceSink,
    private readonly counts: PoolCounts,
    private readonly lifecycles: PoolLifecycles,
    private readonly usage: UsageLevels,
    private readonly endSessions: EndPoolSessions,
  ) {
    this.run = run;
    this.licensed = new Uint8Array(run.policy.pools.length);
    this.lastEnds = new Float64Array(run.policy.pools.length).fill(Number.NaN);
  }

  /** Starts every pool: its lifecycle in its initial state, then its capacity. */
  async start(model: CapacityModel): Promise<void> {
    this.model = model;
    const { policy } = this.run;
    const now = this.kernel.now;
    for (const pool of policy.pools) {
      const p = pool.index;
      this.licensed[p] = model.licensed(p, now) ? 1 : 0;
      // Licensed at the start: active. Otherwise the trial, when the policy has one (W8); else active,
      // which the missing license at once turns into an expiry.
      const licensed = this.licensed[p] === 1;
      const initial =
        policy.lifecycle.initial ?? (licensed || !policy.lifecycle.hasTrial ? 'active' : 'trial');
      this.lifecycles.start(p, initial);
    }
    for (const pool of policy.pools) {
      await this.setCapacity(pool.index, 'initial licenses', true);
      this.recordLicenseEnd(pool.index);
      // Stryker disable next-line ConditionalExpression: EXPIRE in the trial, the other initial state, changes nothing: a trial is unlicensed already
      if (this.lifecycles.state[pool.index] === 'active' && !this.licensed[pool.index]) {
        this.lifecycles.send(pool.index, 'EXPIRE', 'no license valid at the start');
      }
    }
  }

  wasLicensed(pool: number): boolean {
    return this.licensed[pool] === 1;
  }

  state(pool: number): StateName {
    return this.lifecycles.state[pool]!;
  }

  stateSince(pool: number): number {
    return this.lifecycles.enteredMs[pool]!;
  }

  inUse(pool: number): number {
    return this.counts.inUse[pool]!;
  }

  /** Calls `watcher` after each change of a pool's licenses. */
  watchLicenses(watcher: (pool: number) => Promise<void> | undefined): void {
    this.licenseWatchers.push(watcher);
  }

  async licensesChanged(pool: number, reason: string, activation = false): Promise<void> {
    const licensed = this.model.licensed(pool, this.kernel.now);
    const was = this.licensed[pool] === 1;
    this.licensed[pool] = licensed ? 1 : 0;
    if (licensed && activation) this.lifecycles.send(pool, 'ACTIVATE', reason);
    else if (was && !licensed)
      this.lifecycles.send(pool, 'EXPIRE', `every license of the pool has ended (${reason})`);
    else if (!was && licensed)
      this.lifecycles.send(pool, 'RENEW', `a license of the pool became valid (${reason})`);
    await this.setCapacity(pool, reason);
    this.recordLicenseEnd(pool);
    for (const watcher of this.licenseWatchers) await watcher(pool);
  }

  capacityChanged(pool: number, reason: string): Promise<void> | undefined {
    return this.setCapacity(pool, reason);
  }

  get pending(): boolean {
    return this.lifecycles.unsettled;
  }

  /**
   * Applies what entering a state means for sessions and capacity. Runs after the event that caused the
   * transition, because XState notifies synchronously and these effects may need the rules engine.
   */
  async settle(): Promise<void> {
    for (let pool = this.lifecycles.takeEntered(); pool !== undefined; pool = this.lifecycles.takeEntered()) {
      const state = this.lifecycles.state[pool]!;
      if (this.run.policy.lifecycle.states[state].existingSessions === 'end') {
        await this.endSessions(pool, ReleaseCause.lifecycle);
      }
      await this.setCapacity(pool, `entered ${state}`);
    }
  }

  /** Traces when the pool's valid licenses end, if that changed (W11 days to expiry). */
  private recordLicenseEnd(pool: number): void {
    const end = this.model.lastEnd(pool, this.kernel.now);
    if (Object.is(end, this.lastEnds[pool])) return;
    this.lastEnds[pool] = end;
    const at = this.kernel.now;
    this.sink.record({ type: 'license-end', at, pool, end: Number.isFinite(end) ? end : null });
  }

  /** Recomputes a pool's effective capacity: what its model gives, or the state's own limit (W8 trial). */
  private setCapacity(pool: number, reason: string, initial = false): Promise<void> | undefined {
    const policy = this.run.policy;
    const state = this.lifecycles.state[pool]!;
    const licensed = this.model.sessions(pool, this.kernel.now, state === 'grace');
    const limit = policy.lifecycle.states[state].sessionLimit;
    // A state's limit reduces the licensed count; with no license at all (the W8 trial) it is the count.
    const capacity = limit === null ? licensed : licensed > 0 ? Math.min(limit, licensed) : limit;
    const { sites, allocation } = policy.pools[pool]!;
    if (allocation !== null) {
      const parts = allocateByShares(capacity, allocation);
      for (const [i, site] of sites.entries()) this.counts.siteCapacity[site] = parts[i]!;
    }
    if (capacity === this.counts.capacity[pool] && !initial) return undefined;
    this.counts.capacity[pool] = capacity;
    this.usage.capacityChanged(pool);
    this.sink.record({ type: 'capacity', at: this.kernel.now, pool, capacity, reason });
    return this.usage.changed(pool);
  }
}
