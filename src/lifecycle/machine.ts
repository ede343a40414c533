import { assign, setup } from 'xstate';
import type { Policy, StateName } from '../model/policy.js';
import type { CausedEvent } from './lifecycles.js';

/** Events the simulator sends to a pool's lifecycle. */
export const lifecycleEventTypes = [
  'ACTIVATE',
  'RENEW',
  'UPGRADE',
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

/** The causes that keep a pool out of `active`; it returns to `active` only when all are clear. */
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
    // Stryker disable next-line ConditionalExpression,StringLiteral: no transition applies UPGRADE; the case keeps the switch exhaustive
    case 'UPGRADE':
      return context;
  }
}

const allClear = (c: LifecycleContext) => !c.expired && !c.contactLost && !c.violation;

/**
 * Builds the lifecycle machine of a policy: trial → active → grace → restricted-access → expired, with the
 * targets and durations the policy declares (W8, W9, L4–L6, P8, P9). Timed states use XState delayed
 * transitions, which run on the simulator's virtual clock (`VirtualTimers`).
 */
export function lifecycleMachine(policy: Policy, initial: 'trial' | 'active') {
  const { states, on } = policy.lifecycle;
  const recover = [
    { target: 'active' as const, guard: 'clearAfterEvent' as const, actions: 'apply' as const },
    { actions: 'apply' as const },
  ];
  const moveTo = (target: StateName | null) =>
    target === null ? { actions: 'apply' as const } : { target, actions: 'apply' as const };
  const timed = (name: 'trial' | 'grace') => {
    const rules = states[name];
    return rules.durationMs === null
      ? {}
      : { after: { [rules.durationMs]: { target: rules.then ?? 'expired' } } };
  };

  return setup({
    // Stryker disable next-line ObjectLiteral: types are for the compiler only
    types: { context: {} as LifecycleContext, events: {} as LifecycleEvent },
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
      // Stryker disable next-line ObjectLiteral,StringLiteral: every state but active handles it, and active is never expired
      ACTIVATE: { actions: 'apply' },
      // Stryker disable next-line ObjectLiteral,StringLiteral: every state handles RENEW itself
      RENEW: { actions: 'apply' },
      EXPIRE: { actions: 'apply' },
      CONTACT_LOST: { actions: 'apply' },
      CONTACT_RESTORED: { actions: 'apply' },
      VIOLATION_RAISED: { actions: 'apply' },
      VIOLATION_CLEARED: { actions: 'apply' },
    },
    states: {
      // A key activated during the trial may start later: its start date ends the trial with RENEW.
      trial: { ...timed('trial'), on: { ACTIVATE: recover, RENEW: recover } },
      active: {
        on: {
          EXPIRE: moveTo(on.expiry),
          CONTACT_LOST: moveTo(on.contactLost),
          VIOLATION_RAISED: moveTo(on.violation),
          // Stryker disable next-line BooleanLiteral: re-entering active runs no entry or exit actions
          UPGRADE: { target: 'active', reenter: true },
          // Stryker disable next-line all: active is never expired, and the renewal is recorded by its event type whatever this entry says
          RENEW: { target: 'active', reenter: true, actions: 'apply' },
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
