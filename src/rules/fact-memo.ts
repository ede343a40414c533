/**
 * A hash table from small integer fact vectors to decisions, so that a rule set is evaluated once per
 * distinct vector. Keys live in one Int32Array, so a lookup allocates nothing (it runs on every arrival).
 * Written by hand because a Map keyed by strings would allocate a key per lookup.
 */
export class FactMemo<T> {
  private keys: Int32Array;
  private slots: Int32Array;
  private values: T[] = [];
  private mask: number;

  constructor(
    readonly width: number,
    initialSlots = 1024,
    /** Stop adding entries past this many, so memory stays bounded on huge runs; lookups still work. */
    readonly maxEntries = 1 << 20,
  ) {
    this.keys = new Int32Array(initialSlots * width);
    this.slots = new Int32Array(initialSlots).fill(-1);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.values.length;
  }

  /** The value stored for `key` (its first `width` entries), or undefined. */
  get(key: Int32Array): T | undefined {
    const slot = this.find(key, this.slots, this.keys, this.mask);
    const index = this.slots[slot]!;
    return index < 0 ? undefined : this.values[index];
  }

  set(key: Int32Array, value: T): void {
    if (this.values.length >= this.maxEntries) return;
    if ((this.values.length + 1) * 2 > this.slots.length) this.grow();
    const slot = this.find(key, this.slots, this.keys, this.mask);
    if (this.slots[slot]! >= 0) {
      this.values[this.slots[slot]!] = value;
      return;
    }
    this.slots[slot] = this.values.length;
    this.keys.set(key.subarray(0, this.width), slot * this.width);
    this.values.push(value);
  }

  /** Open addressing with linear probing: the slot holding `key`, or the empty slot where it would go. */
  private find(key: Int32Array, slots: Int32Array, keys: Int32Array, mask: number): number {
    const w = this.width;
    let h = 0x811c9dc5;
    for (let i = 0; i < w; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      if (slots[slot]! < 0) return slot;
      const base = slot * w;
      let same = true;
      for (let i = 0; i < w; i++) {
        if (keys[base + i] !== key[i]) {
          same = false;
          break;
        }
      }
      if (same) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const keys = new Int32Array(size * this.width);
    const mask = size - 1;
    for (let old = 0; old < this.slots.length; old++) {
      const index = this.slots[old]!;
      if (index < 0) continue;
      const key = this.keys.subarray(old * this.width, (old + 1) * this.width);
      const slot = this.find(key, slots, keys, mask);
      slots[slot] = index;
      keys.set(key, slot * this.width);
    }
    this.slots = slots;
    this.keys = keys;
    this.mask = mask;
  }
}
