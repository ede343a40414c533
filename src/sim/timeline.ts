import type { Run } from '../model/bind.js';
import { formatLocal } from '../model/time.js';
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
  /** X4: whether the last license check failed, and the instant of the last one that succeeded. */
  private contactLostNoticed = false;
  private lastGoodCheckMs: number;
  private readonly ev: { readonly [kind in 'timeline' | 'outageEnd' | 'contactCheck']: EventKind };
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
    this.lastGoodCheckMs = run.scenario.startMs;
    this.ev = kernel.register<'timeline' | 'outageEnd' | 'contactCheck', Timeline>(
      { timeline: this.started, outageEnd: this.ended, contactCheck: this.checkContact },
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
    this.scheduleContactCheck(this.run.scenario.startMs);
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
    // P4: a leasing model keeps its clients' contact with their servers itself.
    if (this.model.licenseServerOutage !== undefined) return this.model.licenseServerOutage(phase);
    if (phase === 'start') this.licenseServerOutages++;
    else this.licenseServerOutages--;
    // With periodic license checks (X4), the next check notices the change.
    if (this.run.policy.lifecycle.contactCheckMs !== null) return undefined;
    if (phase === 'start' && this.licenseServerOutages === 1)
      this.sendContact('CONTACT_LOST', 'license server unreachable');
    if (phase === 'end' && this.licenseServerOutages === 0)
      this.sendContact('CONTACT_RESTORED', 'license server reachable again');
    return undefined;
  }

  /** X4: the next periodic license check after `afterMs`, if the policy has them and the run reaches it. */
  private scheduleContactCheck(afterMs: number): void {
    const every = this.run.policy.lifecycle.contactCheckMs;
    if (every !== null && afterMs + every <= this.run.scenario.endMs)
      this.kernel.schedule(afterMs + every, this.ev.contactCheck, 0, 0);
  }

  /** X4: a license check; a failure after a success loses contact, a success after failures restores it. */
  private checkContact(): undefined {
    const now = this.kernel.now;
    const reachable = this.licenseServerOutages === 0;
    if (!reachable && !this.contactLostNoticed) {
      this.contactLostNoticed = true;
      this.sendContact(
        'CONTACT_LOST',
        `license check failed: license server unreachable (last successful check ${formatLocal(this.lastGoodCheckMs, this.run.policy.timeZone)})`,
      );
    } else if (reachable && this.contactLostNoticed) {
      this.contactLostNoticed = false;
      this.sendContact(
        'CONTACT_RESTORED',
        `license check succeeded after ${daysSince(this.lastGoodCheckMs, now)} without contact`,
      );
    }
    if (reachable) this.lastGoodCheckMs = now;
    this.scheduleContactCheck(now);
    return undefined;
  }

  private sendContact(event: 'CONTACT_LOST' | 'CONTACT_RESTORED', reason: string): void {
    // A periodic check decides by X4, with the days since the last good one as its fact.
    const every = this.run.policy.lifecycle.contactCheckMs;
    const decision =
      every === null
        ? undefined
        : {
            rule: null,
            type: 'license-check',
            ruleIds: 'X4',
            message: reason,
            facts: { daysWithoutContact: (this.kernel.now - this.lastGoodCheckMs) / MS_PER_DAY },
          };
    for (const pool of this.run.policy.pools) this.lifecycles.send(pool.index, event, reason, decision);
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

const MS_PER_DAY = 86_400_000;

/** `15 days`, `1 day`, `2.5 days`: how long contact was lost, as the notice to the partner says it (X4). */
function daysSince(fromMs: number, toMs: number): string {
  const days = Math.round(((toMs - fromMs) / MS_PER_DAY) * 10) / 10;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}
