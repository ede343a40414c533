import type { Fleet } from '../model/fleet/fleet.js';
import { MS } from '../vocabulary.js';
import type { ServerLifecycles } from './server-lifecycle.js';

/**
 * P8: license-server HA pairs. While the two nodes are joined they lease the pair's licenses (both
 * nodes' installed licenses) as one server. When one node fails, the other serves the clients of both on
 * all the pair's licenses for the HA grace (20 days), then on its own installed licenses until the failed
 * node rejoins. When the link between the nodes goes down (a split of an active/active pair), each node
 * goes on serving its own clients, each on the whole pair's licenses for the grace, unaware of what the
 * other leases, then each on its own. Rejoining ends the grace and joins the two stocks again.
 *
 * The grace and its end are the `ha` lifecycle of each node (`ServerLifecycles`); this class keeps which
 * nodes are down and which pairs are split, and answers what a node may lease from and against whose
 * leases.
 */
export class ServerHa {
  /** Outages in progress per server: its node down, or the link to its peer down (they may overlap). */
  private readonly down: Int32Array;
  private readonly split: Int32Array;

  constructor(
    private readonly fleet: Fleet,
    private readonly lifecycles: ServerLifecycles,
    private readonly now: () => number,
  ) {
    this.down = new Int32Array(fleet.servers.length);
    this.split = new Int32Array(fleet.servers.length);
  }

  /** Starts the `ha` lifecycle of every server of a pair. */
  start(): void {
    for (const s of this.fleet.servers) if (s.ha !== null) this.lifecycles.start(s.index, 'ha');
  }

  /** The server that serves the clients of `server`: itself, its peer while it is down, -1 when both are. */
  serving(server: number): number {
    if (this.down[server] === 0) return server;
    const peer = this.peer(server);
    return peer >= 0 && this.down[peer] === 0 ? peer : -1;
  }

  /** The servers whose installed licenses a serving node leases: the pair's until its grace ends. */
  stockOf(server: number): readonly number[] {
    const peer = this.peer(server);
    if (peer < 0 || this.lifecycles.state(server, 'ha') === 'restricted-access') return [server];
    return [server, peer];
  }

  /** The servers whose leases draw on that stock: both nodes', unless the pair is split. */
  sharing(server: number): readonly number[] {
    const peer = this.peer(server);
    return peer < 0 || this.split[server]! > 0 ? [server] : [server, peer];
  }

  /** A node of a pair fails (an `haServer` outage) or rejoins at its end. */
  nodeOutage(server: number, phase: 'start' | 'end'): void {
    const peer = this.peer(server);
    const { id } = this.fleet.servers[server]!;
    if (phase === 'start' && this.down[server]!++ === 0 && peer >= 0 && this.down[peer] === 0) {
      const mine = this.fleet.servers[peer]!.id;
      this.lose(
        peer,
        (grace) =>
          `HA peer '${id}' failed: '${mine}' serves the clients of both on the pair's licenses for the ${grace}`,
      );
    }
    if (phase === 'end' && --this.down[server]! === 0 && peer >= 0) {
      this.rejoin(peer, `HA peer '${id}' rejoined the pair`);
    }
  }

  /** The link between the nodes of a pair goes down (an `haLink` outage: a cluster split) or comes back. */
  linkOutage(server: number, phase: 'start' | 'end'): void {
    const peer = this.peer(server);
    if (peer < 0) return;
    const [a, b] = [this.fleet.servers[server]!.id, this.fleet.servers[peer]!.id];
    // Counted on both nodes, so that overlapping splits naming either node end together.
    if (phase === 'start') {
      const first = this.split[server] === 0;
      this.split[server]!++;
      this.split[peer]!++;
      if (!first) return;
      for (const s of [server, peer]) {
        if (this.down[s] === 0)
          this.lose(
            s,
            (grace) =>
              `cluster split: '${a}' and '${b}' each keep the pair's licenses for the ${grace}, unaware of the other's leases`,
          );
      }
      return;
    }
    this.split[server]!--;
    this.split[peer]!--;
    if (this.split[server] === 0) {
      for (const s of [server, peer])
        this.rejoin(s, `cluster rejoined: '${a}' and '${b}' share the pair's licenses again`);
    }
  }

  private lose(server: number, reason: (grace: string) => string): void {
    if (this.lifecycles.state(server, 'ha') !== 'active') return;
    const { graceMs } = this.fleet.servers[server]!.ha!;
    const grace = Number.isInteger(graceMs / MS.day) ? `${graceMs / MS.day}-day HA grace` : 'HA grace';
    this.lifecycles.lose(server, 'ha', this.now() + graceMs, `${reason(grace)} (P8)`);
  }

  /** Back to active once nothing keeps the node apart from its peer. */
  private rejoin(server: number, reason: string): void {
    const peer = this.peer(server);
    const apart = this.down[server]! > 0 || (peer >= 0 && this.down[peer]! > 0) || this.split[server]! > 0;
    if (apart || this.lifecycles.state(server, 'ha') === 'active') return;
    this.lifecycles.restore(server, 'ha', `${reason} (P8)`);
  }

  private peer(server: number): number {
    return this.fleet.servers[server]!.ha?.peer ?? -1;
  }
}
