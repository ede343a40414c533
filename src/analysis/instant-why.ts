import type { Run } from '../model/bind.js';
import type { Facts, FactVector, RuleOutcome } from '../trace/facts.js';
import type { TraceRecord } from '../trace/records.js';
import { IgnoreAll } from './analysis.js';
import type { Transition } from './lifecycle-log.js';

/** Denials the answer lists in full; the rest are counted. */
export const DENIALS_SHOWN = 10;

/** A refused session with the rule that refused it and the facts the rule saw. */
export interface ExplainedDenial {
  readonly at: number;
  readonly session: number;
  readonly user: string;
  readonly site: string;
  readonly pool: string;
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly message: string;
  readonly facts: Facts;
}

/** Who the question is about: a user, a site, a pool or a session (`#N`); null for everything. */
export type WhySubject = string | null;

/** Names of a run's users, sites and pools by index, as the simulation gives them to trace sinks. */
export interface TraceNames {
  user(i: number): string;
  site(i: number): string;
  pool(i: number): string;
}

/**
 * The answer to "why, at this instant?" out of a run's trace, whose records carry their rule and facts:
 * the lifecycle state each pool was in (the transition that put it there), the transitions and denials
 * within the instant's span, and, when that span holds no denial, the nearest ones on either side.
 */
export interface InstantWhyAnswer {
  readonly from: number;
  /** The end of the span, exclusive. */
  readonly to: number;
  readonly subject: WhySubject;
  /** Per pool, the transition in force at the end of the span. */
  readonly states: Transition[];
  /** Transitions within the span, in order. */
  readonly entered: Transition[];
  readonly denials: { readonly count: number; readonly shown: ExplainedDenial[] };
  readonly before: ExplainedDenial | null;
  readonly after: ExplainedDenial | null;
}

/**
 * Keeps what the trace says around one instant, as it streams, so that the question is answered without
 * writing the trace (a month of denials is millions of records).
 */
export class InstantWhy extends IgnoreAll {
  private readonly inForce = new Map<string, Transition>();
  private readonly entered: Transition[] = [];
  private readonly shown: ExplainedDenial[] = [];
  private count = 0;
  private before: ExplainedDenial | null = null;
  private after: ExplainedDenial | null = null;

  constructor(
    private readonly run: Run,
    private readonly names: TraceNames,
    private readonly from: number,
    private readonly to: number,
    private readonly subject: WhySubject,
  ) {
    super();
  }

  override deny(
    at: number,
    session: number,
    user: number,
    site: number,
    pool: number,
    outcome: RuleOutcome,
    seen: FactVector,
  ): void {
    if (at >= this.to && this.after !== null) return;
    const names = [this.names.user(user), this.names.site(site), this.names.pool(pool), `#${session}`];
    if (this.subject !== null && !names.includes(this.subject)) return;
    const denial = (): ExplainedDenial => ({
      at,
      session,
      user: names[0]!,
      site: names[1]!,
      pool: names[2]!,
      rule: outcome.rule,
      ruleIds: outcome.ruleIds,
      message: outcome.message,
      facts: seen.toObject(),
    });
    if (at < this.from) this.before = denial();
    else if (at >= this.to) this.after = denial();
    else if (this.count++ < DENIALS_SHOWN) this.shown.push(denial());
  }

  override record(r: TraceRecord): void {
    if (r.type !== 'transition' || r.at >= this.to) return;
    const pool = this.names.pool(r.pool);
    if (!this.concerns(pool)) return;
    const { type: _, at, pool: __, ...rest } = r;
    const transition: Transition = { at, pool, ...rest, facts: { ...r.facts } };
    this.inForce.set(pool, transition);
    if (at >= this.from) this.entered.push(transition);
  }

  /** Whether a pool's lifecycle is part of the answer: always, unless the subject is another pool or its site. */
  private concerns(pool: string): boolean {
    const { policy } = this.run;
    const site = policy.sites.find((s) => s.id === this.subject);
    if (site !== undefined) return policy.pools[site.pool]!.id === pool;
    return !policy.pools.some((p) => p.id === this.subject) || this.subject === pool;
  }

  result(): InstantWhyAnswer {
    const none = this.count === 0;
    return {
      from: this.from,
      to: this.to,
      subject: this.subject,
      states: [...this.inForce.values()],
      entered: this.entered,
      denials: { count: this.count, shown: this.shown },
      before: none ? this.before : null,
      after: none ? this.after : null,
    };
  }
}
