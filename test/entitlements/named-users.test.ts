import { describe, expect, it } from 'vitest';
import { policyYaml, runScenario } from '../support/build.js';
import { many, scenario } from '../support/fixtures.js';

/** Named users (P12): seats held by identities, first come, first served, with a cap on sessions per identity. */
function namedUsers(seats: number, more: { concurrent?: number; sessionsPerIdentity?: number } = {}): string {
  const licenses = [
    { id: 'named', kind: 'named-user' as const, count: seats, term: 'perpetual' as const },
    ...(more.concurrent ? [{ id: 'concurrent', count: more.concurrent, term: 'perpetual' as const }] : []),
  ];
  return policyYaml({
    timeZone: 'UTC',
    licenses,
    pools: [{ id: 'main', licenses: licenses.map((l) => l.id) }],
    entitlements: more.sessionsPerIdentity ? { sessionsPerIdentity: more.sessionsPerIdentity } : {},
  });
}

const denialsBy = (run: Awaited<ReturnType<typeof runScenario>>) =>
  run.of('deny').map((d) => `${d.rule} ${d.message}`);

describe('P12: named users', () => {
  it('P12: 115 identities against 100 named seats: the first 100 take them, the last 15 are refused', async () => {
    const run = await runScenario(
      namedUsers(100),
      scenario([many('id', 115, { at: 'PT1H', duration: 'PT2H' })]),
    );
    const denied = run.of('deny');
    expect(denied).toHaveLength(15);
    expect(new Set(denied.map((d) => d.rule))).toEqual(new Set(['named-user-seats-taken']));
    // First come, first served: the refused are the last 15 to ask.
    expect(denied.map((d) => d.session)).toEqual(Array.from({ length: 15 }, (_, i) => 101 + i));
  });

  it('P12: a seat stays its identity’s: a seated user is let in again when every seat is taken', async () => {
    const run = await runScenario(
      namedUsers(2),
      scenario([
        { user: 'ann', at: 'PT1H', duration: 'PT1H' },
        { user: 'bob', at: 'PT1H', duration: 'PT5H' },
        { user: 'cat', at: 'PT3H', duration: 'PT1H' },
        { user: 'ann', at: 'PT4H', duration: 'PT1H' },
      ]),
    );
    expect(denialsBy(run)).toEqual(['named-user-seats-taken Every named-user seat is taken']);
    expect(run.of('admit')).toHaveLength(3);
  });

  it('P12: a sixth session of one identity is refused; the limit is policy data', async () => {
    const six = scenario([{ user: 'ann', at: 'PT1H', duration: 'PT2H', count: 6 }]);
    const run = await runScenario(namedUsers(10), six);
    expect(denialsBy(run)).toEqual([
      'named-user-sessions-per-identity A named user runs at most 5 sessions at once',
    ]);
    const three = await runScenario(namedUsers(10, { sessionsPerIdentity: 3 }), six);
    expect(three.of('deny')).toHaveLength(3);
  });

  it('P12: a named-user key freezes the concurrent keys of its pool: capacity is its seats’ sessions', async () => {
    const run = await runScenario(namedUsers(100, { concurrent: 1000 }), scenario([]));
    expect(run.of('capacity').map((c) => c.capacity)).toEqual([500]);
  });
});
