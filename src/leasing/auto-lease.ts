import type { Fleet } from '../model/fleet/fleet.js';
import type { RuleSet } from '../rules/rule-set.js';
import { type EventKind, Priority } from '../sim/kernel.js';
import type { ModelHost } from '../sim/licensing-model.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import type { LeaseAction } from '../vocabulary.js';
import { autoLeaseRuleSet, disconnectedRuleSet } from './auto-lease-rules.js';
import { AvailableAverage } from './available-average.js';
import { leasesSessions } from './cores.js';
import type { Lease } from './lease.js';

/** What auto-leasing reads of the leases: who leases what, and what each server has leased out. */
export interface LeaseLedger {
  readonly leases: readonly Lease[];
  /** Leased out of a feature by the stock serving the clients of a server (its HA pair too), as it knows it. */
  leasedOutOf(server: number, feature: number): number;
  /** The installed licenses of a feature for any platform family serving the clients of a server, valid now. */
  anyPlatformStock(server: number, feature: number, now: number): number;
}

/** What auto-leasing may do to the leases: the leasing model's own bookkeeping, decisions and records. */
export interface LeaseDesk extends LeaseLedger {
  /** Books `count` more (or fewer) sessions into the lease's pool, `atServer` of them at its server. */
  moved(lease: Lease, count: number, atServer?: number): void;
  /** Sessions leased into a pool now. */
  poolLeased(pool: number): number;
  /** Tells the pool its leases changed since `before` (what it leased then). */
  changed(pool: number, before: number, reason: string): Promise<void> | undefined;
  record(
    lease: Lease,
    action: LeaseAction,
    count: number,
    reason: string,
    outcome: RuleOutcome | null,
    facts: Record<string, number | string | null>,
    ruleIds?: string,
  ): void;
  scheduleReclaim(lease: Lease, at: number): void;
  /** The lessee contacts its server now, as at a renewal: what it reconnects with. */
  contact(lessee: number): Promise<void>;
  /** What the lessee's server has free of the lease's feature for it now (P14). */
  serverFree(lease: Lease): number;
}

/**
 * P4, at the server: per feature, auto-leasing is on while the trailing average of its available count
 * exceeds the policy's share of Σ(MUC − leased) over the clients. The server weighs it at every renewal
 * interval from the start (when its clients contact it), and the trace records each switch with the facts
 * that decided it. Auto-leasing applies to licenses for any platform family only (the guide's CONSEC-…U
 * subscriptions), so the available count is theirs less what the server has leased out of the feature.
 */
export class AutoLeasing {
  private readonly fleet: Fleet;
  /** Per server and feature (`server * features + feature`): the trailing average, the switch and its rules. */
  private readonly averages: AvailableAverage[];
  private readonly enabled: Int8Array;
  private readonly rules: readonly RuleSet[];
  private readonly facts: readonly FactVector[];
  /** The user-count features each server has clients for. */
  private readonly featuresOf: readonly (readonly number[])[];
  private readonly ev: { readonly [kind in 'evaluate' | 'check' | 'penaltyEnd']: EventKind };
  /** Per server and feature: the rule of the last decision, so that a penalty shows even where it was off. */
  private readonly lastRule: (string | null | undefined)[];
  /** Per lessee: 1 when the outage that reconnects it ends with a reconciliation the server cannot make. */
  private readonly unreconciled: Uint8Array;
  /** Per server: the current penalty's serial number, so that a penalty ended early does not end twice. */
  private readonly penaltySerial: Int32Array;
  /** Per lessee: link outages in progress, when this disconnection began, and its serial number. */
  private readonly links: Int32Array;
  private readonly disconnectedAt: Float64Array;
  private readonly serial: Int32Array;
  /** Per lease: what the server said at the last contact (auto-leasing on, a penalty running)… */
  private readonly knownEnabled: Int8Array;
  private readonly knownPenalty: Int8Array;
  /** …and whether the disconnected lessee may auto-lease it: 1 on, 0 off, -1 connected. */
  private readonly clientOn: Int8Array;
  private readonly clientReason: string[];
  private readonly clientRules: readonly RuleSet[];
  private readonly clientFacts: readonly FactVector[];
  private readonly leasesOf: readonly (readonly Lease[])[];
  /** Per server: until when a failed reconciliation keeps auto-leasing off. */
  private readonly penaltyUntil: Float64Array;

  /** Rules-engine runs of the servers' switches and of the disconnected clients' rules. */
  engineRuns(): number {
    let runs = 0;
    for (const set of [...this.rules, ...this.clientRules]) runs += set.engineRuns;
    return runs;
  }

  constructor(
    private readonly host: ModelHost,
    private readonly ledger: LeaseDesk,
  ) {
    const fleet = host.run.policy.fleet!;
    this.fleet = fleet;
    const nf = fleet.features.length;
    this.averages = [];
    for (const server of fleet.servers) {
      for (let f = 0; f < nf; f++)
        this.averages.push(new AvailableAverage(server.leasing.autoLease.averagedOverMs));
    }
    this.enabled = new Int8Array(fleet.servers.length * nf).fill(-1);
    this.rules = fleet.servers.map((s) => autoLeaseRuleSet(s.leasing.autoLease));
    this.facts = this.rules.map((r) => r.vector());
    this.featuresOf = fleet.servers.map((s) => {
      const features = new Set<number>();
      for (const lease of ledger.leases) {
        // Cores (P15) are leased per machine, never auto-leased.
        if (lease.lessee.server === s.index && leasesSessions(lease.feature))
          features.add(lease.featureIndex);
      }
      return [...features].sort((a, b) => a - b);
    });
    const lessees = 1 + Math.max(-1, ...ledger.leases.map((l) => l.lessee.index));
    this.links = new Int32Array(lessees);
    this.disconnectedAt = new Float64Array(lessees);
    this.serial = new Int32Array(lessees);
    const leases = ledger.leases.length;
    this.knownEnabled = new Int8Array(leases);
    this.knownPenalty = new Int8Array(leases);
    this.clientOn = new Int8Array(leases).fill(-1);
    this.clientReason = new Array<string>(leases).fill('');
    this.clientRules = fleet.servers.map((s) => disconnectedRuleSet(s.leasing.autoLease));
    this.clientFacts = this.clientRules.map((r) => r.vector());
    this.leasesOf = Array.from({ length: lessees }, (_, i) =>
      ledger.leases.filter((l) => l.lessee.index === i),
    );
    this.penaltyUntil = new Float64Array(fleet.servers.length).fill(Number.NEGATIVE_INFINITY);
    this.lastRule = new Array(this.enabled.length).fill(undefined);
    this.unreconciled = new Uint8Array(lessees);
    this.penaltySerial = new Int32Array(fleet.servers.length);
    this.ev = host.kernel.register<'evaluate' | 'check' | 'penaltyEnd', AutoLeasing>(
      { evaluate: this.evaluateServer, check: this.check, penaltyEnd: this.penaltyEnd },
      Priority.licensing,
      this,
    );
  }

  /** Whether the lessee cannot reach its server now. */
  isDisconnected(lessee: number): boolean {
    return this.links[lessee]! > 0;
  }

  /**
   * A WAN link between a client and its server went down or came back. A cluster leases through its
   * leader, so a member's link counts as the cluster's; links may overlap, and contact is back when none is.
   */
  link(lessee: number, phase: 'start' | 'end', reconciled: boolean): Promise<void> | undefined {
    if (phase === 'start') return this.links[lessee]!++ === 0 ? this.disconnect(lessee) : undefined;
    if (!reconciled) this.unreconciled[lessee] = 1;
    return --this.links[lessee]! === 0 ? this.reconnect(lessee) : undefined;
  }

  private async disconnect(lessee: number): Promise<void> {
    const { kernel } = this.host;
    const now = kernel.now;
    this.disconnectedAt[lessee] = now;
    const serial = ++this.serial[lessee]!;
    for (const lease of this.leasesOf[lessee]!) {
      const server = lease.lessee.server;
      this.knownEnabled[lease.index] = this.isEnabled(server, lease.featureIndex) ? 1 : 0;
      this.knownPenalty[lease.index] = this.penaltyUntil[server]! > now ? 1 : 0;
      // Without contact nothing is renewed: what the server granted ends at its expiry.
      if (lease.steps.length > 0) this.ledger.scheduleReclaim(lease, lease.incrementalUntil);
      this.ledger.scheduleReclaim(lease, lease.reservedUntil);
      await this.decide(lease);
      const cap = now + this.fleet.servers[server]!.leasing.autoLease.disconnectedForMs;
      for (const at of [lease.reservedUntil, cap]) {
        if (at > now && at <= kernel.end) kernel.schedule(at, this.ev.check, lease.index, serial);
      }
    }
  }

  /** A limit of the disconnection may have been reached: the lessee's switch is decided again. */
  private check(lease: number, serial: number): Promise<void> | undefined {
    const l = this.ledger.leases[lease]!;
    const lessee = l.lessee.index;
    if (this.serial[lessee] !== serial || !this.isDisconnected(lessee)) return undefined;
    return this.decide(l);
  }

  /** Decides whether the disconnected lessee may auto-lease the feature; records a switch, ends auto steps when off. */
  private async decide(lease: Lease): Promise<void> {
    const now = this.host.kernel.now;
    const server = lease.lessee.server;
    const facts = this.clientFacts[server]!;
    const f = facts.values;
    f[0] = this.knownEnabled[lease.index]!;
    f[1] = this.knownPenalty[lease.index]!;
    f[2] = now - this.disconnectedAt[lease.lessee.index]!;
    f[3] = lease.reservedUntil > now ? 1 : 0;
    const outcome = await this.clientRules[server]!.decide(facts);
    const on = outcome.type === 'on' ? 1 : 0;
    if (this.clientOn[lease.index] === on) return;
    this.clientOn[lease.index] = on;
    this.clientReason[lease.index] = outcome.message;
    const seen = { ...facts.toObject(), disconnectedForMs: f[4]! };
    this.record(server, lease.lessee.leader.id, lease.featureIndex, on === 1, outcome.message, outcome, seen);
    if (on === 0) await this.endAutoSteps(lease, `auto-leasing off: ${outcome.message}`);
  }

  /** The lessee's own steps end with its auto-leasing. */
  private async endAutoSteps(lease: Lease, reason: string): Promise<void> {
    const auto = lease.autoLeased;
    if (auto === 0) return;
    const pool = lease.lessee.pool;
    const before = this.ledger.poolLeased(pool);
    lease.dropSteps(true);
    this.ledger.moved(lease, -auto, 0);
    this.ledger.record(lease, 'released', auto, reason, null, { autoLeased: auto }, 'P4');
    await this.ledger.changed(pool, before, `auto-leased steps of ${lease.lessee.leader.id} ended`);
  }

  /**
   * P4: a disconnected lessee found its pool full: with auto-leasing on it takes a step of its own (Σ ILQ
   * of its members, up to its maximum), which its server learns of when it reconnects.
   */
  async step(lease: Lease): Promise<void> {
    const pool = lease.lessee.pool;
    const parts = lease.stepParts();
    const requested = parts.reduce((a, b) => a + b, 0);
    if (this.clientOn[lease.index] !== 1) {
      lease.refused = true;
      const reason = `auto-lease step refused: ${this.clientReason[lease.index]}`;
      this.ledger.record(
        lease,
        'refused',
        requested,
        reason,
        null,
        { disconnected: 1, autoLeasing: 0 },
        'P4',
      );
      return;
    }
    const room = lease.ceiling - lease.total;
    if (room <= 0 || requested === 0) {
      lease.refused = true;
      const facts = { leased: lease.total, maximum: lease.ceiling };
      this.ledger.record(
        lease,
        'refused',
        requested,
        'auto-lease step refused: the client already leases its maximum (MUC)',
        null,
        facts,
        'P4',
      );
      return;
    }
    const before = this.ledger.poolLeased(pool);
    const granted = Math.min(requested, room);
    const given = lease.add(parts, granted);
    lease.steps.push({ at: this.host.kernel.now, parts: given, auto: true });
    this.ledger.moved(lease, granted, 0);
    const facts = { requested, allocatedRemaining: room, autoLeased: lease.autoLeased };
    this.ledger.record(lease, 'granted', granted, 'auto-lease step while disconnected', null, facts, 'P4');
    await this.ledger.changed(pool, before, `lease of ${lease.lessee.leader.id} auto-leased`);
  }

  /** A renewal the disconnected lessee could not make: a lessee refused may ask again, unless at its maximum. */
  missedContact(lessee: number): void {
    for (const lease of this.leasesOf[lessee]!)
      lease.refused = this.clientOn[lease.index] === 1 && lease.total >= lease.ceiling;
  }

  /**
   * P4: contact is back. The lessee's auto-leasing ends; the server reconciles what it auto-leased (books
   * its steps as its own grants), and normal leasing resumes with a contact at once. When the server
   * cannot reconcile (the scenario says so, or it has leased out meanwhile what the client took, so that
   * booking the steps would lease more than it holds), the steps end and auto-leasing is off at the server
   * for the penalty period.
   */
  private async reconnect(lessee: number): Promise<void> {
    const now = this.host.kernel.now;
    const short = this.leasesOf[lessee]!.find((l) => l.autoLeased > this.ledger.serverFree(l));
    const fails = this.unreconciled[lessee] === 1 || short !== undefined;
    const why =
      short === undefined
        ? 'the server could not reconcile the auto-leased steps'
        : `the server could not reconcile the auto-leased steps: ${short.autoLeased} auto-leased, ${this.ledger.serverFree(short)} free at the server`;
    this.unreconciled[lessee] = 0;
    for (const lease of this.leasesOf[lessee]!) {
      const server = lease.lessee.server;
      if (this.clientOn[lease.index] === 1) {
        const facts = { disconnectedMs: now - this.disconnectedAt[lessee]!, autoLeased: lease.autoLeased };
        this.record(
          server,
          lease.lessee.leader.id,
          lease.featureIndex,
          false,
          'reconnected: normal leasing rules apply',
          null,
          facts,
        );
      }
      this.clientOn[lease.index] = -1;
      lease.refused = false;
      if (fails) await this.endAutoSteps(lease, why);
      const auto = lease.autoLeased;
      if (auto === 0) continue;
      for (const step of lease.steps) step.auto = false;
      this.ledger.moved(lease, 0, auto);
      const { leasing } = this.fleet.servers[server]!;
      lease.incrementalUntil = Math.min(now + leasing.incrementalLeaseMs, lease.lessee.expiresMs);
      const facts = { autoLeased: auto, disconnectedMs: now - this.disconnectedAt[lessee]! };
      this.ledger.record(
        lease,
        'granted',
        auto,
        'auto-leased steps reconciled at reconnection',
        null,
        facts,
        'P4',
      );
    }
    if (fails) await this.penalize(this.leasesOf[lessee]![0]?.lessee.server ?? -1);
    await this.ledger.contact(lessee);
  }

  /** P4: a failed reconciliation turns the server's auto-leasing off for every feature for the penalty. */
  private async penalize(server: number): Promise<void> {
    if (server < 0) return;
    const { kernel } = this.host;
    const until = kernel.now + this.fleet.servers[server]!.leasing.autoLease.penaltyMs;
    this.penaltyUntil[server] = until;
    const serial = ++this.penaltySerial[server]!;
    for (const feature of this.featuresOf[server]!) await this.evaluate(server, feature);
    if (until <= kernel.end) kernel.schedule(until, this.ev.penaltyEnd, server, serial);
  }

  private async penaltyEnd(server: number, serial: number): Promise<void> {
    if (this.penaltySerial[server] !== serial) return;
    for (const feature of this.featuresOf[server]!) await this.evaluate(server, feature, 'the penalty ended');
  }

  /**
   * A license the server held was installed: its available counts change, and a new user-count
   * subscription ends a penalty at once (P4).
   */
  async installed(server: number, i: number): Promise<void> {
    const now = this.host.kernel.now;
    const license = this.fleet.servers[server]!.licenses[i]!;
    const users = this.fleet.features[license.feature]!.unit === 'users';
    let note: string | undefined;
    if (users && license.term === 'subscription' && this.penaltyUntil[server]! > now) {
      this.penaltyUntil[server] = now;
      this.penaltySerial[server]!++;
      note = `the penalty ended early: user-count subscription ${license.id} installed`;
    }
    for (const feature of this.featuresOf[server]!) {
      this.noteAvailable(server, feature);
      if (note !== undefined) await this.evaluate(server, feature, note);
    }
  }

  /**
   * Starts the average of every server's features now, and schedules their weighing at each renewal
   * interval: auto-leasing is off until the first, when the server has seen its clients' leases at work.
   */
  start(): void {
    const { kernel } = this.host;
    for (const server of this.fleet.servers) {
      for (const feature of this.featuresOf[server.index]!) this.noteAvailable(server.index, feature);
      const first = kernel.now + server.leasing.renewEveryMs;
      if (first <= kernel.end) kernel.schedule(first, this.ev.evaluate, server.index, 0);
    }
  }

  /** Whether the server has auto-leasing of the feature on (its last decision). */
  isEnabled(server: number, feature: number): boolean {
    return this.enabled[this.slot(server, feature)] === 1;
  }

  /** The server's available count of a feature may have changed: the average follows it from now. */
  noteAvailable(server: number, feature: number): void {
    const now = this.host.kernel.now;
    this.averages[this.slot(server, feature)]!.note(now, this.available(server, feature, now));
  }

  private async evaluateServer(server: number): Promise<void> {
    for (const feature of this.featuresOf[server]!) await this.evaluate(server, feature);
    const { kernel } = this.host;
    const next = kernel.now + this.fleet.servers[server]!.leasing.renewEveryMs;
    if (next <= kernel.end) kernel.schedule(next, this.ev.evaluate, server, 0);
  }

  /** Decides the server's switch of one feature on its rules, and records it when it (or its reason) changes. */
  async evaluate(server: number, feature: number, note?: string): Promise<void> {
    const now = this.host.kernel.now;
    const slot = this.slot(server, feature);
    this.noteAvailable(server, feature);
    const facts = this.facts[server]!;
    const f = facts.values;
    f[0] = this.averages[slot]!.average(now);
    f[1] = this.unallocated(server, feature);
    f[2] = this.penaltyUntil[server]! > now ? 1 : 0;
    const outcome = await this.rules[server]!.decide(facts);
    const on = outcome.type === 'on';
    if (this.enabled[slot] === (on ? 1 : 0) && this.lastRule[slot] === outcome.rule) return;
    this.enabled[slot] = on ? 1 : 0;
    this.lastRule[slot] = outcome.rule;
    const reason = note === undefined ? outcome.message : `${outcome.message} (${note})`;
    this.record(server, null, feature, on, reason, outcome, {
      ...facts.toObject(),
      threshold: f[3]!,
      thresholdCount: f[4]!,
    });
  }

  /** Σ(MUC − leased) over the members of the server's lessees of the feature. */
  private unallocated(server: number, feature: number): number {
    let total = 0;
    for (const lease of this.ledger.leases) {
      if (lease.lessee.server !== server || lease.featureIndex !== feature) continue;
      for (const [m, a] of lease.allocation.entries()) total += Math.max(0, a.maximum - lease.leased[m]!);
    }
    return total;
  }

  private available(server: number, feature: number, now: number): number {
    const stock = this.ledger.anyPlatformStock(server, feature, now);
    return Math.max(0, stock - this.ledger.leasedOutOf(server, feature));
  }

  private slot(server: number, feature: number): number {
    return server * this.fleet.features.length + feature;
  }

  private record(
    server: number,
    client: string | null,
    feature: number,
    enabled: boolean,
    reason: string,
    outcome: RuleOutcome | null,
    facts: Record<string, number | string | null>,
  ): void {
    this.host.sink.record({
      type: 'auto-lease',
      at: this.host.kernel.now,
      server: this.fleet.servers[server]!.id,
      client,
      feature: this.fleet.features[feature]!.id,
      enabled,
      reason,
      rule: outcome?.rule ?? null,
      ruleIds: outcome?.ruleIds || 'P4',
      facts,
    });
  }
}
