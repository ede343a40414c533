import type { StateName } from '../model/policy.js';
import {
  type AlertKind,
  type EntitlementAction,
  type LeaseAction,
  type LicenseAction,
  type OutageTarget,
  releaseCauses,
  type ServerConcern,
} from '../vocabulary.js';
import type { Facts, FactVector, RuleOutcome } from './facts.js';

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

/** Why a session ended, as its position in `releaseCauses`: a number on the hot path. */
/** The two records of every session, sent on the hot path. */
export type SessionSink = Pick<TraceSink, 'admit' | 'release'>;

/**
 * A sink that names where admissions and releases may go directly. When one reducer alone reads them,
 * the simulation calls it without a dispatch in between: a call the optimiser can inline, which also
 * spares boxing the instant passed (a double) on every session.
 */
export interface SplitSink extends TraceSink {
  readonly sessions: SessionSink;
}

export const ReleaseCause = {
  completed: releaseCauses.indexOf('completed'),
  idleTimeout: releaseCauses.indexOf('idle-timeout'),
  outage: releaseCauses.indexOf('outage'),
  lifecycle: releaseCauses.indexOf('lifecycle'),
} as const;
export type ReleaseCause = number;
export const releaseCauseNames = releaseCauses;

export type { AlertKind } from '../vocabulary.js';

/** Why something happened: the rule that decided and the facts it saw. */
export interface RuleRef {
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Facts;
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
      /**
       * W11: when the pool's valid licenses end (the latest end, epoch ms), or null when none is valid;
       * recorded at the start and whenever it changes, for the days-to-expiry gauge.
       */
      readonly type: 'license-end';
      readonly at: number;
      readonly pool: number;
      readonly end: number | null;
    }
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
      readonly target: OutageTarget;
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
      readonly action: LicenseAction;
      readonly license: string;
      readonly detail: string;
    }
  | ({
      readonly type: 'session-ended';
      readonly at: number;
      readonly session: number;
      readonly pool: number;
      readonly message: string;
    } & RuleRef)
  | {
      readonly type: 'entitlement';
      readonly at: number;
      readonly action: EntitlementAction;
      readonly license: string;
      readonly pool: number;
      /** The sessions the license gives while valid. */
      readonly count: number;
      readonly reason: string;
      readonly ruleIds: string;
    }
  | {
      /** P13: the product downloaded its license keys from the vendor; `every` is the interval it chose. */
      readonly type: 'key-download';
      readonly at: number;
      readonly every: string;
      /** The next download, or null when it falls after the run. */
      readonly next: number | null;
      readonly reason: string;
      readonly ruleIds: string;
    }
  | ({
      readonly type: 'lease';
      readonly at: number;
      readonly action: LeaseAction;
      /** The client that asked: the lease leader of a cluster (P5). */
      readonly client: string;
      /** The client's cluster, or null for a standalone client. */
      readonly cluster: string | null;
      readonly feature: string;
      /** What the action moved: sessions granted, asked for when refused, renewed, released or taken back. */
      readonly count: number;
      /** The client's (the cluster's) leased count of the feature after it. */
      readonly leased: number;
      readonly reason: string;
    } & RuleRef)
  | ({
      /** P4: auto-leasing of a feature switched on or off, at a server or for one disconnected client. */
      readonly type: 'auto-lease';
      readonly at: number;
      readonly server: string;
      /** The client (a cluster's lease leader) whose auto-leasing switched; null for the server's switch. */
      readonly client: string | null;
      readonly feature: string;
      readonly enabled: boolean;
      readonly reason: string;
    } & RuleRef)
  | {
      /** A license server's lifecycle changed state for one concern: its HA pairing (P8), heartbeat or restore (P9). */
      readonly type: 'server';
      readonly at: number;
      readonly server: string;
      readonly concern: ServerConcern;
      readonly from: StateName;
      readonly to: StateName;
      readonly event: string;
      readonly reason: string;
      readonly ruleIds: string;
    };
