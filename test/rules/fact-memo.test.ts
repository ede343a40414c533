import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FactMemo } from '../../src/rules/fact-memo.js';

const key = (...values: number[]) => Int32Array.from(values);

/**
 * The slot FactMemo's hash picks for a key (FNV-1a over the integers, folded), copied here only to find
 * keys that collide; the assertions below hold for any hash.
 */
function slotOf(k: Int32Array, mask: number): number {
  let h = 0x811c9dc5;
  for (const v of k) h = Math.imul(h ^ v, 0x01000193);
  return (h ^ (h >>> 15)) & mask;
}

/** `n` distinct two-integer keys whose home slot is `slot` in a table of `slots` slots. */
function keysInSlot(slot: number, slots: number, n: number): Int32Array[] {
  const found: Int32Array[] = [];
  for (let a = 0; found.length < n && a < 1_000_000; a++) {
    const k = key(a, -a);
    if (slotOf(k, slots - 1) === slot) found.push(k);
  }
  return found;
}

describe('FactMemo', () => {
  it('returns what was set for a key and undefined for a key never set', () => {
    const memo = new FactMemo<string>(3);
    memo.set(key(1, 2, 3), 'a');
    memo.set(key(3, 2, 1), 'b');
    expect(memo.get(key(1, 2, 3))).toBe('a');
    expect(memo.get(key(3, 2, 1))).toBe('b');
    expect(memo.get(key(1, 2, 4))).toBeUndefined();
    expect(memo.get(key(0, 0, 0))).toBeUndefined();
    expect(memo.size).toBe(2);
  });

  it('copies the key, so reusing the caller’s buffer does not change what is stored', () => {
    const memo = new FactMemo<number>(2);
    const buffer = key(7, 8);
    memo.set(buffer, 78);
    buffer[0] = 9;
    memo.set(buffer, 98);
    expect(memo.get(key(7, 8))).toBe(78);
    expect(memo.get(key(9, 8))).toBe(98);
  });

  it('reads only the first `width` integers of a longer key', () => {
    const memo = new FactMemo<string>(2);
    memo.set(key(4, 5, 99), 'x');
    expect(memo.get(key(4, 5))).toBe('x');
    expect(memo.get(key(4, 5, -1, -1))).toBe('x');
  });

  it('setting a key again replaces its value without adding an entry', () => {
    const memo = new FactMemo<string>(2);
    memo.set(key(1, 1), 'first');
    memo.set(key(1, 1), 'second');
    expect(memo.get(key(1, 1))).toBe('second');
    expect(memo.size).toBe(1);
  });

  it('tells apart negative values, zeros and keys that differ only in order', () => {
    const memo = new FactMemo<string>(3);
    const keys = [key(0, 0, 0), key(-1, 0, 0), key(0, -1, 0), key(0, 0, -1), key(-1, -1, -1), key(1, 0, 0)];
    keys.forEach((k, i) => {
      memo.set(k, `v${i}`);
    });
    keys.forEach((k, i) => {
      expect(memo.get(k)).toBe(`v${i}`);
    });
  });

  it('grows past its initial size and keeps every key', () => {
    const memo = new FactMemo<number>(4, 2);
    const n = 20_000;
    for (let i = 0; i < n; i++) memo.set(key(i % 61, i, -i, i * 31), i);
    expect(memo.size).toBe(n);
    for (let i = 0; i < n; i++) expect(memo.get(key(i % 61, i, -i, i * 31))).toBe(i);
    expect(memo.get(key(0, n, -n, n * 31))).toBeUndefined();
  });

  it('keeps distinct keys apart when they hash to the same slot', () => {
    const slots = 1024;
    const colliding = keysInSlot(17, slots, 5);
    expect(colliding).toHaveLength(5);
    const memo = new FactMemo<number>(2, slots);
    colliding.forEach((k, i) => {
      memo.set(k, i);
    });
    colliding.forEach((k, i) => {
      expect(memo.get(k)).toBe(i);
    });
    // A key that is not stored is still a miss, although its probe runs through the whole cluster.
    expect(memo.get(key(1, 1))).toBeUndefined();
  });

  it('keeps colliding keys apart when their probe wraps past the last slot', () => {
    const slots = 64;
    const colliding = keysInSlot(slots - 1, slots, 4);
    expect(colliding).toHaveLength(4);
    const memo = new FactMemo<string>(2, slots);
    colliding.forEach((k, i) => {
      memo.set(k, `w${i}`);
    });
    colliding.forEach((k, i) => {
      expect(memo.get(k)).toBe(`w${i}`);
    });
  });

  it('keeps colliding keys apart across a growth of the table', () => {
    const colliding = keysInSlot(3, 8, 6);
    const memo = new FactMemo<number>(2, 8);
    colliding.forEach((k, i) => {
      memo.set(k, i);
    });
    for (let i = 0; i < 100; i++) memo.set(key(1000 + i, i), 1000 + i);
    colliding.forEach((k, i) => {
      expect(memo.get(k)).toBe(i);
    });
    expect(memo.size).toBe(106);
  });

  it('stops adding entries at maxEntries, while lookups of stored keys still hit', () => {
    const memo = new FactMemo<number>(2, 4, 3);
    for (let i = 0; i < 10; i++) memo.set(key(i, i), i);
    expect(memo.size).toBe(3);
    expect([0, 1, 2].map((i) => memo.get(key(i, i)))).toEqual([0, 1, 2]);
    expect(memo.get(key(3, 3))).toBeUndefined();
    expect(memo.get(key(9, 9))).toBeUndefined();
  });

  it('at maxEntries, a key already stored can still be updated (updating adds no entry)', () => {
    const memo = new FactMemo<string>(2, 4, 2);
    memo.set(key(1, 1), 'old');
    memo.set(key(2, 2), 'other');
    memo.set(key(1, 1), 'new');
    expect(memo.size).toBe(2);
    expect(memo.get(key(1, 1))).toBe('new');
  });

  it('works with an initial size that is not a power of two (or refuses it at construction)', async () => {
    // Run in a child process: a table whose probe cannot reach a free slot would loop forever.
    const source = fileURLToPath(new URL('../../src/rules/fact-memo.ts', import.meta.url));
    const script = `
      const { FactMemo } = await import(${JSON.stringify(source)});
      let memo;
      try { memo = new FactMemo(2, 1000); } catch (error) {
        console.log(error instanceof RangeError || error instanceof TypeError ? 'refused' : 'threw ' + error);
        process.exit(0);
      }
      const k = new Int32Array(2);
      for (let i = 0; i < 600; i++) { k[0] = i; k[1] = 3 * i; memo.set(k, i); }
      let ok = memo.size === 600;
      for (let i = 0; i < 600; i++) { k[0] = i; k[1] = 3 * i; ok &&= memo.get(k) === i; }
      console.log(ok ? 'stored' : 'lost');`;
    const outcome = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 6_000 },
    ).then(
      ({ stdout }) => stdout.trim(),
      (error: { killed?: boolean; message: string }) => (error.killed ? 'hung' : error.message),
    );
    expect(['stored', 'refused']).toContain(outcome);
  });
});
