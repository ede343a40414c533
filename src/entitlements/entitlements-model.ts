import type { DownloadStep, EntitlementSettings } from '../model/entitlements.js';
import type { License, Policy } from '../model/policy.js';
import { calendarEndMs, calendarStartMs, formatLocal } from '../model/time.js';
import { type EventKind, Priority } from '../sim/kernel.js';
import { LicenseBook } from '../sim/license-book.js';
import type { CapacityModel, LicensingModel, ModelHost, TimelineEntry } from '../sim/licensing-model.js';
import type { RuleOutcome } from '../trace/facts.js';
import type { EntitlementAction } from '../vocabulary.js';
import { identitySessions, seatsTaken } from './seat-denials.js';
import { type EndCause, endedReason, startedReason } from './wording.js';

/**
 * Entitlements over time (P10, P11, X2): the license book's keys, counts and timeline, with validity that
 * depends on each key's kind. A renewal counts from the expiry of the license it renews (and its own
 * start), an emergency key only while emergency mode is enabled and its emergency time lasts, an
 * evaluation key for its evaluation period from its start or installation. Every change of what counts is
 * an `entitlement` trace record, written before the pool's capacity changes.
 */
export class Entitlements implements CapacityModel {
  private readonly book: LicenseBook;
  private readonly policy: Policy;
  private readonly licenses: readonly License[];
  private readonly settings: EntitlementSettings;
  /** Each license's own start: the written one, or an evaluation key's installation. */
  private readonly from: Float64Array;
  /** Emergency keys: when emergency mode was last enabled (NaN while it is off), and the time left then. */
  private readonly enabledAt: Float64Array;
  private readonly left: Float64Array;
  /** Whether each license counted when last looked at, so that only changes are recorded. */
  private readonly counted: Uint8Array;
  /** Boundaries already queued, as `license:instant`, so that a re-read never queues one twice. */
  private readonly queued = new Set<string>();
  private readonly ev: { readonly boundary: EventKind; readonly keyDownload: EventKind };
  /** P12: the identities holding a named-user seat in each pool, in the order they took it. */
  private readonly seated: Set<number>[];
  /** P12: asked for a seat per admitted session, only when the policy has named-user keys. */
  readonly seat?: (pool: number, user: number, userSessions: number) => RuleOutcome | null;
  private readonly identityFull: RuleOutcome;

  constructor(private readonly host: ModelHost) {
    const policy = host.run.policy;
    this.policy = policy;
    this.licenses = policy.licenses;
    this.settings = policy.entitlements!;
    // The book applies the standard timeline events (activate, renew, upgrade, expire, license outages);
    // what it tells the pools passes through here, so that entitlement records come first.
    this.book = new LicenseBook({
      run: host.run,
      kernel: host.kernel,
      sink: host.sink,
      wasLicensed: (p) => host.wasLicensed(p),
      state: (p) => host.state(p),
      stateSince: (p) => host.stateSince(p),
      inUse: (p) => host.inUse(p),
      licensesChanged: (p, reason, activation) => this.changed(p, reason, activation),
      capacityChanged: (p, reason) => host.capacityChanged(p, reason),
    });
    this.from = Float64Array.from(this.licenses, (l) => l.startMs);
    this.enabledAt = new Float64Array(this.licenses.length).fill(Number.NaN);
    this.left = new Float64Array(this.licenses.length).fill(this.settings.emergencyForMs);
    this.counted = new Uint8Array(this.licenses.length);
    this.seated = policy.pools.map(() => new Set<number>());
    this.identityFull = {
      ...identitySessions,
      message: `A named user runs at most ${this.settings.sessionsPerIdentity} sessions at once`,
    };
    if (this.licenses.some((l) => l.kind === 'named-user'))
      this.seat = (pool, user, userSessions) => this.takeSeat(pool, user, userSessions);
    this.ev = host.kernel.register<'boundary' | 'keyDownload', Entitlements>(
      { boundary: this.boundary, keyDownload: this.downloadKeys },
      Priority.licensing,
      this,
    );
  }

  start(): undefined {
    const now = this.host.kernel.now;
    for (const l of this.licenses) {
      this.counted[l.index] = this.valid(l.index, now) ? 1 : 0;
      const waiting = this.waiting(l.index, now);
      if (waiting !== null) this.record(l.index, waiting.action, waiting.reason);
    }
    this.queueBoundaries();
    // P13: the first key download at the start of the run, then on the schedule.
    if (this.settings.keyDownloads !== null) this.host.kernel.schedule(now, this.ev.keyDownload, 0, 0);
    return undefined;
  }

  /** The instant from which a license counts, or Infinity while nothing will make it count. */
  startOf(l: number): number {
    const license = this.licenses[l]!;
    switch (license.kind) {
      case 'renewal':
        // P11: a renewal activates only when the license it renews expires, and not before its own start.
        if (license.renews === null) return Number.POSITIVE_INFINITY;
        return Math.max(
          this.from[l]!,
          this.startOf(license.renews) < Infinity ? this.endOf(license.renews) : Infinity,
        );
      case 'emergency': {
        // P10: dormant until enabled.
        const at = this.enabledAt[l]!;
        return Number.isNaN(at) ? Number.POSITIVE_INFINITY : Math.max(at, this.from[l]!);
      }
      default:
        return this.from[l]!;
    }
  }

  /** The instant a license stops counting: its term's end, or its emergency time used up (P10). */
  endOf(l: number): number {
    const end = this.book.end[l]!;
    if (this.licenses[l]!.kind !== 'emergency') return end;
    const at = this.enabledAt[l]!;
    return Number.isNaN(at) ? end : Math.min(end, at + this.left[l]!);
  }

  /** Installed, started and not ended at `now`: what makes a pool licensed (W9). */
  valid(l: number, now: number): boolean {
    return this.book.installed[l] === 1 && this.startOf(l) <= now && now < this.endOf(l);
  }

  licensed(pool: number, now: number): boolean {
    return this.policy.pools[pool]!.licenses.some((l) => this.valid(l, now));
  }

  /**
   * P10: counts add up over the pool's valid keys. In grace a subscription or renewal whose term has ended
   * still counts (grace is time to renew), but an emergency or evaluation key does not: all it added is gone.
   */
  sessions(pool: number, now: number, inGrace: boolean): number {
    // P12: while a named-user key counts, the pool's concurrent keys are frozen and its sessions are
    // its seats' sessions.
    const seats = this.seats(pool, now, inGrace);
    if (seats > 0) return this.seatLimit(seats) * this.settings.sessionsPerIdentity;
    let total = 0;
    for (const l of this.policy.pools[pool]!.licenses) {
      if (this.counts(l, now, inGrace)) total += this.book.count[l]!;
    }
    return total;
  }

  /** Whether a key adds to its pool now: valid and not failed, or in grace a dated term that has ended. */
  private counts(l: number, now: number, inGrace: boolean): boolean {
    const { kind } = this.licenses[l]!;
    const counted =
      this.valid(l, now) ||
      (inGrace &&
        kind !== 'emergency' &&
        kind !== 'evaluation' &&
        this.book.installed[l] === 1 &&
        this.startOf(l) <= now);
    return counted && this.book.failures[l] === 0;
  }

  /** P12: the named-user seats of the pool now: the counts of its named-user keys that count. */
  private seats(pool: number, now: number, inGrace: boolean): number {
    let seats = 0;
    for (const l of this.policy.pools[pool]!.licenses) {
      if (this.licenses[l]!.kind === 'named-user' && this.counts(l, now, inGrace))
        seats += this.book.count[l]!;
    }
    return seats;
  }

  /**
   * P12: seats go to identities first come, first served, and stay theirs; an identity runs at most
   * `sessionsPerIdentity` sessions. A pool with no named-user key counting asks nothing of seats.
   */
  private takeSeat(pool: number, user: number, userSessions: number): RuleOutcome | null {
    const now = this.host.kernel.now;
    const seats = this.seats(pool, now, this.host.state(pool) === 'grace');
    if (seats === 0) return null;
    if (userSessions >= this.settings.sessionsPerIdentity) return this.identityFull;
    const seated = this.seated[pool]!;
    if (seated.has(user)) return null;
    if (seated.size >= this.seatLimit(seats)) return seatsTaken;
    seated.add(user);
    this.warnNearSeatLimit(pool, seated.size, seats);
    return null;
  }

  /** P12: the seats identities may take, the overage included (100 seats with 10 %: 110). */
  private seatLimit(seats: number): number {
    // The epsilon keeps 0.29 × 100 at 29, not 28.999…
    return seats + Math.floor(seats * this.settings.namedUserOverage + 1e-9);
  }

  /**
   * P12: "A warning will be thrown when the appliance is close to thresholds … for Named users": when the
   * seats taken reach the policy's usage warning share of the limit, and when they reach the limit itself.
   */
  private warnNearSeatLimit(pool: number, taken: number, seats: number): void {
    const warning = this.policy.alerts.usageWarning;
    const named = this.policy.pools[pool]!.licenses.find((l) => this.licenses[l]!.kind === 'named-user')!;
    const overage = this.seatLimit(seats) - seats;
    if (taken === seats) {
      const more =
        overage > 0 ? `the overage lets ${overage} more identities in` : 'the next identity is refused';
      this.record(named, 'limit-reached', `all ${seats} named-user seats taken: ${more} (P12)`, 'P12');
    } else if (warning !== null && taken < seats && taken === Math.ceil(seats * warning - 1e-9)) {
      this.record(named, 'near-limit', `${taken} of ${seats} named-user seats taken (P12)`, 'P12');
    }
  }

  lastEnd(pool: number, now: number): number {
    let last = Number.NEGATIVE_INFINITY;
    for (const l of this.policy.pools[pool]!.licenses)
      if (this.valid(l, now)) last = Math.max(last, this.endOf(l));
    return last;
  }

  timeline(entry: TimelineEntry, phase: 'start' | 'end'): Promise<void> | undefined {
    const a = entry.action;
    const l = entry.target;
    if (a.kind === 'enable' || a.kind === 'disable') return this.emergencyMode(l, a.kind);
    // X3: a decrease the policy makes wait for approval is refused without one; the count stays.
    if (
      a.kind === 'upgrade' &&
      this.settings.decreases === 'approval' &&
      !a.approved &&
      a.count < this.book.count[l]!
    ) {
      this.record(
        l,
        'refused',
        `${this.book.count[l]} → ${a.count} sessions without approval; a decrease needs the vendor's approval (X3)`,
        'X3',
      );
      return undefined;
    }
    if (a.kind === 'activate') this.startEvaluation(l);
    return this.book.timeline(entry, phase);
  }

  /** P10: an evaluation key with no start date runs its period from its installation. */
  private startEvaluation(l: number): void {
    if (this.licenses[l]!.kind !== 'evaluation' || Number.isFinite(this.from[l]!)) return;
    const now = this.host.kernel.now;
    this.from[l] = now;
    this.book.end[l] = Math.min(
      this.book.end[l]!,
      calendarEndMs(now, this.settings.evaluationFor, this.policy.timeZone),
    );
  }

  /**
   * P13: a key download. It installs the keys held uninstalled whose `available` day has come, then
   * schedules the next download: after the interval that applies now, or sooner, when a tighter one
   * begins to apply before that (two weeks before a license's end, say).
   */
  private async downloadKeys(): Promise<void> {
    const { kernel, sink } = this.host;
    const now = kernel.now;
    const pools = new Set<number>();
    for (const license of this.licenses) {
      const l = license.index;
      if (this.book.installed[l] === 1 || license.availableMs === null || license.availableMs > now) continue;
      this.book.installed[l] = 1;
      this.startEvaluation(l);
      const since = formatLocal(license.availableMs, this.policy.timeZone).slice(0, 10);
      this.record(l, 'downloaded', `installed by the key download: available since ${since} (P13)`, 'P13');
      pools.add(license.pool);
    }
    for (const pool of pools) await this.changed(pool, 'license keys downloaded', true);
    // The schedule reads the licenses and states the keys just installed leave.
    const { every, reason, next } = this.nextDownload(now);
    const scheduled = next > now && next <= kernel.end;
    sink.record({
      type: 'key-download',
      at: now,
      every,
      next: scheduled ? next : null,
      reason,
      ruleIds: 'P13',
    });
    if (scheduled) kernel.schedule(next, this.ev.keyDownload, 0, 0);
  }

  /**
   * P13: the interval that applies at `now`, why, and the next download. The nearest end of a pool's grace
   * period decides first, then the nearest end of a valid license; each step applies from `within` before
   * its end.
   */
  private nextDownload(now: number): { every: string; reason: string; next: number } {
    const schedule = this.settings.keyDownloads!;
    const zone = this.policy.timeZone;
    const ends: { end: number; what: string; steps: readonly DownloadStep[] }[] = [];
    const grace = this.policy.lifecycle.states.grace.duration;
    for (const pool of this.policy.pools) {
      if (grace === null || this.host.state(pool.index) !== 'grace') continue;
      const end = calendarEndMs(this.host.stateSince(pool.index), grace, zone);
      ends.push({ end, what: `the grace period of ${pool.id}`, steps: [schedule.whenGraceEnding] });
    }
    for (const l of this.licenses) {
      const end = this.endOf(l.index);
      if (this.valid(l.index, now) && Number.isFinite(end))
        ends.push({ end, what: l.id, steps: schedule.whenExpiring });
    }
    const everyMs = (every: string) => calendarEndMs(now, every, zone) - now;
    const steps = ends
      .filter(({ end }) => end > now)
      .flatMap(({ end, what, steps }) =>
        steps.map((step) => ({ step, end, what, from: calendarStartMs(end, step.within, zone) })),
      );
    const widest = schedule.whenExpiring.at(-1)?.within;
    const quiet = [
      widest === undefined ? null : `no license ends within ${widest}`,
      ends.length > 0 && grace !== null ? `no grace period within ${schedule.whenGraceEnding.within}` : null,
    ].filter((x) => x !== null);
    let chosen = {
      every: schedule.every,
      reason: quiet.length > 0 ? quiet.join(', ') : 'the regular interval',
    };
    for (const { step, end, what, from } of steps) {
      if (from <= now && everyMs(step.every) < everyMs(chosen.every))
        chosen = {
          every: step.every,
          reason: `${what} ends ${formatLocal(end, zone)}, within ${step.within}`,
        };
    }
    // A tighter step that begins to apply before the interval is over brings the next download forward.
    let next = calendarEndMs(now, chosen.every, zone);
    for (const { step, from } of steps) {
      if (from > now && from < next && everyMs(step.every) < everyMs(chosen.every)) next = from;
    }
    return { ...chosen, next };
  }

  /** P10: enabling starts (or resumes) the emergency key's time; disabling keeps what is left of it. */
  private emergencyMode(l: number, action: 'enable' | 'disable'): Promise<void> | undefined {
    const { kernel, sink } = this.host;
    const now = kernel.now;
    const license = this.licenses[l]!;
    const at = this.enabledAt[l]!;
    const left = Number.isNaN(at) ? this.left[l]! : Math.max(0, this.left[l]! - (now - at));
    const on = !Number.isNaN(at);
    let detail: string;
    let switched = false;
    if (left <= 0) {
      detail = `its ${this.settings.emergencyFor} of emergency time are used up`;
    } else if (action === 'enable') {
      detail = on ? 'already enabled' : `${days(left)} of emergency time left`;
      if (!on) this.enabledAt[l] = now;
      switched = !on;
    } else {
      detail = on ? `${days(left)} of emergency time kept` : 'not enabled';
      if (on) {
        this.enabledAt[l] = Number.NaN;
        this.left[l] = left;
      }
      switched = on;
    }
    sink.record({ type: 'timeline', at: now, action, license: license.id, detail });
    if (!switched) return undefined;
    this.record(l, action === 'enable' ? 'enabled' : 'disabled', `emergency mode ${action}d: ${detail}`);
    return this.changed(license.pool, `emergency key ${license.id} ${action}d`);
  }

  /** A license's term starts or ends. */
  private boundary(l: number): Promise<void> {
    return this.changed(this.licenses[l]!.pool, 'license term boundary');
  }

  /** Records what started or stopped counting in the pool, then tells the pools (validity, capacity). */
  private changed(pool: number, reason: string, activation = false): Promise<void> {
    const now = this.host.kernel.now;
    for (const l of this.policy.pools[pool]!.licenses) {
      const valid = this.valid(l, now) ? 1 : 0;
      if (valid === this.counted[l]) continue;
      this.counted[l] = valid;
      if (valid === 1)
        this.record(l, 'valid', startedReason(this.licenses[l]!, this.licenses, this.settings));
      else this.record(l, 'ended', endedReason(this.licenses[l]!, this.endCause(l, now), this.settings));
    }
    this.queueBoundaries();
    return this.host.licensesChanged(pool, reason, activation);
  }

  private endCause(l: number, now: number): EndCause {
    if (now >= this.book.end[l]! || this.licenses[l]!.kind !== 'emergency') return 'term';
    return Number.isNaN(this.enabledAt[l]!) ? 'disabled' : 'used-up';
  }

  /** Why a license that does not count yet waits, at the run's start; null when it simply counts or has ended. */
  private waiting(l: number, now: number): { action: EntitlementAction; reason: string } | null {
    const license = this.licenses[l]!;
    if (license.kind === 'emergency')
      return { action: 'dormant', reason: 'emergency key: counts only once enabled (P10)' };
    if (license.kind !== 'renewal' || this.valid(l, now)) return null;
    if (license.renews === null)
      return {
        action: 'never',
        reason:
          'renewal matching no license it could renew (feature, count and term): it never activates (P11)',
      };
    const renewed = this.licenses[license.renews]!;
    return {
      action: 'waiting',
      reason: `renewal of ${renewed.id}: activates when ${renewed.id} expires (P11)`,
    };
  }

  /** Queues the start and end of every license that falls within the run and is not queued yet. */
  private queueBoundaries(): void {
    const { kernel } = this.host;
    for (const l of this.licenses) {
      for (const t of [this.startOf(l.index), this.endOf(l.index)]) {
        if (!(t > kernel.now && t <= kernel.end)) continue;
        const key = `${l.index}:${t}`;
        if (this.queued.has(key)) continue;
        this.queued.add(key);
        kernel.schedule(t, this.ev.boundary, l.index, 0);
      }
    }
  }

  private record(l: number, action: EntitlementAction, reason: string, ruleIds?: string): void {
    const license = this.licenses[l]!;
    this.host.sink.record({
      type: 'entitlement',
      at: this.host.kernel.now,
      action,
      license: license.id,
      pool: license.pool,
      count: this.book.count[l]!,
      reason,
      ruleIds: ruleIds ?? (license.kind === 'emergency' || license.kind === 'evaluation' ? 'P10' : 'P11'),
    });
  }
}

function days(ms: number): string {
  const d = ms / 86_400_000;
  return `${Number.isInteger(d) ? d : d.toFixed(2)} days`;
}

/** Entitlements over time: serves every policy with renewal, emergency or evaluation keys and no license server. */
export const entitlementsModel: LicensingModel = {
  name: 'entitlements',
  serves: (policy) => policy.entitlements !== null && policy.fleet === null,
  create: (host) => new Entitlements(host),
};
