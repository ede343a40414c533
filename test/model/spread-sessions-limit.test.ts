import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_SESSIONS } from '../../src/model/scenario-bounds.js';
import { executeRun } from '../../src/run/execute.js';
import { EventQueue } from '../../src/sim/event-queue.js';
import { runFrom } from '../support/build.js';
import { cluster, type Session, scenario } from '../support/fixtures.js';

/**
 * Spread sessions at the scenario's limit: work bounded by the batches, not by their counts. A file of
 * its own because it runs ten million sessions: `npm run mutate` leaves it out (vitest.mutate.config.ts),
 * and test/model/spread-sessions.test.ts holds how spread sessions behave.
 */

/**
 * Tracks the most events ever pending in any queue while a run goes on. The queue's methods are wrapped
 * by hand rather than spied on: a spy records every call's arguments, which for ten million calls would
 * be the very growth this measures.
 */
function watchPendingEvents(): { readonly peak: number; restore(): void } {
  const proto = EventQueue.prototype as unknown as Record<string, (...args: number[]) => void>;
  const originals = { push: proto.push!, pushReserved: proto.pushReserved! };
  const seen = {
    peak: 0,
    restore: () => Object.assign(proto, originals),
  };
  for (const [method, original] of Object.entries(originals)) {
    proto[method] = function (this: EventQueue, ...args: number[]) {
      original.apply(this, args);
      if (this.size > seen.peak) seen.peak = this.size;
    };
  }
  return seen;
}

describe('a spread batch is made one session at a time', () => {
  it(`${MAX_SCENARIO_SESSIONS.toLocaleString('en')} spread sessions, the scenario limit, keep one event pending per batch`, async () => {
    // Ten batches of the largest count, five evenly and five at random, over the whole day.
    const batches: Session[] = Array.from({ length: 10 }, (_, i) => ({
      user: `u${i}`,
      at: 'PT0S',
      duration: 'PT1M',
      count: MAX_SCENARIO_SESSIONS / 10,
      spread: i % 2 === 0 ? 'evenly' : 'random',
      over: 'P1D',
    }));
    const run = runFrom(cluster(10), scenario(batches));
    const pending = watchPendingEvents();
    const { stats, results } = await executeRun(run).finally(pending.restore);
    expect(stats.sessionsOffered).toBe(MAX_SCENARIO_SESSIONS);
    expect(results.usage.pools[0]!.peak).toBe(10);
    // One pending event per batch, the ten admitted sessions' ends, and the run's own few events.
    expect(pending.peak).toBeLessThan(40);
  });
});
