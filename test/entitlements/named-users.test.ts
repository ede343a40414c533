import { describe, expect, it } from 'vitest';
import { policyYaml, runScenario } from '../support/build.js';
import { many, scenario } from '../support/fixtures.js';

/**
 * Named users (P12): seats held by identities, first come, first served, with a cap on sessions per identity.
 * The policies here have no overage unless a test gives one, so that each test checks one rule.
 */
function namedUsers(
  seats: number,
  more: { concurrent?: number; sessionsPerIdentity?: number; overage?: number; warning?: number } = {},
): string {
  const licenses = [
    { id: 'named', kind: 'named-user' as const, count: seats, term: 'perpetual' as const },
    ...(more.concurrent ? [{ id: 'concurrent', count: more.concurrent, term: 'perpetual' as const }] : []),
  ];
  return policyYaml({
    timeZone: 'UTC',
    licenses,
    pools: [{ id: 'main', licenses: licenses.map((l) => l.id) }],
    entitlements: {
      namedUserOverage: more.overage ?? 0,
      ...(more.sessionsPerIdentity ? { sessionsPerIdentity: more.sessionsPerIdentity } : {}),
    },
    ...(more.warning ? { alerts: { usage: { warning: more.warning, critical: 1 } } } : {}),
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

  it('P12: the named-user limit has a 10 % overage: 100 seats seat 110 identities, the 111th is refused', async () => {
    const run = await runScenario(
      namedUsers(100, { overage: 0.1 }),
      scenario([many('id', 115, { at: 'PT1H', duration: 'PT2H' })]),
    );
    expect(run.of('deny').map((d) => d.session)).toEqual([111, 112, 113, 114, 115]);
    // The pool's capacity counts the overage's seats too: 110 identities × 5 sessions.
    expect(run.of('capacity')[0]!.capacity).toBe(550);
  });

  it('P12: the overage is policy data, 10 % by default as the seed has it', async () => {
    const byDefault = policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'named', kind: 'named-user', count: 20, term: 'perpetual' }],
      pools: [{ id: 'main', licenses: ['named'] }],
    });
    const run = await runScenario(byDefault, scenario([many('id', 25, { at: 'PT1H', duration: 'PT2H' })]));
    expect(run.of('deny')).toHaveLength(3);
  });

  it('P12: a warning near the limit (the usage warning share) and one when the limit is reached', async () => {
    const run = await runScenario(
      namedUsers(10, { overage: 0.2, warning: 0.8 }),
      scenario([many('id', 13, { at: 'PT1H', duration: 'PT2H' })]),
    );
    const warnings = run
      .of('entitlement')
      .filter((e) => e.action === 'near-limit' || e.action === 'limit-reached')
      .map((e) => [e.action, e.reason]);
    expect(warnings).toEqual([
      ['near-limit', '8 of 10 named-user seats taken (P12)'],
      ['limit-reached', 'all 10 named-user seats taken: the overage lets 2 more identities in (P12)'],
    ]);
    expect(run.of('deny')).toHaveLength(1);
  });
});
