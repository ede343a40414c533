import { type Actor, createActor } from 'xstate';
import { type LifecycleEvent, type LifecycleMachine, lifecycleMachine } from '../lifecycle/machine.js';
import { VirtualTimers } from '../lifecycle/virtual-timers.js';
import { allocateByShares } from '../model/allocation.js';
import type { Run } from '../model/bind.js';
import type { StateName } from '../model/policy.js';
import { endOfDateMs, MS_PER_DAY } from '../model/time.js';
import { PolicyRules, type UsageRow } from '../rules/policy-rules.js';
import type { RuleDecision } from '../rules/rule-set.js';
import { stateCodes } from '../rules/rule-sets.js';
import { PoissonArrivals, zoneHourOfDay } from './arrival-profile.js';
import { EventQueue } from './event-queue.js';
import { Rng } from './rng.js';
import { SessionTable } from './session-table.js';
import { type AlertKind, ReleaseCause, type TraceSink } from './trace.js';

/** Event kinds on the queue; `a` and `b` are their integer payloads. */
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
const levelRank: Readonly<Record<string, number>> = { normal: 0, warning: 1, critical: 2, 'over-limit': 3 };
const alertOfRank: readonly (AlertKind | null)[] = [null, 'usage-warning', 'usage-critical', 'over-limit'];

interface Stream {
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
 * trace sink; the simulation itself keeps only the state it needs to go on.
 */
export class Simulation {
  private readonly queue = new EventQueue(4096);
  private readonly rules: PolicyRules;
  private readonly sessions = new SessionTable(1024);
  private now: number;
  private events = 0;
  private sessionSeq = 0;

  // Licenses, mutable by the timeline (upgrade, renew, expire, activate, failure).
  private readonly licenseCount: Int32Array;
  private readonly licenseEnd: Float64Array;
  private readonly licenseInstalled: Uint8Array;
  /** License failures in progress per license (outages may overlap). */
  private readonly licenseFailed: Int32Array;

  // Pools and sites.
  private readonly poolInUse: Int32Array;
  private readonly poolCapacity: Int32Array;
  private readonly poolState: StateName[];
  private readonly poolStateCode: Int32Array;
  /** Current usage level per pool, as the usage rule's event type (compared by identity on the hot path). */
  private readonly poolLevel: string[];
  private readonly poolLicensed: Uint8Array;
  /** Each pool's memo row of usage decisions for its current capacity. */
  private readonly poolUsageRow: UsageRow[];
  private readonly poolExpiryWarned: Uint8Array;
  private readonly siteInUse: Int32Array;
  private readonly siteCapacity: Int32Array;
  private readonly siteNextNode: Int32Array;
  /** Hot-path copies of policy data. */
  private readonly sitePool: Int32Array;
  private readonly siteNodes: readonly Int32Array[];
  /** The policy's idle timeout, or Infinity when it has none, so that `idleMs > timeout` is one test. */
  private readonly idleTimeoutMs: number;
  /** Outages in progress per node (its own and its site's): a node is up when this is 0. */
  private readonly nodeOutages: Int32Array;
  private licenseServerOutages = 0;
  private readonly userSessions: Int32Array;
  private readonly userNames: string[] = [];

  private readonly streams: Stream[];
  private readonly timers: VirtualTimers;
  private readonly actors: Actor<LifecycleMachine>[] = [];
  /** Why the next lifecycle transition happens; set just before an event is sent or a timer fires. */
  private cause = { event: 'start', reason: 'initial state' };
  /** Pools whose lifecycle state changed during the current event, to settle before the next one. */
  private readonly entered: number[] = [];

  private sink!: TraceSink;

  constructor(private readonly run: Run) {
    const { policy, scenario } = run;
    this.now = scenario.startMs;
    this.rules = new PolicyRules(policy);
    const nPools = policy.pools.length;
    const nLicenses = policy.licenses.length;
    this.licenseCount = Int32Array.from(policy.licenses, (l) => l.count);
    this.licenseEnd = Float64Array.from(policy.licenses, (l) => l.endMs);
    this.licenseInstalled = Uint8Array.from(policy.licenses, (l) => (l.installed ? 1 : 0));
    this.licenseFailed = new Int32Array(nLicenses);
    this.poolInUse = new Int32Array(nPools);
    this.poolCapacity = new Int32Array(nPools);
    this.poolState = new Array<StateName>(nPools).fill('active');
    this.poolStateCode = new Int32Array(nPools);
    this.poolLevel = new Array<string>(nPools).fill('normal');
    this.poolLicensed = new Uint8Array(nPools);
    this.poolUsageRow = policy.pools.map(() => this.rules.usageRow(0));
    this.poolExpiryWarned = new Uint8Array(nPools);
    this.siteInUse = new Int32Array(policy.sites.length);
    this.siteCapacity = new Int32Array(policy.sites.length).fill(-1);
    this.siteNextNode = new Int32Array(policy.sites.length);
    this.sitePool = Int32Array.from(policy.sites, (s) => s.pool);
    this.siteNodes = policy.sites.map((s) => Int32Array.from(s.nodes));
    this.idleTimeoutMs = policy.limits.idleTimeoutMs ?? Number.POSITIVE_INFINITY;
    this.nodeOutages = new Int32Array(policy.nodes.length);

    // Users: the explicit sessions' names first, then each load stream's population.
    const explicitUsers = new Map<string, number>();
    for (const batch of run.sessions) {
      const names = batch.distinctUsers
        ? Array.from({ length: batch.count }, (_, k) => `${batch.user}-${k + 1}`)
        : [batch.user];
      for (const name of names) {
        if (!explicitUsers.has(name)) {
          explicitUsers.set(name, this.userNames.length);
          this.userNames.push(name);
        }
      }
    }
    this.explicitUsers = explicitUsers;
    const root = new Rng(scenario.seed);
    const hourOfDay = zoneHourOfDay(policy.timeZone);
    this.streams = run.load.map((l, i) => {
      const rng = root.fork(i);
      const userBase = this.userNames.length;
      for (let k = 0; k < l.users; k++) this.userNames.push(`${l.id}-${k + 1}`);
      return {
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
    this.userSessions = new Int32Array(this.userNames.length);
    this.timers = new VirtualTimers(
      () => this.now,
      (at, id) => this.queue.push(at, Ev.timer, id, 0),
    );
  }

  private readonly explicitUsers: Map<string, number>;

  /** Names for trace writers: users, nodes, sites and pools by index. */
  get names() {
    const { policy } = this.run;
    return {
      user: (i: number) => this.userNames[i] ?? `user#${i}`,
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
    this.sink.record({
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
    const end = scenario.endMs;
    this.now = end;
    this.sink.record({ type: 'run-end', at: end });
    for (const actor of this.actors) actor.stop();
    return { events: this.events, sessionsOffered: this.sessionSeq, engineRuns: this.rules.engineRuns };
  }

  /** Processes events until the run ends (null) or an event has asynchronous work left (its promise). */
  private step(): Promise<void> | null {
    const q = this.queue;
    const end = this.run.scenario.endMs;
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
      if (this.entered.length > 0) return this.settleStates();
    }
    return null;
  }

  private arrive(index: number): Promise<void> | undefined {
    const stream = this.streams[index]!;
    const next = stream.arrivals.next(this.now);
    if (next <= this.run.scenario.endMs) this.queue.push(next, Ev.arrival, index, 0);
    const user = stream.userBase + stream.rng.int(stream.users);
    const hold = this.holdingTime(stream);
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
        const name = batch.distinctUsers ? `${batch.user}-${b + 1}` : batch.user;
        const idle = batch.idleAfterMs === null ? 0 : batch.durationMs - batch.idleAfterMs;
        const active = batch.idleAfterMs ?? batch.durationMs;
        return this.offer(this.explicitUsers.get(name)!, batch.siteIndex, batch.nodeIndex, active, idle);
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
        this.cause = { event: 'timeout', reason: '' };
        this.timers.fire(a);
        return undefined;
      case Ev.daily:
        if (this.now + MS_PER_DAY <= this.run.scenario.endMs)
          this.queue.push(this.now + MS_PER_DAY, Ev.daily, 0, 0);
        return this.dailyCheck();
      default:
        return undefined;
    }
  }

  // ── Start ────────────────────────────────────────────────────────────────────────────────────────────

  private async start(): Promise<void> {
    const { policy, scenario } = this.run;
    const q = this.queue;
    // Timeline first, so that an event at the same instant as a session applies before it.
    for (const [i, e] of this.run.timeline.entries()) q.push(e.atMs, Ev.timeline, i, 0);
    policy.licenses.forEach((l, i) => {
      for (const t of [l.startMs, l.endMs])
        if (t > scenario.startMs && t <= scenario.endMs) q.push(t, Ev.licenseBoundary, i, 0);
    });
    policy.pools.forEach((_, p) => {
      this.poolLicensed[p] = this.hasValidLicense(p) ? 1 : 0;
      const initial =
        policy.lifecycle.initial ?? (this.poolLicensed[p] || this.anyInstalled(p) ? 'active' : 'trial');
      const actor = createActor(lifecycleMachine(policy, initial), { clock: this.timers });
      let previous: StateName | null = null;
      actor.subscribe((snapshot) => {
        const to = snapshot.value as StateName;
        if (to === previous) return;
        const from = previous;
        previous = to;
        this.enterState(p, from, to);
      });
      this.actors.push(actor);
      actor.start();
    });
    for (const pool of policy.pools) {
      await this.setCapacity(pool.index, 'initial licenses', true);
      if (this.poolState[pool.index] === 'active' && !this.poolLicensed[pool.index]) {
        this.send(pool.index, { type: 'EXPIRE' }, 'no license valid at the start');
      }
    }
    await this.settleStates();
    this.run.sessions.forEach((batch, i) => {
      for (let k = 0; k < batch.count; k++) q.push(batch.atMs, Ev.explicit, i, k);
    });
    this.streams.forEach((stream, i) => {
      const first = stream.arrivals.next(scenario.startMs);
      if (first <= scenario.endMs) q.push(first, Ev.arrival, i, 0);
    });
    if (policy.alerts.expiryWarnMs !== null) q.push(scenario.startMs, Ev.daily, 0, 0);
    q.push(scenario.endMs, Ev.endOfRun, 0, 0);
  }

  // ── Sessions ─────────────────────────────────────────────────────────────────────────────────────────

  private holdingTime(stream: Stream): number {
    const { distribution, meanMs, sigma } = stream.holding;
    if (distribution === 'exponential') return Math.max(1, Math.round(stream.rng.exponential(meanMs)));
    if (distribution === 'lognormal') return Math.max(1, Math.round(stream.rng.lognormal(meanMs, sigma)));
    return meanMs;
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
    const chosen = node >= 0 && this.nodeOutages[node] === 0 ? node : this.pickNode(site);
    if (chosen < 0) {
      this.sink.record({ type: 'unavailable', at: this.now, session: id, site });
      return undefined;
    }
    const pool = this.sitePool[site]!;
    const decision = this.rules.admissionLookup(
      this.poolStateCode[pool]!,
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
    const timeout = this.idleTimeoutMs;
    const generation = this.sessions.generation[slot]!;
    if (idleMs > timeout) {
      this.queue.push(this.now + activeMs + timeout, Ev.idleCheck, slot, generation);
    } else {
      this.queue.push(naturalEnd, Ev.end, slot, generation);
    }
    if (decision.type === 'admit-and-restrict' && this.poolState[pool] === 'active') {
      this.send(pool, { type: 'VIOLATION_RAISED' }, `${decision.message} (rule ${decision.rule})`);
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

  /** Round-robin over the site's nodes that are up (W1: every node of the cluster serves the one pool). */
  private pickNode(site: number): number {
    const nodes = this.siteNodes[site]!;
    if (nodes.length === 1) return this.nodeOutages[nodes[0]!] === 0 ? nodes[0]! : -1;
    for (let k = 0; k < nodes.length; k++) {
      const i = (this.siteNextNode[site]! + k) % nodes.length;
      const node = nodes[i]!;
      if (this.nodeOutages[node] === 0) {
        this.siteNextNode[site] = (i + 1) % nodes.length;
        return node;
      }
    }
    return -1;
  }

  private async idleCheck(slot: number): Promise<void> {
    const timeout = this.run.policy.limits.idleTimeoutMs ?? 0;
    const decision = await this.rules.decide(this.rules.idle, { idleMs: timeout });
    if (decision.type !== 'end-session') {
      this.queue.push(this.sessions.until[slot]!, Ev.end, slot, this.sessions.generation[slot]!);
      return;
    }
    const pool = this.sessions.pool[slot]!;
    this.sink.record({
      type: 'session-ended',
      at: this.now,
      session: this.sessions.id[slot]!,
      pool,
      message: decision.message,
      rule: decision.rule,
      ruleIds: decision.ruleIds,
      facts: decision.facts,
    });
    await this.release(slot, ReleaseCause.idleTimeout);
  }

  /** Ends every live session matching `which`, e.g. all sessions of a site that went down. */
  private async endSessions(which: (slot: number) => boolean, cause: ReleaseCause): Promise<number> {
    const s = this.sessions;
    let ended = 0;
    for (let slot = 0; slot < s.highWater; slot++) {
      if (s.live[slot] && which(slot)) {
        await this.release(slot, cause);
        ended++;
      }
    }
    return ended;
  }

  // ── Capacity, usage levels and alerts ───────────────────────────────────────────────────────────────

  private hasValidLicense(pool: number): boolean {
    return this.run.policy.pools[pool]!.licenses.some((l) => this.licenseValid(l, false));
  }

  private anyInstalled(pool: number): boolean {
    return this.run.policy.pools[pool]!.licenses.some((l) => this.licenseInstalled[l] === 1);
  }

  /** Installed and within its term; `usable` also requires that it has not failed (outage). */
  private licenseValid(l: number, usable: boolean): boolean {
    const license = this.run.policy.licenses[l]!;
    return (
      this.licenseInstalled[l] === 1 &&
      license.startMs <= this.now &&
      this.now < this.licenseEnd[l]! &&
      (!usable || this.licenseFailed[l] === 0)
    );
  }

  /**
   * Recomputes a pool's effective capacity: its usable licenses, or the state's own limit (W8 trial).
   * In grace the licenses whose term has just ended still count: grace is time to renew, not a stop.
   */
  private setCapacity(pool: number, reason: string, initial = false): Promise<void> | undefined {
    const policy = this.run.policy;
    const inGrace = this.poolState[pool] === 'grace';
    let licensed = 0;
    for (const l of policy.pools[pool]!.licenses) {
      const usable = inGrace
        ? this.licenseInstalled[l] === 1 &&
          policy.licenses[l]!.startMs <= this.now &&
          this.licenseFailed[l] === 0
        : this.licenseValid(l, true);
      if (usable) licensed += this.licenseCount[l]!;
    }
    const limit = policy.lifecycle.states[this.poolState[pool]!].sessionLimit;
    const capacity = limit ?? licensed;
    const { sites, allocation } = policy.pools[pool]!;
    if (allocation !== null) {
      const parts = allocateByShares(capacity, allocation);
      sites.forEach((s, i) => {
        this.siteCapacity[s] = parts[i]!;
      });
    }
    if (capacity === this.poolCapacity[pool] && !initial) return undefined;
    this.poolCapacity[pool] = capacity;
    this.poolUsageRow[pool] = this.rules.usageRow(capacity);
    this.sink.record({ type: 'capacity', at: this.now, pool, capacity, reason });
    return this.usageChanged(pool);
  }

  /** Re-reads a pool after its licenses changed: capacity, and expiry or renewal for the lifecycle. */
  private async refreshPool(pool: number, reason: string): Promise<void> {
    const licensed = this.hasValidLicense(pool) ? 1 : 0;
    const was = this.poolLicensed[pool];
    this.poolLicensed[pool] = licensed;
    if (was && !licensed) this.send(pool, { type: 'EXPIRE' }, 'every license of the pool has ended');
    if (!was && licensed) this.send(pool, { type: 'RENEW' }, 'a license of the pool became valid');
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

  /** Raises the alert of each level crossed upwards, clears the alert of each level left downwards. */
  private levelChanged(pool: number, d: RuleDecision): void {
    const before = levelRank[this.poolLevel[pool]!] ?? 0;
    const after = levelRank[d.type] ?? 0;
    this.poolLevel[pool] = d.type;
    for (let rank = before + 1; rank <= after; rank++) {
      this.sink.alert(this.now, pool, alertOfRank[rank]!, true, d, d.message);
    }
    for (let rank = before; rank > after; rank--) {
      this.sink.alert(this.now, pool, alertOfRank[rank]!, false, d, d.message);
    }
    if (before === levelRank['over-limit'] && this.poolState[pool] === 'restricted-access') {
      this.send(
        pool,
        { type: 'VIOLATION_CLEARED' },
        `usage back within the limit (rule ${d.rule ?? 'none'})`,
      );
    }
  }

  private async dailyCheck(): Promise<void> {
    const policy = this.run.policy;
    for (const pool of policy.pools) {
      let last = -Infinity;
      for (const l of pool.licenses)
        if (this.licenseValid(l, false)) last = Math.max(last, this.licenseEnd[l]!);
      if (!Number.isFinite(last)) continue;
      const daysToExpiry = Math.floor((last - this.now) / MS_PER_DAY);
      const d = await this.rules.decide(this.rules.expiry, { daysToExpiry });
      const warn = d.type === 'expiry-warning';
      if (warn !== (this.poolExpiryWarned[pool.index] === 1)) {
        const message = warn ? `${d.message}: ${daysToExpiry} days left` : 'License renewed';
        this.sink.alert(this.now, pool.index, 'expiry-warning', warn, d, message);
      }
      this.poolExpiryWarned[pool.index] = warn ? 1 : 0;
    }
  }

  // ── Lifecycle ────────────────────────────────────────────────────────────────────────────────────────

  private send(pool: number, event: LifecycleEvent, reason: string): void {
    const before = this.poolState[pool];
    this.cause = { event: event.type, reason };
    this.actors[pool]!.send(event);
    // Upgrades and renewals while active are declared self-transitions: they belong in the timeline too.
    if (
      this.poolState[pool] === before &&
      before === 'active' &&
      (event.type === 'UPGRADE' || event.type === 'RENEW')
    ) {
      this.sink.record({
        type: 'transition',
        at: this.now,
        pool,
        from: before,
        to: before,
        event: event.type,
        reason,
      });
    }
  }

  private enterState(pool: number, from: StateName | null, to: StateName): void {
    const policy = this.run.policy;
    const reason =
      this.cause.event === 'timeout' && from !== null
        ? `${from} period of ${formatDays(policy.lifecycle.states[from].durationMs)} ended`
        : this.cause.reason;
    this.poolState[pool] = to;
    this.poolStateCode[pool] = stateCodes[to];
    this.sink.record({
      type: 'transition',
      at: this.now,
      pool,
      from,
      to,
      event: from === null ? 'start' : this.cause.event,
      reason,
    });
    if (from !== null) this.entered.push(pool);
  }

  /**
   * Applies what entering a state means for sessions and capacity. Runs after the event that caused the
   * transition, because XState notifies synchronously and these effects may need the rules engine.
   */
  private async settleStates(): Promise<void> {
    while (this.entered.length > 0) {
      const pool = this.entered.shift()!;
      const state = this.poolState[pool]!;
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
            this.send(pool.index, { type: 'CONTACT_LOST' }, 'license server unreachable');
        }
      } else if (a.target === 'license') {
        this.licenseFailed[e.target]!++;
        await this.setCapacity(policy.licenses[e.target]!.pool, `license ${a.id} failed`);
      } else if (a.target === 'site') {
        for (const n of policy.sites[e.target]!.nodes) this.nodeOutages[n]!++;
        await this.endSessions((slot) => this.sessions.site[slot] === e.target, ReleaseCause.outage);
      } else {
        await this.nodeDown(e.target);
      }
      return;
    }
    const l = e.target;
    const license = policy.licenses[l]!;
    const pool = license.pool;
    switch (a.kind) {
      case 'activate':
        this.licenseInstalled[l] = 1;
        this.sink.record({
          type: 'timeline',
          at: this.now,
          action: 'activate',
          license: a.license,
          detail: '',
        });
        this.poolLicensed[pool] = this.hasValidLicense(pool) ? 1 : 0;
        if (this.poolLicensed[pool]) this.send(pool, { type: 'ACTIVATE' }, `license ${a.license} activated`);
        await this.setCapacity(pool, `license ${a.license} activated`);
        return;
      case 'renew': {
        const end = endOfDateMs(a.end, policy.timeZone) ?? this.licenseEnd[l]!;
        this.licenseEnd[l] = end;
        this.sink.record({
          type: 'timeline',
          at: this.now,
          action: 'renew',
          license: a.license,
          detail: `until ${a.end}`,
        });
        if (end > this.now && end <= this.run.scenario.endMs) this.queue.push(end, Ev.licenseBoundary, l, 0);
        const was = this.poolLicensed[pool];
        this.poolLicensed[pool] = this.hasValidLicense(pool) ? 1 : 0;
        if (this.poolLicensed[pool]) {
          this.send(pool, { type: 'RENEW' }, `license ${a.license} renewed until ${a.end}`);
        } else if (was) {
          this.send(pool, { type: 'EXPIRE' }, `license ${a.license} renewed to an end already past`);
        }
        await this.setCapacity(pool, `license ${a.license} renewed`);
        return;
      }
      case 'upgrade': {
        const before = this.licenseCount[l]!;
        this.licenseCount[l] = a.count;
        const detail = `${before} → ${a.count} sessions`;
        this.sink.record({ type: 'timeline', at: this.now, action: 'upgrade', license: a.license, detail });
        this.send(pool, { type: 'UPGRADE' }, `license ${a.license} upgraded, ${detail}, without downtime`);
        await this.setCapacity(pool, `license ${a.license} upgraded`);
        return;
      }
      case 'expire':
        this.licenseEnd[l] = Math.min(this.licenseEnd[l]!, this.now);
        this.sink.record({
          type: 'timeline',
          at: this.now,
          action: 'expire',
          license: a.license,
          detail: '',
        });
        await this.refreshPool(pool, `license ${a.license} expired`);
        return;
    }
  }

  /** W1: a node failure moves its sessions to a surviving node of the cluster, with no new license. */
  private async nodeDown(node: number): Promise<void> {
    if (this.nodeOutages[node]!++ > 0) return;
    const policy = this.run.policy;
    const site = policy.nodes[node]!.site;
    const survivor = this.pickNode(site);
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
    this.sink.record({
      type: 'failover',
      at: this.now,
      from: policy.nodes[node]!.id,
      to: policy.nodes[survivor]!.id,
      sessions: moved,
    });
  }

  private async endOutage(index: number): Promise<void> {
    const e = this.run.timeline[index]!;
    const a = e.action;
    if (a.kind !== 'outage') return;
    const policy = this.run.policy;
    this.sink.record({ type: 'outage', at: this.now, target: a.target, id: a.id, phase: 'end' });
    if (a.target === 'license-server') {
      if (--this.licenseServerOutages === 0) {
        for (const pool of policy.pools)
          this.send(pool.index, { type: 'CONTACT_RESTORED' }, 'license server reachable again');
      }
    } else if (a.target === 'license') {
      this.licenseFailed[e.target]!--;
      await this.setCapacity(policy.licenses[e.target]!.pool, `license ${a.id} restored`);
    } else if (a.target === 'site') {
      for (const n of policy.sites[e.target]!.nodes) this.nodeOutages[n]!--;
    } else {
      this.nodeOutages[e.target]!--;
    }
  }
}

function formatDays(ms: number | null): string {
  if (ms === null) return 'unlimited duration';
  const days = ms / MS_PER_DAY;
  return Number.isInteger(days) ? `${days} days` : `${ms / 3_600_000} hours`;
}
