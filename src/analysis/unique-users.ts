import { MS } from '../vocabulary.js';
import { IgnoreAll, type Reducer } from './analysis.js';

/** L2: realtime users are the unique users seen in the last 14 days. */
export const REALTIME_WINDOW_MS = 14 * MS.day;

/** Unique users counted one way (L1): all the run's, and the most seen within any 14-day window (L2). */
export interface UserCount {
  /** Unique users admitted over the whole run (what an imported-user limit counts, L2). */
  readonly total: number;
  /** The most unique users admitted within the 14 days up to any instant (the realtime count, L2). */
  readonly realtimePeak: number;
  /** When that peak was first reached (ms), or null when nobody was admitted. */
  readonly realtimePeakAt: number | null;
}

/** L1: users counted by user-host pair (the default) and by username. */
export interface UniqueUsersResult {
  readonly userHost: UserCount;
  readonly username: UserCount;
}

/**
 * L1, L2: counts the unique users of a run's admissions, by user-host pair and by username; denied
 * sessions are not admissions, so denied users never count. A user's name is `user@host`, or a bare
 * name (its own username) when the load gives no host. Reads the trace like any analysis, as an extra
 * sink of the runs that ask for it (`licensim audit`), so that other runs pay nothing per admission.
 */
export class UniqueUsers extends IgnoreAll implements Reducer<UniqueUsersResult> {
  /** Per run user: its username's number + 1, or 0 until first admitted. */
  private usernameOf = new Int32Array(1024);
  private readonly usernames = new Map<string, number>();
  private readonly byPair = new RollingUsers();
  private readonly byName = new RollingUsers();

  constructor(
    /** The run's name of each user (RunNames.user). */
    private readonly nameOf: (user: number) => string,
  ) {
    super();
  }

  override admit(at: number, _session: number, user: number): void {
    if (user >= this.usernameOf.length) this.usernameOf = grown(this.usernameOf, user + 1);
    let name = this.usernameOf[user]! - 1;
    if (name < 0) name = this.learn(user);
    this.byPair.seen(user, at);
    this.byName.seen(name, at);
  }

  private learn(user: number): number {
    const full = this.nameOf(user);
    const at = full.lastIndexOf('@');
    const username = at > 0 ? full.slice(0, at) : full;
    let n = this.usernames.get(username);
    if (n === undefined) {
      n = this.usernames.size;
      this.usernames.set(username, n);
    }
    this.usernameOf[user] = n + 1;
    return n;
  }

  result(): UniqueUsersResult {
    return { userHost: this.byPair.result(), username: this.byName.result() };
  }
}

/**
 * Unique users over all time and within a rolling window. Admissions come in time order: each is queued
 * with its instant; when the window passes a queued admission that is still its user's latest, that
 * user leaves the window. The queue holds the window's admissions, in two growable typed arrays.
 */
class RollingUsers {
  private last = new Float64Array(1024).fill(Number.NaN);
  private total = 0;
  private inWindow = 0;
  private peak = 0;
  private peakAt: number | null = null;
  private queueAt = new Float64Array(1024);
  private queueUser = new Int32Array(1024);
  private head = 0;
  private tail = 0;

  seen(user: number, at: number): void {
    if (user >= this.last.length) {
      const bigger = new Float64Array(Math.max(user + 1, this.last.length * 2)).fill(Number.NaN);
      bigger.set(this.last);
      this.last = bigger;
    }
    const from = at - REALTIME_WINDOW_MS;
    while (this.head < this.tail && this.queueAt[this.head]! < from) {
      const u = this.queueUser[this.head]!;
      if (this.last[u] === this.queueAt[this.head]) this.inWindow--;
      this.head++;
    }
    const before = this.last[user]!;
    if (Number.isNaN(before)) this.total++;
    if (!(before >= from)) this.inWindow++;
    if (before === at) return;
    this.last[user] = at;
    this.push(user, at);
    if (this.inWindow > this.peak) {
      this.peak = this.inWindow;
      this.peakAt = at;
    }
  }

  private push(user: number, at: number): void {
    if (this.tail === this.queueAt.length) {
      // Compact first; grow only when the window itself fills the arrays.
      const live = this.tail - this.head;
      if (live * 2 > this.queueAt.length) {
        this.queueAt = grownFloat(this.queueAt, this.queueAt.length * 2);
        this.queueUser = grown(this.queueUser, this.queueUser.length * 2);
      }
      this.queueAt.copyWithin(0, this.head, this.tail);
      this.queueUser.copyWithin(0, this.head, this.tail);
      this.head = 0;
      this.tail = live;
    }
    this.queueAt[this.tail] = at;
    this.queueUser[this.tail++] = user;
  }

  result(): UserCount {
    return { total: this.total, realtimePeak: this.peak, realtimePeakAt: this.peakAt };
  }
}

function grown(a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

function grownFloat(a: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}
