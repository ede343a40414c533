import type { Fleet } from '../model/fleet/fleet.js';
import type { Policy } from '../model/policy.js';
import type { RuleSet } from '../rules/rule-set.js';
import { type EventKind, Priority } from '../sim/kernel.js';
import { LicenseBook } from '../sim/license-book.js';
import type { CapacityModel, LicensingModel, ModelHost, TimelineEntry } from '../sim/licensing-model.js';
import type { Facts, FactVector, RuleOutcome } from '../trace/facts.js';
import type { LeaseAction } from '../vocabulary.js';
import { grantRuleSet } from './grant-rules.js';
import { Lease } from './lease.js';
import { type Lessee, lesseesOf } from './lessees.js';
import { serverStock } from './server-stock.js';

type AllocationChange = Extract<TimelineEntry['action'], { kind: 'allocate' | 'deallocate' }>;

/**
 * Leasing from license servers (P3, P5): each client (a cluster through its lease leader) leases its
 * reserved count at the start, asks for incremental steps when a session is denied with its pool full,
 * renews on its server's renewal interval and releases steps it no longer uses once held 24 hours. The
 * grant rules decide every request and renewal on what is allocated and free. A pool's capacity is its
 * own licenses (the license book, less those surrendered to a server) and what its clients lease.
 */
export class Leasing implements CapacityModel {
  private readonly book: LicenseBook;
  private readonly policy: Policy;
  private readonly fleet: Fleet;
  readonly lessees: readonly Lessee[];
  readonly leases: readonly Lease[];
  private readonly leasesOf: readonly (readonly Lease[])[];
  private readonly lesseesOfPool: readonly (readonly Lessee[])[];
  /** Sessions leased into each pool. */
  private readonly leasedOfPool: Float64Array;
  /** Leased out per server and feature: `server * features + feature`. */
  private readonly leasedOut: Float64Array;
  private readonly rules: RuleSet = grantRuleSet();
  private readonly facts: FactVector = this.rules.vector();
  private readonly ev: { readonly [kind in 'renew' | 'reclaim']: EventKind };

  constructor(private readonly host: ModelHost) {
    const policy = host.run.policy;
    const fleet = policy.fleet!;
    this.policy = policy;
    this.fleet = fleet;
    this.book = new LicenseBook(host);
    // P7: a surrendered license counts at its server, not in its pool.
    for (const client of fleet.clients) for (const l of client.surrenders) this.book.installed[l] = 0;
    this.lessees = lesseesOf(fleet);
    const leases: Lease[] = [];
    this.leasesOf = this.lessees.map((lessee) => {
      const features = new Set(lessee.members.flatMap((m) => m.allocations.map((a) => a.feature)));
      return [...features]
        .filter((f) => fleet.features[f]!.unit === 'users')
        .map((f) => {
          const lease = new Lease(leases.length, lessee, f, fleet.features[f]!.id);
          leases.push(lease);
          return lease;
        });
    });
    this.leases = leases;
    this.lesseesOfPool = policy.pools.map((p) => this.lessees.filter((l) => l.pool === p.index));
    this.leasedOfPool = new Float64Array(policy.pools.length);
    this.leasedOut = new Float64Array(fleet.servers.length * fleet.features.length);
    this.ev = host.kernel.register<'renew' | 'reclaim', Leasing>(
      { renew: this.renew, reclaim: this.reclaim },
      Priority.licensing,
      this,
    );
  }

  /** Grants every lessee its reserved lease, then schedules its renewals and any reclaim due in the run. */
  async start(): Promise<void> {
    this.book.start();
    const { kernel } = this.host;
    for (const lessee of this.lessees) {
      for (const lease of this.leasesOf[lessee.index]!) {
        await this.request(
          lease,
          lease.allocation.map((a) => a.reserved),
          'reserved lease',
        );
      }
      const every = this.fleet.servers[lessee.server]!.leasing.renewEveryMs;
      if (kernel.now + every <= kernel.end)
        kernel.schedule(kernel.now + every, this.ev.renew, lessee.index, 0);
    }
  }

  sessions(pool: number, now: number, inGrace: boolean): number {
    return this.book.sessions(pool, now, inGrace) + this.leasedOfPool[pool]!;
  }

  licensed(pool: number, now: number): boolean {
    return this.leasedOfPool[pool]! > 0 || this.book.licensed(pool, now);
  }

  /** A lease lasts, renewed, until its client's allocation expires (P2). */
  lastEnd(pool: number, now: number): number {
    let last = this.book.lastEnd(pool, now);
    for (const lessee of this.lesseesOfPool[pool]!) {
      if (this.leasesOf[lessee.index]!.some((l) => l.total > 0)) last = Math.max(last, lessee.expiresMs);
    }
    return last;
  }

  timeline(entry: TimelineEntry, phase: 'start' | 'end'): Promise<void> | undefined {
    const a = entry.action;
    if (a.kind === 'allocate' || a.kind === 'deallocate') return this.reallocate(entry.target, a);
    return this.book.timeline(entry, phase);
  }

  /**
   * P6: a lower maximum applies at once and cuts what the member leases beyond it; a deleted allocation
   * frees all it leased; any other change (a raise) waits for the lessee's next contact, its renewal.
   */
  private async reallocate(client: number, a: AllocationChange): Promise<void> {
    const feature = this.fleet.featureIds.get(a.feature)!;
    const lease = this.leases.find(
      (l) => l.feature === feature && l.lessee.members.some((m) => m.index === client),
    );
    if (lease === undefined) return;
    const m = lease.lessee.members.findIndex((x) => x.index === client);
    const current = lease.pending[m] ?? lease.allocation[m]!;
    const next =
      a.kind === 'deallocate'
        ? { reserved: 0, incremental: 0, maximum: 0 }
        : {
            reserved: a.reserved ?? current.reserved,
            incremental: a.incremental ?? current.incremental,
            maximum: a.maximum ?? current.maximum,
          };
    if (a.kind === 'allocate' && next.maximum >= lease.allocation[m]!.maximum) {
      lease.pending[m] = next;
      return;
    }
    lease.allocation[m] = next;
    lease.pending[m] = null;
    const pool = lease.lessee.pool;
    const before = this.leasedOfPool[pool]!;
    const leasedBefore = lease.leased[m]!;
    const taken = lease.cutMember(m, next.maximum);
    this.moved(lease, -taken);
    const what = a.kind === 'deallocate' ? 'allocation deleted' : `maximum lowered to ${next.maximum}`;
    const facts = { memberLeased: leasedBefore, maximum: next.maximum };
    this.record(lease, 'cut', taken, `${this.fleet.clients[client]!.id}: ${what}`, null, facts, 'P6');
    await this.changed(pool, before, `lease of ${lease.lessee.leader.id} cut (${what})`);
  }

  /** P3: a session was denied with the pool full: the first of its lessees not refused since its last contact asks for a step. */
  saturated(pool: number): Promise<void> | undefined {
    for (const lessee of this.lesseesOfPool[pool]!) {
      for (const lease of this.leasesOf[lessee.index]!) {
        if (!lease.refused) return this.step(lease);
      }
    }
    return undefined;
  }

  private async step(lease: Lease): Promise<void> {
    const before = this.leasedOfPool[lease.lessee.pool]!;
    await this.request(lease, lease.stepParts(), 'incremental step');
    await this.changed(lease.lessee.pool, before, `lease of ${lease.lessee.leader.id} grew`);
  }

  /** Asks the server for `parts` (per member) of a lease, as the grant rules decide; records the decision. */
  private async request(lease: Lease, parts: readonly number[], what: string): Promise<void> {
    const now = this.host.kernel.now;
    const requested = parts.reduce((a, b) => a + b, 0);
    const allocatedRemaining = lease.ceiling - lease.total;
    const free = this.free(lease, now);
    const outcome = await this.decide(lease, requested, allocatedRemaining, free);
    const facts = this.facts.toObject();
    if (outcome.type === 'refuse') {
      lease.refused = true;
      this.record(lease, 'refused', requested, `${what} refused: ${outcome.message}`, outcome, facts);
      return;
    }
    const granted = Math.min(requested, allocatedRemaining, free);
    const given = lease.add(parts, granted);
    this.moved(lease, granted);
    const { leasing } = this.fleet.servers[lease.lessee.server]!;
    if (what === 'incremental step') {
      lease.steps.push({ at: now, parts: given });
      if (lease.steps.length === 1) lease.incrementalUntil = this.until(lease, leasing.incrementalLeaseMs);
    } else {
      lease.reservedUntil = this.until(lease, leasing.reservedLeaseMs);
    }
    this.record(lease, 'granted', granted, `${what}: ${outcome.message}`, outcome, facts);
  }

  /** P3: the lessee renews on its server's interval; what it no longer uses goes back first. */
  private async renew(index: number): Promise<void> {
    const lessee = this.lessees[index]!;
    const { kernel } = this.host;
    const now = kernel.now;
    const before = this.leasedOfPool[lessee.pool]!;
    const { leasing } = this.fleet.servers[lessee.server]!;
    for (const lease of this.leasesOf[index]!) {
      this.applyRaises(lease);
      this.releaseUnused(lease, now, leasing.minimumHoldMs);
      if (lease.total < lease.reserved) {
        const parts = lease.allocation.map((a, m) => Math.max(0, a.reserved - lease.leased[m]!));
        await this.request(lease, parts, 'raised reserved lease');
      }
      await this.renewLease(lease);
    }
    await this.changed(lessee.pool, before, `lease of ${lessee.leader.id} changed at its renewal`);
    // Contact made: a lessee refused before may ask again, at once if its pool is still full; one at its
    // maximum asks again only once its allocation is raised (P6), an expired one never.
    const expired = now >= lessee.expiresMs;
    for (const lease of this.leasesOf[index]!)
      lease.refused = expired || (lease.refused && lease.total >= lease.ceiling);
    if (!expired && this.host.inUse(lessee.pool) >= this.capacity(lessee.pool)) {
      await this.saturated(lessee.pool);
    }
    if (now + leasing.renewEveryMs <= kernel.end && !expired) {
      kernel.schedule(now + leasing.renewEveryMs, this.ev.renew, index, 0);
    }
  }

  /** Renews what the lease holds: the server keeps what is still allocated and free. */
  private async renewLease(lease: Lease): Promise<void> {
    const requested = lease.total;
    if (requested === 0) return;
    const now = this.host.kernel.now;
    // What the server could give this lease if it held none of it: less than it holds when the
    // server's licenses shrank (a subscription ended) below what it had leased out.
    const free = Math.max(0, this.stock(lease, now) - (this.leasedOut[this.outSlot(lease)]! - requested));
    const outcome = await this.decide(lease, requested, lease.ceiling, free);
    const facts = this.facts.toObject();
    const { leasing } = this.fleet.servers[lease.lessee.server]!;
    if (outcome.type === 'refuse') {
      this.record(lease, 'refused', requested, `renewal refused: ${outcome.message}`, outcome, facts);
      this.scheduleReclaim(lease, lease.steps.length > 0 ? lease.incrementalUntil : lease.reservedUntil);
      this.scheduleReclaim(lease, lease.reservedUntil);
      return;
    }
    const kept = Math.min(requested, lease.ceiling, free);
    if (kept < requested) this.moved(lease, -lease.cutTo(kept));
    lease.reservedUntil = this.until(lease, leasing.reservedLeaseMs);
    if (lease.steps.length > 0) lease.incrementalUntil = this.until(lease, leasing.incrementalLeaseMs);
    this.record(lease, 'renewed', kept, `renewed: ${outcome.message}`, outcome, facts);
  }

  /** P3: an unrenewed lease ends at its expiry: incremental steps at theirs, the reserved part at its own. */
  private async reclaim(index: number): Promise<void> {
    const lease = this.leases[index]!;
    const now = this.host.kernel.now;
    const pool = lease.lessee.pool;
    const before = this.leasedOfPool[pool]!;
    const facts = {
      leased: lease.total,
      reservedExpired: lease.reservedUntil <= now ? 1 : 0,
      incrementalExpired: lease.steps.length > 0 && lease.incrementalUntil <= now ? 1 : 0,
    };
    let taken = 0;
    if (lease.reservedUntil <= now) taken = lease.clear();
    else if (lease.incrementalUntil <= now) while (lease.steps.length > 0) taken += lease.dropStep();
    if (taken === 0) return;
    this.moved(lease, -taken);
    this.record(lease, 'reclaimed', taken, 'lease not renewed before its expiry', null, facts);
    await this.changed(pool, before, `lease of ${lease.lessee.leader.id} reclaimed`);
  }

  /** P3: steps held at least the minimum hold and unused (the pool would stay within capacity) go back. */
  private releaseUnused(lease: Lease, now: number, minimumHoldMs: number): void {
    const pool = lease.lessee.pool;
    while (lease.steps.length > 0) {
      const step = lease.steps.at(-1)!;
      const size = step.parts.reduce((a, b) => a + b, 0);
      const inUse = this.host.inUse(pool);
      const capacity = this.capacity(pool);
      if (now - step.at < minimumHoldMs || capacity - size < inUse) return;
      lease.dropStep();
      this.moved(lease, -size);
      const facts = { heldMs: now - step.at, minimumHoldMs, inUse, capacity, step: size };
      this.record(lease, 'released', size, 'incremental step unused after the minimum hold', null, facts);
    }
  }

  /** P6: a raised allocation takes effect at the client's next contact. */
  private applyRaises(lease: Lease): void {
    for (const [m, raised] of lease.pending.entries()) {
      if (raised === null) continue;
      lease.allocation[m] = raised;
      lease.pending[m] = null;
      lease.refused = false;
    }
  }

  private decide(
    lease: Lease,
    requested: number,
    allocatedRemaining: number,
    serverFree: number,
  ): RuleOutcome | Promise<RuleOutcome> {
    const f = this.facts.values;
    f[0] = requested;
    f[1] = allocatedRemaining;
    f[2] = serverFree;
    f[3] = this.host.kernel.now >= lease.lessee.expiresMs ? 1 : 0;
    return this.rules.decide(this.facts);
  }

  /** What the lessee's server has free of the lease's feature for the lessee's platform family. */
  private free(lease: Lease, now: number): number {
    return Math.max(0, this.stock(lease, now) - this.leasedOut[this.outSlot(lease)]!);
  }

  private stock(lease: Lease, now: number): number {
    const { server, leader } = lease.lessee;
    return serverStock(this.policy, this.fleet, server, lease.feature, leader.platform, now);
  }

  private outSlot(lease: Lease): number {
    return lease.lessee.server * this.fleet.features.length + lease.feature;
  }

  /** Books `count` more (or fewer) sessions leased by the lease, at its server and into its pool. */
  private moved(lease: Lease, count: number): void {
    this.leasedOut[this.outSlot(lease)]! += count;
    this.leasedOfPool[lease.lessee.pool]! += count;
  }

  /** P3: a lease's new expiry is min(now + its duration, the client's allocation expiry). */
  private until(lease: Lease, durationMs: number): number {
    const until = Math.min(this.host.kernel.now + durationMs, lease.lessee.expiresMs);
    if (until === lease.lessee.expiresMs) this.scheduleReclaim(lease, until);
    return until;
  }

  private scheduleReclaim(lease: Lease, at: number): void {
    const { kernel } = this.host;
    if (at === lease.reclaimAt || at > kernel.end) return;
    lease.reclaimAt = at;
    kernel.schedule(Math.max(at, kernel.now), this.ev.reclaim, lease.index, 0);
  }

  private capacity(pool: number): number {
    const now = this.host.kernel.now;
    return this.sessions(pool, now, this.host.state(pool) === 'grace');
  }

  /** Tells the pools when a lessee's leases changed its pool: its validity too when it had no lease before. */
  private changed(pool: number, before: number, reason: string): Promise<void> | undefined {
    const after = this.leasedOfPool[pool]!;
    if (after === before) return undefined;
    const now = this.host.kernel.now;
    if (this.host.wasLicensed(pool) !== this.licensed(pool, now))
      return this.host.licensesChanged(pool, reason);
    return this.host.capacityChanged(pool, reason);
  }

  private record(
    lease: Lease,
    action: LeaseAction,
    count: number,
    reason: string,
    outcome: RuleOutcome | null,
    facts: Facts,
    ruleIds = 'P3',
  ): void {
    this.host.sink.record({
      type: 'lease',
      at: this.host.kernel.now,
      action,
      client: lease.lessee.leader.id,
      cluster: lease.lessee.cluster,
      feature: lease.featureId,
      count,
      leased: lease.total,
      reason,
      rule: outcome?.rule ?? null,
      ruleIds: outcome?.ruleIds || ruleIds,
      facts,
    });
  }
}

/** Leasing from the policy's license servers: serves every policy that has them. */
export const leasingModel: LicensingModel = {
  name: 'leasing',
  serves: (policy) => policy.fleet !== null,
  create: (host) => new Leasing(host),
};
