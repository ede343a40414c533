import type { Run } from '../model/bind.js';

/** The users of a `distinctUsers` batch prefix: `ops-1` … `ops-<size>`, indices base … base + size - 1. */
interface UserRange {
  readonly prefix: string;
  readonly base: number;
  readonly size: number;
}

/**
 * The users of a run, numbered: the explicit sessions' single users first, then the users of the
 * `distinctUsers` batches (one range per name prefix: two batches of `ops` share `ops-1`, `ops-2`…),
 * then each load stream's population, then the users of a replayed usage log. Names of ranges and populations (`ops-17`, `site-a-admins-17`) are
 * made only when asked for, so a million distinct users cost a few numbers until a trace names one.
 *
 * A single user named like a range's member (`ops-3` beside a distinct batch of `ops`) is that member,
 * as it always was; two ranges never share a name (`p-<digits>` determines `p`).
 */
export class Users {
  /** Index of the first user of each load stream. */
  readonly streamBase: readonly number[];
  /** Index of the first user of a replayed usage log (its user-host pairs, in the log's numbering). */
  readonly recordedBase: number;
  /** Users in all: the size of per-user tables. */
  readonly count: number;
  /** The single users' names, by index (they come first). */
  private readonly singles: string[] = [];
  private readonly ranges: UserRange[] = [];
  /** Per batch, its single user's index, or -1 for a distinct batch (its range gives each user). */
  private readonly batchUser: Int32Array;
  private readonly batchRange: (UserRange | undefined)[];

  constructor(private readonly run: Run) {
    const sizes = new Map<string, number>();
    for (const b of run.sessions) {
      if (b.distinctUsers) sizes.set(b.user, Math.max(sizes.get(b.user) ?? 0, b.count));
    }
    const singleIndex = new Map<string, number>();
    for (const b of run.sessions) {
      if (!b.distinctUsers && !singleIndex.has(b.user) && rangeMember(b.user, sizes) === null) {
        singleIndex.set(b.user, this.singles.length);
        this.singles.push(b.user);
      }
    }
    let base = this.singles.length;
    const rangeOf = new Map<string, UserRange>();
    for (const [prefix, size] of sizes) {
      const range = { prefix, base, size };
      this.ranges.push(range);
      rangeOf.set(prefix, range);
      base += size;
    }
    this.batchRange = run.sessions.map((b) => (b.distinctUsers ? rangeOf.get(b.user) : undefined));
    this.batchUser = Int32Array.from(run.sessions, (b) => {
      if (b.distinctUsers) return -1;
      const member = rangeMember(b.user, sizes);
      return member === null ? singleIndex.get(b.user)! : rangeOf.get(member.prefix)!.base + member.k;
    });
    this.streamBase = run.load.map((l) => {
      const first = base;
      base += l.users;
      return first;
    });
    this.recordedBase = base;
    base += run.scenario.recorded?.userNames.length ?? 0;
    this.count = base;
  }

  /** The user of the k-th session of batch `batch`. */
  ofBatch(batch: number, k: number): number {
    const single = this.batchUser[batch]!;
    return single >= 0 ? single : this.batchRange[batch]!.base + k;
  }

  name(user: number): string {
    const recorded = this.run.scenario.recorded;
    if (recorded && user >= this.recordedBase) {
      return recorded.userNames[user - this.recordedBase] ?? `user#${user}`;
    }
    if (user < this.singles.length) return this.singles[user]!;
    for (const r of this.ranges)
      if (user >= r.base && user < r.base + r.size) return `${r.prefix}-${user - r.base + 1}`;
    const streams = this.run.load;
    // Stryker disable next-line ArithmeticOperator: starting past the last stream only adds turns that find no base
    for (let i = streams.length - 1; i >= 0; i--) {
      if (this.streamBase[i]! <= user) return `${streams[i]!.id}-${user - this.streamBase[i]! + 1}`;
    }
    return `user#${user}`;
  }
}

/** The range member a single user's name denotes (`ops-3` → ops, k = 2), or null. */
function rangeMember(name: string, sizes: ReadonlyMap<string, number>): { prefix: string; k: number } | null {
  const m = /^(.*)-([1-9]\d*)$/.exec(name);
  if (m === null) return null;
  const size = sizes.get(m[1]!);
  const n = Number(m[2]);
  return size !== undefined && n <= size ? { prefix: m[1]!, k: n - 1 } : null;
}
