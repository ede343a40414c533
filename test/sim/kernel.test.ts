import { describe, expect, it } from 'vitest';
import { type Handlers, Kernel, Priority } from '../../src/sim/kernel.js';

describe('the simulation kernel', () => {
  it('runs events in time order, licensing before sessions at one instant, then in schedule order', async () => {
    const kernel = new Kernel(0, 100);
    const seen: string[] = [];
    const log = (name: string) => (a: number) => {
      seen.push(`${name}${a}@${kernel.now}`);
      return undefined;
    };
    const session = kernel.register({ start: log('s') }, Priority.session);
    const licensing = kernel.register({ boundary: log('b') }, Priority.licensing);
    kernel.schedule(10, session.start, 1, 0);
    kernel.schedule(10, licensing.boundary, 1, 0);
    kernel.schedule(5, session.start, 2, 0);
    kernel.schedule(10, session.start, 3, 0);
    kernel.schedule(10, licensing.boundary, 2, 0);
    await kernel.run();
    expect(seen).toEqual(['s2@5', 'b1@10', 'b2@10', 's1@10', 's3@10']);
    expect(kernel.events).toBe(5);
  });

  it('never handles an event after the end, and leaves the clock at the end', async () => {
    const kernel = new Kernel(0, 100);
    let handled = 0;
    const { tick } = kernel.register(
      {
        tick: () => {
          handled++;
          kernel.schedule(kernel.now + 30, tick, 0, 0);
          return undefined;
        },
      },
      Priority.licensing,
    );
    kernel.schedule(0, tick, 0, 0);
    await kernel.run();
    expect(handled).toBe(4); // 0, 30, 60, 90
    expect(kernel.now).toBe(100);
  });

  it('awaits a handler with asynchronous work, then settles pending work before the next event', async () => {
    const kernel = new Kernel(0, 100);
    const seen: string[] = [];
    let pending = false;
    kernel.addSettler({
      get pending() {
        return pending;
      },
      async settle() {
        pending = false;
        seen.push(`settled@${kernel.now}`);
      },
    });
    const ev = kernel.register(
      {
        slow: async () => {
          await Promise.resolve();
          pending = true;
          kernel.unsettle();
          seen.push('slow');
        },
        fast: () => {
          seen.push('fast');
          return undefined;
        },
      },
      Priority.licensing,
    );
    kernel.schedule(1, ev.slow, 0, 0);
    kernel.schedule(2, ev.fast, 0, 0);
    await kernel.run();
    expect(seen).toEqual(['slow', 'settled@1', 'fast']);
  });

  it('refuses to schedule an event in the past', async () => {
    const kernel = new Kernel(0, 100);
    const { later } = kernel.register(
      {
        later: () => {
          kernel.schedule(kernel.now - 1, later, 0, 0);
          return undefined;
        },
      },
      Priority.licensing,
    );
    kernel.schedule(10, later, 0, 0);
    await expect(kernel.run()).rejects.toThrow(/9.*10|10.*9/);
  });

  it('a handler table must name a handler for every event kind (checked by the compiler)', () => {
    type Kinds = 'arrival' | 'end';
    // @ts-expect-error: the handler for 'end' is missing
    const incomplete: Handlers<Kinds> = { arrival: () => undefined };
    expect(Object.keys(incomplete)).toEqual(['arrival']);
  });

  it('handles an event due exactly at the end', async () => {
    const kernel = new Kernel(0, 100);
    const seen: number[] = [];
    const { tick } = kernel.register(
      {
        tick: () => {
          seen.push(kernel.now);
          return undefined;
        },
      },
      Priority.licensing,
    );
    kernel.schedule(100, tick, 0, 0);
    kernel.schedule(101, tick, 0, 0);
    await kernel.run();
    expect(seen).toEqual([100]);
  });

  it('a long run gives the event loop turns, so signals and timers are heard before it ends', async () => {
    const kernel = new Kernel(0, 300_000);
    let heard = -1;
    setImmediate(() => {
      heard = kernel.now;
    });
    const { tick } = kernel.register(
      {
        tick: () => {
          kernel.scheduleAfter(1, tick, 0, 0);
          return undefined;
        },
      },
      Priority.licensing,
    );
    kernel.schedule(0, tick, 0, 0);
    await kernel.run();
    expect(kernel.events).toBe(300_001);
    // Heard during the run, after the first stretch of 65 536 events.
    expect(heard).toBeGreaterThanOrEqual(65_535);
    expect(heard).toBeLessThan(300_000);
  });

  it('tells its turn listener once per 65,536 events, where it yields, with the clock and count then', async () => {
    const seen: [number, number][] = [];
    const kernel = new Kernel(0, 1e9, (k) => seen.push([k.events, k.now]));
    const { tick } = kernel.register(
      {
        tick: (n) => {
          if (n < 200_000) kernel.schedule(kernel.now + 1, tick, n + 1, 0);
          return undefined;
        },
      },
      Priority.licensing,
    );
    kernel.schedule(1, tick, 1, 0);
    await kernel.run();
    expect(kernel.events).toBe(200_000);
    // Three turns in 200,000 events: the listener costs nothing on the other 199,997.
    expect(seen).toEqual([
      [65_536, 65_536],
      [131_072, 131_072],
      [196_608, 196_608],
    ]);
  });
});
