import { describe, expect, it } from 'vitest';
import { serverMachine } from '../../src/leasing/server-lifecycle.js';
import { lifecycleMachine } from '../../src/lifecycle/machine.js';
import { machineTransitions, transitionKey } from '../../src/lifecycle/transitions.js';
import { policyFrom, policyYaml, timedState } from '../support/build.js';

const trialPolicy = policyFrom(
  policyYaml({
    timeZone: 'UTC',
    licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
    lifecycle: { states: { trial: timedState('P30D', 'expired') } },
  }),
);

describe('lifecycle transitions read from the machine', () => {
  it('W8: a timed trial ends in a timeout transition named by its delay', () => {
    const all = machineTransitions(
      lifecycleMachine(trialPolicy, 'trial', () => 0),
      ['trial', 'active'],
    );
    expect(all).toContainEqual({
      from: 'trial',
      event: 'timeout',
      to: 'expired',
      guard: null,
      delay: 'trial',
    });
    expect(all).toContainEqual({
      from: 'trial',
      event: 'ACTIVATE',
      to: 'active',
      guard: 'clearAfterEvent',
      delay: null,
    });
  });

  it('lists no transition that stays in its state, and none out of a state no run reaches', () => {
    const ha = machineTransitions(serverMachine('ha', () => 0));
    // P8: an HA node's grace ends in restricted-access; `expired` is declared but nothing leads there.
    expect(ha.map(transitionKey)).toEqual([
      'active --LOST--> grace',
      'grace --RESTORED--> active',
      'grace --timeout--> restricted-access',
      'restricted-access --RESTORED--> active',
      'restricted-access --LOST--> grace',
    ]);
    const heartbeat = machineTransitions(serverMachine('heartbeat', () => 0));
    // P9: out of contact too long, licensing is disabled (expired), and comes back on contact.
    expect(heartbeat.map(transitionKey)).toContain('grace --timeout--> expired');
    expect(heartbeat.map(transitionKey)).toContain('expired --RESTORED--> active');
    expect(heartbeat.every((t) => t.from !== t.to)).toBe(true);
  });

  it('a pool that can only start active never lists the trial state', () => {
    const fromActive = machineTransitions(
      lifecycleMachine(trialPolicy, 'active', () => 0),
      ['active'],
    );
    expect(fromActive.some((t) => t.from === 'trial')).toBe(false);
  });
});
