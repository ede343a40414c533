import type { Run } from '../model/bind.js';
import { ReleaseCause, type TraceSink } from '../trace/records.js';
import { type EventKind, type Kernel, Priority } from './kernel.js';
import type { CapacityModel, TimelineEntry } from './licensing-model.js';
import type { PoolLifecycles } from './pool-lifecycles.js';
import type { Sessions } from './sessions.js';
import type { Topology } from './topology.js';

type OutageTarget = Extract<TimelineEntry['action'], { kind: 'outage' }>['target'];
type Phase = 'start' | 'end';

/**
 * The scenario's timeline: outages of sites, nodes, licenses, license servers and their links, and license
 * events (activate, renew, upgrade, expire). Each entry goes to the component that owns its target: outages of
 * the topology here, license events to the licensing model.
 */
export class Timeline {
  /** License-server outages in progress; they may overlap, and contact is back when none is. */
  private licenseServerOutages = 0;
  private readonly ev: { readonly [kind in 'timeline' | 'outageEnd']: EventKind };
  /** What an outage of each kind of target does when it starts and ends. */
  private readonly outages: {
    readonly [target in OutageTarget]: (e: TimelineEntry, phase: Phase) => Promise<void> | undefined;
  };

  constructor(
    private readonly run: Run,
    private readonly kernel: Kernel,
    private readonly sink: TraceSink,
    private readonly model: CapacityModel,
    private readonly topology: Topology,
    private readonly sessions: Sessions,
    private readonly lifecycles: PoolLifecycles,
  ) {
    this.ev = kernel.register<'timeline' | 'outageEnd', Timeline>(
      { timeline: this.started, outageEnd: this.ended },
      Priority.licensing,
      this,
    );
    this.outages = {
      'license-server': (_, phase) => this.licenseServer(phase),
      // P4: only the leasing model knows a client's link to its server.
      'client-link': (e, phase) => this.model.timeline(e, phase),
      license: (e, phase) => this.model.timeline(e, phase),
      // P8, P9: outages of license servers' HA nodes and links and of their vendor-cloud contact belong
      // to the licensing model, which keeps the servers' lifecycles.
      'ha-server': (e, phase) => this.model.timeline(e, phase),
      'ha-link': (e, phase) => this.model.timeline(e, phase),
      'vendor-cloud': (e, phase) => this.model.timeline(e, phase),
      site: (e, phase) => {
        if (phase === 'end') {
          this.topology.siteBack(e.target);
          return undefined;
        }
        this.topology.siteDown(e.target);
        return this.sessions.endSite(e.target, ReleaseCause.outage);
      },
      node: (e, phase) => {
        if (phase === 'end') {
          this.topology.nodeBack(e.target);
          return undefined;
        }
        return this.topology.nodeDown(e.target) ? this.failover(e.target) : undefined;
      },
    };
  }

  /** Queues every entry; first of all, so that an entry at the instant of a session applies before it. */
  start(): void {
    for (const [i, e] of this.run.timeline.entries()) this.kernel.schedule(e.atMs, this.ev.timeline, i, 0);
  }

  private started(index: number): Promise<void> | undefined {
    return this.apply(index, 'start');
  }

  private ended(index: number): Promise<void> | undefined {
    return this.apply(index, 'end');
  }

  private apply(index: number, phase: Phase): Promise<void> | undefined {
    const e = this.run.timeline[index]!;
    const a = e.action;
    if (a.kind !== 'outage') return this.model.timeline(e, phase);
    this.sink.record({ type: 'outage', at: this.kernel.now, target: a.target, id: a.id, phase });
    if (phase === 'start') this.kernel.schedule(this.kernel.now + a.durationMs, this.ev.outageEnd, index, 0);
    return this.outages[a.target](e, phase);
  }

  private licenseServer(phase: Phase): Promise<void> | undefined {
    if (this.model.licenseServerOutage !== undefined) return this.model.licenseServerOutage(phase);
    const { pools } = this.run.policy;
    if (phase === 'start' && this.licenseServerOutages++ === 0) {
      for (const pool of pools)
        this.lifecycles.send(pool.index, 'CONTACT_LOST', 'license server unreachable');
    }
    if (phase === 'end' && --this.licenseServerOutages === 0) {
      for (const pool of pools)
        this.lifecycles.send(pool.index, 'CONTACT_RESTORED', 'license server reachable again');
    }
    return undefined;
  }

  /** W1: a node failure moves its sessions to a surviving node of the cluster, with no new license. */
  private async failover(node: number): Promise<void> {
    const nodes = this.run.policy.nodes;
    const survivor = this.topology.pickNode(nodes[node]!.site);
    if (survivor < 0) {
      await this.sessions.endNode(node, ReleaseCause.outage);
      return;
    }
    const moved = this.sessions.moveNode(node, survivor);
    const [from, to] = [nodes[node]!.id, nodes[survivor]!.id];
    this.sink.record({ type: 'failover', at: this.kernel.now, from, to, sessions: moved });
  }
}
