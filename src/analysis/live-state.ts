import type { Run } from '../model/bind.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import type { AlertKind, TraceRecord } from '../trace/records.js';
import type { StateName } from '../vocabulary.js';
import { IgnoreAll, type Reducer } from './analysis.js';

/** How many of the latest alerts and denials a live view keeps. */
export const LATEST = 5;

/** One pool as it stands now. */
export interface LivePool {
  readonly id: string;
  readonly inUse: number;
  readonly capacity: number;
  readonly peak: number;
  readonly state: StateName;
  /** W11 usage thresholds as fractions of capacity; null when the policy sets none. */
  readonly warning: number | null;
  readonly critical: number | null;
  readonly admitted: number;
  readonly denied: number;
}

/** An alert raised or a session denied, as the latest ones are listed. */
export interface LiveNotice {
  readonly at: number;
  readonly pool: string;
  /** The alert kind, or the rule that denied. */
  readonly what: string;
  readonly message: string;
}

/** A run as it stands at one virtual instant: what a live view shows. Plain data, a copy each time. */
export interface LiveSnapshot {
  readonly scenario: string;
  readonly policy: string;
  readonly product: string;
  readonly timeZone: string;
  readonly start: number;
  readonly end: number;
  /** The virtual instant replayed to. */
  readonly at: number;
  readonly pools: readonly LivePool[];
  /** The latest alerts raised and sessions denied, oldest first, at most `LATEST` each. */
  readonly alerts: readonly LiveNotice[];
  readonly denials: readonly LiveNotice[];
}

interface PoolTally {
  inUse: number;
  capacity: number;
  peak: number;
  state: StateName;
  admitted: number;
  denied: number;
}

/**
 * The state of a run as it streams, for a live view: per pool its use, capacity, peak and lifecycle
 * state, and the latest alerts and denials. A snapshot can be taken at any point of the run.
 */
export class LiveState extends IgnoreAll implements Reducer<LiveSnapshot> {
  private readonly pools: PoolTally[];
  private readonly alerts: LiveNotice[] = [];
  private readonly denials: LiveNotice[] = [];
  private reached: number;

  constructor(private readonly run: Run) {
    super();
    this.reached = run.scenario.startMs;
    this.pools = run.policy.pools.map(() => ({
      inUse: 0,
      capacity: 0,
      peak: 0,
      state: 'active',
      admitted: 0,
      denied: 0,
    }));
  }

  override admit(at: number, _s: number, _u: number, _n: number, pool: number, inUse: number): void {
    const p = this.pools[pool]!;
    p.inUse = inUse;
    p.admitted++;
    if (inUse > p.peak) p.peak = inUse;
    this.reached = at;
  }

  override release(at: number, _session: number, pool: number, inUse: number): void {
    this.pools[pool]!.inUse = inUse;
    this.reached = at;
  }

  override deny(
    at: number,
    _s: number,
    _u: number,
    _site: number,
    pool: number,
    outcome: RuleOutcome,
    _seen: FactVector,
  ): void {
    this.pools[pool]!.denied++;
    latest(this.denials, {
      at,
      pool: this.poolId(pool),
      what: outcome.rule ?? outcome.type,
      message: outcome.message,
    });
    this.reached = at;
  }

  override alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    _outcome: RuleOutcome,
    _seen: FactVector,
    message: string,
  ): void {
    if (raised) latest(this.alerts, { at, pool: this.poolId(pool), what: kind, message });
    this.reached = at;
  }

  override record(r: TraceRecord): void {
    if (r.type === 'capacity') this.pools[r.pool]!.capacity = r.capacity;
    else if (r.type === 'transition') this.pools[r.pool]!.state = r.to;
    this.reached = r.at;
  }

  /** The run as it stands, at `at` when the replay has reached further than its last record. */
  snapshot(at: number = this.reached): LiveSnapshot {
    const { scenario, policy } = this.run;
    return {
      scenario: scenario.name,
      policy: policy.name,
      product: policy.product,
      timeZone: policy.timeZone,
      start: scenario.startMs,
      end: scenario.endMs,
      at: Math.max(at, this.reached),
      pools: this.pools.map((p, i) => ({
        id: policy.pools[i]!.id,
        ...p,
        warning: policy.alerts.usageWarning,
        critical: policy.alerts.usageCritical,
      })),
      alerts: [...this.alerts],
      denials: [...this.denials],
    };
  }

  result(): LiveSnapshot {
    return this.snapshot();
  }

  private poolId(pool: number): string {
    return this.run.policy.pools[pool]?.id ?? `pool#${pool}`;
  }
}

/** Keeps the latest `LATEST` entries of a list, oldest first. */
function latest(list: LiveNotice[], notice: LiveNotice): void {
  list.push(notice);
  if (list.length > LATEST) list.shift();
}
