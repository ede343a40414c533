import type { Fleet } from '../model/fleet/fleet.js';
import type { Policy } from '../model/policy.js';
import type { RuleSet } from '../rules/rule-set.js';
import { type EventKind, Priority } from '../sim/kernel.js';
import { LicenseBook } from '../sim/license-book.js';
import type { CapacityModel, LicensingModel, ModelHost, TimelineEntry } from '../sim/licensing-model.js';
import type { Facts, FactVector, RuleOutcome } from '../trace/facts.js';
import type { LeaseAction } from '../vocabulary.js';
import { AutoLeasing, type LeaseDesk } from './auto-lease.js';
import { leasesSessions } from './cores.js';
import { grantRuleSet } from './grant-rules.js';
import { type Holdings, ServerInstalls } from './holdings.js';
import { Lease } from './lease.js';
import { type Lessee, lesseesOf } from './lessees.js';
import { LicenseServers } from './license-servers.js';
import { freeForFamily } from './server-stock.js';
import { Surrenders } from './surrender.js';

type AllocationChange = Extract<TimelineEntry['action'], { kind: 'allocate' | 'deallocate' }>;

/**
 * Leasing from license servers (P3, P5): each client (a cluster through its lease leader) leases its
 * reserved count at the start, asks for incremental steps when a session is denied with its pool full,
 * renews on its server's renewal interval and releases steps it no longer uses once held 24 hours. The
 * grant rules decide every request and renewal on what is allocated and free. A pool's capacity is its
 * own licenses (the license book, less those surrendered to a server) and what its clients lease.
 */
export class Leasing implements CapacityModel, LeaseDesk {
  private readonly book: LicenseBook;
  private readonly policy: Policy;
  private readonly fleet: Fleet;
  readonly lessees: readonly Lessee[];
  readonly leases: readonly Lease[];
  private readonly leasesOf: readonly (readonly Lease[])[];
  private readonly lesseesOfPool: readonly (readonly Lessee[])[];
  /** Sessions leased into each pool. */
  private readonly leasedOfPool: Float64Array;
  /** Leased out per server, feature and platform family (P14): see `outSlot`. */
  private readonly leasedOut: Float64Array;
  /** The platform families of the clients, and each client's, by client index. */
  private readonly families: readonly string[];
  private readonly familyOf: readonly number[];
  private readonly specificScratch: Float64Array;
  private readonly leasedScratch: Float64Array;
  private readonly rules: RuleSet = grantRuleSet();
  private readonly facts: FactVector = this.rules.vector();
  private readonly ev: { readonly [kind in 'renew' | 'reclaim']: EventKind };
  /** Which server serves each client now, what it may lease, and whether it leases at all (P8, P9). */
  private readonly servers: LicenseServers;
  /** P4: the servers' auto-leasing switches. */
  private readonly auto: AutoLeasing;
  private readonly installs: ServerInstalls;
  private readonly surrenders: Surrenders;
  /** What the servers hold now: installed licenses, and those surrendered to them. */
  private readonly holdings: Holdings;

  constructor(private readonly host: ModelHost) {
    const policy = host.run.policy;
    const fleet = policy.fleet!;
    this.policy = policy;
    this.fleet = fleet;
    this.book = new LicenseBook(host);
    // P7: a surrendered license counts at its server, not in its pool.
    this.surrenders = new Surrenders(
      host,
      this.book,
      (c) => !this.auto.isDisconnected(this.lesseeOf(c).index),
    );
    this.lessees = lesseesOf(fleet);
    const leases: Lease[] = [];
    this.leasesOf = this.lessees.map((lessee) => {
      const features = new Set(lessee.members.flatMap((m) => m.allocations.map((a) => a.feature)));
      return [...features].map((f) => {
        const lease = new Lease(leases.length, lessee, fleet.features[f]!);
        leases.push(lease);
        return lease;
      });
    });
    this.leases = leases;
    this.lesseesOfPool = policy.pools.map((p) => this.lessees.filter((l) => l.pool === p.index));
    this.leasedOfPool = new Float64Array(policy.pools.length);
    this.families = [...new Set(fleet.clients.map((c) => c.platform))];
    this.familyOf = fleet.clients.map((c) => this.families.indexOf(c.platform));
    this.specificScratch = new Float64Array(this.families.length);
    this.leasedScratch = new Float64Array(this.families.length);
    this.leasedOut = new Float64Array(fleet.servers.length * fleet.features.length * this.families.length);
    this.installs = new ServerInstalls(fleet);
    this.holdings = {
      installed: (server, i) => this.installs.installed(server, i),
      surrendered: (client, license, now) => this.surrenders.counts(client, license, now),
      surrenderedBy: (client) => this.surrenders.surrenderedBy(client),
      surrendering: () => this.surrenders.surrendering,
    };
    this.servers = new LicenseServers(host, policy, fleet, this.holdings);
    this.ev = host.kernel.register<'renew' | 'reclaim', Leasing>(
      { renew: this.renew, reclaim: this.reclaim },
      Priority.licensing,
      this,
    );
    this.auto = new AutoLeasing(host, this);
  }

  /** Grants every lessee its reserved lease, then schedules its renewals and any reclaim due in the run. */
  async start(): Promise<void> {
    this.book.start();
    this.surrenders.start();
    this.servers.start();
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
    this.auto.start();
  }

  engineRuns(): number {
    return this.rules.engineRuns + this.servers.engineRuns() + this.auto.engineRuns();
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
      const leasing = this.leasesOf[lessee.index]!.some((l) => l.total > 0 && leasesSessions(l.feature));
      if (leasing) last = Math.max(last, lessee.expiresMs);
    }
    return last;
  }

  timeline(entry: TimelineEntry, phase: 'start' | 'end'): Promise<void> | undefined {
    const a = entry.action;
    if (a.kind === 'allocate' || a.kind === 'deallocate') return this.reallocate(entry.target, a);
    if (this.servers.timeline(entry, phase)) return undefined;
    if (a.kind === 'outage' && a.target === 'client-link') {
      return this.auto.link(this.lesseeOf(entry.target).index, phase, a.reconciled);
    }
    if (a.kind === 'activate' && entry.target < 0) return this.install(a.license);
    if (a.kind === 'surrender' || a.kind === 'recall') {
      const client = this.fleet.clientIds.get(a.client)!;
      return this.surrenders[a.kind](client, entry.target);
    }
    return this.book.timeline(entry, phase);
  }

  /**
   * P4: the license servers are unreachable: every client is cut off from its server at once, as by a
   * link outage of its own (overlapping ones count once); each keeps its leases until they expire, may
   * auto-lease, and is reconciled when contact is back, lessee by lessee.
   */
  async licenseServerOutage(phase: 'start' | 'end'): Promise<void> {
    for (const lessee of this.lessees) await this.auto.link(lessee.index, phase, true);
  }

  /**
   * P6: a lower maximum applies at once and cuts what the member leases beyond it; a deleted allocation
   * frees all it leased; any other change (a raise) waits for the lessee's next contact, its renewal.
   */
  private async reallocate(client: number, a: AllocationChange): Promise<void> {
    const feature = this.fleet.featureIds.get(a.feature)!;
    const lease = this.leases.find(
      (l) => l.featureIndex === feature && l.lessee.members.some((m) => m.index === client),
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

  /**
   * P3: a session was denied with the pool full: the first of its lessees not refused since its last contact
   * asks for a step; one that cannot reach its server may take one itself (P4: auto-leasing).
   */
  saturated(pool: number): Promise<void> | undefined {
    for (const lessee of this.lesseesOfPool[pool]!) {
      for (const lease of this.leasesOf[lessee.index]!) {
        if (lease.refused || !leasesSessions(lease.feature)) continue;
        return this.auto.isDisconnected(lessee.index) ? this.auto.step(lease) : this.step(lease);
      }
    }
    return undefined;
  }

  /** A license a server held is installed (`activate`): the server leases it from now. */
  private async install(id: string): Promise<void> {
    const held = this.installs.find(id)!;
    if (!this.installs.install(held.server, held.i)) return;
    const { kernel, sink } = this.host;
    const server = this.fleet.servers[held.server]!.id;
    sink.record({
      type: 'timeline',
      at: kernel.now,
      action: 'activate',
      license: id,
      detail: `on license server ${server}`,
    });
    await this.auto.installed(held.server, held.i);
  }

  /** The lessee a client leases through: itself, or its cluster. */
  private lesseeOf(client: number): Lessee {
    return this.lessees.find((l) => l.members.some((m) => m.index === client))!;
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
    if (await this.serverRefuses(lease, requested, what)) {
      lease.refused = true;
      return;
    }
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
    // The reserved lease is the client's allocation (P2) from its one server (P1).
    const allocation = what === 'incremental step' ? [] : ['P1', 'P2'];
    this.record(lease, 'granted', granted, `${what}: ${outcome.message}`, outcome, facts, undefined, [
      ...allocation,
      ...this.stockRules(lease, now),
    ]);
  }

  /**
   * The rules the stock a grant is decided over follows: it holds licenses the lessee's family surrendered,
   * leased like the server's own (P7), or capacity specific to that family, which no other family gets (P14).
   */
  private stockRules(lease: Lease, now: number): string[] {
    const family = this.families[this.familyOf[lease.lessee.leader.index]!]!;
    const stock = this.servers.stock(lease.lessee.server, lease.featureIndex, family, now);
    return [...(stock.surrendered > 0 ? ['P7'] : []), ...(stock.specific > stock.surrendered ? ['P14'] : [])];
  }

  /** P3: the lessee renews on its server's interval, unless it cannot reach the server (P4). */
  private async renew(index: number): Promise<void> {
    const { kernel } = this.host;
    const lessee = this.lessees[index]!;
    let expired = false;
    if (this.auto.isDisconnected(index)) this.auto.missedContact(index);
    else expired = await this.renewNow(index);
    const every = this.fleet.servers[lessee.server]!.leasing.renewEveryMs;
    if (kernel.now + every <= kernel.end && !expired)
      kernel.schedule(kernel.now + every, this.ev.renew, index, 0);
  }

  /** P4: a reconnected lessee contacts its server at once, as at a renewal. */
  async contact(index: number): Promise<void> {
    for (const member of this.lessees[index]!.members) this.surrenders.contact(member.index);
    await this.renewNow(index);
  }

  /** A contact with the server: what the lessee no longer uses goes back first; true once its allocation has expired. */
  private async renewNow(index: number): Promise<boolean> {
    const lessee = this.lessees[index]!;
    const now = this.host.kernel.now;
    const before = this.leasedOfPool[lessee.pool]!;
    const { leasing } = this.fleet.servers[lessee.server]!;
    for (const lease of this.leasesOf[index]!) {
      this.applyRaises(lease);
      this.releaseUnused(lease, now, leasing.minimumHoldMs);
      if (lease.total < lease.reserved) {
        const parts = lease.allocation.map((a, m) => Math.max(0, a.reserved - lease.leased[m]!));
        await this.request(lease, parts, lease.total === 0 ? 'reserved lease' : 'raised reserved lease');
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
    return expired;
  }

  /** Renews what the lease holds: the server keeps what is still allocated and free. */
  private async renewLease(lease: Lease): Promise<void> {
    const requested = lease.total;
    if (requested === 0) return;
    const now = this.host.kernel.now;
    if (await this.serverRefuses(lease, requested, 'renewal')) {
      this.scheduleReclaim(lease, lease.steps.length > 0 ? lease.incrementalUntil : lease.reservedUntil);
      this.scheduleReclaim(lease, lease.reservedUntil);
      return;
    }
    // What the server could give this lease if it held none of it: less than it holds when the
    // server's licenses shrank (a subscription ended, an HA grace ran out) below what it had leased out.
    const free = this.free(lease, now, requested);
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
    // Steps a disconnected lessee auto-leased are its own (P4): they end with its reserved lease only.
    const auto = lease.autoLeased;
    let taken = 0;
    if (lease.reservedUntil <= now) taken = lease.clear();
    else if (lease.incrementalUntil <= now) taken = lease.dropSteps(false);
    if (taken === 0) return;
    this.moved(lease, -taken, -(taken - auto + lease.autoLeased));
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

  /**
   * P8, P9: whether the lessee's server leases at all now (a node of its pair up, its licensing enabled);
   * a refusal is recorded with the rule and facts that decided it.
   */
  private async serverRefuses(lease: Lease, requested: number, what: string): Promise<boolean> {
    const refusal = await this.servers.refusal(lease.lessee.server);
    if (refusal === null) return false;
    const { outcome, facts } = refusal;
    this.record(lease, 'refused', requested, `${what} refused: ${outcome.message}`, outcome, facts);
    return true;
  }

  /**
   * What the lessee's server has free of the lease's feature for the lessee's platform family (P14):
   * `holding` of the lessee's own lease counted as given back (a renewal asks for what it holds).
   */
  private free(lease: Lease, now: number, holding = 0): number {
    const { server, leader } = lease.lessee;
    const families = this.families.length;
    const specific = this.specificScratch;
    let any = 0;
    for (let p = 0; p < families; p++) {
      const parts = this.servers.stock(server, lease.featureIndex, this.families[p]!, now);
      specific[p] = parts.specific;
      any = parts.any;
    }
    const leased = this.leasedScratch.fill(0);
    for (const s of this.servers.sharing(server)) {
      const slot = this.outSlot(s, lease.featureIndex, 0);
      for (let p = 0; p < families; p++) leased[p]! += this.leasedOut[slot + p]!;
    }
    const family = this.familyOf[leader.index]!;
    leased[family]! -= holding;
    return freeForFamily(family, specific, leased, any);
  }

  serverFree(lease: Lease): number {
    return this.free(lease, this.host.kernel.now);
  }

  /**
   * P4: what the stock serving the clients of `server` has leased out of a feature, over every platform
   * family (with an HA pair's, P8).
   */
  leasedOutOf(server: number, feature: number): number {
    let out = 0;
    for (const s of this.servers.sharing(server)) {
      const slot = this.outSlot(s, feature, 0);
      for (let p = 0; p < this.families.length; p++) out += this.leasedOut[slot + p]!;
    }
    return out;
  }

  /** P4: the licenses for any platform family serving the clients of `server` now (an HA pair's, P8). */
  anyPlatformStock(server: number, feature: number, now: number): number {
    return this.servers.stock(server, feature, this.families[0]!, now).any;
  }

  /** Leased out per server, feature and platform family. */
  private outSlot(server: number, feature: number, family: number): number {
    return (server * this.fleet.features.length + feature) * this.families.length + family;
  }

  /**
   * Books `count` more (or fewer) leased by the lease into its pool (sessions, not cores: P15), `atServer`
   * of them at its server (P4: what a disconnected lessee auto-leased is not).
   */
  moved(lease: Lease, count: number, atServer = count): void {
    const { server, leader, pool } = lease.lessee;
    this.leasedOut[this.outSlot(server, lease.featureIndex, this.familyOf[leader.index]!)]! += atServer;
    if (!leasesSessions(lease.feature)) return;
    this.leasedOfPool[pool]! += count;
    this.auto.noteAvailable(server, lease.featureIndex);
  }

  /** P3: a lease's new expiry is min(now + its duration, the client's allocation expiry). */
  private until(lease: Lease, durationMs: number): number {
    const until = Math.min(this.host.kernel.now + durationMs, lease.lessee.expiresMs);
    if (until === lease.lessee.expiresMs) this.scheduleReclaim(lease, until);
    return until;
  }

  poolLeased(pool: number): number {
    return this.leasedOfPool[pool]!;
  }

  scheduleReclaim(lease: Lease, at: number): void {
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
  changed(pool: number, before: number, reason: string): Promise<void> | undefined {
    const after = this.leasedOfPool[pool]!;
    if (after === before) return undefined;
    const now = this.host.kernel.now;
    if (this.host.wasLicensed(pool) !== this.licensed(pool, now))
      return this.host.licensesChanged(pool, reason);
    return this.host.capacityChanged(pool, reason);
  }

  record(
    lease: Lease,
    action: LeaseAction,
    count: number,
    reason: string,
    outcome: RuleOutcome | null,
    facts: Facts,
    ruleIds = 'P3',
    /** Rules the decision also follows from, beside the deciding rule's. */
    also: readonly string[] = [],
  ): void {
    // A cluster's lease leader leases for its members (P5); core licenses lease cores (P15).
    const ids = [
      ...(outcome?.ruleIds || ruleIds).split(' '),
      ...also,
      ...(lease.lessee.cluster !== null ? ['P5'] : []),
      ...(leasesSessions(lease.feature) ? [] : ['P15']),
    ];
    this.host.sink.record({
      type: 'lease',
      at: this.host.kernel.now,
      action,
      client: lease.lessee.leader.id,
      cluster: lease.lessee.cluster,
      feature: lease.feature.id,
      count,
      leased: lease.total,
      reason,
      rule: outcome?.rule ?? null,
      ruleIds: [...new Set(ids)].sort(byCatalogueOrder).join(' '),
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

/** P2 before P15: rule IDs in the catalogue's order, by letter, then number. */
function byCatalogueOrder(a: string, b: string): number {
  return a[0]! === b[0]! ? Number(a.slice(1)) - Number(b.slice(1)) : a < b ? -1 : 1;
}
