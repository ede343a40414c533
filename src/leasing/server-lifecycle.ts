import { assign, setup } from 'xstate';
import { type CausedEvent, Lifecycles } from '../lifecycle/lifecycles.js';
import type { VirtualTimers } from '../lifecycle/virtual-timers.js';
import type { Fleet } from '../model/fleet/fleet.js';
import type { TraceSink } from '../trace/records.js';
import type { ServerConcern, StateName } from '../vocabulary.js';

/** Events a license server's lifecycle hears: a cause of grace begins (with its deadline), or ends. */
export type ServerLifecycleEvent =
  | (CausedEvent & { readonly type: 'LOST'; readonly graceEndsAt: number })
  | (CausedEvent & { readonly type: 'RESTORED' });

/**
 * Where each concern's grace leads when it runs out (P8, P9): an HA node falls back to its own licenses
 * and keeps leasing them (restricted access); a virtual server out of vendor-cloud contact, or a restored
 * secondary past its grace, stops licensing (expired).
 */
export const graceEndsIn: { readonly [c in ServerConcern]: 'restricted-access' | 'expired' } = {
  ha: 'restricted-access',
  heartbeat: 'expired',
  restored: 'expired',
};

/** What the end of each concern's grace means, for the trace. */
const graceEndReason: { readonly [c in ServerConcern]: string } = {
  ha: 'HA grace ended before the pair rejoined: the node falls back to its own installed licenses (P8)',
  heartbeat: 'no vendor-cloud contact for the heartbeat limit: licensing is disabled (P9)',
  restored: 'grace of the secondary restored from a backup ended: licensing is disabled (P9)',
};

/**
 * The lifecycle of one concern of a license server: active → grace → restricted-access or expired, back
 * to active when the cause ends. The grace runs to a deadline the event carries (20 days after a failover,
 * 24 days after the last vendor-cloud contact), on the run's virtual clock.
 */
export function serverMachine(concern: ServerConcern, now: () => number) {
  return setup({
    types: { context: {} as { graceEndsAt: number }, events: {} as ServerLifecycleEvent },
    delays: { graceEnd: ({ context }) => Math.max(0, context.graceEndsAt - now()) },
    actions: {
      deadline: assign(({ context, event }) => ({
        graceEndsAt: event.type === 'LOST' ? event.graceEndsAt : context.graceEndsAt,
      })),
    },
  }).createMachine({
    id: `license-server-${concern}`,
    initial: 'active',
    context: { graceEndsAt: Number.POSITIVE_INFINITY },
    states: {
      active: { on: { LOST: { target: 'grace', actions: 'deadline' } } },
      grace: {
        after: { graceEnd: { target: graceEndsIn[concern] } },
        // A new cause (a second restore) starts a new grace.
        on: { RESTORED: 'active', LOST: { target: 'grace', reenter: true, actions: 'deadline' } },
      },
      'restricted-access': { on: { RESTORED: 'active', LOST: { target: 'grace', actions: 'deadline' } } },
      expired: { on: { RESTORED: 'active', LOST: { target: 'grace', actions: 'deadline' } } },
    },
  });
}

/**
 * One lifecycle per license server and concern (its HA pairing, its vendor-cloud heartbeat, its restore
 * from a backup), keyed by `server/concern`. Every change of state is a `server` trace record with its
 * reason; a server starts active and its initial state is not recorded.
 */
export class ServerLifecycles {
  private readonly lifecycles: Lifecycles<string>;

  constructor(
    private readonly fleet: Fleet,
    timers: VirtualTimers,
    private readonly now: () => number,
    private readonly sink: TraceSink,
  ) {
    this.lifecycles = new Lifecycles<string>(timers, (key, from, to, cause) => {
      if (from === null) return;
      const cut = key.lastIndexOf('/');
      const [id, concern] = [key.slice(0, cut), key.slice(cut + 1) as ServerConcern];
      const timeout = cause.event === 'timeout';
      this.sink.record({
        type: 'server',
        at: this.now(),
        server: id,
        concern,
        from,
        to,
        event: cause.event,
        reason: timeout ? graceEndReason[concern] : cause.reason,
        ruleIds: concern === 'ha' ? 'P8' : 'P9',
      });
    });
  }

  start(server: number, concern: ServerConcern): void {
    this.lifecycles.start(this.key(server, concern), serverMachine(concern, this.now));
  }

  state(server: number, concern: ServerConcern): StateName {
    return this.lifecycles.state(this.key(server, concern));
  }

  /** A cause of grace begins: the concern enters grace until `graceEndsAt` (a grace running starts over). */
  lose(server: number, concern: ServerConcern, graceEndsAt: number, reason: string): void {
    const event: ServerLifecycleEvent = { type: 'LOST', graceEndsAt, reason };
    this.lifecycles.send(this.key(server, concern), event);
  }

  restore(server: number, concern: ServerConcern, reason: string): void {
    this.lifecycles.send(this.key(server, concern), { type: 'RESTORED', reason });
  }

  stop(): void {
    this.lifecycles.stop();
  }

  private key(server: number, concern: ServerConcern): string {
    return `${this.fleet.servers[server]!.id}/${concern}`;
  }
}
