import { describe, expect, it } from 'vitest';
import { FACT_MEMO_WIDTH, FactMemo } from '../../src/rules/fact-memo.js';

type Key = [number, number, number, number, number, number];

/** A six-integer key; omitted trailing facts are zeros, as the memo's callers pad them. */
const key = (...values: number[]): Key => {
  const k = [0, 0, 0, 0, 0, 0];
  values.forEach((v, i) => {
    k[i] = v;
  });
  return k as Key;
};
const put = <T>(memo: FactMemo<T>, k: Key, value: T) => memo.set(...k, value);
const at = <T>(memo: FactMemo<T>, k: Key) => memo.get(...k);

/**
 * The slot FactMemo's hash picks for a key (FNV-1a over the six integers, folded), copied here only to
 * find keys that collide; the assertions below hold for any hash.
 */
function slotOf(k: Key, mask: number): number {
  let h = 0x811c9dc5;
  for (const v of k) h = Math.imul(h ^ v, 0x01000193);
  return (h ^ (h >>> 15)) & mask;
}

/** `n` distinct keys whose home slot is `slot` in a table of `slots` slots. */
function keysInSlot(slot: number, slots: number, n: number): Key[] {
  const found: Key[] = [];
  for (let a = 0; found.length < n && a < 1_000_000; a++) {
    const k = key(1, a, 60, -a, -1, 2);
    if (slotOf(k, slots - 1) === slot) found.push(k);
  }
  return found;
}

describe('FactMemo', () => {
  it('keys are six integers', () => {
    expect(FACT_MEMO_WIDTH).toBe(6);
  });

  it('returns what was set for a key and undefined for a key never set', () => {
    const memo = new FactMemo<string>();
    put(memo, key(1, 2, 3), 'a');
    put(memo, key(3, 2, 1), 'b');
    expect(at(memo, key(1, 2, 3))).toBe('a');
    expect(at(memo, key(3, 2, 1))).toBe('b');
    expect(at(memo, key(1, 2, 4))).toBeUndefined();
    expect(at(memo, key())).toBeUndefined();
    expect(memo.size).toBe(2);
  });

  it('setting a key again replaces its value without adding an entry', () => {
    const memo = new FactMemo<string>();
    put(memo, key(1, 1), 'first');
    put(memo, key(1, 1), 'second');
    expect(at(memo, key(1, 1))).toBe('second');
    expect(memo.size).toBe(1);
  });

  it('tells apart negative values, zeros and keys that differ in one position only', () => {
    const memo = new FactMemo<string>();
    const keys: Key[] = [key()];
    for (let i = 0; i < 6; i++) {
      const minus = key();
      minus[i] = -1;
      const plus = key();
      plus[i] = 1;
      keys.push(minus, plus);
    }
    keys.forEach((k, i) => {
      put(memo, k, `v${i}`);
    });
    expect(memo.size).toBe(13);
    keys.forEach((k, i) => {
      expect(at(memo, k)).toBe(`v${i}`);
    });
  });

  it('grows past its initial size and keeps every key', () => {
    const memo = new FactMemo<number>(2);
    const n = 20_000;
    const k = (i: number) => key(i % 5, i, -i, i * 31, i % 7, 3);
    for (let i = 0; i < n; i++) put(memo, k(i), i);
    expect(memo.size).toBe(n);
    for (let i = 0; i < n; i++) expect(at(memo, k(i))).toBe(i);
    expect(at(memo, k(n))).toBeUndefined();
  });

  it('keeps distinct keys apart when they hash to the same slot', () => {
    const slots = 1024;
    const colliding = keysInSlot(17, slots, 5);
    expect(colliding).toHaveLength(5);
    const memo = new FactMemo<number>(slots);
    colliding.forEach((k, i) => {
      put(memo, k, i);
    });
    colliding.forEach((k, i) => {
      expect(at(memo, k)).toBe(i);
    });
    // A key that is not stored is still a miss, although its probe runs through the whole cluster.
    expect(at(memo, key(1, 1))).toBeUndefined();
  });

  it('keeps colliding keys apart when their probe wraps past the last slot', () => {
    const slots = 64;
    const colliding = keysInSlot(slots - 1, slots, 4);
    expect(colliding).toHaveLength(4);
    const memo = new FactMemo<string>(slots);
    colliding.forEach((k, i) => {
      put(memo, k, `w${i}`);
    });
    colliding.forEach((k, i) => {
      expect(at(memo, k)).toBe(`w${i}`);
    });
  });

  it('keeps colliding keys apart across a growth of the table', () => {
    const colliding = keysInSlot(3, 8, 6);
    expect(colliding).toHaveLength(6);
    const memo = new FactMemo<number>(8);
    colliding.forEach((k, i) => {
      put(memo, k, i);
    });
    for (let i = 0; i < 100; i++) put(memo, key(1000 + i, i), 1000 + i);
    colliding.forEach((k, i) => {
      expect(at(memo, k)).toBe(i);
    });
    expect(memo.size).toBe(106);
  });

  it('stops adding entries at maxEntries, while lookups of stored keys still hit', () => {
    const memo = new FactMemo<number>(4, 3);
    for (let i = 0; i < 10; i++) put(memo, key(i, i), i);
    expect(memo.size).toBe(3);
    expect([0, 1, 2].map((i) => at(memo, key(i, i)))).toEqual([0, 1, 2]);
    expect(at(memo, key(3, 3))).toBeUndefined();
    expect(at(memo, key(9, 9))).toBeUndefined();
  });

  it('at maxEntries, a key already stored can still be updated (updating adds no entry)', () => {
    const memo = new FactMemo<string>(4, 2);
    put(memo, key(1, 1), 'old');
    put(memo, key(2, 2), 'other');
    put(memo, key(1, 1), 'new');
    expect(memo.size).toBe(2);
    expect(at(memo, key(1, 1))).toBe('new');
  });

  it('refuses an initial size that is not a power of two, whose probe could never reach a free slot', () => {
    expect(() => new FactMemo(1000)).toThrow(RangeError);
    expect(() => new FactMemo(0)).toThrow(RangeError);
    expect(() => new FactMemo(1024)).not.toThrow();
  });
});
