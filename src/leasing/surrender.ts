import type { Fleet } from '../model/fleet/fleet.js';
import type { Policy } from '../model/policy.js';
import { type EventKind, Priority } from '../sim/kernel.js';
import type { LicenseBook } from '../sim/license-book.js';
import type { ModelHost } from '../sim/licensing-model.js';

/**
 * P7: licenses clients surrender to their server, as the run goes. A surrendered license leaves the
 * client's pool at once and counts at the server while the client keeps the transfer fresh: it refreshes
 * every few hours while it can reach the server, and the server stops leasing the license the policy's
 * time (10 days) after the last refresh. A recall is the client's: the license is back in its pool at once,
 * and the server stops leasing it when it hears of the recall, at once or at the next contact; leases it
 * granted from it stay valid until their renewal (the server's smaller stock applies then).
 */
export class Surrenders {
  private readonly policy: Policy;
  private readonly fleet: Fleet;
  /** Per policy license: the client that surrendered it, or -1. */
  private readonly by: Int32Array;
  /**
   * Per client: the licenses it has surrendered (`by` read the other way), in license order. Kept as the
   * surrenders change because the servers' stock reads it for every client at each lease decision.
   */
  private readonly ofClient: number[][];
  /** The clients whose `ofClient` list is not empty, in client order. */
  surrendering: readonly number[] = [];
  /** Per license: 1 while the server knows of the surrender and of no recall. */
  private readonly atServer: Uint8Array;
  private readonly lastRefresh: Float64Array;
  /** Per license: recalled at the client, the server not told yet. */
  private readonly recallPending: Uint8Array;
  /** Per license: the last refresh whose lapse was recorded, so that it is recorded once. */
  private readonly lapseRecorded: Float64Array;
  /** Per client: 1 while its refreshes are scheduled. */
  private readonly refreshing: Uint8Array;
  private readonly ev: { readonly [kind in 'refresh' | 'lapse']: EventKind };

  constructor(
    private readonly host: ModelHost,
    private readonly book: LicenseBook,
    /** Whether the client can reach its server now. */
    private readonly connected: (client: number) => boolean,
  ) {
    const policy = host.run.policy;
    this.policy = policy;
    this.fleet = policy.fleet!;
    const n = policy.licenses.length;
    this.by = new Int32Array(n).fill(-1);
    this.atServer = new Uint8Array(n);
    this.lastRefresh = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.recallPending = new Uint8Array(n);
    this.lapseRecorded = new Float64Array(n).fill(Number.NaN);
    this.refreshing = new Uint8Array(this.fleet.clients.length);
    this.ofClient = this.fleet.clients.map(() => []);
    // Surrendered before the run: the server holds them, refreshed at the start.
    for (const client of this.fleet.clients) {
      for (const l of client.surrenders) {
        this.own(client.index, l);
        this.atServer[l] = 1;
        this.lastRefresh[l] = host.run.scenario.startMs;
        this.book.installed[l] = 0;
      }
    }
    this.ev = host.kernel.register<'refresh' | 'lapse', Surrenders>(
      { refresh: this.refresh, lapse: this.lapse },
      Priority.licensing,
      this,
    );
  }

  /** Schedules the refreshes of every client that surrendered a license before the run. */
  start(): void {
    for (const client of this.fleet.clients)
      if (client.surrenders.length > 0) this.scheduleRefresh(client.index);
  }

  /** The licenses the client has surrendered at some point (those that may count at its server). */
  surrenderedBy(client: number): readonly number[] {
    return this.ofClient[client]!;
  }

  /** Books the license as surrendered by the client (and no longer by any other). */
  private own(client: number, license: number): void {
    this.disown(license);
    this.by[license] = client;
    const list = this.ofClient[client]!;
    let at = list.length;
    while (at > 0 && list[at - 1]! > license) at--;
    list.splice(at, 0, license);
    if (list.length === 1) this.listSurrendering();
  }

  private listSurrendering(): void {
    this.surrendering = this.fleet.clients
      .filter((c) => this.ofClient[c.index]!.length > 0)
      .map((c) => c.index);
  }

  private disown(license: number): void {
    const was = this.by[license]!;
    if (was < 0) return;
    const list = this.ofClient[was]!;
    list.splice(list.indexOf(license), 1);
    this.by[license] = -1;
    if (list.length === 0) this.listSurrendering();
  }

  /** Whether the client's surrendered license counts at its server at `now`. */
  counts(client: number, license: number, now: number): boolean {
    return (
      this.by[license] === client &&
      this.atServer[license] === 1 &&
      now < this.lastRefresh[license]! + this.expiresAfter(client)
    );
  }

  /** The client surrenders a license of its pool: it leaves the pool now, and reaches the server at contact. */
  async surrender(client: number, license: number): Promise<void> {
    this.own(client, license);
    this.atServer[license] = 0;
    this.recallPending[license] = 0;
    this.book.installed[license] = 0;
    const id = this.clientId(client);
    if (this.connected(client)) this.reach(license);
    this.note(
      license,
      'surrender',
      `by ${id} to license server ${this.serverId(client)}${this.connected(client) ? '' : ', which hears of it at the next contact'}`,
    );
    this.scheduleRefresh(client);
    await this.host.licensesChanged(
      this.policy.licenses[license]!.pool,
      `license ${this.policy.licenses[license]!.id} surrendered by ${id}`,
    );
  }

  /** The client recalls a license it surrendered: back in its pool now; the server hears of it at contact. */
  async recall(client: number, license: number): Promise<void> {
    this.book.installed[license] = 1;
    const id = this.clientId(client);
    const heard = this.connected(client);
    if (heard) this.forget(license);
    else this.recallPending[license] = 1;
    const server = this.serverId(client);
    this.note(
      license,
      'recall',
      heard
        ? `by ${id}; license server ${server} stops leasing it`
        : `by ${id}, disconnected: license server ${server} leases it until it hears of the recall`,
    );
    await this.host.licensesChanged(
      this.policy.licenses[license]!.pool,
      `license ${this.policy.licenses[license]!.id} recalled by ${id}`,
    );
  }

  /** The client is in contact with its server (a refresh, a reconnection): the server hears what it says. */
  contact(client: number): void {
    const now = this.host.kernel.now;
    // A copy: forgetting a recalled license takes it off the list.
    for (const l of [...this.surrenderedBy(client)]) {
      if (this.recallPending[l] === 1) {
        this.forget(l);
        this.note(l, 'recall', `heard by license server ${this.serverId(client)}, which stops leasing it`);
      } else if (this.atServer[l] === 0) {
        this.reach(l);
      } else {
        this.lastRefresh[l] = now;
      }
    }
  }

  private refresh(client: number): undefined {
    if (this.connected(client)) this.contact(client);
    else this.watchLapses(client);
    const held = this.surrenderedBy(client).length > 0;
    this.refreshing[client] = 0;
    if (held) this.scheduleRefresh(client);
    return undefined;
  }

  /** Without contact, each surrender lapses at the server the policy's time after its last refresh. */
  private watchLapses(client: number): void {
    const { kernel } = this.host;
    for (const l of this.surrenderedBy(client)) {
      if (this.atServer[l] === 0 || this.lapseRecorded[l] === this.lastRefresh[l]) continue;
      const at = this.lastRefresh[l]! + this.expiresAfter(client);
      this.lapseRecorded[l] = this.lastRefresh[l]!;
      if (at <= kernel.end) kernel.schedule(Math.max(at, kernel.now), this.ev.lapse, l, 0);
    }
  }

  private lapse(license: number): undefined {
    const client = this.by[license]!;
    if (client < 0 || this.atServer[license] === 0 || this.counts(client, license, this.host.kernel.now))
      return undefined;
    const days = this.expiresAfter(client) / 86_400_000;
    this.note(
      license,
      'expire',
      `surrendered by ${this.clientId(client)}: license server ${this.serverId(client)} no longer leases it, ${days} days after its last refresh`,
    );
    return undefined;
  }

  private reach(license: number): void {
    this.atServer[license] = 1;
    this.lastRefresh[license] = this.host.kernel.now;
  }

  private forget(license: number): void {
    this.disown(license);
    this.atServer[license] = 0;
    this.recallPending[license] = 0;
  }

  private scheduleRefresh(client: number): void {
    if (this.refreshing[client] === 1) return;
    const { kernel } = this.host;
    const next = kernel.now + this.server(client).leasing.surrender.refreshEveryMs;
    if (next > kernel.end) return;
    this.refreshing[client] = 1;
    kernel.schedule(next, this.ev.refresh, client, 0);
  }

  private note(license: number, action: 'surrender' | 'recall' | 'expire', detail: string): void {
    const { kernel, sink } = this.host;
    sink.record({
      type: 'timeline',
      at: kernel.now,
      action,
      license: this.policy.licenses[license]!.id,
      detail,
    });
  }

  private expiresAfter(client: number): number {
    return this.server(client).leasing.surrender.expiresAfterMs;
  }

  private server(client: number) {
    return this.fleet.servers[this.fleet.clients[client]!.server]!;
  }

  private serverId(client: number): string {
    return this.server(client).id;
  }

  private clientId(client: number): string {
    return this.fleet.clients[client]!.id;
  }
}
