import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { MAX_SCENARIO_SESSIONS } from '../../src/model/scenario-bounds.js';
import { EventQueue } from '../../src/sim/event-queue.js';
import { Users } from '../../src/sim/users.js';
import { runScenario, scenarioYaml } from '../support/build.js';
import { cluster, START, scenario } from '../support/fixtures.js';

/** Tracks the most events ever pending in any queue while a run goes on. */
function watchPendingEvents(): { readonly peak: number } {
  const seen = { peak: 0 };
  for (const method of ['push', 'pushReserved'] as const) {
    const original = EventQueue.prototype[method] as (this: EventQueue, ...args: number[]) => void;
    vi.spyOn(EventQueue.prototype, method).mockImplementation(function (this: EventQueue, ...args: number[]) {
      original.apply(this, args);
      seen.peak = Math.max(seen.peak, this.size);
    });
  }
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('issue 7, finding 8: session batches are made one session at a time', () => {
  it('finding 8: 30 000 sessions in three batches keep a few events pending, not 30 000', async () => {
    const pending = watchPendingEvents();
    const r = await runScenario(
      cluster(10),
      scenario([
        { user: 'a', at: 'PT1H', duration: 'PT1H', count: 10_000 },
        { user: 'b', at: 'PT1H', duration: 'PT1H', count: 10_000 },
        { user: 'c', at: 'PT2H', duration: 'PT1H', count: 10_000 },
      ]),
    );
    expect(r.stats.sessionsOffered).toBe(30_000);
    // One pending event per batch, the ten admitted sessions' ends, and the run's own few events.
    expect(pending.peak).toBeLessThan(30);
  });

  it('finding 8: sessions of batches at one instant start in the order of the file, batch after batch', async () => {
    const r = await runScenario(
      cluster(3),
      scenario([
        { user: 'a', at: 'PT1H', duration: 'PT1H', count: 2, distinctUsers: true },
        { user: 'b', at: 'PT1H', duration: 'PT1H', count: 2, distinctUsers: true },
        { user: 'c', at: 'PT30M', duration: 'PT2H', count: 1 },
      ]),
    );
    const users = new Users(r.run);
    const name = (user: number) => users.name(user);
    expect(r.of('admit').map((a) => [a.session, name(a.user)])).toEqual([
      [1, 'c'],
      [2, 'a-1'],
      [3, 'a-2'],
    ]);
    expect(r.of('deny').map((d) => [d.session, name(d.user)])).toEqual([
      [4, 'b-1'],
      [5, 'b-2'],
    ]);
  });

  it(`finding 8: a scenario's sessions may add up to at most ${MAX_SCENARIO_SESSIONS.toLocaleString('en')}`, () => {
    const batches = Array.from({ length: 11 }, (_, i) => ({
      user: `u${i}`,
      at: 'PT1H',
      duration: 'PT1H',
      count: 1_000_000,
    }));
    const text = scenarioYaml({ start: START, duration: 'P1D', sessions: batches });
    const { diagnostics } = documentFrom(parseYamlSource('s.yaml', text));
    expect(diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      expect.stringMatching(
        /^\d+:\d+: the sessions add up to 11,000,000; a scenario may have at most 10,000,000/,
      ),
    ]);
    const ten = scenarioYaml({ start: START, duration: 'P1D', sessions: batches.slice(1) });
    expect(documentFrom(parseYamlSource('s.yaml', ten)).diagnostics).toEqual([]);
  });
});

describe('issue 7, finding 8: reserved places in the event queue', () => {
  it('finding 8: events pushed later under reserved sequence numbers pop as if pushed at reservation', () => {
    // The same events, pushed at once into one queue and lazily (each making the next) into another.
    const eager = new EventQueue(4);
    const lazy = new EventQueue(4);
    const batches = [3, 2, 4];
    const places: number[] = [];
    for (const [i, count] of batches.entries()) {
      for (let k = 0; k < count; k++) eager.push(100, 1, i, k);
      places.push(lazy.reserve(count));
      lazy.pushReserved(100, 1, i, 0, 0, places[i]!);
    }
    eager.push(100, 2, 9, 9);
    lazy.push(100, 2, 9, 9);
    const order = (q: EventQueue, lazily: boolean) => {
      const popped: number[][] = [];
      while (q.pop()) {
        const { kind, a, b } = q;
        popped.push([kind, a, b]);
        if (lazily && kind === 1 && b + 1 < batches[a]!)
          q.pushReserved(100, 1, a, b + 1, 0, places[a]! + b + 1);
      }
      return popped;
    };
    expect(order(lazy, true)).toEqual(order(eager, false));
  });

  it('finding 8: a sequence number that was not reserved is refused', () => {
    const q = new EventQueue();
    q.reserve(2);
    expect(() => q.pushReserved(0, 1, 0, 0, 0, 2)).toThrow(/sequence 2 was not reserved/);
  });
});
