/** Number of integer facts a FactMemo key holds; shorter vectors pad with zeros. */
export const FACT_MEMO_WIDTH = 6;
const W = FACT_MEMO_WIDTH;

/**
 * A hash table from vectors of up to six small integers to decisions, so that a rule set is evaluated
 * once per distinct fact vector. It runs on every arrival, so keys are passed as arguments and stored in
 * one Int32Array: a lookup allocates nothing and hashes without a loop. Written by hand because a Map
 * keyed by strings would allocate a key per lookup, which measured several times slower.
 */
export class FactMemo<T> {
  private keys: Int32Array;
  /** Index into `values` per slot, -1 when the slot is empty. */
  private slots: Int32Array;
  private readonly values: T[] = [];
  private mask: number;

  constructor(
    initialSlots = 1024,
    /** Stop adding entries past this many, so memory stays bounded on huge runs; lookups still work. */
    readonly maxEntries = 1 << 20,
  ) {
    if (!Number.isInteger(Math.log2(initialSlots)))
      throw new RangeError('initialSlots must be a power of two');
    this.keys = new Int32Array(initialSlots * W);
    this.slots = new Int32Array(initialSlots).fill(-1);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.values.length;
  }

  get(a: number, b: number, c: number, d: number, e: number, f: number): T | undefined {
    const index = this.slots[this.find(a, b, c, d, e, f, this.slots, this.keys, this.mask)]!;
    return index < 0 ? undefined : this.values[index];
  }

  set(a: number, b: number, c: number, d: number, e: number, f: number, value: T): void {
    let slot = this.find(a, b, c, d, e, f, this.slots, this.keys, this.mask);
    const index = this.slots[slot]!;
    if (index >= 0) {
      this.values[index] = value;
      return;
    }
    if (this.values.length >= this.maxEntries) return;
    if ((this.values.length + 1) * 2 > this.slots.length) {
      this.grow();
      slot = this.find(a, b, c, d, e, f, this.slots, this.keys, this.mask);
    }
    this.slots[slot] = this.values.length;
    this.write(this.keys, slot, a, b, c, d, e, f);
    this.values.push(value);
  }

  /** Open addressing with linear probing: the slot holding the key, or the empty slot where it would go. */
  private find(
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
    slots: Int32Array,
    keys: Int32Array,
    mask: number,
  ): number {
    let h = Math.imul(a ^ 0x811c9dc5, 0x01000193);
    h = Math.imul(h ^ b, 0x01000193);
    h = Math.imul(h ^ c, 0x01000193);
    h = Math.imul(h ^ d, 0x01000193);
    h = Math.imul(h ^ e, 0x01000193);
    h = Math.imul(h ^ f, 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      if (slots[slot]! < 0) return slot;
      const k = slot * W;
      if (
        keys[k] === a &&
        keys[k + 1] === b &&
        keys[k + 2] === c &&
        keys[k + 3] === d &&
        keys[k + 4] === e &&
        keys[k + 5] === f
      ) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private write(
    keys: Int32Array,
    slot: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
  ) {
    const k = slot * W;
    keys[k] = a;
    keys[k + 1] = b;
    keys[k + 2] = c;
    keys[k + 3] = d;
    keys[k + 4] = e;
    keys[k + 5] = f;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const keys = new Int32Array(size * W);
    const old = this.keys;
    for (let s = 0; s < this.slots.length; s++) {
      const index = this.slots[s]!;
      if (index < 0) continue;
      const k = s * W;
      const [a, b, c, d, e, f] = [old[k]!, old[k + 1]!, old[k + 2]!, old[k + 3]!, old[k + 4]!, old[k + 5]!];
      const slot = this.find(a, b, c, d, e, f, slots, keys, size - 1);
      slots[slot] = index;
      this.write(keys, slot, a, b, c, d, e, f);
    }
    this.slots = slots;
    this.keys = keys;
    this.mask = size - 1;
  }
}
