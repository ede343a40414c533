import type { StateName } from '../model/policy.js';
import type { FactVector, RuleOutcome } from './facts.js';

/**
 * The trace is the single product of a run. Frequent records (admit, release, deny) arrive as
 * method calls with plain numbers so that the hot loop allocates nothing; rare records arrive as objects.
 * Analyses are sinks that reduce the stream as it goes; the JSON Lines writer is one more sink.
 */
export interface TraceSink {
  admit(at: number, session: number, user: number, node: number, pool: number, inUse: number): void;
  release(at: number, session: number, pool: number, inUse: number, cause: ReleaseCause): void;
  /** A session refused by the rule of `outcome`, on the facts in `seen` (copy them to keep them). */
  deny(
    at: number,
    session: number,
    user: number,
    site: number,
    pool: number,
    outcome: RuleOutcome,
    seen: FactVector,
  ): void;
  /**
   * An alert raised, or cleared when `raised` is false, with the rule that decided and the facts it saw
   * (copy them to keep them). A method rather than a record: usage hovering at a threshold raises and
   * clears alerts very often.
   */
  alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    outcome: RuleOutcome,
    seen: FactVector,
    message: string,
  ): void;
  record(record: TraceRecord): void;
}

export const ReleaseCause = {
  completed: 0,
  idleTimeout: 1,
  outage: 2,
  lifecycle: 3,
} as const;
export type ReleaseCause = (typeof ReleaseCause)[keyof typeof ReleaseCause];
export const releaseCauseNames = ['completed', 'idle-timeout', 'outage', 'lifecycle'] as const;

export type AlertKind = 'usage-warning' | 'usage-critical' | 'over-limit' | 'expiry-warning';

/** Why something happened: the rule that decided and the facts it saw. */
export interface RuleRef {
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Readonly<Record<string, number>>;
}

export type TraceRecord =
  | {
      readonly type: 'run-start';
      readonly at: number;
      readonly scenario: string;
      readonly policy: string;
      readonly seed: number;
    }
  | { readonly type: 'run-end'; readonly at: number }
  | ({
      readonly type: 'transition';
      readonly at: number;
      readonly pool: number;
      /** null for the initial state. */
      readonly from: StateName | null;
      readonly to: StateName;
      readonly event: string;
      readonly reason: string;
    } & RuleRef)
  | {
      readonly type: 'capacity';
      readonly at: number;
      readonly pool: number;
      readonly capacity: number;
      readonly reason: string;
    }
  | {
      readonly type: 'outage';
      readonly at: number;
      readonly target: 'site' | 'node' | 'license' | 'license-server';
      readonly id: string;
      readonly phase: 'start' | 'end';
    }
  | {
      readonly type: 'failover';
      readonly at: number;
      readonly from: string;
      readonly to: string;
      readonly sessions: number;
    }
  | { readonly type: 'unavailable'; readonly at: number; readonly session: number; readonly site: number }
  | {
      readonly type: 'timeline';
      readonly at: number;
      readonly action: string;
      readonly license: string;
      readonly detail: string;
    }
  | ({
      readonly type: 'session-ended';
      readonly at: number;
      readonly session: number;
      readonly pool: number;
      readonly message: string;
    } & RuleRef);

/** Sends every record to several sinks. */
export class TraceFanout implements TraceSink {
  constructor(private readonly sinks: readonly TraceSink[]) {}
  admit(at: number, session: number, user: number, node: number, pool: number, inUse: number): void {
    for (const s of this.sinks) s.admit(at, session, user, node, pool, inUse);
  }
  release(at: number, session: number, pool: number, inUse: number, cause: ReleaseCause): void {
    for (const s of this.sinks) s.release(at, session, pool, inUse, cause);
  }
  deny(
    at: number,
    session: number,
    user: number,
    site: number,
    pool: number,
    outcome: RuleOutcome,
    seen: FactVector,
  ): void {
    for (const s of this.sinks) s.deny(at, session, user, site, pool, outcome, seen);
  }
  alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    outcome: RuleOutcome,
    seen: FactVector,
    message: string,
  ): void {
    for (const s of this.sinks) s.alert(at, pool, kind, raised, outcome, seen, message);
  }
  record(record: TraceRecord): void {
    for (const s of this.sinks) s.record(record);
  }
}
