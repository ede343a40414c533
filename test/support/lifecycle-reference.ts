import { DateTime } from 'luxon';
import type { Policy, StateName } from '../../src/model/policy.js';

/**
 * A reference model of a policy's license lifecycle, written from the rule catalogue (SPEC.md) rather than
 * from the lifecycle machine, so that model-based tests can hold the simulator to the catalogue. It reads
 * only the policy's declarations (licenses, pools, sites, states, `on` targets, limits) and answers, at any
 * virtual instant: each pool's state, its capacity, its sessions in use, and what becomes of a session
 * offered now.
 *
 * Readings of the catalogue where it leaves a choice:
 * - W9/P11: a pool is licensed while one of its licenses is installed and within its term, from 00:00 of
 *   the start date to 24:00 of the end date in the policy's zone. A license failure (W2) takes the
 *   license's sessions away while it lasts; it does not end the term, so it moves no lifecycle.
 * - W8: a state's session limit (the trial's 10) caps the licensed count; with no license it is the count.
 * - P9: grace is time to renew, so licenses whose term has ended still count while a pool is in grace.
 * - L6: a pool returns to `active` when the causes that keep it out are all cleared. A cause is one the
 *   policy reacts to: losing the license server's contact is no cause under `contactLost: none`.
 * - At one instant, what the operator does (activate, renew, upgrade, expire, an outage) applies before
 *   the term boundaries and timeouts falling due then, and licensing before sessions (a session asking
 *   at 24:00 of the end date finds the license ended).
 *
 * Violations (`overLimit: restrict`) are not modelled: the constructor refuses such a policy, so that a
 * bundled policy that needs them makes the model grow rather than pass unchecked.
 */
export class LifecycleReference {
  /** The current virtual instant. */
  now: number;
  private readonly licenses: LicenseNow[];
  private readonly pools: PoolNow[];
  private readonly sessions: SessionNow[] = [];
  /** Ends of the license-server outages in progress; contact is back when none is left. */
  private readonly contactOutages: number[] = [];

  constructor(
    readonly policy: Policy,
    /** Each license's dates as the policy file writes them, read here rather than taken from the policy. */
    terms: readonly DeclaredTerm[],
    startMs: number,
  ) {
    if (policy.limits.overLimit === 'restrict') {
      throw new Error(
        `policy '${policy.name}': overLimit restrict raises violations, which this model lacks`,
      );
    }
    this.now = startMs;
    const zone = policy.timeZone;
    this.licenses = policy.licenses.map((l, i) => {
      const { start, end } = terms[i]!;
      return {
        installed: l.installed,
        count: l.count,
        startMs: start === undefined ? Number.NEGATIVE_INFINITY : startOfDate(start, zone),
        endMs: end === undefined ? Number.POSITIVE_INFINITY : endOfDate(end, zone),
        failuresUntil: [],
      };
    });
    this.pools = policy.pools.map(() => ({ state: 'active', enteredMs: startMs, licensed: false }));
    const { initial, hasTrial } = policy.lifecycle;
    for (const [p, pool] of this.pools.entries()) {
      pool.licensed = this.licensedNow(p);
      // W8: an unlicensed pool runs the trial when the policy has one; a licensed one starts active.
      pool.state = initial ?? (pool.licensed || !hasTrial ? 'active' : 'trial');
    }
    // W9: active without a valid license is an expiry at the start.
    for (const [p, pool] of this.pools.entries()) {
      if (pool.state === 'active' && !pool.licensed) this.enter(p, policy.lifecycle.on.expiry);
    }
  }

  /**
   * Moves virtual time to `t`: everything falling due before `t`, then `act` (the operator's event at
   * `t`), then everything falling due at `t`.
   */
  step(t: number, act?: () => void): void {
    if (t < this.now) throw new Error(`cannot go back from ${iso(this.now)} to ${iso(t)}`);
    this.runBefore(t);
    this.now = t;
    act?.();
    this.fallDue();
  }

  /** Installs a license (W8: activation ends a trial; W9: it ends an expiry) once it is valid. */
  activate(license: number): void {
    this.licenses[license]!.installed = true;
    this.licensesChanged(this.poolOf(license), true);
  }

  /** P11/W12: the license is valid to 24:00 of `endDate` in the policy's zone, from now on. */
  renew(license: number, endDate: string): void {
    this.licenses[license]!.endMs = endOfDate(endDate, this.policy.timeZone);
    this.licensesChanged(this.poolOf(license), false);
  }

  /** W12: a new count takes effect at once. */
  upgrade(license: number, count: number): void {
    this.licenses[license]!.count = count;
    this.licensesChanged(this.poolOf(license), false);
  }

  /** The license's term ends now (if it had not ended already). */
  expire(license: number): void {
    const l = this.licenses[license]!;
    l.endMs = Math.min(l.endMs, this.now);
    this.licensesChanged(this.poolOf(license), false);
  }

  /** W2: the license gives no sessions for `durationMs`; failures may overlap. */
  fail(license: number, durationMs: number): void {
    this.licenses[license]!.failuresUntil.push(this.now + durationMs);
  }

  /** The license server is unreachable for `durationMs`; outages may overlap. */
  loseContact(durationMs: number): void {
    const wasLost = this.contactOutages.length > 0;
    this.contactOutages.push(this.now + durationMs);
    const target = this.policy.lifecycle.on.contactLost;
    if (wasLost || target === null) return;
    for (const [p, pool] of this.pools.entries()) if (pool.state === 'active') this.enter(p, target);
  }

  /**
   * A session asks to start at `site` now, for `holdMs`: admitted, or refused with the catalogue rule that
   * refuses it. An admitted session counts in its pool until it ends.
   */
  offer(site: number, holdMs: number): Admission {
    const p = this.policy.sites[site]!.pool;
    const pool = this.pools[p]!;
    const rules = this.policy.lifecycle.states[pool.state];
    const capacity = this.capacity(p);
    const inUse = this.inUse(p);
    // W9: expired refuses new connections; L4: so does any other state declared to refuse them.
    if (rules.newSessions === 'deny') return refused(pool.state === 'expired' ? 'W9' : 'L4');
    // W8: the trial's own limit.
    if (rules.sessionLimit !== null && inUse >= capacity)
      return refused(pool.state === 'trial' ? 'W8' : 'L4');
    // W9: nothing licensed to draw on.
    if (capacity <= 0) return refused('W9');
    // Per-user limits (W10) are left out: every session offered here has a user of its own.
    // W10: over the limit, refused, unless the policy admits and alerts instead.
    const refusesOverLimit = this.policy.limits.overLimit === 'deny';
    const share = this.siteCapacity(site);
    if (share !== null && this.siteInUse(site) >= share && refusesOverLimit) return refused('W7 W10');
    if (inUse >= capacity && refusesOverLimit) return refused('W10');
    this.sessions.push({ pool: p, site, endMs: this.now + holdMs });
    return { admitted: true, ruleIds: null };
  }

  installed(license: number): boolean {
    return this.licenses[license]!.installed;
  }

  state(pool: number): StateName {
    return this.pools[pool]!.state;
  }

  /** Sessions the pool may hold now: its licensed count, or its state's own limit (W8). */
  capacity(pool: number): number {
    const state = this.pools[pool]!.state;
    let licensed = 0;
    for (const l of this.policy.pools[pool]!.licenses) {
      const license = this.licenses[l]!;
      const started = license.installed && license.startMs <= this.now;
      // P9: grace counts the licenses whose term has ended.
      const inTerm = started && (this.now < license.endMs || state === 'grace');
      if (inTerm && license.failuresUntil.length === 0) licensed += license.count;
    }
    const limit = this.policy.lifecycle.states[state].sessionLimit;
    if (limit === null) return licensed;
    return licensed > 0 ? Math.min(limit, licensed) : limit;
  }

  inUse(pool: number): number {
    return this.sessions.filter((s) => s.pool === pool).length;
  }

  /** W7: the site's share of its pool's capacity, or null when the pool is not split by site. */
  siteCapacity(site: number): number | null {
    const pool = this.policy.pools[this.policy.sites[site]!.pool]!;
    if (pool.allocation === null) return null;
    const parts = largestRemainder(this.capacity(pool.index), pool.allocation);
    return parts[pool.sites.indexOf(site)]!;
  }

  private siteInUse(site: number): number {
    return this.sessions.filter((s) => s.site === site).length;
  }

  private poolOf(license: number): number {
    return this.policy.licenses[license]!.pool;
  }

  private licensedNow(pool: number): boolean {
    return this.policy.pools[pool]!.licenses.some((l) => {
      const license = this.licenses[l]!;
      return license.installed && license.startMs <= this.now && this.now < license.endMs;
    });
  }

  /**
   * The pool's licenses changed, by an operator's event or a term boundary. Gaining a valid license (or
   * activating one, W8) clears the expiry; losing the last one is an expiry (W9), which moves an active pool
   * to the policy's expiry state, and a restricted one too when the policy sends expiry elsewhere.
   */
  private licensesChanged(p: number, activation: boolean): void {
    const pool = this.pools[p]!;
    const was = pool.licensed;
    pool.licensed = this.licensedNow(p);
    if (pool.licensed && (!was || activation)) this.recover(p);
    else if (was && !pool.licensed) {
      const target = this.policy.lifecycle.on.expiry;
      if (pool.state === 'active' || (pool.state === 'restricted-access' && target !== pool.state)) {
        this.enter(p, target);
      }
    }
  }

  /** L6: back to active once no cause the policy reacts to is left. */
  private recover(p: number): void {
    const pool = this.pools[p]!;
    const contactCause = this.policy.lifecycle.on.contactLost !== null && this.contactOutages.length > 0;
    if (pool.state !== 'active' && pool.licensed && !contactCause) this.enter(p, 'active');
  }

  private enter(p: number, to: StateName): void {
    const pool = this.pools[p]!;
    pool.state = to;
    pool.enteredMs = this.now;
    if (this.policy.lifecycle.states[to].existingSessions === 'end') {
      for (let i = this.sessions.length - 1; i >= 0; i--) {
        if (this.sessions[i]!.pool === p) this.sessions.splice(i, 1);
      }
    }
  }

  /** Handles what falls due before `t`, instant by instant. */
  private runBefore(t: number): void {
    for (let next = this.nextDue(); next < t; next = this.nextDue()) {
      this.now = next;
      this.fallDue();
    }
  }

  /**
   * The next instant after now at which the licensing changes by itself (a term starts or ends, a timed
   * state ends, an outage ends), or Infinity.
   */
  nextChange(): number {
    const times: number[] = [...this.contactOutages];
    for (const l of this.licenses) times.push(l.startMs, l.endMs, ...l.failuresUntil);
    for (const pool of this.pools) times.push(this.timeoutOf(pool));
    return Math.min(...times.filter((time) => time > this.now));
  }

  /** The next instant after now at which anything changes by itself (a session ending too). */
  private nextDue(): number {
    const ends = this.sessions.map((s) => s.endMs).filter((end) => end > this.now);
    return Math.min(this.nextChange(), ...ends);
  }

  /** The end of a timed state (W8 trial, P9 grace), or Infinity. */
  private timeoutOf(pool: PoolNow): number {
    const duration = this.policy.lifecycle.states[pool.state].durationMs;
    return duration === null ? Number.POSITIVE_INFINITY : pool.enteredMs + duration;
  }

  /** What falls due by now: outages ending, term boundaries, timeouts, then sessions ending. */
  private fallDue(): void {
    const now = this.now;
    for (const l of this.licenses) l.failuresUntil = l.failuresUntil.filter((until) => until > now);
    const hadContactOutage = this.contactOutages.length > 0;
    removeWhere(this.contactOutages, (until) => until <= now);
    const contactBack = hadContactOutage && this.contactOutages.length === 0;
    for (const p of this.pools.keys()) {
      if (contactBack) this.recover(p);
      this.licensesChanged(p, false);
    }
    for (const [p, pool] of this.pools.entries()) {
      while (this.timeoutOf(pool) <= now) {
        const from = this.policy.lifecycle.states[pool.state];
        this.enter(p, from.then ?? 'expired');
      }
    }
    removeWhere(this.sessions, (s) => s.endMs <= now);
  }
}

/** A decision on one session offered: admitted, or refused with the catalogue rule IDs that refuse it. */
export interface Admission {
  readonly admitted: boolean;
  readonly ruleIds: string | null;
}

interface LicenseNow {
  installed: boolean;
  count: number;
  readonly startMs: number;
  endMs: number;
  /** Ends of the failures in progress. */
  failuresUntil: number[];
}

interface PoolNow {
  state: StateName;
  enteredMs: number;
  /** Whether the pool held a valid license when last looked at. */
  licensed: boolean;
}

interface SessionNow {
  readonly pool: number;
  readonly site: number;
  readonly endMs: number;
}

function refused(ruleIds: string): Admission {
  return { admitted: false, ruleIds };
}

/** A license's first and last days of validity, as written; absent when open. */
export interface DeclaredTerm {
  readonly start?: string;
  readonly end?: string;
}

/** P11: 00:00 of a calendar date in a zone. */
function startOfDate(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

/** P11: 24:00 of a calendar date in a zone, which is 00:00 of the next day there. */
function endOfDate(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day').toMillis();
}

/**
 * W7 splits a pool by percentage (2000 → 800, 600, 400, 200). Where shares do not divide the count, the
 * catalogue gives no rounding; the reading here is the largest-remainder method (the parts add up to the
 * count), ties to the earlier site. Shares are taken in millionths, so the arithmetic is exact.
 */
function largestRemainder(total: number, shares: readonly number[]): number[] {
  const scale = 1_000_000;
  const exact = shares.map((s) => total * Math.round(s * scale));
  const parts = exact.map((x) => Math.floor(x / scale));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, rest: x % scale }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    parts[i]!++;
  }
  return parts;
}

function removeWhere<T>(list: T[], due: (item: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (due(list[i]!)) list.splice(i, 1);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
