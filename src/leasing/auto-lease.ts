import type { Fleet } from '../model/fleet/fleet.js';
import type { RuleSet } from '../rules/rule-set.js';
import { type EventKind, Priority } from '../sim/kernel.js';
import type { ModelHost } from '../sim/licensing-model.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import { autoLeaseRuleSet } from './auto-lease-rules.js';
import { AvailableAverage } from './available-average.js';
import type { Lease } from './lease.js';

/** What auto-leasing reads of the leases: who leases what, and what each server has leased out. */
export interface LeaseLedger {
  readonly leases: readonly Lease[];
  /** Leased out by a server of a feature, as the server knows it. */
  leasedOutOf(server: number, feature: number): number;
  /** A server's installed licenses of a feature for any platform family, valid now. */
  anyPlatformStock(server: number, feature: number, now: number): number;
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
  private readonly ev: { readonly [kind in 'evaluate']: EventKind };

  constructor(
    private readonly host: ModelHost,
    private readonly ledger: LeaseLedger,
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
      for (const lease of ledger.leases) if (lease.lessee.server === s.index) features.add(lease.feature);
      return [...features].sort((a, b) => a - b);
    });
    this.ev = host.kernel.register<'evaluate', AutoLeasing>(
      { evaluate: this.evaluateServer },
      Priority.licensing,
      this,
    );
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

  /** Decides the server's switch of one feature on its rules, and records it when it changes. */
  async evaluate(server: number, feature: number): Promise<void> {
    const now = this.host.kernel.now;
    const slot = this.slot(server, feature);
    this.noteAvailable(server, feature);
    const facts = this.facts[server]!;
    const f = facts.values;
    f[0] = this.averages[slot]!.average(now);
    f[1] = this.unallocated(server, feature);
    f[2] = 0;
    const outcome = await this.rules[server]!.decide(facts);
    const on = outcome.type === 'on';
    if (this.enabled[slot] === (on ? 1 : 0)) return;
    this.enabled[slot] = on ? 1 : 0;
    this.record(server, null, feature, on, outcome.message, outcome, {
      ...facts.toObject(),
      threshold: f[3]!,
      thresholdCount: f[4]!,
    });
  }

  /** Σ(MUC − leased) over the members of the server's lessees of the feature. */
  private unallocated(server: number, feature: number): number {
    let total = 0;
    for (const lease of this.ledger.leases) {
      if (lease.lessee.server !== server || lease.feature !== feature) continue;
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
