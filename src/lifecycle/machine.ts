import { assign, setup } from 'xstate';
import type { Policy, StateName } from '../model/policy.js';
import { calendarEndMs } from '../model/time.js';
import type { CausedEvent } from './lifecycles.js';

/** Events the simulator sends to a pool's lifecycle. */
export const lifecycleEventTypes = [
  'ACTIVATE',
  'RENEW',
  'EXPIRE',
  'CONTACT_LOST',
  'CONTACT_RESTORED',
  'VIOLATION_RAISED',
  'VIOLATION_CLEARED',
] as const;
export type LifecycleEventType = (typeof lifecycleEventTypes)[number];

/** A lifecycle event with its cause, which the transition it makes is recorded with. */
export interface LifecycleEvent extends CausedEvent {
  readonly type: LifecycleEventType;
}

/** The causes that keep a pool out of `active`; it returns to `active` only when all it reacts to are clear. */
export interface LifecycleContext {
  readonly expired: boolean;
  readonly contactLost: boolean;
  readonly violation: boolean;
}

function applyEvent(context: LifecycleContext, event: LifecycleEvent): LifecycleContext {
  switch (event.type) {
    case 'ACTIVATE':
    case 'RENEW':
      return { ...context, expired: false };
    case 'EXPIRE':
      return { ...context, expired: true };
    case 'CONTACT_LOST':
      return { ...context, contactLost: true };
    case 'CONTACT_RESTORED':
      return { ...context, contactLost: false };
    case 'VIOLATION_RAISED':
      return { ...context, violation: true };
    case 'VIOLATION_CLEARED':
      return { ...context, violation: false };
  }
}

/**
 * Builds the lifecycle machine of a policy: trial → active → grace → restricted-access → expired, with the
 * targets and durations the policy declares (W8, W9, L4–L6, P8, P9). Timed states use XState delayed
 * transitions, which run on the simulator's virtual clock (`VirtualTimers`).
 */
export function lifecycleMachine(
  policy: Policy,
  initial: 'trial' | 'active',
  /** The clock's time now (virtual ms), read as a timed state is entered to find when it ends. */
  now: () => number,
) {
  const { states, on } = policy.lifecycle;
  // L6: back to active once every cause is clear. A cause the policy does not react to (contactLost or
  // violation: none) is no cause, so it never holds a recovery back.
  const allClear = (c: LifecycleContext) =>
    !c.expired && (on.contactLost === null || !c.contactLost) && (on.violation === null || !c.violation);
  const recover = [
    { target: 'active' as const, guard: 'clearAfterEvent' as const, actions: 'apply' as const },
    { actions: 'apply' as const },
  ];
  const moveTo = (target: StateName | null) =>
    target === null ? { actions: 'apply' as const } : { target, actions: 'apply' as const };
  const timed = (name: 'trial' | 'grace') =>
    states[name].duration === null ? {} : { after: { [name]: { target: states[name].then ?? 'expired' } } };
  // A timed state lasts its duration in licence time, counted from the instant it is entered: calendar
  // days of the policy's zone, so its length in ms depends on when it starts (23 h or 25 h days at DST).
  const lasts = (name: 'trial' | 'grace') => () => {
    const start = now();
    return calendarEndMs(start, states[name].duration ?? 'PT0S', policy.timeZone) - start;
  };

  return setup({
    // Stryker disable next-line ObjectLiteral: types are for the compiler only
    types: { context: {} as LifecycleContext, events: {} as LifecycleEvent },
    delays: { trial: lasts('trial'), grace: lasts('grace') },
    guards: {
      clearAfterEvent: ({ context, event }) => allClear(applyEvent(context, event)),
    },
    actions: {
      apply: assign(({ context, event }) => applyEvent(context, event)),
    },
  }).createMachine({
    // Stryker disable next-line StringLiteral: nothing addresses the machine's states by id
    id: 'license',
    initial,
    context: { expired: initial === 'trial', contactLost: false, violation: false },
    // Flags are kept current whatever the state, so that recovery checks see every cause.
    on: {
      ACTIVATE: { actions: 'apply' },
      RENEW: { actions: 'apply' },
      EXPIRE: { actions: 'apply' },
      CONTACT_LOST: { actions: 'apply' },
      CONTACT_RESTORED: { actions: 'apply' },
      VIOLATION_RAISED: { actions: 'apply' },
      VIOLATION_CLEARED: { actions: 'apply' },
    },
    states: {
      // A key activated during the trial may start later: its start date ends the trial with RENEW. A key
      // activated while contact is lost ends it when contact is back.
      trial: { ...timed('trial'), on: { ACTIVATE: recover, RENEW: recover, CONTACT_RESTORED: recover } },
      active: {
        on: {
          EXPIRE: moveTo(on.expiry),
          CONTACT_LOST: moveTo(on.contactLost),
          VIOLATION_RAISED: moveTo(on.violation),
        },
      },
      grace: {
        ...timed('grace'),
        on: { ACTIVATE: recover, RENEW: recover, CONTACT_RESTORED: recover, VIOLATION_CLEARED: recover },
      },
      'restricted-access': {
        on: {
          ACTIVATE: recover,
          RENEW: recover,
          CONTACT_RESTORED: recover,
          VIOLATION_CLEARED: recover,
          // Stryker disable next-line ConditionalExpression,StringLiteral: a transition to the current state is the same as staying
          EXPIRE: on.expiry === 'restricted-access' ? { actions: 'apply' } : moveTo(on.expiry),
        },
      },
      expired: {
        on: { ACTIVATE: recover, RENEW: recover, CONTACT_RESTORED: recover, VIOLATION_CLEARED: recover },
      },
    },
  });
}

export type LifecycleMachine = ReturnType<typeof lifecycleMachine>;
