import type { TraceRecord } from './records.js';

/** The `type` of every line a trace file can hold, as `--trace-filter` names them. */
export const traceKinds = [
  'run-start',
  'run-end',
  'admit',
  'release',
  'deny',
  'alert',
  'alert-cleared',
  'transition',
  'capacity',
  'outage',
  'failover',
  'unavailable',
  'timeline',
  'session-ended',
  'entitlement',
  'key-download',
  'lease',
  'auto-lease',
  'server',
  'license-end',
] as const;
export type TraceKind = (typeof traceKinds)[number];

// A record type added to TraceRecord but not listed above fails to compile here.
const listed: Exclude<TraceRecord['type'], TraceKind> extends never ? true : never = true;
void listed;

/** Whether `kind` names a trace line's type. */
export function isTraceKind(kind: string): kind is TraceKind {
  return (traceKinds as readonly string[]).includes(kind);
}
