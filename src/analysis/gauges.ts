import { DateTime } from 'luxon';
import type { Run } from '../model/bind.js';
import type { TraceRecord } from '../trace/records.js';
import type { StateName } from '../vocabulary.js';
import { IgnoreAll, type Reducer } from './analysis.js';

/** W11's license status: 0 invalid, 1 valid, 2 trial. */
export type LicenseStatus = 0 | 1 | 2;

/**
 * The status a monitoring script reads in each lifecycle state: a trial is a trial; expired means no
 * valid license; grace and restricted-access still run on a license, so it counts as valid.
 */
export const statusOfState: Readonly<Record<StateName, LicenseStatus>> = {
  trial: 2,
  active: 1,
  grace: 1,
  'restricted-access': 1,
  expired: 0,
};

/** One pool's W11 gauges at an instant, as a monitoring scrape would read them. */
export interface PoolGauges {
  readonly pool: string;
  /** Sessions the pool may use (its effective capacity). */
  readonly sessionsTotal: number;
  readonly sessionsUsed: number;
  /** Never below 0: a pool over its limit (allow-and-alert) has none available. */
  readonly sessionsAvailable: number;
  /** Whole days, rounded up in the policy's calendar, until its valid licenses end; null with none valid. */
  readonly daysToExpiry: number | null;
  readonly state: StateName;
  readonly status: LicenseStatus;
}

/** A run's gauges at one instant. */
export interface GaugeReading {
  readonly policy: string;
  readonly product: string;
  /** The instant read, epoch ms. */
  readonly at: number;
  readonly pools: readonly PoolGauges[];
}

/**
 * Reads every pool's gauges as they stand at `at` (after every event at that instant): records after it
 * are ignored, so one run answers for any instant within it, its end by default.
 */
export class GaugesAt extends IgnoreAll implements Reducer<GaugeReading> {
  private readonly inUse: number[];
  private readonly capacity: number[];
  private readonly state: (StateName | null)[];
  private readonly end: (number | null)[];

  constructor(
    private readonly run: Run,
    readonly at: number = run.scenario.endMs,
  ) {
    super();
    const n = run.policy.pools.length;
    this.inUse = new Array<number>(n).fill(0);
    this.capacity = new Array<number>(n).fill(0);
    this.state = new Array<StateName | null>(n).fill(null);
    this.end = new Array<number | null>(n).fill(null);
  }

  override admit(at: number, _s: number, _u: number, _n: number, pool: number, inUse: number): void {
    if (at <= this.at) this.inUse[pool] = inUse;
  }

  override release(at: number, _session: number, pool: number, inUse: number): void {
    if (at <= this.at) this.inUse[pool] = inUse;
  }

  override record(r: TraceRecord): void {
    if (r.at > this.at) return;
    if (r.type === 'capacity') this.capacity[r.pool] = r.capacity;
    else if (r.type === 'transition') this.state[r.pool] = r.to;
    else if (r.type === 'license-end') this.end[r.pool] = r.end;
  }

  result(): GaugeReading {
    const { policy } = this.run;
    const zone = policy.timeZone;
    const now = DateTime.fromMillis(this.at, { zone });
    return {
      policy: policy.name,
      product: policy.product,
      at: this.at,
      pools: policy.pools.map((p, i) => {
        const end = this.end[i]!;
        const state = this.state[i] ?? 'active';
        const total = this.capacity[i]!;
        const used = this.inUse[i]!;
        return {
          pool: p.id,
          sessionsTotal: total,
          sessionsUsed: used,
          sessionsAvailable: Math.max(0, total - used),
          daysToExpiry:
            end === null ? null : Math.ceil(DateTime.fromMillis(end, { zone }).diff(now, 'days').days),
          state,
          status: statusOfState[state],
        };
      }),
    };
  }
}
