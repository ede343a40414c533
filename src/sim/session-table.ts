/**
 * Running sessions in parallel typed arrays indexed by slot, with a free list, so that starting and ending
 * a session allocates nothing. A slot's generation goes up when a session opens in it and when it closes,
 * so it is odd while the slot is live, and an end event queued for an earlier occupant (ended early by an
 * outage or a timeout) is recognised as stale.
 */
export class SessionTable {
  id: Float64Array;
  user: Int32Array;
  node: Int32Array;
  site: Int32Array;
  pool: Int32Array;
  generation: Int32Array;
  /** When the session would end on its own (before any idle timeout). */
  until: Float64Array;
  private free: Int32Array;
  private freeCount = 0;
  /** Slots ever used; live sessions are among [0, highWater). */
  highWater = 0;

  constructor(initial = 1024) {
    this.id = new Float64Array(initial);
    this.user = new Int32Array(initial);
    this.node = new Int32Array(initial);
    this.site = new Int32Array(initial);
    this.pool = new Int32Array(initial);
    this.generation = new Int32Array(initial);
    this.until = new Float64Array(initial);
    this.free = new Int32Array(initial);
  }

  open(id: number, user: number, node: number, site: number, pool: number, until: number): number {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.takeNew();
    this.id[slot] = id;
    this.user[slot] = user;
    this.node[slot] = node;
    this.site[slot] = site;
    this.pool[slot] = pool;
    this.until[slot] = until;
    // Stryker disable next-line ArithmeticOperator: -1 flips the parity as +1 does
    this.generation[slot] = (this.generation[slot]! + 1) | 0;
    return slot;
  }

  /** Whether a session occupies the slot now. */
  live(slot: number): boolean {
    return (this.generation[slot]! & 1) === 1;
  }

  close(slot: number): void {
    // Stryker disable next-line ArithmeticOperator: -1 flips the parity as +1 does
    this.generation[slot] = (this.generation[slot]! + 1) | 0;
    this.free[this.freeCount++] = slot;
  }

  private takeNew(): number {
    if (this.highWater === this.id.length) this.grow();
    return this.highWater++;
  }

  private grow(): void {
    const n = this.id.length * 2;
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.id = widen(this.id, (k) => new Float64Array(k));
    this.user = widen(this.user, (k) => new Int32Array(k));
    this.node = widen(this.node, (k) => new Int32Array(k));
    this.site = widen(this.site, (k) => new Int32Array(k));
    this.pool = widen(this.pool, (k) => new Int32Array(k));
    this.generation = widen(this.generation, (k) => new Int32Array(k));
    this.until = widen(this.until, (k) => new Float64Array(k));
    this.free = widen(this.free, (k) => new Int32Array(k));
  }
}
