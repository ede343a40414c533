import { describe, expect, it } from 'vitest';
import { Lifecycles, type TransitionCause } from '../../src/lifecycle/lifecycles.js';
import { lifecycleMachine } from '../../src/lifecycle/machine.js';
import { VirtualTimers } from '../../src/lifecycle/virtual-timers.js';
import type { RuleDecision } from '../../src/trace/facts.js';
import type { StateName } from '../../src/vocabulary.js';
import { DAY, policyFrom, policyYaml, timedState } from '../support/build.js';

const policy = policyFrom(
  policyYaml({
    timeZone: 'UTC',
    licenses: [{ id: 'key', count: 5, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
    lifecycle: {
      states: { trial: timedState('P30D', 'expired', { sessionLimit: 10 }) },
      on: { contactLost: 'grace' },
    },
  }),
);

describe('lifecycles keyed by subject', () => {
  it('keeps one actor per subject, and each transition carries the cause sent with its event', () => {
    let now = 0;
    const queued: [number, number][] = [];
    const timers = new VirtualTimers(
      () => now,
      (at, id) => queued.push([at, id]),
    );
    const log: [string, StateName | null, StateName, TransitionCause][] = [];
    const lifecycles = new Lifecycles<string>(timers, (subject, from, to, cause) =>
      log.push([subject, from, to, cause]),
    );
    lifecycles.start(
      'client-a',
      lifecycleMachine(policy, 'active', () => now),
    );
    lifecycles.start(
      'client-b',
      lifecycleMachine(policy, 'trial', () => now),
    );
    const decision: RuleDecision = { rule: 'r', type: 't', ruleIds: 'P4', message: 'm', facts: { x: 1 } };
    lifecycles.send('client-a', { type: 'CONTACT_LOST', reason: 'server unreachable', decision });
    expect(lifecycles.state('client-a')).toBe('grace');
    expect(lifecycles.state('client-b')).toBe('trial');
    // The trial's end is a timer on the virtual clock; firing it is a timeout, whatever was sent before.
    expect(queued).toEqual([[30 * DAY, 1]]);
    now = 30 * DAY;
    timers.fire(1);
    expect(lifecycles.state('client-b')).toBe('expired');
    expect(log).toStrictEqual([
      ['client-a', null, 'active', { event: 'start', reason: 'initial state' }],
      ['client-b', null, 'trial', { event: 'start', reason: 'initial state' }],
      ['client-a', 'active', 'grace', { event: 'CONTACT_LOST', reason: 'server unreachable', decision }],
      ['client-b', 'trial', 'expired', { event: 'timeout', reason: '' }],
    ]);
    lifecycles.stop();
  });

  it('refuses to start a subject twice or to send to an unknown subject', () => {
    const timers = new VirtualTimers(
      () => 0,
      () => {},
    );
    const lifecycles = new Lifecycles<number>(timers, () => {});
    lifecycles.start(
      1,
      lifecycleMachine(policy, 'active', () => 0),
    );
    expect(() =>
      lifecycles.start(
        1,
        lifecycleMachine(policy, 'active', () => 0),
      ),
    ).toThrow(/already started/);
    expect(() => lifecycles.send(2, { type: 'EXPIRE', reason: '' })).toThrow(/no lifecycle for 2/);
  });

  it('refuses to report the state of an unknown subject', () => {
    const lifecycles = new Lifecycles<number>(
      new VirtualTimers(
        () => 0,
        () => {},
      ),
      () => {},
    );
    expect(() => lifecycles.state(7)).toThrow('no lifecycle for 7');
  });

  it('W12: an event that leaves the state where it is records nothing; a cause without a decision carries none', () => {
    const timers = new VirtualTimers(
      () => 0,
      () => {},
    );
    const log: [StateName | null, StateName, TransitionCause][] = [];
    const lifecycles = new Lifecycles<string>(timers, (_s, from, to, cause) => log.push([from, to, cause]));
    lifecycles.start(
      'a',
      lifecycleMachine(policy, 'active', () => 0),
    );
    // A renewal while active and a restored contact never lost keep the pool active.
    lifecycles.send('a', { type: 'RENEW', reason: 'renewed' });
    lifecycles.send('a', { type: 'CONTACT_RESTORED', reason: 'nothing lost' });
    lifecycles.send('a', { type: 'CONTACT_LOST', reason: 'server down' });
    expect(lifecycles.state('a')).toBe('grace');
    expect(log).toStrictEqual([
      [null, 'active', { event: 'start', reason: 'initial state' }],
      ['active', 'grace', { event: 'CONTACT_LOST', reason: 'server down' }],
    ]);
  });

  it('stopping cancels the timers of timed states, so a stale timer changes nothing', () => {
    const queued: number[] = [];
    const timers = new VirtualTimers(
      () => 0,
      (_at, id) => queued.push(id),
    );
    const log: string[] = [];
    const lifecycles = new Lifecycles<string>(timers, (_s, from, to) => log.push(`${from}→${to}`));
    lifecycles.start(
      'a',
      lifecycleMachine(policy, 'trial', () => 0),
    );
    lifecycles.stop();
    for (const id of queued) timers.fire(id);
    expect(queued).toHaveLength(1);
    expect(log).toEqual(['null→trial']);
  });
});
