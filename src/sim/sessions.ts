import type { Run } from '../model/bind.js';
import type { PolicyRules } from '../rules/policy-rules.js';
import { decisionOf, type FactVector, type RuleOutcome } from '../trace/facts.js';
import { ReleaseCause, type SessionSink, type SplitSink, type TraceSink } from '../trace/records.js';
import type { HoldingDistribution } from '../vocabulary.js';
import { calendarWeights, PoissonArrivals, zoneCalendarSlot } from './arrival-profile.js';
import { type BatchStarts, batchStarts } from './batch-starts.js';
import { type EventKind, type Kernel, Priority } from './kernel.js';
import type { CapacityModel } from './licensing-model.js';
import type { PoolCounts } from './pool-counts.js';
import type { PoolLifecycles } from './pool-lifecycles.js';
import { Rng } from './rng.js';
import { SessionTable } from './session-table.js';
import type { Topology } from './topology.js';
import type { UsageLevels } from './usage-levels.js';
import type { Users } from './users.js';

/** A load stream as the arrival path reads it: flat fields, no nested objects to walk per arrival. */
interface Stream {
  readonly arrivals: PoissonArrivals;
  readonly rng: Rng;
  readonly userBase: number;
  readonly users: number;
  readonly site: number;
  readonly node: number;
  readonly distribution: HoldingDistribution;
  readonly holdMeanMs: number;
  readonly holdSigma: number;
  /** Share of sessions left idle, or -1 when the stream has none (no draw is made then). */
  readonly idleShare: number;
  readonly idleMs: number;
}

type SessionEvents = 'arrival' | 'explicit' | 'end' | 'idleCheck';

/**
 * Sessions and their admission: arrivals from the load streams and the explicit sessions, the admission
 * rules deciding each (by condition outcomes; the engine runs only for outcomes not seen before), session
 * ends, idle timeouts (W10), and ending sessions when a site goes down or a state says so.
 */
export class Sessions {
  /** Sessions offered so far, admitted or not. */
  offered = 0;
  private readonly table = new SessionTable(1024);
  private readonly userSessions: Int32Array;
  private readonly streams: Stream[];
  private readonly admission: FactVector;
  private readonly idleFacts: FactVector;
  /** The policy's idle timeout, or Infinity when it has none, so that `idleMs > timeout` is one test. */
  private readonly idleTimeoutMs: number;
  private readonly ev: { readonly [kind in SessionEvents]: EventKind };
  /** The place of each batch's first session in the order of events (`Kernel.reserve`). */
  private readonly batchPlace: Float64Array;
  /** Each batch's session start instants, made one at a time. */
  private readonly starts: BatchStarts[];
  /** Where admissions and releases go: the one reducer that reads them when there is one. */
  private readonly hot: SessionSink;
  // The counters read on every arrival, held here rather than reached through their owners.
  private readonly inUse: Int32Array;
  private readonly capacity: Int32Array;
  private readonly siteInUse: Int32Array;
  private readonly siteCapacity: Int32Array;
  private readonly stateCode: Int32Array;
  private readonly sitePool: Int32Array;
  /** The usage levels' bands: a count within its pool's band changes no level, so no call is made. */
  private readonly bandLow: Int32Array;
  private readonly bandHigh: Int32Array;
  /** The licensing model to tell when a denial finds its pool full (a lease client), or null. */
  private demand: CapacityModel | null = null;
  /** The licensing model that gives seats to identities (named users), or null. */
  private seats: CapacityModel | null = null;

  constructor(
    private readonly run: Run,
    private readonly kernel: Kernel,
    private readonly sink: TraceSink,
    private readonly rules: PolicyRules,
    counts: PoolCounts,
    private readonly lifecycles: PoolLifecycles,
    private readonly usage: UsageLevels,
    private readonly topology: Topology,
    private readonly users: Users,
  ) {
    const { policy, scenario } = run;
    // Stryker disable next-line StringLiteral: through the fan-out, admissions and releases reach the same reducer, only slower
    this.hot = 'sessions' in sink ? (sink as SplitSink).sessions : sink;
    this.inUse = counts.inUse;
    this.capacity = counts.capacity;
    this.siteInUse = counts.siteInUse;
    this.siteCapacity = counts.siteCapacity;
    this.stateCode = lifecycles.stateCode;
    this.sitePool = topology.sitePool;
    this.bandLow = usage.bandLow;
    this.bandHigh = usage.bandHigh;
    this.userSessions = new Int32Array(users.count);
    this.admission = rules.admission.vector();
    this.idleFacts = rules.idle.vector();
    this.idleTimeoutMs = policy.limits.idleTimeoutMs ?? Number.POSITIVE_INFINITY;
    this.batchPlace = new Float64Array(run.sessions.length);
    const root = new Rng(scenario.seed);
    this.starts = batchStarts(run.sessions, root);
    const slotOf = zoneCalendarSlot(policy.timeZone);
    this.streams = run.load.map((l, i) => {
      const rng = root.fork(i);
      return {
        arrivals: new PoissonArrivals(rng.fork(0), l.perHour, calendarWeights(l.profile), slotOf),
        rng: rng.fork(1),
        userBase: users.streamBase[i]!,
        users: l.users,
        site: l.siteIndex,
        node: l.nodeIndex,
        distribution: l.holding.distribution,
        holdMeanMs: l.holding.meanMs,
        holdSigma: l.holding.sigma,
        // Stryker disable next-line UnaryOperator: a share for a stream without idle sessions adds a draw (of idle time 0): it shifts later draws, not their distribution
        idleShare: l.idle === null ? -1 : l.idle.share,
        idleMs: l.idle === null ? 0 : l.idle.durationMs,
      };
    });
    this.ev = kernel.register<SessionEvents, Sessions>(
      {
        arrival: this.arrive,
        explicit: this.explicit,
        end: this.ended,
        idleCheck: this.idleDue,
      },
      Priority.session,
      this,
    );
  }

  /**
   * Queues each batch's first session and each stream's first arrival. A batch has one pending event at
   * a time: its session k schedules session k + 1 (see `explicit`), so memory does not grow with counts
   * (1000 batches of a million sessions, all queued at the start, took 5 GB). Each session still takes
   * the place in the order of events it would have had with every session queued here. A spread batch's
   * starts rise, so session k + 1 is never due before session k, which schedules it.
   */
  start(): void {
    const { startMs, endMs } = this.run.scenario;
    for (const [i, batch] of this.run.sessions.entries()) {
      this.batchPlace[i] = this.kernel.reserve(batch.count);
      this.kernel.scheduleReserved(this.starts[i]!.next(), this.ev.explicit, i, 0, this.batchPlace[i]!);
    }
    for (const [i, stream] of this.streams.entries()) {
      const first = stream.arrivals.next(startMs, endMs);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: an arrival after the end is never handled; one due at the very millisecond of the end is a chance in millions
      if (first <= endMs) this.kernel.schedule(first, this.ev.arrival, i, 0);
    }
  }

  private arrive(index: number): Promise<void> | undefined {
    const stream = this.streams[index]!;
    const now = this.kernel.now;
    const next = stream.arrivals.next(now, this.kernel.end);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an arrival after the end is never handled; one due at the very millisecond of the end is a chance in millions
    if (next <= this.kernel.end) this.kernel.scheduleAfter(next - now, this.ev.arrival, index, 0);
    const user = stream.userBase + stream.rng.int(stream.users);
    const hold = holdingTime(stream);
    // Stryker disable next-line EqualityOperator: a share of 0 drawn or not leaves no session idle (it shifts later draws only); a uniform equal to the share is a chance in 2^53
    const idleMs = stream.idleShare >= 0 && stream.rng.uniform() < stream.idleShare ? stream.idleMs : 0;
    return this.offer(user, stream.site, stream.node, hold, idleMs);
  }

  private explicit(index: number, k: number): Promise<void> | undefined {
    const batch = this.run.sessions[index]!;
    if (k + 1 < batch.count) {
      this.kernel.scheduleReserved(
        this.starts[index]!.next(),
        this.ev.explicit,
        index,
        k + 1,
        this.batchPlace[index]! + k + 1,
      );
    }
    const idle = batch.idleAfterMs === null ? 0 : batch.durationMs - batch.idleAfterMs;
    const active = batch.idleAfterMs ?? batch.durationMs;
    const user = this.users.ofBatch(index, k);
    return this.offer(user, batch.siteIndex, batch.nodeIndex, active, idle);
  }

  /** A checkout of a replayed usage log asks to start at `site`, for `durationMs` (RecordedSessions). */
  offerRecorded(user: number, site: number, durationMs: number): Promise<void> | undefined {
    return this.offer(user, site, -1, durationMs, 0);
  }

  /**
   * A session asks to start: the admission rules decide. Returns a promise only when the rules engine had
   * to run (condition outcomes not seen before).
   */
  private offer(
    user: number,
    site: number,
    node: number,
    activeMs: number,
    idleMs: number,
  ): Promise<void> | undefined {
    const id = ++this.offered;
    // Stryker disable next-line ConditionalExpression: node -1 is never up, so it falls to pickNode all the same
    const chosen = node >= 0 && this.topology.isUp(node) ? node : this.topology.pickNode(site);
    if (chosen < 0) return this.unavailable(id, site);
    const pool = this.sitePool[site]!;
    const f = this.admission.values;
    f[0] = this.stateCode[pool]!;
    f[1] = this.inUse[pool]!;
    f[2] = this.capacity[pool]!;
    f[3] = this.siteInUse[site]!;
    f[4] = this.siteCapacity[site]!;
    f[5] = this.userSessions[user]!;
    const outcome = this.rules.admission.lookup(this.admission);
    if (outcome === undefined) return this.evaluate(id, user, site, chosen, pool, activeMs, idleMs);
    return this.decided(outcome, id, user, site, chosen, pool, activeMs, idleMs);
  }

  /** No node of the site is up: the session cannot even ask. Off the arrival path, so kept out of `offer`. */
  private unavailable(id: number, site: number): undefined {
    this.sink.record({ type: 'unavailable', at: this.kernel.now, session: id, site });
    return undefined;
  }

  /**
   * The rules engine decides outcomes not seen before: rare, so kept off the arrival path, and a method
   * rather than a closure in `offer`, because V8 allocates the context of a closure's captured variables
   * on every call of the function that declares it, used or not.
   */
  private async evaluate(
    id: number,
    user: number,
    site: number,
    node: number,
    pool: number,
    activeMs: number,
    idleMs: number,
  ): Promise<void> {
    const outcome = await this.rules.admission.evaluate(this.admission);
    await this.decided(outcome, id, user, site, node, pool, activeMs, idleMs);
  }

  /** What the admission rules decided, applied: a denial recorded, or the session admitted. */
  private decided(
    outcome: RuleOutcome,
    id: number,
    user: number,
    site: number,
    node: number,
    pool: number,
    activeMs: number,
    idleMs: number,
  ): Promise<void> | undefined {
    if (outcome.type === 'deny') {
      this.sink.deny(this.kernel.now, id, user, site, pool, outcome, this.admission);
      if (this.demand !== null && this.inUse[pool]! >= this.capacity[pool]!)
        return this.demand.saturated!(pool);
      return undefined;
    }
    if (this.seats !== null) {
      const refused = this.seats.seat!(pool, user, this.userSessions[user]!);
      if (refused !== null) {
        this.sink.deny(this.kernel.now, id, user, site, pool, refused, this.admission);
        return undefined;
      }
    }
    return this.admit(outcome, id, user, site, node, pool, activeMs, idleMs);
  }

  private admit(
    outcome: RuleOutcome,
    id: number,
    user: number,
    site: number,
    node: number,
    pool: number,
    activeMs: number,
    idleMs: number,
  ): Promise<void> | undefined {
    const now = this.kernel.now;
    // Stryker disable next-line ArithmeticOperator: read only when the idle rule keeps an idle session, which it never does (see idleDecided)
    const naturalEnd = now + activeMs + idleMs;
    const slot = this.table.open(id, user, node, site, pool, naturalEnd);
    const inUse = ++this.inUse[pool]!;
    this.siteInUse[site]!++;
    this.userSessions[user]!++;
    this.hot.admit(now, id, user, node, pool, inUse);
    const generation = this.table.generation[slot]!;
    if (idleMs > this.idleTimeoutMs) {
      this.kernel.scheduleAfter(activeMs + this.idleTimeoutMs, this.ev.idleCheck, slot, generation);
    } else {
      this.kernel.scheduleAfter(activeMs + idleMs, this.ev.end, slot, generation);
    }
    if (outcome.type === 'admit-and-restrict' && this.lifecycles.state[pool] === 'active') {
      const decision = decisionOf(outcome, this.admission);
      this.lifecycles.send(pool, 'VIOLATION_RAISED', outcome.message, decision);
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the count only rises on admission and falls on release, so one bound always holds; asking about a count in the band is only slower
    if (inUse >= this.bandLow[pool]! && inUse <= this.bandHigh[pool]!) return undefined;
    return this.usage.changed(pool);
  }

  private idleDue(slot: number, generation: number): Promise<void> | undefined {
    return this.table.generation[slot] === generation ? this.idleCheck(slot) : undefined;
  }

  private ended(slot: number, generation: number): Promise<void> | undefined {
    return this.table.generation[slot] === generation
      ? this.release(slot, ReleaseCause.completed)
      : undefined;
  }

  private release(slot: number, cause: ReleaseCause): Promise<void> | undefined {
    const s = this.table;
    const pool = s.pool[slot]!;
    const inUse = --this.inUse[pool]!;
    this.siteInUse[s.site[slot]!]!--;
    this.userSessions[s.user[slot]!]!--;
    const id = s.id[slot]!;
    s.close(slot);
    this.hot.release(this.kernel.now, id, pool, inUse, cause);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the count only rises on admission and falls on release, so one bound always holds; asking about a count in the band is only slower
    if (inUse >= this.bandLow[pool]! && inUse <= this.bandHigh[pool]!) return undefined;
    return this.usage.changed(pool);
  }

  /** W10: a session idle for the policy's timeout is ended, if the idle-timeout rule says so. */
  private idleCheck(slot: number): Promise<void> | undefined {
    this.idleFacts.values[0] = this.idleTimeoutMs;
    const outcome = this.rules.idle.lookup(this.idleFacts);
    if (outcome !== undefined) return this.idleDecided(slot, outcome);
    return this.idleEvaluate(slot);
  }

  /** The idle rule decided by the engine; a method of its own for the reason given at `evaluate`. */
  private async idleEvaluate(slot: number): Promise<void> {
    await this.idleDecided(slot, await this.rules.idle.evaluate(this.idleFacts));
  }

  private idleDecided(slot: number, outcome: RuleOutcome): Promise<void> | undefined {
    // Stryker disable next-line ConditionalExpression,BlockStatement: the idle rule ends every session it is asked about: it is asked once the timeout has passed
    if (outcome.type !== 'end-session') {
      this.kernel.schedule(this.table.until[slot]!, this.ev.end, slot, this.table.generation[slot]!);
      return undefined;
    }
    const { rule, ruleIds, message } = outcome;
    this.sink.record({
      type: 'session-ended',
      at: this.kernel.now,
      session: this.table.id[slot]!,
      pool: this.table.pool[slot]!,
      message,
      rule,
      ruleIds,
      facts: this.idleFacts.toObject(),
    });
    return this.release(slot, ReleaseCause.idleTimeout);
  }

  /** Tells `model` of every denial that finds its pool's sessions filling its capacity (P3). */
  askOnSaturation(model: CapacityModel): void {
    this.demand = model;
  }

  /** Asks `model` for a seat for every session the admission rules let in (P12: named users). */
  askForSeats(model: CapacityModel): void {
    this.seats = model;
  }

  /** Ends every live session matching `which`, e.g. all sessions of a site that went down. */
  async endWhere(which: (slot: number) => boolean, cause: ReleaseCause): Promise<void> {
    const s = this.table;
    // Stryker disable next-line EqualityOperator: the slot at the high-water mark was never opened, so it is not live
    for (let slot = 0; slot < s.highWater; slot++) {
      if (s.live(slot) && which(slot)) await this.release(slot, cause);
    }
  }

  endPool(pool: number, cause: ReleaseCause): Promise<void> {
    return this.endWhere((slot) => this.table.pool[slot] === pool, cause);
  }

  endSite(site: number, cause: ReleaseCause): Promise<void> {
    return this.endWhere((slot) => this.table.site[slot] === site, cause);
  }

  endNode(node: number, cause: ReleaseCause): Promise<void> {
    return this.endWhere((slot) => this.table.node[slot] === node, cause);
  }

  /** W1: moves a failed node's sessions to a survivor, with no new license; returns how many moved. */
  moveNode(from: number, to: number): number {
    const s = this.table;
    let moved = 0;
    // Stryker disable next-line EqualityOperator: the slot at the high-water mark was never opened, so it is not live
    for (let slot = 0; slot < s.highWater; slot++) {
      if (s.live(slot) && s.node[slot] === from) {
        s.node[slot] = to;
        moved++;
      }
    }
    return moved;
  }
}

function holdingTime(stream: Stream): number {
  const d = stream.distribution;
  if (d === 'fixed') return stream.holdMeanMs;
  const ms =
    d === 'exponential'
      ? stream.rng.exponential(stream.holdMeanMs)
      : stream.rng.lognormal(stream.holdMeanMs, stream.holdSigma);
  return Math.max(1, Math.round(ms));
}
