import type { Run } from '../model/bind.js';
import type { FactVector, RuleOutcome } from '../trace/facts.js';
import type { AlertKind, ReleaseCause, SplitSink, TraceRecord, TraceSink } from '../trace/records.js';

/**
 * An analysis reduces one run's trace as it streams, and hands back plain data: structured-cloneable,
 * so that worker threads and shards can send results home, and mergeable where merging makes sense
 * (counts, histograms, extremes) so that replications combine.
 */
export interface Analysis<R> {
  readonly name: string;
  /** A fresh reducer for one run. */
  start(run: Run): Reducer<R>;
  /** Combines the results of two independent runs of the same scenario and policy. */
  readonly merge?: (a: R, b: R) => R;
}

/** A trace sink that can say what it has seen so far. */
export interface Reducer<R> extends TraceSink {
  result(): R;
}

/**
 * A sink that ignores everything: reducers extend it and override only the records they read, and the
 * fan-out below sends each record only to the sinks that override its method.
 */
export class IgnoreAll implements TraceSink {
  admit(_at: number, _session: number, _user: number, _node: number, _pool: number, _inUse: number): void {}
  release(_at: number, _session: number, _pool: number, _inUse: number, _cause: ReleaseCause): void {}
  deny(
    _at: number,
    _session: number,
    _user: number,
    _site: number,
    _pool: number,
    _outcome: RuleOutcome,
    _seen: FactVector,
  ): void {}
  alert(
    _at: number,
    _pool: number,
    _kind: AlertKind,
    _raised: boolean,
    _outcome: RuleOutcome,
    _seen: FactVector,
    _message: string,
  ): void {}
  record(_record: TraceRecord): void {}
}

const methods = ['admit', 'release', 'deny', 'alert', 'record'] as const;

/**
 * One sink sending each record to the sinks that read it. Hot-path records (admit, release) reach only
 * the reducers that override those methods, so adding an analysis that ignores them costs nothing there;
 * when a single sink reads both, it is named as `sessions`, for the simulation to call directly.
 */
export function fanOut(sinks: readonly TraceSink[]): SplitSink {
  const reading = (method: (typeof methods)[number]) =>
    sinks.filter((s) => !(s instanceof IgnoreAll) || s[method] !== IgnoreAll.prototype[method]);
  const [admit, release, deny, alert, record] = methods.map(reading) as [
    TraceSink[],
    TraceSink[],
    TraceSink[],
    TraceSink[],
    TraceSink[],
  ];
  const only = admit.length === 1 && release.length === 1 && admit[0] === release[0] ? admit[0] : undefined;
  const fan: TraceSink = {
    admit: fanAdmit(admit),
    release: fanRelease(release),
    deny(at, session, user, site, pool, outcome, seen) {
      for (let i = 0; i < deny.length; i++) deny[i]!.deny(at, session, user, site, pool, outcome, seen);
    },
    alert(at, pool, kind, raised, outcome, seen, message) {
      for (let i = 0; i < alert.length; i++) alert[i]!.alert(at, pool, kind, raised, outcome, seen, message);
    },
    record(r) {
      for (const s of record) s.record(r);
    },
  };
  return { ...fan, sessions: only ?? fan };
}

// Admissions and releases are the hot records, read by up to three analyses of every run. A loop over
// the readers is one call site that sees every reader's class, which V8 cannot inline; one call site per
// reader sees one class each. Up to three readers get their own sites; more go through the loop.

function fanAdmit(readers: readonly TraceSink[]): TraceSink['admit'] {
  const [a, b, c] = readers;
  // Stryker disable next-line ConditionalExpression,BlockStatement: every branch reaches the same readers; the unrolled ones are only faster
  switch (readers.length) {
    case 1:
      return a!.admit.bind(a);
    case 2:
      return (at, session, user, node, pool, inUse) => {
        a!.admit(at, session, user, node, pool, inUse);
        b!.admit(at, session, user, node, pool, inUse);
      };
    case 3:
      return (at, session, user, node, pool, inUse) => {
        a!.admit(at, session, user, node, pool, inUse);
        b!.admit(at, session, user, node, pool, inUse);
        c!.admit(at, session, user, node, pool, inUse);
      };
    default:
      return (at, session, user, node, pool, inUse) => {
        for (let i = 0; i < readers.length; i++) readers[i]!.admit(at, session, user, node, pool, inUse);
      };
  }
}

function fanRelease(readers: readonly TraceSink[]): TraceSink['release'] {
  const [a, b, c] = readers;
  // Stryker disable next-line ConditionalExpression,BlockStatement: every branch reaches the same readers; the unrolled ones are only faster
  switch (readers.length) {
    case 1:
      return a!.release.bind(a);
    case 2:
      return (at, session, pool, inUse, cause) => {
        a!.release(at, session, pool, inUse, cause);
        b!.release(at, session, pool, inUse, cause);
      };
    case 3:
      return (at, session, pool, inUse, cause) => {
        a!.release(at, session, pool, inUse, cause);
        b!.release(at, session, pool, inUse, cause);
        c!.release(at, session, pool, inUse, cause);
      };
    default:
      return (at, session, pool, inUse, cause) => {
        for (let i = 0; i < readers.length; i++) readers[i]!.release(at, session, pool, inUse, cause);
      };
  }
}
