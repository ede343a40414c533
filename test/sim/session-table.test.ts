import { describe, expect, it } from 'vitest';
import { SessionTable } from '../../src/sim/session-table.js';

describe('the table of running sessions', () => {
  it('reuses the slots of ended sessions, so a long run of short sessions stays small', () => {
    const table = new SessionTable(2);
    for (let i = 0; i < 1000; i++) {
      const a = table.open(2 * i, 0, 0, 0, 0, 10);
      const b = table.open(2 * i + 1, 0, 0, 0, 0, 10);
      table.close(a);
      table.close(b);
    }
    expect(table.highWater).toBe(2);
  });

  it('a slot is live while a session holds it, and its generation tells a later occupant from an earlier one', () => {
    const table = new SessionTable(1);
    const slot = table.open(1, 5, 6, 7, 8, 100);
    const first = table.generation[slot]!;
    expect(table.live(slot)).toBe(true);
    expect([table.id[slot], table.user[slot], table.node[slot], table.site[slot], table.pool[slot]]).toEqual([
      1, 5, 6, 7, 8,
    ]);
    expect(table.until[slot]).toBe(100);
    table.close(slot);
    expect(table.live(slot)).toBe(false);
    const again = table.open(2, 0, 0, 0, 0, 200);
    expect(again).toBe(slot);
    expect(table.live(again)).toBe(true);
    expect(table.generation[again]).not.toBe(first);
  });

  it('grows past its initial size, keeping every open session', () => {
    const table = new SessionTable(1);
    const slots = Array.from({ length: 100 }, (_, i) => table.open(i, i, 0, 0, 0, i));
    expect(new Set(slots).size).toBe(100);
    expect(slots.map((s) => table.id[s])).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(slots.every((s) => table.live(s))).toBe(true);
  });
});
