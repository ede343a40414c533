import type { TraceRecord } from '../trace/records.js';
import type { LeaseAction } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, LIST_LIMIT, push, TRANSITION_LIMIT } from './bounded-list.js';

/** A lease decision as the report shows it: the trace record without its type tag. */
export type LeaseDecision = Omit<Extract<TraceRecord, { type: 'lease' }>, 'type'>;

/** One client's (or cluster's) lease of one feature over the run. */
export interface LeaseSummary {
  readonly client: string;
  readonly cluster: string | null;
  readonly feature: string;
  /** How many times each action happened, counted past the list limits too. */
  readonly counts: Record<LeaseAction, number>;
  /** The most it leased at once, and what it leased at the end. */
  peak: number;
  atEnd: number;
  /** Each change of the leased count, in order, for expectations at an instant. */
  readonly changes: BoundedList<{ readonly at: number; readonly leased: number }>;
}

export interface Leases {
  readonly clients: LeaseSummary[];
  /** Every decision but a renewal that changed nothing (the first 200). */
  readonly decisions: BoundedList<LeaseDecision>;
}

class LeaseReducer extends IgnoreAll implements Reducer<Leases> {
  private readonly byKey = new Map<string, LeaseSummary>();
  private readonly leases: Leases = { clients: [], decisions: boundedList(LIST_LIMIT) };

  override record(r: TraceRecord): void {
    if (r.type !== 'lease') return;
    const key = `${r.client}\u0000${r.feature}`;
    let summary = this.byKey.get(key);
    if (summary === undefined) {
      summary = {
        client: r.client,
        cluster: r.cluster,
        feature: r.feature,
        counts: { granted: 0, refused: 0, renewed: 0, released: 0, reclaimed: 0, cut: 0 },
        peak: 0,
        atEnd: 0,
        changes: boundedList(TRANSITION_LIMIT),
      };
      this.byKey.set(key, summary);
      this.leases.clients.push(summary);
    }
    summary.counts[r.action]++;
    const changed = r.leased !== summary.atEnd || summary.changes.items.length === 0;
    if (changed) push(summary.changes, { at: r.at, leased: r.leased });
    summary.peak = Math.max(summary.peak, r.leased);
    summary.atEnd = r.leased;
    if (r.action === 'renewed' && !changed) return;
    const { type: _, ...decision } = r;
    push(this.leases.decisions, { ...decision, facts: { ...r.facts } });
  }

  result(): Leases {
    return this.leases;
  }
}

/** P3, P5, P6: leases granted, refused, renewed, released, reclaimed and cut, per client and feature. */
export const leaseLog: Analysis<Leases> = {
  name: 'leases',
  start: () => new LeaseReducer(),
};

/** What a lease held at an instant, from its changes (0 before the first). */
export function leasedAt(summary: LeaseSummary, at: number): number {
  let leased = 0;
  for (const c of summary.changes.items) {
    if (c.at > at) break;
    leased = c.leased;
  }
  return leased;
}
