/**
 * Names numbered in the order first seen. A log of millions of lines names a few thousand users and
 * features: events carry their numbers, and each name is kept once.
 */
export class Names {
  private readonly index = new Map<string, number>();
  readonly list: string[] = [];

  /** The number of `name`, given a new one the first time. */
  of(name: string): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    const n = this.list.length;
    // A name read from a line may be a slice of the whole chunk the line came from: kept as it is, it
    // would keep that chunk in memory. A copy keeps the name only.
    const own = Buffer.from(name, 'utf8').toString('utf8');
    this.index.set(own, n);
    this.list.push(own);
    return n;
  }

  /** The number of `name`, or -1 when it has none yet. */
  find(name: string): number {
    return this.index.get(name) ?? -1;
  }

  get size(): number {
    return this.list.length;
  }
}

/**
 * The users of a log: a user is a username + hostname pair (L1's default), numbered, each with the number
 * of its username, so that both counting methods read the same events.
 */
export class LogUsers {
  readonly pairs = new Names();
  readonly usernames = new Names();
  /** For each user-host pair, its username's number. */
  private usernameOf = new Int32Array(64);

  /**
   * The number of the pair `user@host` (`user` alone when the host is unknown); `who` is that name when
   * the caller has it already.
   */
  of(user: string, host: string, who = ''): number {
    const pair = this.pairs.of(who !== '' ? who : host === '' ? user : `${user}@${host}`);
    if (pair === this.pairs.size - 1 && pair >= this.usernamesKnown) this.learn(pair, user);
    return pair;
  }

  /** The number of the pair `user@host`, or -1 when it has none yet. */
  find(user: string, host: string, who = ''): number {
    return this.pairs.find(who !== '' ? who : host === '' ? user : `${user}@${host}`);
  }

  private usernamesKnown = 0;

  private learn(pair: number, user: string): void {
    if (pair >= this.usernameOf.length) {
      const grown = new Int32Array(this.usernameOf.length * 2);
      grown.set(this.usernameOf);
      this.usernameOf = grown;
    }
    this.usernameOf[pair] = this.usernames.of(user);
    this.usernamesKnown = pair + 1;
  }

  /** Each pair's username number, by pair number. */
  usernameIndex(): Int32Array {
    return this.usernameOf.slice(0, this.pairs.size);
  }
}
