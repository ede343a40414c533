import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';

interface Ev {
  time: number;
  kind: number;
  a: number;
  b: number;
}

function drain(q: EventQueue): Ev[] {
  const out: Ev[] = [];
  while (q.pop()) out.push({ time: q.time, kind: q.kind, a: q.a, b: q.b });
  return out;
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
// Few distinct times so that many events tie; some beyond 2^31 ms.
const time = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 2 ** 31, max: 2 ** 31 + 3 }));
const event = fc.record({ time, kind: int32, a: int32, b: int32 });

describe('EventQueue', () => {
  it('pops in (time, insertion order) order: equal times pop first-in first-out', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (events, capacity) => {
        const q = new EventQueue(capacity);
        for (const e of events) q.push(e.time, e.kind, e.a, e.b);
        expect(q.size).toBe(events.length);
        // Array.prototype.sort is stable, so this is the (time, insertion index) order.
        const expected = [...events].sort((x, y) => x.time - y.time);
        expect(drain(q)).toEqual(expected);
        expect(q.size).toBe(0);
      }),
    );
  });

  it('interleaved pushes and pops match a (time, seq) reference model', () => {
    const op = fc.oneof(
      fc.record({ push: fc.constant(true as const), delay: fc.integer({ min: 0, max: 3 }), a: int32 }),
      fc.record({ push: fc.constant(false as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new EventQueue(2);
        const model: { time: number; seq: number; a: number }[] = [];
        let now = 0;
        let seq = 0;
        for (const o of ops) {
          if (o.push) {
            q.push(now + o.delay, 0, o.a, seq);
            model.push({ time: now + o.delay, seq: seq++, a: o.a });
          } else {
            let best = -1;
            for (let i = 0; i < model.length; i++) {
              const m = model[i]!;
              const b = model[best];
              if (b === undefined || m.time < b.time || (m.time === b.time && m.seq < b.seq)) best = i;
            }
            expect(q.peekTime()).toBe(best < 0 ? Number.POSITIVE_INFINITY : model[best]!.time);
            expect(q.pop()).toBe(best >= 0);
            if (best >= 0) {
              const [m] = model.splice(best, 1);
              expect([q.time, q.a, q.b]).toEqual([m!.time, m!.a, m!.seq]);
              now = q.time;
            }
          }
          expect(q.size).toBe(model.length);
        }
      }),
    );
  });

  it('grows past its initial capacity without losing or reordering events', () => {
    const q = new EventQueue(4);
    for (let i = 0; i < 10_000; i++) q.push((i * 7919) % 1000, 1, i, -i);
    expect(q.size).toBe(10_000);
    const out = drain(q);
    expect(out).toHaveLength(10_000);
    for (let i = 1; i < out.length; i++) {
      const p = out[i - 1]!;
      const c = out[i]!;
      expect(p.time < c.time || (p.time === c.time && p.a < c.a)).toBe(true);
    }
  });

  it('refuses an event earlier than the current virtual time: time never goes back', () => {
    const q = new EventQueue();
    q.push(100, 0, 0, 0);
    q.pop();
    expect(() => q.push(99, 0, 0, 0)).toThrow(/never goes back/);
    expect(() => q.push(100, 0, 0, 0)).not.toThrow();
  });

  it('refuses a NaN time and payloads that are not int32', () => {
    const q = new EventQueue();
    expect(() => q.push(Number.NaN, 0, 0, 0)).toThrow(/NaN/);
    expect(() => q.push(1, 0, 2 ** 31, 0)).toThrow(/int32/);
    expect(() => q.push(1, 0.5, 0, 0)).toThrow(/int32/);
    expect(q.size).toBe(0);
  });

  it('reports Infinity as the next time and pops nothing when empty', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.pop()).toBe(false);
  });

  it('clear() drops pending events and lets a new run start from any time', () => {
    const q = new EventQueue();
    q.push(50, 0, 0, 0);
    q.push(60, 0, 0, 0);
    q.pop();
    q.clear();
    expect(q.size).toBe(0);
    q.push(0, 3, 1, 2);
    expect(q.pop()).toBe(true);
    expect([q.time, q.kind, q.a, q.b]).toEqual([0, 3, 1, 2]);
  });
});
