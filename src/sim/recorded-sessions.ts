import type { Run } from '../model/bind.js';
import type { CheckoutChunk, RecordedUsage } from '../model/recorded-usage.js';
import { type EventKind, type Kernel, Priority } from './kernel.js';
import type { Sessions } from './sessions.js';
import type { Users } from './users.js';

/**
 * The checkouts of a real usage log, offered to admission at the instants the log gives, each for as long
 * as the log says it lasted: the load of an audit. The log is read a chunk at a time as the run goes, and
 * one checkout is pending at a time, so memory does not grow with the log.
 *
 * A checkout goes to the site the log names when the policy has it and licenses the feature there, else
 * to the first site of the first pool licensing its feature; a feature the policy does not license is
 * not offered (the audit report counts those checkouts from the import).
 */
export class RecordedSessions {
  private readonly ev: { readonly checkout: EventKind };
  private iterator: AsyncIterator<CheckoutChunk> | null = null;
  private chunk: CheckoutChunk | null = null;
  /** The site index each (feature, log site + 1) goes to, or -1: features × (sites + 1) entries. */
  private readonly placeOf: Int32Array;
  private readonly siteColumns: number;

  constructor(
    run: Run,
    private readonly recorded: RecordedUsage,
    private readonly kernel: Kernel,
    private readonly sessions: Sessions,
    private readonly users: Users,
  ) {
    this.siteColumns = recorded.sites.length + 1;
    this.placeOf = placements(run, recorded);
    this.ev = kernel.register({ checkout: this.checkout }, Priority.session, this);
  }

  /** Reads the first chunk and queues its first checkout. */
  async start(): Promise<void> {
    this.iterator = this.recorded.checkouts()[Symbol.asyncIterator]();
    await this.nextChunk();
  }

  private async nextChunk(): Promise<void> {
    for (;;) {
      const next = await this.iterator!.next();
      if (next.done) {
        this.chunk = null;
        return;
      }
      this.chunk = next.value;
      if (this.queueFrom(0)) return;
    }
  }

  /** Queues the first checkout of the chunk from `i` on that is replayed; false when none is left. */
  private queueFrom(i: number): boolean {
    const c = this.chunk!;
    for (let k = i; k < c.length; k++) {
      if (c.durationMs[k]! >= 0 && this.siteOf(c, k) >= 0) {
        this.kernel.schedule(c.atMs[k]!, this.ev.checkout, k, 0);
        return true;
      }
    }
    return false;
  }

  private siteOf(c: CheckoutChunk, k: number): number {
    return this.placeOf[c.feature[k]! * this.siteColumns + c.site[k]! + 1]!;
  }

  private checkout(k: number): Promise<void> | undefined {
    const c = this.chunk!;
    const offered = this.offer(
      this.users.recordedBase + c.user[k]!,
      this.siteOf(c, k),
      Math.max(1, c.durationMs[k]!),
      c.count[k]!,
    );
    if (this.queueFrom(k + 1)) return offered;
    return offered === undefined ? this.nextChunk() : offered.then(() => this.nextChunk());
  }

  /** Offers the checkout's `count` licenses, one session each, in turn. */
  private offer(user: number, site: number, durationMs: number, count: number): Promise<void> | undefined {
    for (let i = 0; i < count; i++) {
      const pending = this.sessions.offerRecorded(user, site, durationMs);
      if (pending !== undefined) return this.offerRest(pending, user, site, durationMs, count - i - 1);
    }
    return undefined;
  }

  private async offerRest(
    pending: Promise<void>,
    user: number,
    site: number,
    durationMs: number,
    left: number,
  ): Promise<void> {
    await pending;
    for (let i = 0; i < left; i++) await this.sessions.offerRecorded(user, site, durationMs);
  }
}

/** Where each feature of the log goes in the policy, for each site the log names (or none). */
function placements(run: Run, recorded: RecordedUsage): Int32Array {
  const { policy } = run;
  const columns = recorded.sites.length + 1;
  const table = new Int32Array(recorded.features.length * columns).fill(-1);
  for (const [f, feature] of recorded.features.entries()) {
    const pools = policy.pools.filter((p) => p.licenses.some((l) => policy.licenses[l]!.feature === feature));
    const fallback = pools[0]?.sites[0] ?? -1;
    table[f * columns] = fallback;
    for (const [s, name] of recorded.sites.entries()) {
      const site = policy.sites.find((x) => x.id === name);
      table[f * columns + s + 1] =
        site !== undefined && pools.some((p) => p.index === site.pool) ? site.index : fallback;
    }
  }
  return table;
}
