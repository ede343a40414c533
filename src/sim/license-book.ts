import type { Policy } from '../model/policy.js';
import { endOfDateMs } from '../model/time.js';
import { type EventKind, type Handlers, Priority } from './kernel.js';
import type { CapacityModel, LicensingModel, ModelHost, TimelineEntry } from './licensing-model.js';

/**
 * The licenses of a run as they stand: counts, term ends, installation and failures, all changed by the
 * timeline (activate, renew, upgrade, expire, license outages). Answers what a pool is licensed for.
 */
export class LicenseBook implements CapacityModel {
  readonly count: Float64Array;
  readonly end: Float64Array;
  readonly installed: Uint8Array;
  /** Failures in progress per license; outages may overlap. */
  readonly failures: Int32Array;
  private readonly policy: Policy;
  private readonly events: { readonly boundary: EventKind };

  constructor(private readonly host: ModelHost) {
    const policy = host.run.policy;
    this.policy = policy;
    this.count = Float64Array.from(policy.licenses, (l) => l.count);
    this.end = Float64Array.from(policy.licenses, (l) => l.endMs);
    this.installed = Uint8Array.from(policy.licenses, (l) => (l.installed ? 1 : 0));
    this.failures = new Int32Array(policy.licenses.length);
    const handlers: Handlers<'boundary', LicenseBook> = { boundary: this.boundary };
    this.events = host.kernel.register(handlers, Priority.licensing, this);
  }

  /** A license's term starts or ends: its pool re-reads validity and capacity. */
  private boundary(license: number): Promise<void> {
    return this.host.licensesChanged(this.policy.licenses[license]!.pool, 'license term boundary');
  }

  start(): undefined {
    const { startMs, endMs } = this.host.run.scenario;
    for (const l of this.policy.licenses) {
      for (const t of [l.startMs, l.endMs]) {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a boundary at the start finds what the start set; one after the end is never handled
        if (t > startMs && t <= endMs) this.host.kernel.schedule(t, this.events.boundary, l.index, 0);
      }
    }
    return undefined;
  }

  /** Installed and within its term at `now`, failed or not: what makes a pool licensed (W9). */
  valid(license: number, now: number): boolean {
    return (
      this.installed[license] === 1 &&
      this.policy.licenses[license]!.startMs <= now &&
      now < this.end[license]!
    );
  }

  licensed(pool: number, now: number): boolean {
    return this.policy.pools[pool]!.licenses.some((l) => this.valid(l, now));
  }

  /**
   * Sessions the pool's licenses give at `now`: valid and not failed, added up (counts are additive).
   * In grace the licenses whose term has ended still count: grace is time to renew, not a stop.
   */
  sessions(pool: number, now: number, inGrace: boolean): number {
    let total = 0;
    for (const l of this.policy.pools[pool]!.licenses) {
      const inTerm = inGrace
        ? this.installed[l] === 1 && this.policy.licenses[l]!.startMs <= now
        : this.valid(l, now);
      if (inTerm && this.failures[l] === 0) total += this.count[l]!;
    }
    return total;
  }

  lastEnd(pool: number, now: number): number {
    let last = Number.NEGATIVE_INFINITY;
    for (const l of this.policy.pools[pool]!.licenses)
      if (this.valid(l, now)) last = Math.max(last, this.end[l]!);
    return last;
  }

  timeline(entry: TimelineEntry, phase: 'start' | 'end'): Promise<void> | undefined {
    const a = entry.action;
    // Allocation changes, surrenders and recalls are aimed at license-server clients: a leasing model applies
    // them. Emergency mode is switched on emergency keys, which only the entitlements model serves.
    if (
      a.kind === 'allocate' ||
      a.kind === 'deallocate' ||
      a.kind === 'surrender' ||
      a.kind === 'recall' ||
      a.kind === 'enable' ||
      a.kind === 'disable'
    )
      return undefined;
    const l = entry.target;
    const pool = this.policy.licenses[l]!.pool;
    if (a.kind === 'outage') {
      // Stryker disable next-line AssignmentOperator,EqualityOperator: only whether the count is 0 matters; counting down instead of up is the same
      this.failures[l]! += phase === 'start' ? 1 : -1;
      return this.host.capacityChanged(pool, `license ${a.id} ${phase === 'start' ? 'failed' : 'restored'}`);
    }
    return this.apply(entry, pool);
  }

  private async apply(entry: TimelineEntry, pool: number): Promise<void> {
    const a = entry.action;
    if (a.kind !== 'activate' && a.kind !== 'renew' && a.kind !== 'upgrade' && a.kind !== 'expire') return;
    const { kernel, sink } = this.host;
    const l = entry.target;
    let detail = '';
    let verb: string = pastTense[a.kind];
    switch (a.kind) {
      case 'activate':
        this.installed[l] = 1;
        break;
      case 'renew': {
        const end = endOfDateMs(a.end, this.policy.timeZone) ?? this.end[l]!;
        this.end[l] = end;
        detail = `until ${a.end}`;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a boundary now finds what the renewal set; one after the end is never handled
        if (end > kernel.now && end <= this.host.run.scenario.endMs) {
          kernel.schedule(end, this.events.boundary, l, 0);
        }
        break;
      }
      case 'upgrade':
        verb = a.count < this.count[l]! ? 'downgraded' : 'upgraded';
        detail = `${this.count[l]} → ${a.count} sessions`;
        this.count[l] = a.count;
        break;
      case 'expire':
        this.end[l] = Math.min(this.end[l]!, kernel.now);
        break;
    }
    sink.record({ type: 'timeline', at: kernel.now, action: a.kind, license: a.license, detail });
    // W12: an upgrade, or a renewal of a license still valid, applies at once, without downtime; it
    // changes the pool's capacity (its own record), not its state.
    const withoutDowntime =
      this.host.wasLicensed(pool) &&
      this.valid(l, kernel.now) &&
      (a.kind === 'upgrade' || a.kind === 'renew');
    const reason = `license ${a.license} ${verb}${detail ? `, ${detail}` : ''}${withoutDowntime ? ', without downtime' : ''}`;
    await this.host.licensesChanged(pool, reason, a.kind === 'activate');
  }
}

const pastTense = {
  activate: 'activated',
  renew: 'renewed',
  upgrade: 'upgraded',
  expire: 'expired',
} as const;

/** Licenses installed as keys in the policy: the model every policy has today. */
export const licenseBookModel: LicensingModel = {
  // Stryker disable next-line StringLiteral: names the model for people; nothing reads it
  name: 'license-book',
  serves: () => true,
  create: (host) => new LicenseBook(host),
};
