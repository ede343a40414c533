import type { TraceRecord } from '../trace/records.js';
import { IgnoreAll } from './analysis.js';
import type { LeaseDecision } from './lease-log.js';

/** How many of a client's decisions before the instant the answer shows beside the one in force. */
export const WHY_HISTORY = 5;

/**
 * The answer to "why did this client hold (or not get) what it did at this instant?": for each feature,
 * the last lease decision at or before the instant, with the rule and facts that made it, and the
 * client's decisions just before, so that a refusal is read with the grant or cut that led to it.
 */
export interface LeaseWhyAnswer {
  /** A client id, or a cluster id (its lease leader asks for all members, P5). */
  readonly subject: string;
  readonly at: number;
  /** Per feature, in the order first seen: the decision in force at the instant. */
  readonly inForce: LeaseDecision[];
  /** The last `WHY_HISTORY` decisions at or before the instant, oldest first. */
  readonly history: LeaseDecision[];
  /** The subject's first decision after the instant, if any: when things changed next. */
  readonly next: LeaseDecision | null;
}

/**
 * Keeps the lease records of one client or cluster around one instant, out of the whole trace, so that
 * the question is answered without writing the trace (a month of a fleet is millions of records).
 */
export class LeaseWhy extends IgnoreAll {
  private readonly inForce = new Map<string, LeaseDecision>();
  private readonly history: LeaseDecision[] = [];
  private next: LeaseDecision | null = null;

  constructor(
    private readonly subject: string,
    private readonly at: number,
  ) {
    super();
  }

  override record(r: TraceRecord): void {
    if (r.type !== 'lease' || (r.client !== this.subject && r.cluster !== this.subject)) return;
    const { type: _, ...rest } = r;
    const decision: LeaseDecision = { ...rest, facts: { ...r.facts } };
    if (r.at > this.at) {
      this.next ??= decision;
      return;
    }
    this.inForce.set(r.feature, decision);
    this.history.push(decision);
    // Trimmed now and then rather than per record, and never to fewer than the answer shows.
    if (this.history.length > 2 * WHY_HISTORY) this.history.splice(0, this.history.length - WHY_HISTORY);
  }

  result(): LeaseWhyAnswer {
    return {
      subject: this.subject,
      at: this.at,
      inForce: [...this.inForce.values()],
      history: this.history.slice(-WHY_HISTORY),
      next: this.next,
    };
  }
}
