import type { Run } from '../model/bind.js';

/**
 * The users of a run, numbered: the explicit sessions' names first, then each load stream's population,
 * whose names (`site-a-admins-17`) are made only when asked for, so a population of millions costs
 * nothing until a trace names one of them.
 */
export class Users {
  /** Index of the first user of each load stream. */
  readonly streamBase: readonly number[];
  /** Users in all: the size of per-user tables. */
  readonly count: number;
  private readonly names: string[] = [];
  private readonly byName = new Map<string, number>();

  constructor(private readonly run: Run) {
    for (const batch of run.sessions) {
      for (let k = 0; k < (batch.distinctUsers ? batch.count : 1); k++) this.index(batchUserName(batch, k));
    }
    let base = this.names.length;
    this.streamBase = run.load.map((l) => {
      const first = base;
      base += l.users;
      return first;
    });
    this.count = base;
  }

  /** The index of a named user, registering the name on first use. */
  index(name: string): number {
    let index = this.byName.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.byName.set(name, index);
      this.names.push(name);
    }
    return index;
  }

  name(user: number): string {
    const named = this.names[user];
    if (named !== undefined) return named;
    const streams = this.run.load;
    // Stryker disable next-line ArithmeticOperator: starting past the last stream only adds turns that find no base
    for (let i = streams.length - 1; i >= 0; i--) {
      if (this.streamBase[i]! <= user) return `${streams[i]!.id}-${user - this.streamBase[i]! + 1}`;
    }
    return `user#${user}`;
  }
}

/** The user of the k-th session of a batch: one user, or one each (`ops-1`, `ops-2`…). */
export function batchUserName(batch: Run['sessions'][number], k: number): string {
  return batch.distinctUsers ? `${batch.user}-${k + 1}` : batch.user;
}
