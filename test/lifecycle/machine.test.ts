import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import type { PolicyDocument } from '../../src/config/schema/policy.js';
import { type LifecycleEvent, lifecycleMachine } from '../../src/lifecycle/machine.js';
import { DAY, HOUR, policyFrom, policyYaml, timedState } from '../support/build.js';

type Lifecycle = NonNullable<PolicyDocument['spec']['lifecycle']>;

/** A one-pool policy with the given lifecycle. */
function policyWith(lifecycle: Lifecycle) {
  return policyFrom(
    policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
      pools: [{ id: 'pool', licenses: ['key'] }],
      lifecycle,
    }),
  );
}

/** Starts the lifecycle of `lifecycle` on a simulated clock; `send` returns the state after the event. */
function start(lifecycle: Lifecycle, initial: 'trial' | 'active' = 'active') {
  const clock = new SimulatedClock();
  const actor = createActor(
    lifecycleMachine(policyWith(lifecycle), initial, () => clock.now()),
    { clock },
  );
  actor.start();
  const state = () => actor.getSnapshot().value;
  return {
    clock,
    state,
    send(...events: LifecycleEvent['type'][]) {
      for (const type of events) actor.send({ type } as LifecycleEvent);
      return state();
    },
  };
}

const trial30: Lifecycle = {
  initial: 'trial',
  states: { trial: timedState('P30D', 'expired', { sessionLimit: 10 }) },
};
const withGrace: Lifecycle = { states: { grace: timedState('P10D', 'expired') } };
const contactGrace: Lifecycle = {
  states: { grace: timedState('P24D', 'expired') },
  on: { contactLost: 'grace' },
};

describe('license lifecycle machine', () => {
  it('W8: the trial ends after its 30 days and moves to expired', () => {
    const m = start(trial30, 'trial');
    expect(m.state()).toBe('trial');
    m.clock.increment(30 * DAY - 1);
    expect(m.state()).toBe('trial');
    m.clock.increment(1);
    expect(m.state()).toBe('expired');
  });

  it('a timed state ends in the state its `then` names', () => {
    const m = start({ states: { trial: timedState('PT1H', 'restricted-access') } }, 'trial');
    m.clock.increment(HOUR);
    expect(m.state()).toBe('restricted-access');
  });

  it('W8: activating a license during the trial makes it active, and the trial timer no longer fires', () => {
    const m = start(trial30, 'trial');
    m.clock.increment(5 * DAY);
    expect(m.send('ACTIVATE')).toBe('active');
    m.clock.increment(40 * DAY);
    expect(m.state()).toBe('active');
  });

  it('W9: activating a license from expired returns to active', () => {
    const m = start(trial30, 'trial');
    m.clock.increment(30 * DAY);
    expect(m.state()).toBe('expired');
    expect(m.send('ACTIVATE')).toBe('active');
  });

  it('W9: a renewal from expired returns to active', () => {
    const m = start({});
    expect(m.send('EXPIRE')).toBe('expired');
    expect(m.send('RENEW')).toBe('active');
  });

  it('W9: expiry in active leads to expired when the policy declares no grace', () => {
    const m = start({});
    expect(m.send('EXPIRE')).toBe('expired');
  });

  it('P9: expiry in active leads to grace when the policy declares a grace period', () => {
    const m = start(withGrace);
    expect(m.send('EXPIRE')).toBe('grace');
  });

  it('P9: the grace period ends in expired after its duration', () => {
    const m = start(withGrace);
    m.send('EXPIRE');
    m.clock.increment(10 * DAY - 1);
    expect(m.state()).toBe('grace');
    m.clock.increment(1);
    expect(m.state()).toBe('expired');
  });

  it('P9: a renewal during grace returns to active and cancels the grace timeout', () => {
    const m = start(withGrace);
    m.send('EXPIRE');
    m.clock.increment(DAY);
    expect(m.send('RENEW')).toBe('active');
    m.clock.increment(20 * DAY);
    expect(m.state()).toBe('active');
  });

  it('on.expiry names the state expiry leads to, overriding the grace default', () => {
    const m = start({ ...withGrace, on: { expiry: 'restricted-access' } });
    expect(m.send('EXPIRE')).toBe('restricted-access');
  });

  it('P9: losing contact with the license server leads to grace, and restored contact back to active', () => {
    const m = start(contactGrace);
    expect(m.send('CONTACT_LOST')).toBe('grace');
    expect(m.send('CONTACT_RESTORED')).toBe('active');
  });

  it('P9: restored contact does not return to active when the license also expired meanwhile', () => {
    const m = start(contactGrace);
    m.send('CONTACT_LOST');
    expect(m.send('EXPIRE')).toBe('grace');
    expect(m.send('CONTACT_RESTORED')).toBe('grace');
    // Grace still ends on time, since the license is still expired.
    m.clock.increment(24 * DAY);
    expect(m.state()).toBe('expired');
    // A renewal clears the last cause.
    expect(m.send('RENEW')).toBe('active');
  });

  it('P9: a renewal during a contact-loss grace does not return to active while contact is still lost', () => {
    const m = start(contactGrace);
    m.send('CONTACT_LOST', 'EXPIRE');
    expect(m.send('RENEW')).toBe('grace');
    expect(m.send('CONTACT_RESTORED')).toBe('active');
  });

  it('losing contact changes nothing when the policy declares no contactLost target', () => {
    const m = start(withGrace);
    expect(m.send('CONTACT_LOST')).toBe('active');
  });

  it('P9: contact lost for longer than the grace period ends in expired', () => {
    const m = start(contactGrace);
    m.send('CONTACT_LOST');
    m.clock.increment(24 * DAY);
    expect(m.state()).toBe('expired');
    expect(m.send('CONTACT_RESTORED')).toBe('active');
  });

  it('L6: a lost contact the policy ignores (contactLost: none) holds back no activation or renewal', () => {
    // Found by the model-based lifecycle tests: the ignored cause used to keep the pool out of active.
    const trial = start(trial30, 'trial');
    trial.send('CONTACT_LOST');
    expect(trial.send('ACTIVATE')).toBe('active');
    const active = start({});
    expect(active.send('CONTACT_LOST', 'EXPIRE')).toBe('expired');
    expect(active.send('RENEW')).toBe('active');
  });

  it('W8, P9: a key activated in the trial while contact is lost ends the trial when contact is back', () => {
    // Found by the model-based lifecycle tests: the trial ignored restored contact and outlived the key.
    const m = start({ ...contactGrace, states: { ...contactGrace.states, ...trial30.states } }, 'trial');
    expect(m.send('CONTACT_LOST', 'ACTIVATE')).toBe('trial');
    expect(m.send('CONTACT_RESTORED')).toBe('active');
  });

  it('L6: a violation the policy ignores (violation: none) holds back no renewal', () => {
    const m = start({ on: { violation: 'none' } });
    expect(m.send('VIOLATION_RAISED', 'EXPIRE')).toBe('expired');
    expect(m.send('RENEW')).toBe('active');
  });

  it('L5: a violation enters restricted-access and clearing it returns to active', () => {
    const m = start({});
    expect(m.send('VIOLATION_RAISED')).toBe('restricted-access');
    expect(m.send('VIOLATION_CLEARED')).toBe('active');
  });

  it('L6: a violation cleared while the license has expired does not return to active', () => {
    const m = start({ on: { expiry: 'restricted-access' } });
    m.send('VIOLATION_RAISED');
    expect(m.send('EXPIRE')).toBe('restricted-access');
    expect(m.send('VIOLATION_CLEARED')).toBe('restricted-access');
    expect(m.send('RENEW')).toBe('active');
  });

  it('expiry while restricted moves on to expired when the policy sends expiry elsewhere', () => {
    const m = start({});
    m.send('VIOLATION_RAISED');
    expect(m.send('EXPIRE')).toBe('expired');
    expect(m.send('VIOLATION_CLEARED')).toBe('expired');
    expect(m.send('RENEW')).toBe('active');
  });

  it('violation: none keeps the pool active on a violation', () => {
    const m = start({ on: { violation: 'none' } });
    expect(m.send('VIOLATION_RAISED')).toBe('active');
  });

  it('W12: a renewal while active keeps it active', () => {
    const m = start({});
    expect(m.send('RENEW')).toBe('active');
  });

  it('only declared transitions happen: events that do not apply leave the state unchanged', () => {
    const trial = start(trial30, 'trial');
    expect(trial.send('EXPIRE', 'CONTACT_RESTORED', 'VIOLATION_CLEARED')).toBe('trial');

    const active = start({});
    expect(active.send('CONTACT_RESTORED', 'VIOLATION_CLEARED', 'ACTIVATE')).toBe('active');

    const expired = start({});
    expired.send('EXPIRE');
    expect(expired.send('EXPIRE', 'CONTACT_LOST', 'VIOLATION_RAISED')).toBe('expired');

    const grace = start(withGrace);
    grace.send('EXPIRE');
    expect(grace.send('EXPIRE', 'CONTACT_LOST', 'VIOLATION_RAISED')).toBe('grace');

    const restricted = start({});
    restricted.send('VIOLATION_RAISED');
    expect(restricted.send('CONTACT_LOST', 'VIOLATION_RAISED')).toBe('restricted-access');
  });

  it('W8: a key activated in the trial whose start date comes later ends the trial then (RENEW)', () => {
    const trial = start(trial30, 'trial');
    expect(trial.send('RENEW')).toBe('active');
  });

  it('L5: a renewal does not lift restrictions while the violation stands', () => {
    const m = start({ on: { expiry: 'restricted-access' } });
    m.send('VIOLATION_RAISED', 'EXPIRE');
    expect(m.send('RENEW')).toBe('restricted-access');
    expect(m.send('VIOLATION_CLEARED')).toBe('active');
  });

  it('a trial that ran out into grace stays there when contact is restored: only a license ends it', () => {
    const m = start({ initial: 'trial', states: { trial: timedState('P30D', 'grace') } }, 'trial');
    m.clock.increment(30 * DAY);
    expect(m.state()).toBe('grace');
    expect(m.send('CONTACT_RESTORED')).toBe('grace');
    expect(m.send('ACTIVATE')).toBe('active');
  });

  it('P9: contact lost in grace holds the pool there after a renewal, until contact is restored', () => {
    const m = start({ ...withGrace, on: { contactLost: 'grace' } });
    m.send('EXPIRE', 'CONTACT_LOST');
    expect(m.send('RENEW')).toBe('grace');
    expect(m.send('CONTACT_RESTORED')).toBe('active');
  });

  it('a violation raised in expired holds the pool there after a renewal, until it is cleared', () => {
    const m = start({});
    m.send('EXPIRE', 'VIOLATION_RAISED');
    expect(m.send('RENEW')).toBe('expired');
    expect(m.send('VIOLATION_CLEARED')).toBe('active');
  });

  it('without a contactLost target, contact lost and restored while active leaves nothing to recover from', () => {
    const m = start({});
    m.send('CONTACT_LOST', 'CONTACT_RESTORED', 'EXPIRE');
    expect(m.send('RENEW')).toBe('active');
  });

  it('with violation: none, a violation raised and cleared while active leaves nothing to recover from', () => {
    const m = start({ on: { violation: 'none' } });
    m.send('VIOLATION_RAISED', 'VIOLATION_CLEARED', 'EXPIRE');
    expect(m.send('RENEW')).toBe('active');
  });

  it('L6: with violation: none, a violation standing when the pool expired does not hold a renewal back', () => {
    const m = start({ on: { violation: 'none' } });
    m.send('VIOLATION_RAISED', 'EXPIRE');
    expect(m.state()).toBe('expired');
    expect(m.send('RENEW')).toBe('active');
  });

  it('a timed state built without `then` (outside validation) ends in expired', () => {
    const policy = policyWith(trial30);
    const { states } = policy.lifecycle;
    const noThen = {
      ...policy,
      // biome-ignore lint/suspicious/noThenProperty: `then` is a policy key, never awaited as a thenable.
      lifecycle: { ...policy.lifecycle, states: { ...states, trial: { ...states.trial, then: null } } },
    };
    const clock = new SimulatedClock();
    const actor = createActor(
      lifecycleMachine(noThen, 'trial', () => clock.now()),
      { clock },
    );
    actor.start();
    clock.increment(30 * DAY);
    expect(actor.getSnapshot().value).toBe('expired');
  });

  it('W12: a renewal while active stays in active (capacity changes are recorded by the simulator, not as transitions)', () => {
    const m = start(withGrace);
    expect(m.send('RENEW')).toBe('active');
    expect(m.send('EXPIRE')).toBe('grace');
  });

  it('time alone moves only timed states: active and expired stay put however long the clock runs', () => {
    const active = start(withGrace);
    active.clock.increment(1000 * DAY);
    expect(active.state()).toBe('active');
    const expired = start({});
    expired.send('EXPIRE');
    expired.clock.increment(1000 * DAY);
    expect(expired.state()).toBe('expired');
  });
});
