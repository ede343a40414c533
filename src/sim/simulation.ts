import { VirtualTimers } from '../lifecycle/virtual-timers.js';
import { allocateByShares } from '../model/allocation.js';
import type { Run } from '../model/bind.js';
import { endOfDateMs, MS_PER_DAY } from '../model/time.js';
import { PolicyRules, type UsageRow } from '../rules/policy-rules.js';
import type { RuleDecision } from '../rules/rule-set.js';
import { usageLevels } from '../rules/rule-sets.js';
import { PoissonArrivals, zoneHourOfDay } from './arrival-profile.js';
import { EventQueue } from './event-queue.js';
import { LicenseBook } from './license-book.js';
import { PoolLifecycles } from './pool-lifecycles.js';
import { Rng } from './rng.js';
import { SessionTable } from './session-table.js';
import { Topology } from './topology.js';
import { type AlertKind, ReleaseCause, type TraceSink } from './trace.js';

/**
 * Event kinds on the queue; `a` and `b` are their integer payloads. At one instant, licensing and lifecycle
 * events (priority 0) come before session events (SESSION), so a session asking to start at 24:00 of a
 * license's end date finds the license already ended.
 */
const SESSION = 1;

const Ev = {
  arrival: 1, // a: load stream
  explicit: 2, // a: session batch, b: index within the batch
  end: 3, // a: slot, b: generation
  idleCheck: 4, // a: slot, b: generation
  timeline: 5, // a: timeline event
  outageEnd: 6, // a: timeline event
  licenseBoundary: 7, // a: license
  timer: 8, // a: lifecycle timer id
  daily: 9,
  endOfRun: 10,
} as const;

/** Usage levels in rising order, as the usage rules name them, and the alert each level raises. */
const levelNames = ['normal', 'warning', 'critical', 'over-limit'] as const;
const levelRank: Readonly<Record<string, number>> = Object.fromEntries(
  levelNames.map((name, rank) => [name, rank]),
);
const alertOfRank: readonly (AlertKind | null)[] = [null, 'usage-warning', 'usage-critical', 'over-limit'];

interface Stream {
  readonly id: string;
  readonly arrivals: PoissonArrivals;
  readonly rng: Rng;
  readonly userBase: number;
  readonly users: number;
  readonly site: number;
  readonly node: number;
  readonly holding: Run['load'][number]['holding'];
  readonly idle: Run['load'][number]['idle'];
}

/** Counts of a finished run that are not per-pool metrics. */
export interface RunStats {
  readonly events: number;
  readonly sessionsOffered: number;
  readonly engineRuns: number;
}

/**
 * One deterministic discrete-event run of a scenario against a policy. Integer virtual time in ms, a
 * binary-heap queue with ties in insertion order, seeded random streams. Every effect is reported to the
 * trace sink; the simulation keeps only the state it needs to go on.
 */
export class Simulation {
  private readonly queue = new EventQueue(4096);
  private readonly rules: PolicyRules;
  private readonly sessions = new SessionTable(1024);
  private readonly licenses: LicenseBook;
  private readonly topology: Topology;
  private readonly lifecycles: PoolLifecycles;
  private readonly timers: VirtualTimers;
  private now: number;
  private readonly endMs: number;
  private events = 0;
  private sessionSeq = 0;
  private sink!: TraceSink;

  private readonly poolInUse: Int32Array;
  private readonly poolCapacity: Int32Array;
  /** Each pool's memo row of usage decisions for its current capacity. */
  private readonly poolUsageRow: UsageRow[];
  /** Current usage level per pool, as the usage rule's event type (compared by identity on the hot path). */
  private readonly poolLevel: string[];
  private readonly poolLicensed: Uint8Array;
  private readonly poolExpiryWarned: Uint8Array;
  private readonly siteInUse: Int32Array;
  /** Per-site share of the pool (W7), or -1 when the pool is not split. */
  private readonly siteCapacity: Int32Array;
  private readonly userSessions: Int32Array;
  private readonly userNames: string[] = [];
  private readonly explicitUsers = new Map<string, number>();
  private readonly streams: Stream[];
  /** The policy's idle timeout, or Infinity when it has none, so that `idleMs > timeout` is one test. */
  private readonly idleTimeoutMs: number;
  private licenseServerOutages = 0;
  /** The alert message of each usage level the policy declares, by rank; undefined when not declared. */
  private readonly levelMessages: readonly (string | undefined)[];

  constructor(private readonly run: Run) {
    const { policy, scenario } = run;
    this.now = scenario.startMs;
    this.endMs = scenario.endMs;
    this.rules = new PolicyRules(policy);
    this.licenses = new LicenseBook(policy);
    this.topology = new Topology(policy);
    this.timers = new VirtualTimers(
      () => this.now,
      (at, id) => this.queue.push(at, Ev.timer, id, 0),
    );
    this.lifecycles = new PoolLifecycles(
      policy,
      this.timers,
      () => this.now,
      (record) => this.sink.record(record),
    );
    const pools = policy.pools.length;
    this.poolInUse = new Int32Array(pools);
    this.poolCapacity = new Int32Array(pools);
    this.poolUsageRow = policy.pools.map(() => this.rules.usageRow(0));
    this.poolLevel = new Array<string>(pools).fill('normal');
    this.poolLicensed = new Uint8Array(pools);
    this.poolExpiryWarned = new Uint8Array(pools);
    this.siteInUse = new Int32Array(policy.sites.length);
    this.siteCapacity = new Int32Array(policy.sites.length).fill(-1);
    this.idleTimeoutMs = policy.limits.idleTimeoutMs ?? Number.POSITIVE_INFINITY;
    const usageRules = new Map(this.rules.usage.rules.map((r) => [r.event.type, r.event.params.message]));
    this.levelMessages = alertOfRank.map((_, rank) => usageRules.get(usageLevels[rank]!));

    // Users: the explicit sessions' names first, then each load stream's population.
    for (const batch of run.sessions) {
      for (let k = 0; k < (batch.distinctUsers ? batch.count : 1); k++) this.user(userName(batch, k));
    }
    const root = new Rng(scenario.seed);
    const hourOfDay = zoneHourOfDay(policy.timeZone);
    let userBase = this.userNames.length;
    this.streams = run.load.map((l, i) => {
      const rng = root.fork(i);
      userBase += i === 0 ? 0 : run.load[i - 1]!.users;
      return {
        id: l.id,
        arrivals: new PoissonArrivals(rng.fork(0), l.perHour, l.profile, hourOfDay),
        rng: rng.fork(1),
        userBase,
        users: l.users,
        site: l.siteIndex,
        node: l.nodeIndex,
        holding: l.holding,
        idle: l.idle,
      };
    });
    // Load-stream users are numbered after the named ones; their names are made only when asked for.
    this.userSessions = new Int32Array(userBase + (run.load.at(-1)?.users ?? 0));
  }

  /** Names for trace writers: users, nodes, sites and pools by index. */
  get names() {
    const { policy } = this.run;
    return {
      user: (i: number) => this.userNames[i] ?? this.streamUserName(i),
      node: (i: number) => policy.nodes[i]?.id ?? `node#${i}`,
      site: (i: number) => policy.sites[i]?.id ?? `site#${i}`,
      pool: (i: number) => policy.pools[i]?.id ?? `pool#${i}`,
    };
  }

  /** Replays the scenario to its end, streaming the trace to `sink`. A simulation runs once. */
  async execute(sink: TraceSink): Promise<RunStats> {
    if (this.sink !== undefined) throw new Error('a Simulation runs once; create another to run again');
    this.sink = sink;
    const { scenario, policy } = this.run;
    sink.record({
      type: 'run-start',
      at: this.now,
      scenario: scenario.name,
      policy: policy.name,
      seed: scenario.seed,
    });
    await this.start();
    // The hot loop is synchronous; it hands back a promise only when an event needs the rules engine
    // (a fact vector not seen before) or is a rare event with asynchronous work, and resumes after it.
    for (let pending = this.step(); pending !== null; pending = this.step()) await pending;
    this.now = scenario.endMs;
    sink.record({ type: 'run-end', at: scenario.endMs });
    this.lifecycles.stop();
    return { events: this.events, sessionsOffered: this.sessionSeq, engineRuns: this.rules.engineRuns };
  }

  // ── The event loop ───────────────────────────────────────────────────────────────────────────────────

  /** Processes events until the run ends (null) or an event has asynchronous work left (its promise). */
  private step(): Promise<void> | null {
    const q = this.queue;
    const end = this.endMs;
    while (q.pop()) {
      if (q.time > end) return null;
      this.now = q.time;
      this.events++;
      const pending =
        q.kind === Ev.arrival
          ? this.arrive(q.a)
          : q.kind === Ev.end
            ? this.end(q.a, q.b)
            : this.rare(q.kind, q.a, q.b);
      if (pending !== undefined) return pending.then(() => this.settleStates());
      if (this.lifecycles.unsettled) return this.settleStates();
    }
    return null;
  }

  private arrive(index: number): Promise<void> | undefined {
    const stream = this.streams[index]!;
    const next = stream.arrivals.next(this.now, this.endMs);
    if (next <= this.endMs) this.queue.push(next, Ev.arrival, index, 0, SESSION);
    const user = stream.userBase + stream.rng.int(stream.users);
    const hold = holdingTime(stream);
    const idleMs =
      stream.idle !== null && stream.rng.uniform() < stream.idle.share ? stream.idle.durationMs : 0;
    return this.offer(user, stream.site, stream.node, hold, idleMs);
  }

  private end(slot: number, generation: number): Promise<void> | undefined {
    if (this.sessions.generation[slot] !== generation) return undefined;
    return this.release(slot, ReleaseCause.completed);
  }

  /** Events that happen a few times per run: explicit sessions, timeline, timers, checks. */
  private rare(kind: number, a: number, b: number): Promise<void> | undefined {
    switch (kind) {
      case Ev.explicit: {
        const batch = this.run.sessions[a]!;
        const idle = batch.idleAfterMs === null ? 0 : batch.durationMs - batch.idleAfterMs;
        const active = batch.idleAfterMs ?? batch.durationMs;
        return this.offer(this.user(userName(batch, b)), batch.siteIndex, batch.nodeIndex, active, idle);
      }
      case Ev.idleCheck:
        return this.sessions.generation[a] === b ? this.idleCheck(a) : undefined;
      case Ev.timeline:
        return this.applyTimeline(a);
      case Ev.outageEnd:
        return this.endOutage(a);
      case Ev.licenseBoundary:
        return this.refreshPool(this.run.policy.licenses[a]!.pool, 'license term boundary');
      case Ev.timer:
        this.lifecycles.fireTimer(a);
        return undefined;
      case Ev.daily:
        if (this.now + MS_PER_DAY <= this.run.scenario.endMs)
          this.queue.push(this.now + MS_PER_DAY, Ev.daily, 0, 0);
        return this.dailyCheck();
      default:
        return undefined;
    }
  }

  private async start(): Promise<void> {
    const { policy, scenario } = this.run;
    const q = this.queue;
    // Timeline first, so that an event at the same instant as a session applies before it.
    for (const [i, e] of this.run.timeline.entries()) q.push(e.atMs, Ev.timeline, i, 0);
    for (const l of policy.licenses) {
      for (const t of [l.startMs, l.endMs]) {
        if (t > scenario.startMs && t <= scenario.endMs) q.push(t, Ev.licenseBoundary, l.index, 0);
      }
    }
    for (const pool of policy.pools) {
      const p = pool.index;
      this.poolLicensed[p] = this.licenses.licensed(p, this.now) ? 1 : 0;
      // Licensed at the start: active. Otherwise the trial, when the policy has one (W8); else active,
      // which the missing license at once turns into an expiry.
      const licensed = this.poolLicensed[p] === 1;
      this.lifecycles.start(
        p,
        policy.lifecycle.initial ?? (licensed || !policy.lifecycle.hasTrial ? 'active' : 'trial'),
      );
    }
    for (const pool of policy.pools) {
      await this.setCapacity(pool.index, 'initial licenses', true);
      if (this.lifecycles.state[pool.index] === 'active' && !this.poolLicensed[pool.index]) {
        this.lifecycles.send(pool.index, { type: 'EXPIRE' }, 'no license valid at the start');
      }
    }
    await this.settleStates();
    for (const [i, batch] of this.run.sessions.entries()) {
      for (let k = 0; k < batch.count; k++) q.push(batch.atMs, Ev.explicit, i, k, SESSION);
    }
    for (const [i, stream] of this.streams.entries()) {
      const first = stream.arrivals.next(scenario.startMs, scenario.endMs);
      if (first <= scenario.endMs) q.push(first, Ev.arrival, i, 0, SESSION);
    }
    if (policy.alerts.expiryWarnMs !== null) q.push(scenario.startMs, Ev.daily, 0, 0);
    q.push(scenario.endMs, Ev.endOfRun, 0, 0);
  }

  // ── Sessions ─────────────────────────────────────────────────────────────────────────────────────────

  /** `site-a-admins-17`: the name of a load stream's user, by global user index. */
  private streamUserName(user: number): string {
    const stream = this.streams.findLast((s) => s.userBase <= user);
    return stream ? `${stream.id}-${user - stream.userBase + 1}` : `user#${user}`;
  }

  /** The index of a named user, registering the name on first use. */
  private user(name: string): number {
    let index = this.explicitUsers.get(name);
    if (index === undefined) {
      index = this.userNames.length;
      this.explicitUsers.set(name, index);
      this.userNames.push(name);
    }
    return index;
  }

  /**
   * A session asks to start: the admission rules decide (memoised; the engine runs only on a new fact
   * vector). Returns a promise only when something had to be evaluated.
   */
  private offer(
    user: number,
    site: number,
    node: number,
    activeMs: number,
    idleMs: number,
  ): Promise<void> | undefined {
    const id = ++this.sessionSeq;
    const chosen = node >= 0 && this.topology.isUp(node) ? node : this.topology.pickNode(site);
    if (chosen < 0) {
      this.sink.record({ type: 'unavailable', at: this.now, session: id, site });
      return undefined;
    }
    const pool = this.topology.sitePool[site]!;
    const decision = this.rules.admissionLookup(
      this.lifecycles.stateCode[pool]!,
      this.poolInUse[pool]!,
      this.poolCapacity[pool]!,
      this.siteInUse[site]!,
      this.siteCapacity[site]!,
      this.userSessions[user]!,
    );
    if (decision !== undefined) return this.decided(decision, id, user, site, chosen, pool, activeMs, idleMs);
    return this.rules
      .admissionEvaluate()
      .then((d) => this.decided(d, id, user, site, chosen, pool, activeMs, idleMs));
  }

  private decided(
    decision: RuleDecision,
    id: number,
    user: number,
    site: number,
    node: number,
    pool: number,
    activeMs: number,
    idleMs: number,
  ): Promise<void> | undefined {
    if (decision.type === 'deny') {
      this.sink.deny(this.now, id, user, site, pool, decision);
      return undefined;
    }
    const naturalEnd = this.now + activeMs + idleMs;
    const slot = this.sessions.open(id, user, node, site, pool, naturalEnd);
    const inUse = ++this.poolInUse[pool]!;
    this.siteInUse[site]!++;
    this.userSessions[user]!++;
    this.sink.admit(this.now, id, user, node, pool, inUse);
    const generation = this.sessions.generation[slot]!;
    if (idleMs > this.idleTimeoutMs) {
      this.queue.push(this.now + activeMs + this.idleTimeoutMs, Ev.idleCheck, slot, generation, SESSION);
    } else {
      this.queue.push(naturalEnd, Ev.end, slot, generation, SESSION);
    }
    if (decision.type === 'admit-and-restrict' && this.lifecycles.state[pool] === 'active') {
      this.lifecycles.send(pool, { type: 'VIOLATION_RAISED' }, decision.message, decision);
    }
    return this.usageChanged(pool);
  }

  private release(slot: number, cause: ReleaseCause): Promise<void> | undefined {
    const s = this.sessions;
    const pool = s.pool[slot]!;
    const inUse = --this.poolInUse[pool]!;
    this.siteInUse[s.site[slot]!]!--;
    this.userSessions[s.user[slot]!]!--;
    const id = s.id[slot]!;
    s.close(slot);
    this.sink.release(this.now, id, pool, inUse, cause);
    return this.usageChanged(pool);
  }

  /** W10: a session idle for the policy's timeout is ended, if the idle-timeout rule says so. */
  private async idleCheck(slot: number): Promise<void> {
    const decision = await this.rules.decide(this.rules.idle, { idleMs: this.idleTimeoutMs });
    if (decision.type !== 'end-session') {
      this.queue.push(this.sessions.until[slot]!, Ev.end, slot, this.sessions.generation[slot]!, SESSION);
      return;
    }
    const { rule, ruleIds, facts, message } = decision;
    const session = this.sessions.id[slot]!;
    this.sink.record({
      type: 'session-ended',
      at: this.now,
      session,
      pool: this.sessions.pool[slot]!,
      message,
      rule,
      ruleIds,
      facts,
    });
    await this.release(slot, ReleaseCause.idleTimeout);
  }

  /** Ends every live session matching `which`, e.g. all sessions of a site that went down. */
  private async endSessions(which: (slot: number) => boolean, cause: ReleaseCause): Promise<void> {
    const s = this.sessions;
    for (let slot = 0; slot < s.highWater; slot++) {
      if (s.live[slot] && which(slot)) await this.release(slot, cause);
    }
  }

  // ── Capacity, usage levels and alerts ───────────────────────────────────────────────────────────────

  /** Recomputes a pool's effective capacity: its usable licenses, or the state's own limit (W8 trial). */
  private setCapacity(pool: number, reason: string, initial = false): Promise<void> | undefined {
    const policy = this.run.policy;
    const state = this.lifecycles.state[pool]!;
    const licensed = this.licenses.sessions(pool, this.now, state === 'grace');
    const limit = policy.lifecycle.states[state].sessionLimit;
    // A state's limit reduces the licensed count; with no license at all (the W8 trial) it is the count.
    const capacity = limit === null ? licensed : licensed > 0 ? Math.min(limit, licensed) : limit;
    const { sites, allocation } = policy.pools[pool]!;
    if (allocation !== null) {
      const parts = allocateByShares(capacity, allocation);
      for (const [i, site] of sites.entries()) this.siteCapacity[site] = parts[i]!;
    }
    if (capacity === this.poolCapacity[pool] && !initial) return undefined;
    this.poolCapacity[pool] = capacity;
    this.poolUsageRow[pool] = this.rules.usageRow(capacity);
    this.sink.record({ type: 'capacity', at: this.now, pool, capacity, reason });
    return this.usageChanged(pool);
  }

  /** Re-reads a pool after its licenses changed: expiry or renewal for the lifecycle, then capacity. */
  private async refreshPool(pool: number, reason: string, event?: 'ACTIVATE'): Promise<void> {
    const licensed = this.licenses.licensed(pool, this.now);
    const was = this.poolLicensed[pool] === 1;
    this.poolLicensed[pool] = licensed ? 1 : 0;
    if (licensed && event === 'ACTIVATE') this.lifecycles.send(pool, { type: 'ACTIVATE' }, reason);
    else if (was && !licensed)
      this.lifecycles.send(pool, { type: 'EXPIRE' }, `every license of the pool has ended (${reason})`);
    else if (!was && licensed)
      this.lifecycles.send(pool, { type: 'RENEW' }, `a license of the pool became valid (${reason})`);
    await this.setCapacity(pool, reason);
  }

  /** W11 and W10: re-evaluates the usage level after the pool's in-use count or capacity changed. */
  private usageChanged(pool: number): Promise<void> | undefined {
    const inUse = this.poolInUse[pool]!;
    const d = this.poolUsageRow[pool]![inUse];
    if (d !== undefined) {
      if (d.type !== this.poolLevel[pool]) this.levelChanged(pool, d);
      return undefined;
    }
    return this.rules.usageEvaluate(inUse, this.poolCapacity[pool]!).then((e) => {
      if (e.type !== this.poolLevel[pool]) this.levelChanged(pool, e);
    });
  }

  /**
   * Raises the alert of each level crossed upwards and clears the alert of each level left downwards,
   * for the levels the policy declares (a policy without usage thresholds raises only over-limit).
   */
  private levelChanged(pool: number, d: RuleDecision): void {
    const before = levelRank[this.poolLevel[pool]!] ?? 0;
    const after = levelRank[d.type] ?? 0;
    this.poolLevel[pool] = d.type;
    for (let rank = before + 1; rank <= after; rank++) {
      const message = rank === after ? d.message : this.levelMessages[rank];
      if (message !== undefined) this.sink.alert(this.now, pool, alertOfRank[rank]!, true, d, message);
    }
    for (let rank = before; rank > after; rank--) {
      const message = this.levelMessages[rank];
      if (message !== undefined) this.sink.alert(this.now, pool, alertOfRank[rank]!, false, d, message);
    }
    // Cleared in whatever state the pool is in, so that a later renewal or reconnection can recover.
    if (before === levelRank['over-limit']) {
      this.lifecycles.send(pool, { type: 'VIOLATION_CLEARED' }, 'usage back within the limit', d);
    }
  }

  /** W11: the expiry warning, checked once a day as the WALLIX guide's monitoring script does. */
  private async dailyCheck(): Promise<void> {
    for (const pool of this.run.policy.pools) {
      const last = this.licenses.lastEnd(pool.index, this.now);
      if (!Number.isFinite(last)) continue;
      const daysToExpiry = Math.floor((last - this.now) / MS_PER_DAY);
      const d = await this.rules.decide(this.rules.expiry, { daysToExpiry });
      const warn = d.type === 'expiry-warning';
      // On the last day the warning stands until the license ends; it clears only on a renewal.
      if (!warn && daysToExpiry <= 0) continue;
      if (warn !== (this.poolExpiryWarned[pool.index] === 1)) {
        const message = warn
          ? `${d.message}: ${daysToExpiry} days left`
          : `License renewed: ${daysToExpiry} days left`;
        this.sink.alert(this.now, pool.index, 'expiry-warning', warn, d, message);
      }
      this.poolExpiryWarned[pool.index] = warn ? 1 : 0;
    }
  }

  /**
   * Applies what entering a state means for sessions and capacity. Runs after the event that caused the
   * transition, because XState notifies synchronously and these effects may need the rules engine.
   */
  private async settleStates(): Promise<void> {
    for (let pool = this.lifecycles.takeEntered(); pool !== undefined; pool = this.lifecycles.takeEntered()) {
      const state = this.lifecycles.state[pool]!;
      if (this.run.policy.lifecycle.states[state].existingSessions === 'end') {
        await this.endSessions((slot) => this.sessions.pool[slot] === pool, ReleaseCause.lifecycle);
      }
      await this.setCapacity(pool, `entered ${state}`);
    }
  }

  // ── Timeline ─────────────────────────────────────────────────────────────────────────────────────────

  private async applyTimeline(index: number): Promise<void> {
    const e = this.run.timeline[index]!;
    const a = e.action;
    const policy = this.run.policy;
    if (a.kind === 'outage') {
      this.sink.record({ type: 'outage', at: this.now, target: a.target, id: a.id, phase: 'start' });
      this.queue.push(this.now + a.durationMs, Ev.outageEnd, index, 0);
      // Outages may overlap: each counts, and a target is back only when none is in progress.
      if (a.target === 'license-server') {
        if (this.licenseServerOutages++ === 0) {
          for (const pool of policy.pools)
            this.lifecycles.send(pool.index, { type: 'CONTACT_LOST' }, 'license server unreachable');
        }
      } else if (a.target === 'license') {
        this.licenses.failures[e.target]!++;
        await this.setCapacity(policy.licenses[e.target]!.pool, `license ${a.id} failed`);
      } else if (a.target === 'site') {
        this.topology.siteDown(e.target);
        await this.endSessions((slot) => this.sessions.site[slot] === e.target, ReleaseCause.outage);
      } else if (this.topology.nodeDown(e.target)) {
        await this.failover(e.target);
      }
      return;
    }
    const l = e.target;
    const pool = policy.licenses[l]!.pool;
    const book = this.licenses;
    let detail = '';
    switch (a.kind) {
      case 'activate':
        book.installed[l] = 1;
        break;
      case 'renew': {
        const end = endOfDateMs(a.end, policy.timeZone) ?? book.end[l]!;
        book.end[l] = end;
        detail = `until ${a.end}`;
        if (end > this.now && end <= this.run.scenario.endMs) this.queue.push(end, Ev.licenseBoundary, l, 0);
        break;
      }
      case 'upgrade':
        detail = `${book.count[l]} → ${a.count} sessions`;
        book.count[l] = a.count;
        break;
      case 'expire':
        book.end[l] = Math.min(book.end[l]!, this.now);
        break;
    }
    this.sink.record({ type: 'timeline', at: this.now, action: a.kind, license: a.license, detail });
    const reason = `license ${a.license} ${pastTense[a.kind]}${detail ? `, ${detail}` : ''}`;
    // W12: an upgrade, or a renewal of a license still valid, applies at once, without downtime.
    if (this.poolLicensed[pool] && book.valid(l, this.now) && (a.kind === 'upgrade' || a.kind === 'renew')) {
      this.lifecycles.send(
        pool,
        { type: a.kind === 'upgrade' ? 'UPGRADE' : 'RENEW' },
        `${reason}, without downtime`,
      );
    }
    await this.refreshPool(pool, reason, a.kind === 'activate' ? 'ACTIVATE' : undefined);
  }

  /** W1: a node failure moves its sessions to a surviving node of the cluster, with no new license. */
  private async failover(node: number): Promise<void> {
    const policy = this.run.policy;
    const survivor = this.topology.pickNode(policy.nodes[node]!.site);
    const s = this.sessions;
    if (survivor < 0) {
      await this.endSessions((slot) => s.node[slot] === node, ReleaseCause.outage);
      return;
    }
    let moved = 0;
    for (let slot = 0; slot < s.highWater; slot++) {
      if (s.live[slot] && s.node[slot] === node) {
        s.node[slot] = survivor;
        moved++;
      }
    }
    const [from, to] = [policy.nodes[node]!.id, policy.nodes[survivor]!.id];
    this.sink.record({ type: 'failover', at: this.now, from, to, sessions: moved });
  }

  private async endOutage(index: number): Promise<void> {
    const e = this.run.timeline[index]!;
    const a = e.action;
    if (a.kind !== 'outage') return;
    const policy = this.run.policy;
    this.sink.record({ type: 'outage', at: this.now, target: a.target, id: a.id, phase: 'end' });
    if (a.target === 'license-server') {
      if (--this.licenseServerOutages === 0) {
        for (const pool of policy.pools) {
          this.lifecycles.send(pool.index, { type: 'CONTACT_RESTORED' }, 'license server reachable again');
        }
      }
    } else if (a.target === 'license') {
      this.licenses.failures[e.target]!--;
      await this.setCapacity(policy.licenses[e.target]!.pool, `license ${a.id} restored`);
    } else if (a.target === 'site') {
      this.topology.siteBack(e.target);
    } else {
      this.topology.nodeBack(e.target);
    }
  }
}

const pastTense = {
  activate: 'activated',
  renew: 'renewed',
  upgrade: 'upgraded',
  expire: 'expired',
} as const;

function userName(batch: Run['sessions'][number], k: number): string {
  return batch.distinctUsers ? `${batch.user}-${k + 1}` : batch.user;
}

function holdingTime(stream: Stream): number {
  const { distribution, meanMs, sigma } = stream.holding;
  if (distribution === 'exponential') return Math.max(1, Math.round(stream.rng.exponential(meanMs)));
  if (distribution === 'lognormal') return Math.max(1, Math.round(stream.rng.lognormal(meanMs, sigma)));
  return meanMs;
}
