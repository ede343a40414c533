import { IgnoreAll } from '../analysis/analysis.js';
import { isTraceKind, type TraceKind, traceKinds } from '../trace/record-kinds.js';
import type { TraceRecord, TraceSink } from '../trace/records.js';

/** A `--trace-filter` list that names a kind no trace line has. */
export class TraceFilterError extends Error {
  override readonly name = 'TraceFilterError';
}

/** `deny,transition,alert` → the kinds it names; throws TraceFilterError for an empty or unknown kind. */
export function parseTraceFilter(text: string): ReadonlySet<TraceKind> {
  const kinds = text.split(',').map((k) => k.trim());
  for (const kind of kinds) {
    if (!isTraceKind(kind)) {
      const what = kind === '' ? 'an empty kind' : `no record kind '${kind}'`;
      throw new TraceFilterError(`--trace-filter: ${what}; the kinds are ${traceKinds.join(', ')}`);
    }
  }
  return new Set(kinds as TraceKind[]);
}

/**
 * A trace sink passing on only the lines of the kinds kept. It extends IgnoreAll and takes over only the
 * methods whose records can be kept, so that a trace of denials and transitions is not even called for
 * each admission and release.
 */
export function filteredTrace(sink: TraceSink, kinds: ReadonlySet<TraceKind>): TraceSink {
  const filtered = new IgnoreAll();
  if (kinds.has('admit')) filtered.admit = sink.admit.bind(sink);
  if (kinds.has('release')) filtered.release = sink.release.bind(sink);
  if (kinds.has('deny')) filtered.deny = sink.deny.bind(sink);
  const raised = kinds.has('alert');
  const cleared = kinds.has('alert-cleared');
  if (raised || cleared) {
    filtered.alert = (at, pool, kind, isRaised, outcome, seen, message) => {
      if (isRaised ? raised : cleared) sink.alert(at, pool, kind, isRaised, outcome, seen, message);
    };
  }
  filtered.record = (r: TraceRecord) => {
    if (kinds.has(r.type)) sink.record(r);
  };
  return filtered;
}
