import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Policy } from '../../src/model/policy.js';
import { DAY, HOUR } from './build.js';
import type { LifecycleReference } from './lifecycle-reference.js';
import type { PlannedRun } from './planned-run.js';

/**
 * The commands of the model-based lifecycle tests (fast-check `commands`): each is one step of a scenario,
 * told both to the reference model and to the planned run. Every step but a wait happens an hour after
 * the previous one, so that each step has an instant of its own and its probes see its effect alone.
 */

type LifecycleCommand = fc.Command<LifecycleReference, PlannedRun>;

/** The pause before a license event or a batch of sessions. */
const HOURS_BEFORE_ACTION = 1;

const after = (m: LifecycleReference, hours: number) => m.now + hours * HOUR;

/** Virtual time passes: long waits cross the trial's 30 days and license terms' ends (W8, W9, P11). */
class Wait implements LifecycleCommand {
  constructor(readonly hours: number) {}
  check(): boolean {
    return true;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    r.step(m, this.toString(), after(m, this.hours));
  }
  toString(): string {
    return `wait ${this.hours} h`;
  }
}

/**
 * Virtual time runs to an hour before, the instant of, or an hour after the next change the licensing
 * makes by itself (a term's 24:00, the trial's end, an outage's end), so that each boundary is probed on
 * both sides and at its exact instant (P11, W8).
 */
class WaitForChange implements LifecycleCommand {
  constructor(readonly offsetHours: -1 | 0 | 1) {}
  check(m: LifecycleReference): boolean {
    const target = this.target(m);
    return Number.isFinite(target) && target > m.now;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    r.step(m, this.toString(), this.target(m));
  }
  private target(m: LifecycleReference): number {
    return m.nextChange() + this.offsetHours * HOUR;
  }
  toString(): string {
    const side = ['an hour before', 'until', 'an hour past'][this.offsetHours + 1];
    return `wait ${side} the next licensing change`;
  }
}

/** A license is installed (W8: it ends a trial; W9: it ends an expiry, once within its term). */
class Activate implements LifecycleCommand {
  constructor(readonly license: number) {}
  check(m: LifecycleReference): boolean {
    return !m.installed(this.license);
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    const id = m.policy.licenses[this.license]!.id;
    r.step(m, this.toString(), after(m, HOURS_BEFORE_ACTION), {
      event: { activate: { license: id } },
      act: () => m.activate(this.license),
    });
  }
  toString(): string {
    return `activate license #${this.license}`;
  }
}

/**
 * A renewal to the date `days` after the step, in the policy's zone (P11, W12); a negative offset renews
 * to a day already past, which ends the license.
 */
class Renew implements LifecycleCommand {
  constructor(
    readonly license: number,
    readonly days: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    const at = after(m, HOURS_BEFORE_ACTION);
    const end = DateTime.fromMillis(at + this.days * DAY, { zone: m.policy.timeZone }).toISODate()!;
    const id = m.policy.licenses[this.license]!.id;
    r.step(m, `${this} (to ${end})`, at, {
      event: { renew: { license: id, end } },
      act: () => m.renew(this.license, end),
    });
  }
  toString(): string {
    return `renew license #${this.license} for ${this.days} days`;
  }
}

/** An upgrade or downgrade of a license's count, in effect at once (W12). */
class Upgrade implements LifecycleCommand {
  constructor(
    readonly license: number,
    readonly count: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    const id = m.policy.licenses[this.license]!.id;
    r.step(m, this.toString(), after(m, HOURS_BEFORE_ACTION), {
      event: { upgrade: { license: id, count: this.count } },
      act: () => m.upgrade(this.license, this.count),
    });
  }
  toString(): string {
    return `upgrade license #${this.license} to ${this.count} sessions`;
  }
}

/** A license ends now (W9). */
class Expire implements LifecycleCommand {
  constructor(readonly license: number) {}
  check(): boolean {
    return true;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    const id = m.policy.licenses[this.license]!.id;
    r.step(m, this.toString(), after(m, HOURS_BEFORE_ACTION), {
      event: { expire: { license: id } },
      act: () => m.expire(this.license),
    });
  }
  toString(): string {
    return `expire license #${this.license}`;
  }
}

/** A license fails for a while: its pool loses its sessions, other pools keep theirs (W2). */
class FailLicense implements LifecycleCommand {
  constructor(
    readonly license: number,
    readonly hours: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    const id = m.policy.licenses[this.license]!.id;
    r.step(m, this.toString(), after(m, HOURS_BEFORE_ACTION), {
      event: { outage: { license: id, duration: `PT${this.hours}H` } },
      act: () => m.fail(this.license, this.hours * HOUR),
    });
  }
  toString(): string {
    return `license #${this.license} fails for ${this.hours} h`;
  }
}

/** The license server is unreachable for a while (the policy's `contactLost`, P9). */
class LoseContact implements LifecycleCommand {
  constructor(readonly hours: number) {}
  check(): boolean {
    return true;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    r.step(m, this.toString(), after(m, HOURS_BEFORE_ACTION), {
      event: { outage: { licenseServer: true, duration: `PT${this.hours}H` } },
      act: () => m.loseContact(this.hours * HOUR),
    });
  }
  toString(): string {
    return `license server unreachable for ${this.hours} h`;
  }
}

/** Sessions of distinct users ask to start at a site, lasting `hours` and a half (W8, W10 limits). */
class OpenSessions implements LifecycleCommand {
  constructor(
    readonly site: number,
    readonly count: number,
    readonly hours: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: LifecycleReference, r: PlannedRun): void {
    r.step(m, this.toString(), after(m, HOURS_BEFORE_ACTION), undefined, this);
  }
  toString(): string {
    return `${this.count} sessions at site #${this.site} for ${this.hours} h 30 min`;
  }
}

/** Counts an upgrade may set: around the trial's 10 and the bundled tiers, and none at all. */
const COUNTS = [0, 1, 2, 5, 9, 10, 11, 12, 50, 100, 250, 500, 1000, 2000];

/**
 * The commands for one policy: license and site numbers drawn from the policy's own. A policy whose pools
 * hold no license of their own (their gateways lease from a license server) gets no license commands.
 */
export function lifecycleCommands(policy: Policy): fc.Arbitrary<LifecycleCommand>[] {
  const site = fc.integer({ min: 0, max: policy.sites.length - 1 });
  const hours = fc.integer({ min: 1, max: 72 });
  const wait = fc.oneof(
    fc.integer({ min: 1, max: 48 }),
    fc.integer({ min: 2, max: 40 }).map((days) => days * 24),
  );
  const licenseCommands = (license: fc.Arbitrary<number>) => [
    license.map((l) => new Activate(l)),
    fc.tuple(license, fc.integer({ min: -2, max: 800 })).map(([l, days]) => new Renew(l, days)),
    fc.tuple(license, fc.constantFrom(...COUNTS)).map(([l, count]) => new Upgrade(l, count)),
    license.map((l) => new Expire(l)),
    fc.tuple(license, hours).map(([l, h]) => new FailLicense(l, h)),
  ];
  return [
    wait.map((h) => new Wait(h)),
    fc.constantFrom(-1 as const, 0 as const, 1 as const).map((offset) => new WaitForChange(offset)),
    ...(policy.licenses.length > 0
      ? licenseCommands(fc.integer({ min: 0, max: policy.licenses.length - 1 }))
      : []),
    hours.map((h) => new LoseContact(h)),
    fc
      .tuple(site, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 48 }))
      .map(([s, count, h]) => new OpenSessions(s, count, h)),
  ];
}

/**
 * Instants to start from: ten days before each license term starts and ends (so that early waits cross the
 * boundary, P11), and half a year into the first term; whole hours, as the steps are.
 */
export function scenarioStarts(policy: Policy): number[] {
  const starts = new Set<number>();
  for (const l of policy.licenses) {
    for (const boundary of [l.startMs, l.endMs]) {
      if (Number.isFinite(boundary)) starts.add(boundary - 10 * DAY);
    }
  }
  const firstTerm = Math.min(...policy.licenses.map((l) => l.startMs).filter(Number.isFinite));
  starts.add(Number.isFinite(firstTerm) ? firstTerm + 180 * DAY : Date.UTC(2026, 5, 1));
  return [...starts].sort((a, b) => a - b);
}
