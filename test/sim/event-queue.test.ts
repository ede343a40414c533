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

  it('orders by (time, priority, sequence) whichever way events arrive: push, pushAfter or a reserved place', () => {
    // An operation: push at a delay from now, with a priority; reserve places for a batch; schedule one of
    // the reserved places; or pop.
    const op = fc.oneof(
      fc.record({
        op: fc.constantFrom('push' as const, 'pushAfter' as const),
        delay: fc.integer({ min: 0, max: 3 }),
        priority: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({ op: fc.constant('reserve' as const), count: fc.integer({ min: 0, max: 3 }) }),
      fc.record({
        op: fc.constant('pushReserved' as const),
        delay: fc.integer({ min: 0, max: 3 }),
        priority: fc.integer({ min: 0, max: 2 }),
        pick: fc.nat(),
      }),
      fc.record({ op: fc.constant('pop' as const) }),
    );
    fc.assert(
      // Long runs of operations, so that equal times with mixed priorities meet in the heap.
      fc.property(fc.array(op, { minLength: 30, maxLength: 300, size: 'max' }), (ops) => {
        const q = new EventQueue(2);
        // pushAfter counts from the last event popped: start the clock at 0.
        q.push(0, 0, -1, 0);
        q.pop();
        const model: { time: number; priority: number; seq: number; id: number }[] = [];
        const reserved: number[] = [];
        let now = 0;
        let seq = 1;
        let id = 0;
        for (const o of ops) {
          if (o.op === 'push' || o.op === 'pushAfter') {
            if (o.op === 'push') q.push(now + o.delay, 1, id, 0, o.priority);
            else q.pushAfter(o.delay, 1, id, 0, o.priority);
            model.push({ time: now + o.delay, priority: o.priority, seq: seq++, id: id++ });
          } else if (o.op === 'reserve') {
            const first = q.reserve(o.count);
            expect(first).toBe(seq);
            for (let k = 0; k < o.count; k++) reserved.push(seq++);
          } else if (o.op === 'pushReserved') {
            if (reserved.length === 0) continue;
            const [place] = reserved.splice(o.pick % reserved.length, 1);
            q.pushReserved(now + o.delay, 1, id, 0, o.priority, place!);
            model.push({ time: now + o.delay, priority: o.priority, seq: place!, id: id++ });
          } else {
            model.sort((x, y) => x.time - y.time || x.priority - y.priority || x.seq - y.seq);
            const next = model.shift();
            expect(q.pop()).toBe(next !== undefined);
            if (next !== undefined) {
              expect([q.time, q.a]).toEqual([next.time, next.id]);
              now = q.time;
            }
          }
          expect(q.size).toBe(model.length);
        }
      }),
    );
  });

  it('pushAfter and pushReserved refuse what push refuses', () => {
    const q = new EventQueue();
    q.push(100, 0, 0, 0);
    q.pop();
    const place = q.reserve(1);
    for (const schedule of [
      (time: number, kind: number, a: number, b: number) => q.pushAfter(time - 100, kind, a, b),
      (time: number, kind: number, a: number, b: number) => q.pushReserved(time, kind, a, b, 0, place),
    ]) {
      expect(() => schedule(99, 0, 0, 0)).toThrow(
        'EventQueue.push: time 99 is before the current virtual time 100; virtual time never goes back',
      );
      expect(() => schedule(Number.NaN, 0, 0, 0)).toThrow('EventQueue.push: time is NaN');
      expect(() => schedule(100, 0.5, 0, 0)).toThrow('kind, a and b must be int32, got kind=0.5, a=0, b=0');
      expect(() => schedule(100, 0, 2 ** 31, 0)).toThrow(/must be int32/);
      expect(() => schedule(100, 0, 0, -(2 ** 31) - 1)).toThrow(/must be int32/);
    }
    expect(() => q.push(100, 0, 0, 2 ** 32)).toThrow(/must be int32/);
    expect(q.size).toBe(0);
  });

  it('a bad payload at the current time is reported as a bad payload, not as going back in time', () => {
    const q = new EventQueue();
    q.push(5, 0, 0, 0);
    q.pop();
    expect(() => q.push(5, 1.5, 0, 0)).toThrow(
      'EventQueue.push: kind, a and b must be int32, got kind=1.5, a=0, b=0',
    );
  });

  it('reserves only whole non-negative counts, and schedules only in places it reserved', () => {
    const q = new EventQueue();
    expect(() => q.reserve(-1)).toThrow('EventQueue.reserve: count must be a non-negative integer, got -1');
    expect(() => q.reserve(1.5)).toThrow(/got 1\.5/);
    expect(q.reserve(0)).toBe(0);
    const first = q.reserve(2);
    expect(first).toBe(0);
    expect(() => q.pushReserved(1, 0, 0, 0, 0, 2)).toThrow(
      'EventQueue.pushReserved: sequence 2 was not reserved',
    );
    expect(() => q.pushReserved(1, 0, 0, 0, 0, -1)).toThrow(/sequence -1 was not reserved/);
    expect(() => q.pushReserved(1, 0, 0, 0, 0, 0.5)).toThrow(/sequence 0\.5 was not reserved/);
    q.pushReserved(1, 0, 7, 0, 0, 1);
    q.push(1, 0, 8, 0);
    q.pushReserved(1, 0, 6, 0, 0, 0);
    expect(drain(q).map((e) => e.a)).toEqual([6, 7, 8]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new EventQueue(0)).toThrow('EventQueue capacity must be a positive integer, got 0');
    expect(() => new EventQueue(2.5)).toThrow('EventQueue capacity must be a positive integer, got 2.5');
    expect(new EventQueue(1).size).toBe(0);
  });
});
