import { VirtualTimers } from '../lifecycle/virtual-timers.js';
import type { Fleet } from '../model/fleet/fleet.js';
import { isServerEvent } from '../model/fleet/server-events.js';
import type { Policy } from '../model/policy.js';
import { Priority } from '../sim/kernel.js';
import type { ModelHost, TimelineEntry } from '../sim/licensing-model.js';
import type { Facts, RuleOutcome } from '../trace/facts.js';
import type { Holdings } from './holdings.js';
import { ServerHa } from './server-ha.js';
import { ServerLifecycles } from './server-lifecycle.js';
import { serverRuleSet } from './server-rules.js';
import { type StockParts, serverStock } from './server-stock.js';
import { VirtualHeartbeat } from './virtual-heartbeat.js';

/** A server's refusal to lease at all, with the facts that decided it. */
export interface ServerRefusal {
  readonly outcome: RuleOutcome;
  readonly facts: Facts;
}

/**
 * The license servers as the leasing model sees them: which server serves a client now, what it may
 * lease (its stock) and against whose leases, and whether it leases at all. A plain hardware server is
 * always up and leases its own licenses; HA pairs (P8) and virtual servers (P9) have lifecycles that
 * change those answers, driven by the scenario's timeline (`haServer`, `haLink`, `vendorCloud` outages,
 * `restore`). Nothing of this is built for a fleet without them, so such runs schedule no extra events.
 */
export class LicenseServers {
  private readonly parts: {
    readonly lifecycles: ServerLifecycles;
    readonly ha: ServerHa;
    readonly heartbeat: VirtualHeartbeat;
  } | null;
  private readonly rules = serverRuleSet();
  private readonly facts = this.rules.vector();

  engineRuns(): number {
    return this.rules.engineRuns;
  }

  constructor(
    host: ModelHost,
    private readonly policy: Policy,
    private readonly fleet: Fleet,
    /** What the servers hold now: licenses installed, and those their clients surrendered (P4, P7). */
    private readonly holdings: Holdings,
  ) {
    const watched = fleet.servers.some((s) => s.ha !== null || s.heartbeat !== null);
    if (!watched) {
      this.parts = null;
      return;
    }
    const { kernel, sink } = host;
    const now = () => kernel.now;
    const timers = new VirtualTimers(now, (at, id) => kernel.schedule(at, timer, id, 0));
    const { timer } = kernel.register<'timer', VirtualTimers>(
      { timer: VirtualTimers.prototype.fire },
      Priority.licensing,
      timers,
    );
    const lifecycles = new ServerLifecycles(fleet, timers, now, sink);
    this.parts = {
      lifecycles,
      ha: new ServerHa(fleet, lifecycles, now),
      heartbeat: new VirtualHeartbeat(fleet, kernel, lifecycles),
    };
  }

  start(): void {
    this.parts?.ha.start();
    this.parts?.heartbeat.start();
  }

  /** Applies a timeline event aimed at a server; false when the event is not one. */
  timeline(entry: TimelineEntry, phase: 'start' | 'end'): boolean {
    const a = entry.action;
    if (!isServerEvent(a) || this.parts === null) return false;
    const { ha, heartbeat } = this.parts;
    if (a.kind === 'restore') heartbeat.restore(entry.target);
    else if (a.target === 'ha-server') ha.nodeOutage(entry.target, phase);
    else if (a.target === 'ha-link') ha.linkOutage(entry.target, phase);
    else heartbeat.cloudOutage(entry.target, phase);
    return true;
  }

  /**
   * What the server now serving the clients of `server` may lease of a feature to a platform family: its
   * own licenses, or its HA pair's (P8); 0 when no node of the pair is up.
   */
  stock(server: number, feature: number, platform: string, now: number): StockParts {
    const serving = this.parts === null ? server : this.parts.ha.serving(server);
    if (serving < 0) return noStock;
    const from = this.parts === null ? [serving] : this.parts.ha.stockOf(serving);
    let specific = 0;
    let any = 0;
    let surrendered = 0;
    for (const s of from) {
      const parts = serverStock(this.policy, this.fleet, s, feature, platform, now, this.holdings);
      specific += parts.specific;
      any += parts.any;
      surrendered += parts.surrendered;
    }
    return { specific, any, surrendered };
  }

  /** The servers whose leases draw on the stock that serves the clients of `server` (P8). */
  sharing(server: number): readonly number[] {
    if (this.parts === null) return [server];
    const serving = this.parts.ha.serving(server);
    return serving < 0 ? [server] : this.parts.ha.sharing(serving);
  }

  /** Why the clients of `server` get nothing at all now (P8, P9), or null when their server leases. */
  async refusal(server: number): Promise<ServerRefusal | null> {
    if (this.parts === null) return null;
    const { ha, heartbeat } = this.parts;
    const serving = ha.serving(server);
    const at = serving < 0 ? server : serving;
    const disabled = heartbeat.disabled(at);
    const f = this.facts.values;
    f[0] = serving < 0 ? 0 : 1;
    f[1] = disabled.contactLost ? 1 : 0;
    f[2] = disabled.restoredGraceEnded ? 1 : 0;
    f[3] = this.fleet.servers[at]!.heartbeat === null ? 0 : heartbeat.daysWithoutContact(at);
    const outcome = await this.rules.decide(this.facts);
    return outcome.type === 'refuse' ? { outcome, facts: this.facts.toObject() } : null;
  }
}

const noStock: StockParts = { specific: 0, any: 0, surrendered: 0 };
