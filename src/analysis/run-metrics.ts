import type { Policy, StateName } from '../model/policy.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import {
  type AlertKind,
  ReleaseCause,
  releaseCauseNames,
  type TraceRecord,
  type TraceSink,
} from '../trace/records.js';

/**
 * A list kept in full up to a limit; beyond it only the count of dropped items grows, so memory stays flat
 * on long runs, and reports say how much they left out rather than dropping it silently.
 */
export class BoundedList<T> {
  readonly items: T[] = [];
  dropped = 0;
  constructor(readonly limit: number) {}
  push(item: T): void {
    if (this.items.length < this.limit) this.items.push(item);
    else this.dropped++;
  }
  /** Whether another item would be kept: on hot paths, build an item only when it will be. */
  get hasRoom(): boolean {
    return this.items.length < this.limit;
  }
}

/** Lifecycle transitions are few (timeline, timers) and expectations read them, so many more are kept. */
export const TRANSITION_LIMIT = 10_000;
export const LIST_LIMIT = 200;

export interface Transition {
  readonly at: number;
  readonly pool: string;
  readonly from: StateName | null;
  readonly to: StateName;
  readonly event: string;
  readonly reason: string;
  /** The rule that drove the transition (restricted-access on a violation), with the facts it saw. */
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Readonly<Record<string, number>>;
}

export interface Alert {
  readonly at: number;
  readonly pool: string;
  readonly kind: AlertKind;
  readonly message: string;
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Readonly<Record<string, number>>;
}

export interface DenialSummary {
  readonly pool: string;
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly message: string;
  count: number;
  /** The first denial by this rule: when, and the facts the rule saw. */
  readonly first: {
    readonly at: number;
    readonly session: number;
    readonly facts: Readonly<Record<string, number>>;
  };
}

/** Per-pool figures reduced from the trace as it streams. */
export class PoolFigures {
  admitted = 0;
  denied = 0;
  unavailable = 0;
  peak = 0;
  inUse = 0;
  /** Effective capacity now, and the lowest it has been (exact, whatever the capped list keeps). */
  capacity = 0;
  capacityMin = Number.POSITIVE_INFINITY;
  readonly capacityOverTime = new BoundedList<{ at: number; capacity: number }>(LIST_LIMIT);
  readonly endedBy = new Map<string, number>();
  /** Milliseconds spent at each concurrency level. */
  timeAt = new Float64Array(64);
  private since: number;
  /** Start of the current stretch at or above each alert level, or NaN. */
  readonly above: Record<'usage-warning' | 'usage-critical' | 'over-limit', number> = {
    'usage-warning': Number.NaN,
    'usage-critical': Number.NaN,
    'over-limit': Number.NaN,
  };
  readonly timeAbove: Record<'usage-warning' | 'usage-critical' | 'over-limit', number> = {
    'usage-warning': 0,
    'usage-critical': 0,
    'over-limit': 0,
  };

  constructor(
    readonly id: string,
    start: number,
  ) {
    this.since = start;
  }

  /** Credits the time since the last change to the current level, then moves to `inUse`. */
  step(at: number, inUse: number): void {
    if (this.inUse >= this.timeAt.length) this.widen(this.inUse);
    this.timeAt[this.inUse]! += at - this.since;
    this.since = at;
    this.inUse = inUse;
    if (inUse > this.peak) this.peak = inUse;
  }

  private widen(level: number): void {
    let n = this.timeAt.length;
    while (n <= level) n *= 2;
    const wider = new Float64Array(n);
    wider.set(this.timeAt);
    this.timeAt = wider;
  }

  finish(end: number): void {
    this.step(end, this.inUse);
    for (const kind of Object.keys(this.above) as (keyof PoolFigures['above'])[]) {
      if (!Number.isNaN(this.above[kind])) this.timeAbove[kind] += end - this.above[kind];
      this.above[kind] = Number.NaN;
    }
  }

  /** Time-weighted mean and 95th percentile of concurrency. */
  distribution(): { mean: number; p95: number } {
    let total = 0;
    let weighted = 0;
    for (let k = 0; k < this.timeAt.length; k++) {
      total += this.timeAt[k]!;
      weighted += k * this.timeAt[k]!;
    }
    if (total === 0) return { mean: 0, p95: 0 };
    let cumulative = 0;
    let p95 = 0;
    for (let k = 0; k < this.timeAt.length; k++) {
      cumulative += this.timeAt[k]!;
      if (cumulative >= 0.95 * total) {
        p95 = k;
        break;
      }
    }
    return { mean: weighted / total, p95 };
  }
}

/**
 * Reduces a run's trace to the figures reports and expectations need: per-pool concurrency, admissions,
 * denials with the rule that decided, the lifecycle timeline, and alerts.
 */
export class RunMetrics implements TraceSink {
  readonly pools: PoolFigures[];
  readonly transitions = new BoundedList<Transition>(TRANSITION_LIMIT);
  readonly alerts = new BoundedList<Alert>(LIST_LIMIT);
  /** Alerts raised per pool and kind, counted even past LIST_LIMIT. */
  readonly alertCounts: Partial<Record<AlertKind, number>>[];
  readonly denials = new Map<string, DenialSummary>();
  readonly failovers = new BoundedList<{ at: number; from: string; to: string; sessions: number }>(
    LIST_LIMIT,
  );

  constructor(
    private readonly policy: Policy,
    readonly startedAt: number,
  ) {
    this.pools = policy.pools.map((p) => new PoolFigures(p.id, startedAt));
    this.alertCounts = policy.pools.map(() => ({}));
  }

  admit(at: number, _session: number, _user: number, _node: number, pool: number, inUse: number): void {
    const figures = this.pools[pool]!;
    figures.admitted++;
    figures.step(at, inUse);
  }

  release(at: number, _session: number, pool: number, inUse: number, cause: ReleaseCause): void {
    const figures = this.pools[pool]!;
    figures.step(at, inUse);
    if (cause !== ReleaseCause.completed) {
      const name = releaseCauseNames[cause];
      figures.endedBy.set(name, (figures.endedBy.get(name) ?? 0) + 1);
    }
  }

  deny(
    at: number,
    session: number,
    _user: number,
    _site: number,
    pool: number,
    decision: RuleOutcome,
    seen: FactVector,
  ): void {
    const figures = this.pools[pool]!;
    figures.denied++;
    const key = `${pool}\u0000${decision.rule}`;
    const known = this.denials.get(key);
    if (known) {
      known.count++;
      return;
    }
    this.denials.set(key, {
      pool: figures.id,
      rule: decision.rule,
      ruleIds: decision.ruleIds,
      message: decision.message,
      count: 1,
      first: { at, session, facts: seen.toObject() },
    });
  }

  alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    d: RuleOutcome,
    seen: FactVector,
    message: string,
  ): void {
    const figures = this.pools[pool]!;
    if (!raised) {
      if (kind === 'expiry-warning') return;
      const since = figures.above[kind];
      if (!Number.isNaN(since)) figures.timeAbove[kind] += at - since;
      figures.above[kind] = Number.NaN;
      return;
    }
    const counts = this.alertCounts[pool]!;
    counts[kind] = (counts[kind] ?? 0) + 1;
    if (kind !== 'expiry-warning') figures.above[kind] = at;
    // Alerts flap at a threshold: past the limit, count them without building a record.
    if (!this.alerts.hasRoom) this.alerts.dropped++;
    else
      this.alerts.push({
        at,
        pool: figures.id,
        kind,
        message,
        rule: d.rule,
        ruleIds: d.ruleIds,
        facts: seen.toObject(),
      });
  }

  record(r: TraceRecord): void {
    switch (r.type) {
      case 'transition': {
        const { type: _, at, pool, ...transition } = r;
        this.transitions.push({ at, pool: this.poolId(pool), ...transition });
        break;
      }
      case 'capacity': {
        const figures = this.pools[r.pool]!;
        figures.capacity = r.capacity;
        figures.capacityMin = Math.min(figures.capacityMin, r.capacity);
        figures.capacityOverTime.push({ at: r.at, capacity: r.capacity });
        break;
      }
      case 'unavailable': {
        const pool = this.policy.sites[r.site]!.pool;
        this.pools[pool]!.unavailable++;
        break;
      }
      case 'failover':
        this.failovers.push({ at: r.at, from: r.from, to: r.to, sessions: r.sessions });
        break;
      case 'run-end':
        for (const figures of this.pools) figures.finish(r.at);
        break;
      default:
        break;
    }
  }

  /** Alerts of a kind raised in a pool (or all pools when `pool` is undefined). */
  alertsRaised(kind: AlertKind, pool?: string): number {
    let n = 0;
    this.policy.pools.forEach((p, i) => {
      if (pool === undefined || p.id === pool) n += this.alertCounts[i]![kind] ?? 0;
    });
    return n;
  }

  /** The lifecycle state of a pool at an instant, from the transitions seen. */
  stateAt(pool: string, at: number): StateName | null {
    let state: StateName | null = null;
    for (const t of this.transitions.items) {
      if (t.pool !== pool) continue;
      if (t.at > at) break;
      state = t.to;
    }
    return state;
  }

  private poolId(pool: number): string {
    return this.policy.pools[pool]?.id ?? `pool#${pool}`;
  }
}
