import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../../src/config/schema/scenario.js';
import { DAY, HOUR, MINUTE, policyYaml, runScenario, timedState } from '../support/build.js';
import { cluster, many, scenario, T0 } from '../support/fixtures.js';

/** Timeline outages and the lifecycle transitions they cause, with the reasons the trace gives. */

type Timeline = NonNullable<ScenarioDocument['spec']['timeline']>;

const contactGrace = (more = {}) =>
  cluster(10, {
    lifecycle: { states: { grace: timedState('PT36H', 'expired') }, on: { contactLost: 'grace' } },
    ...more,
  });

describe('outages on the timeline (W1, W2, P9)', () => {
  it('each outage is traced when it starts and when it ends', async () => {
    const r = await runScenario(
      cluster(10),
      scenario([], [{ at: 'PT1H', outage: { node: 'node-1', duration: 'PT2H' } }]),
    );
    expect(r.of('outage').map((o) => [o.at - T0, o.target, o.id, o.phase])).toEqual([
      [HOUR, 'node', 'node-1', 'start'],
      [3 * HOUR, 'node', 'node-1', 'end'],
    ]);
  });

  it('a node that was down serves again once its outage ends', async () => {
    const policy = policyYaml({
      timeZone: 'UTC',
      sites: [{ id: 'site-a', nodes: ['a1'] }],
      licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
      pools: [{ id: 'pool', licenses: ['key'] }],
    });
    const r = await runScenario(
      policy,
      scenario(
        [
          { user: 'during', at: 'PT2H', duration: 'PT1H' },
          { user: 'after', at: 'PT4H', duration: 'PT1H' },
        ],
        [{ at: 'PT1H', outage: { node: 'a1', duration: 'PT2H' } }],
      ),
    );
    expect(r.of('unavailable').map((u) => u.at - T0)).toEqual([2 * HOUR]);
    expect(r.of('admit').map((a) => a.at - T0)).toEqual([4 * HOUR]);
  });

  it('W1: the sessions of a failed node move to the survivor, whichever node of the cluster it is', async () => {
    const r = await runScenario(
      cluster(10),
      scenario(
        [{ user: 'u', node: 'node-2', at: 'PT1H', duration: 'PT3H', count: 2 }],
        [{ at: 'PT2H', outage: { node: 'node-2', duration: 'PT1H' } }],
      ),
    );
    expect(r.of('failover')).toEqual([
      { type: 'failover', at: T0 + 2 * HOUR, from: 'node-2', to: 'node-1', sessions: 2 },
    ]);
    expect(r.of('release').map((x) => x.cause)).toEqual(['completed', 'completed']);
  });

  it('P9: overlapping license-server outages lose contact once and restore it when the last one ends', async () => {
    const r = await runScenario(
      contactGrace(),
      scenario(
        [],
        [
          { at: 'PT1H', outage: { licenseServer: true, duration: 'PT3H' } },
          { at: 'PT2H', outage: { licenseServer: true, duration: 'PT1H' } },
        ],
      ),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.to, t.event, t.reason])).toEqual([
      [0, 'active', 'start', 'initial state'],
      [HOUR, 'grace', 'CONTACT_LOST', 'license server unreachable'],
      [4 * HOUR, 'active', 'CONTACT_RESTORED', 'license server reachable again'],
    ]);
  });

  it('a transition after a timed state names the state and how long it lasted, in days or hours', async () => {
    const r = await runScenario(
      contactGrace({
        licenses: [{ id: 'key', count: 10, term: 'perpetual', installed: false }],
        lifecycle: {
          initial: 'trial',
          states: {
            trial: timedState('P2D', 'grace', { sessionLimit: 5 }),
            grace: timedState('PT36H', 'expired'),
          },
        },
      }),
      scenario([], [], { duration: 'P5D' }),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.to, t.event, t.reason])).toEqual([
      [0, 'trial', 'start', 'initial state'],
      [2 * DAY, 'grace', 'timeout', 'trial period of 2 days ended'],
      [2 * DAY + 36 * HOUR, 'expired', 'timeout', 'grace period of 36 hours ended'],
    ]);
    // Entering a state with its own session limit recomputes the pool's capacity.
    expect(r.of('capacity').map((c) => [c.at - T0, c.capacity, c.reason])).toEqual([
      [0, 5, 'initial licenses'],
      [2 * DAY, 0, 'entered grace'],
    ]);
  });

  it('L5: a transition a rule drove carries the rule, its IDs and the facts it saw', async () => {
    const r = await runScenario(
      cluster(2, { limits: { overLimit: 'restrict' } }),
      scenario([many('u', 3, { at: 'PT1H', duration: 'PT1H' })]),
    );
    const restricted = r.of('transition').find((t) => t.to === 'restricted-access')!;
    expect(restricted).toMatchObject({
      event: 'VIOLATION_RAISED',
      rule: 'pool-session-limit',
      ruleIds: 'W10 L5',
      facts: { poolInUse: 2, poolCapacity: 2 },
    });
    const start = r.of('transition')[0]!;
    expect(start).toMatchObject({ rule: null, ruleIds: '', facts: {} });
  });

  it('a pool losing and regaining contact hourly for weeks is no loop: the guard counts changes per instant', async () => {
    const outages: Timeline = Array.from({ length: 600 }, (_, i) => ({
      at: `PT${i + 1}H`,
      outage: { licenseServer: true, duration: 'PT30M' },
    }));
    const r = await runScenario(contactGrace(), scenario([], outages, { duration: 'P26D' }));
    expect(r.of('transition')).toHaveLength(1 + 2 * 600);
    expect(r.of('transition').at(-1)).toMatchObject({ at: T0 + 600 * HOUR + 30 * MINUTE, to: 'active' });
  });

  it('a pool without a valid license at the start records its capacity of 0 all the same', async () => {
    const r = await runScenario(
      cluster(10, { licenses: [{ id: 'key', count: 10, term: 'perpetual', installed: false }] }),
      scenario([]),
    );
    expect(r.of('capacity').map((c) => [c.at, c.capacity, c.reason])).toEqual([[T0, 0, 'initial licenses']]);
  });

  it('W12: an upgrade while active enters no state: a state that ends sessions on entry leaves them running', async () => {
    const r = await runScenario(
      cluster(10, { lifecycle: { states: { active: { existingSessions: 'end' } } } }),
      scenario(
        [many('u', 2, { at: 'PT1H', duration: 'PT2H' })],
        [{ at: 'PT2H', upgrade: { license: 'key', count: 20 } }],
      ),
    );
    expect(r.of('release').map((x) => [x.at - T0, x.cause])).toEqual([
      [3 * HOUR, 'completed'],
      [3 * HOUR, 'completed'],
    ]);
  });

  it('a renewal that leaves the pool in grace (contact still lost) records no transition of grace to itself', async () => {
    const r = await runScenario(
      contactGrace(),
      scenario(
        [],
        [
          { at: 'PT1H', outage: { licenseServer: true, duration: 'PT5H' } },
          { at: 'PT2H', renew: { license: 'key', end: '2027-12-31' } },
        ],
      ),
    );
    expect(r.of('transition').map((t) => [t.at - T0, t.from, t.to])).toEqual([
      [0, null, 'active'],
      [HOUR, 'active', 'grace'],
      [6 * HOUR, 'grace', 'active'],
    ]);
  });

  it('W8: a pool licensed at the start begins active, even when the policy declares a trial', async () => {
    const r = await runScenario(
      cluster(10, { lifecycle: { states: { trial: timedState('P30D', 'expired', { sessionLimit: 3 }) } } }),
      scenario([]),
    );
    expect(r.of('transition').map((t) => [t.from, t.to])).toEqual([[null, 'active']]);
    expect(r.of('capacity').map((c) => c.capacity)).toEqual([10]);
  });
});
