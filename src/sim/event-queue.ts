/**
 * Binary min-heap of simulator events ordered by (time, priority, insertion sequence), as SimPy orders
 * its heap: events due at the same virtual millisecond pop by priority (a license ending before a session
 * asking to start), then in the order they were pushed, so runs repeat exactly.
 *
 * Events live in parallel typed arrays rather than objects: at a million pending events objects cost about
 * 10× the throughput and 6× the memory (measured on Node 20). `pop()` allocates nothing; it
 * copies the top event into `time`, `kind`, `a` and `b` on the queue itself.
 *
 * The heap itself holds only (time, slot): the sequence number and payload are written once into the
 * event's slot and read once when it pops, so each sift step moves 12 bytes instead of 28. Measured by
 * hand against a bare (time, kind) heap with no tie-break, this layout kept 0.74–0.78 of its throughput
 * at 100–10 000 pending events, versus 0.66 for moving all five fields; both ≈ 0.5 at a million pending.
 *
 * @example
 * const q = new EventQueue();
 * q.push(1_000, KIND_ARRIVAL, clientId, 0);
 * while (q.pop()) handle(q.time, q.kind, q.a, q.b);
 */
const PRIORITY_STRIDE = 2 ** 44;

export class EventQueue {
  /** Time of the last popped event (virtual ms); `-Infinity` before the first pop. Read-only for callers. */
  time = Number.NEGATIVE_INFINITY;
  /** Kind of the last popped event. Read-only for callers. */
  kind = 0;
  /** First payload of the last popped event. Read-only for callers. */
  a = 0;
  /** Second payload of the last popped event. Read-only for callers. */
  b = 0;

  // Heap order, one entry per pending event.
  private times: Float64Array;
  private slots: Int32Array;
  // Per slot. Float64 sequence numbers cannot wrap (exact up to 2^53 pushes).
  private seqs: Float64Array;
  private kinds: Int32Array;
  private as: Int32Array;
  private bs: Int32Array;
  // Slots released by pop(). Slots [0, n + freeTop) have been handed out, so with none free, slot n is new.
  private free: Int32Array;
  private freeTop = 0;
  private n = 0;
  private nextSeq = 0;
  /** Whether the root is the event popped last, still to be replaced (see `pop`). */
  private hole = false;

  constructor(initialCapacity = 1024) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new RangeError(`EventQueue capacity must be a positive integer, got ${initialCapacity}`);
    }
    this.times = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.kinds = new Int32Array(initialCapacity);
    this.as = new Int32Array(initialCapacity);
    this.bs = new Int32Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
  }

  /** Number of pending events. */
  get size(): number {
    return this.hole ? this.n - 1 : this.n;
  }

  /** Time of the next event, or `Infinity` when the queue is empty. */
  peekTime(): number {
    this.fillHole();
    return this.n === 0 ? Number.POSITIVE_INFINITY : (this.times[0] as number);
  }

  /**
   * Schedules an event. `kind`, `a` and `b` must be int32; `time` must not be NaN nor earlier than the
   * last popped event's time, because virtual time never goes back. At equal times a lower `priority`
   * (a small non-negative integer) pops first.
   */
  push(time: number, kind: number, a: number, b: number, priority = 0): void {
    // One negated comparison catches both NaN and the past; the int32 checks stop silent truncation.
    if (!(time >= this.time) || (kind | 0) !== kind || (a | 0) !== a || (b | 0) !== b) {
      this.rejectPush(time, kind, a, b);
    }
    this.insert(time, kind, a, b, priority * PRIORITY_STRIDE + this.nextSeq++);
  }

  /**
   * `push` at `delay` ms after the time of the last popped event. The simulator schedules this way on
   * its hot path: a whole delay under 2^31 ms reaches here as a small integer, while an absolute time
   * (about 1.7e12 ms) is a double, which V8 boxes on the heap when the call is not inlined.
   */
  pushAfter(delay: number, kind: number, a: number, b: number, priority = 0): void {
    const time = this.time + delay;
    if (!(time >= this.time) || (kind | 0) !== kind || (a | 0) !== a || (b | 0) !== b) {
      this.rejectPush(time, kind, a, b);
    }
    this.insert(time, kind, a, b, priority * PRIORITY_STRIDE + this.nextSeq++);
  }

  /** Adds an event with its sequence number; the time goes into the heap's arrays before any call. */
  private insert(time: number, kind: number, a: number, b: number, seq: number): void {
    if (this.n === this.times.length) this.grow();
    const slot = this.freeTop > 0 ? (this.free[--this.freeTop] as number) : this.n;
    this.seqs[slot] = seq;
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    // Stryker disable next-line ConditionalExpression,BlockStatement: without taking the hole, the next pop fills it; this path only saves a pass
    if (this.hole) {
      // The root popped last is still in place: the new event takes it and sifts down, one pass
      // instead of removing the root and then sifting the new event up.
      this.hole = false;
      this.times[0] = time;
      this.slots[0] = slot;
      this.siftDown(0, this.n);
      return;
    }
    const i = this.n++;
    this.times[i] = time;
    this.slots[i] = slot;
    this.siftUp(i);
  }

  /**
   * Sets aside `count` sequence numbers, as if `count` events had been pushed, and returns the first.
   * `pushReserved` later schedules an event under one of them, so that an event made when it is due
   * (the next session of a batch) keeps the place it would have had if pushed now.
   */
  reserve(count: number): number {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`EventQueue.reserve: count must be a non-negative integer, got ${count}`);
    }
    const first = this.nextSeq;
    this.nextSeq += count;
    return first;
  }

  /**
   * Schedules an event under a sequence number taken by `reserve`: it pops as if pushed when the number
   * was reserved. The same checks as `push`; kept apart from it so that `push`, the hot path, stays small.
   */
  pushReserved(time: number, kind: number, a: number, b: number, priority: number, sequence: number): void {
    if (!(time >= this.time) || (kind | 0) !== kind || (a | 0) !== a || (b | 0) !== b) {
      this.rejectPush(time, kind, a, b);
    }
    if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence >= this.nextSeq) {
      throw new RangeError(`EventQueue.pushReserved: sequence ${sequence} was not reserved`);
    }
    this.insert(time, kind, a, b, priority * PRIORITY_STRIDE + sequence);
  }

  /**
   * Moves the entry at `i` up to its place: parents move down into the hole and the entry is written
   * once. Testing `<=` first leaves the sequence comparison to ties only.
   */
  private siftUp(i: number): void {
    const times = this.times;
    const slots = this.slots;
    const seqs = this.seqs;
    const time = times[i] as number;
    const slot = slots[i] as number;
    const seq = seqs[slot] as number;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      // Stryker disable next-line EqualityOperator: sequence numbers are unique, so < and <= between them agree
      if (pt <= time && (pt < time || (seqs[slots[p] as number] as number) < seq)) break;
      times[i] = pt;
      slots[i] = slots[p] as number;
      i = p;
    }
    times[i] = time;
    slots[i] = slot;
  }

  /**
   * Takes the earliest event and exposes it through `time`, `kind`, `a` and `b`. Returns false, leaving
   * those fields unchanged, when the queue is empty.
   *
   * The taken event's place at the root is left as a hole until the next call: a `push` fills it by
   * sifting down (a handler that schedules one follow-up, such as the next arrival, then costs one heap
   * pass rather than two), otherwise the next `pop` fills it with the last entry.
   */
  pop(): boolean {
    this.fillHole();
    const n = this.n;
    if (n === 0) return false;
    const top = this.slots[0] as number;
    this.time = this.times[0] as number;
    this.kind = this.kinds[top] as number;
    this.a = this.as[top] as number;
    this.b = this.bs[top] as number;
    this.free[this.freeTop++] = top;
    this.hole = true;
    return true;
  }

  /** Seats the last entry at the root's hole, if the last pop left one. */
  private fillHole(): void {
    if (!this.hole) return;
    this.hole = false;
    const last = --this.n;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with one entry left it is the root, and sifting it changes nothing
    if (last > 0) {
      this.times[0] = this.times[last] as number;
      this.slots[0] = this.slots[last] as number;
      this.siftDown(0, last);
    }
  }

  /** Moves the entry at `i` down to its place within the first `n`, smaller children moving up. */
  private siftDown(i: number, n: number): void {
    const times = this.times;
    const slots = this.slots;
    const seqs = this.seqs;
    const t = times[i] as number;
    const sl = slots[i] as number;
    const seq = seqs[sl] as number;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = times[c] as number;
      const r = c + 1;
      if (r < n) {
        const rt = times[r] as number;
        if (
          rt <= ct &&
          // Stryker disable next-line EqualityOperator: sequence numbers are unique, so < and <= between them agree
          (rt < ct || (seqs[slots[r] as number] as number) < (seqs[slots[c] as number] as number))
        ) {
          c = r;
          ct = rt;
        }
      }
      // Stryker disable next-line EqualityOperator: sequence numbers are unique, so < and <= between them agree
      if (t <= ct && (t < ct || seq < (seqs[slots[c] as number] as number))) break;
      times[i] = ct;
      slots[i] = slots[c] as number;
      i = c;
    }
    times[i] = t;
    slots[i] = sl;
  }

  /** Drops every pending event and rewinds the clock guard, so the queue can serve a fresh run. */
  clear(): void {
    this.n = 0;
    this.hole = false;
    this.freeTop = 0;
    this.nextSeq = 0;
    this.time = Number.NEGATIVE_INFINITY;
    this.kind = 0;
    this.a = 0;
    this.b = 0;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    this.times = grown(this.times, new Float64Array(cap));
    this.slots = grown(this.slots, new Int32Array(cap));
    this.seqs = grown(this.seqs, new Float64Array(cap));
    this.kinds = grown(this.kinds, new Int32Array(cap));
    this.as = grown(this.as, new Int32Array(cap));
    this.bs = grown(this.bs, new Int32Array(cap));
    this.free = grown(this.free, new Int32Array(cap));
  }

  // Kept out of push() so the hot path stays small enough to inline.
  private rejectPush(time: number, kind: number, a: number, b: number): never {
    if (Number.isNaN(time)) throw new RangeError('EventQueue.push: time is NaN');
    if (time < this.time) {
      throw new RangeError(
        `EventQueue.push: time ${time} is before the current virtual time ${this.time}; virtual time never goes back`,
      );
    }
    throw new RangeError(`EventQueue.push: kind, a and b must be int32, got kind=${kind}, a=${a}, b=${b}`);
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
