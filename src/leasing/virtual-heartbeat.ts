import type { Fleet } from '../model/fleet/fleet.js';
import { formatInstant } from '../model/time.js';
import { type EventKind, type Kernel, Priority } from '../sim/kernel.js';
import { MS } from '../vocabulary.js';
import type { ServerLifecycles } from './server-lifecycle.js';

/**
 * P9: virtual license servers and the vendor cloud. Each sends a heartbeat on its interval (8 hours); a
 * heartbeat that cannot reach the cloud puts the server's `heartbeat` lifecycle in grace until 24 days
 * after its last contact, when licensing is disabled; the first heartbeat that gets through again ends
 * it. A secondary restored from a backup takes the server's place on a grace of its own (90 days), after
 * which its licensing is disabled too (`restored` lifecycle).
 */
export class VirtualHeartbeat {
  /** Per server: the last heartbeat that reached the cloud, and cloud outages in progress. */
  private readonly lastContact: Float64Array;
  private readonly cloudDown: Int32Array;
  private readonly ev: { readonly beat: EventKind };

  constructor(
    private readonly fleet: Fleet,
    private readonly kernel: Kernel,
    private readonly lifecycles: ServerLifecycles,
  ) {
    this.lastContact = new Float64Array(fleet.servers.length).fill(kernel.now);
    this.cloudDown = new Int32Array(fleet.servers.length);
    this.ev = kernel.register<'beat', VirtualHeartbeat>({ beat: this.beat }, Priority.licensing, this);
  }

  /** Starts the `heartbeat` and `restored` lifecycles of every virtual server and its first heartbeat. */
  start(): void {
    for (const s of this.fleet.servers) {
      if (s.heartbeat === null) continue;
      this.lifecycles.start(s.index, 'heartbeat');
      this.lifecycles.start(s.index, 'restored');
      this.next(s.index);
    }
  }

  /** Whether the server's licensing is disabled: out of contact too long, or a restored grace run out. */
  disabled(server: number): { readonly contactLost: boolean; readonly restoredGraceEnded: boolean } {
    if (this.fleet.servers[server]!.heartbeat === null) return noneDisabled;
    return {
      contactLost: this.lifecycles.state(server, 'heartbeat') === 'expired',
      restoredGraceEnded: this.lifecycles.state(server, 'restored') === 'expired',
    };
  }

  /** Days since the server's last vendor-cloud contact, for the facts of a refusal. */
  daysWithoutContact(server: number): number {
    return Math.floor((this.kernel.now - this.lastContact[server]!) / MS.day);
  }

  /** The server's contact with the vendor cloud is lost (a `vendorCloud` outage) or back at its end. */
  cloudOutage(server: number, phase: 'start' | 'end'): void {
    this.cloudDown[server]! += phase === 'start' ? 1 : -1;
  }

  /** A secondary restored from the server's backup takes its place, on the restored grace (P9). */
  restore(server: number): void {
    const { id, heartbeat } = this.fleet.servers[server]!;
    const until = this.kernel.now + heartbeat!.restoredGraceMs;
    const reason = `secondary restored from the backup of '${id}' with its licenses: it serves on a grace until ${formatInstant(until)} (P9)`;
    this.lifecycles.lose(server, 'restored', until, reason);
  }

  private beat(server: number): undefined {
    const now = this.kernel.now;
    const { heartbeat } = this.fleet.servers[server]!;
    const state = this.lifecycles.state(server, 'heartbeat');
    if (this.cloudDown[server] === 0) {
      this.lastContact[server] = now;
      if (state !== 'active')
        this.lifecycles.restore(server, 'heartbeat', 'heartbeat reached the vendor cloud again (P9)');
    } else if (state === 'active') {
      const since = this.lastContact[server]!;
      const until = since + heartbeat!.disabledAfterMs;
      const reason = `heartbeat failed: no vendor-cloud contact since ${formatInstant(since)}; licensing is disabled at ${formatInstant(until)} unless contact is made (P9)`;
      this.lifecycles.lose(server, 'heartbeat', until, reason);
    }
    this.next(server);
    return undefined;
  }

  private next(server: number): void {
    const at = this.kernel.now + this.fleet.servers[server]!.heartbeat!.everyMs;
    if (at <= this.kernel.end) this.kernel.schedule(at, this.ev.beat, server, 0);
  }
}

const noneDisabled = { contactLost: false, restoredGraceEnded: false } as const;
