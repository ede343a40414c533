import type { TraceRecord } from '../trace/records.js';
import type { ServerConcern, StateName } from '../vocabulary.js';
import { type Analysis, IgnoreAll, type Reducer } from './analysis.js';
import { type BoundedList, boundedList, push, TRANSITION_LIMIT } from './bounded-list.js';

/** A change of a license server's lifecycle for one concern, with its reason: the trace record without its type tag. */
export type ServerTransition = Omit<Extract<TraceRecord, { type: 'server' }>, 'type'>;

class ServerReducer extends IgnoreAll implements Reducer<BoundedList<ServerTransition>> {
  private readonly transitions = boundedList<ServerTransition>(TRANSITION_LIMIT);

  override record(r: TraceRecord): void {
    if (r.type !== 'server') return;
    const { type: _, ...transition } = r;
    push(this.transitions, transition);
  }

  result(): BoundedList<ServerTransition> {
    return this.transitions;
  }
}

/** P8, P9: every change of a license server's lifecycles (HA grace, heartbeat, restore), in order. */
export const serverLog: Analysis<BoundedList<ServerTransition>> = {
  name: 'servers',
  start: () => new ServerReducer(),
};

/**
 * A server's state at an instant, from its transitions: the most severe over its concerns (a server in
 * HA grace and out of vendor-cloud contact past the limit is expired). Active before any change.
 */
export function serverStateAt(
  transitions: readonly ServerTransition[],
  server: string,
  at: number,
): StateName {
  const byConcern = new Map<ServerConcern, StateName>();
  for (const t of transitions) {
    if (t.at > at) break;
    if (t.server === server) byConcern.set(t.concern, t.to);
  }
  let worst: StateName = 'active';
  for (const state of byConcern.values()) if (severity[state] > severity[worst]) worst = state;
  return worst;
}

const severity: { readonly [s in StateName]: number } = {
  active: 0,
  trial: 0,
  grace: 1,
  'restricted-access': 2,
  expired: 3,
};
