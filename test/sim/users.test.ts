import { describe, expect, it } from 'vitest';
import { Users } from '../../src/sim/users.js';
import { runFrom, runScenario } from '../support/build.js';
import { cluster, scenario } from '../support/fixtures.js';

describe('users of a run', () => {
  it('a distinct-users batch of a million is a range of indices, named only when asked for', () => {
    const run = runFrom(
      cluster(10),
      scenario([
        { user: 'solo', at: 'PT1H', duration: 'PT1H' },
        { user: 'ops', at: 'PT1H', duration: 'PT1M', count: 1_000_000, distinctUsers: true },
      ]),
    );
    const users = new Users(run);
    expect(users.count).toBe(1_000_001);
    expect(users.ofBatch(0, 0)).toBe(0);
    expect(users.ofBatch(1, 0)).toBe(1);
    expect(users.ofBatch(1, 999_999)).toBe(1_000_000);
    expect([users.name(0), users.name(1), users.name(1_000_000)]).toEqual(['solo', 'ops-1', 'ops-1000000']);
  });

  it('W10: a single user named like a distinct batch member is that member; two batches of one prefix share users', async () => {
    const r = await runScenario(
      cluster(10, { limits: { perUserSessions: 1 } }),
      scenario([
        { user: 'ops', at: 'PT1H', duration: 'PT2H', count: 3, distinctUsers: true },
        { user: 'ops-3', at: 'PT1H30M', duration: 'PT1H' },
        { user: 'ops', at: 'PT2H', duration: 'PT1H', count: 2, distinctUsers: true },
        { user: 'ops-4', at: 'PT2H', duration: 'PT1H' },
      ]),
    );
    const users = new Users(r.run);
    expect(r.of('deny').map((d) => users.name(d.user))).toEqual(['ops-3', 'ops-1', 'ops-2']);
    expect(r.of('admit').map((a) => users.name(a.user))).toEqual(['ops-1', 'ops-2', 'ops-3', 'ops-4']);
  });
});
