import { type Actor, type AnyStateMachine, createActor, type InspectionEvent } from 'xstate';
import type { StateName } from '../model/policy.js';
import type { RuleDecision } from '../trace/facts.js';
import type { VirtualTimers } from './virtual-timers.js';

/** Why a transition happened: the event that caused it, in words, and the rule when a rule decided. */
export interface TransitionCause {
  /** The event's type; `start` for the initial state, `timeout` for the end of a timed state. */
  readonly event: string;
  readonly reason: string;
  readonly decision?: RuleDecision;
}

/** A lifecycle event carries its cause, so that the transition it makes is recorded with it. */
export interface CausedEvent {
  readonly type: string;
  readonly reason: string;
  readonly decision?: RuleDecision;
}

/**
 * Called for every state entered (from null: the initial state). A change that leaves the state as it
 * was (an upgrade while active) is not a transition: its owner records it as what it is.
 */
export type TransitionListener<K> = (
  subject: K,
  from: StateName | null,
  to: StateName,
  cause: TransitionCause,
) => void;

const initialCause: TransitionCause = { event: 'start', reason: 'initial state' };
const timeoutCause: TransitionCause = { event: 'timeout', reason: '' };

/**
 * Lifecycle actors keyed by subject: a pool today, a license-server client, a server or a user next. Each
 * runs the machine its owner gives it on the run's virtual clock. The machine stays the single source of
 * the lifecycle; the cause of a transition travels with the event that made it and reaches the listener
 * through XState's inspection of that event, never through state set beside the actor.
 */
export class Lifecycles<K> {
  private readonly actors = new Map<K, Actor<AnyStateMachine>>();
  private readonly states = new Map<K, StateName>();

  constructor(
    private readonly timers: VirtualTimers,
    private readonly listener: TransitionListener<K>,
  ) {}

  /** Starts the subject's actor; its initial state is reported with `from: null`. */
  start(subject: K, machine: AnyStateMachine): void {
    if (this.actors.has(subject)) throw new Error(`lifecycle of ${String(subject)} already started`);
    const actor = createActor(machine, {
      clock: this.timers,
      inspect: (e: InspectionEvent) => {
        if (e.type === '@xstate.snapshot')
          this.observe(subject, e.snapshot as unknown as { value: unknown }, e.event);
      },
    });
    this.actors.set(subject, actor);
    actor.start();
  }

  /** The subject's current state. */
  state(subject: K): StateName {
    const state = this.states.get(subject);
    if (state === undefined) throw new Error(`no lifecycle for ${String(subject)}`);
    return state;
  }

  send(subject: K, event: CausedEvent): void {
    const actor = this.actors.get(subject);
    if (actor === undefined) throw new Error(`no lifecycle for ${String(subject)}`);
    actor.send(event);
  }

  stop(): void {
    for (const actor of this.actors.values()) actor.stop();
  }

  private observe(subject: K, snapshot: { value: unknown }, event: { type: string }): void {
    const to = snapshot.value as StateName;
    const from = this.states.get(subject) ?? null;
    if (from === to) return;
    this.states.set(subject, to);
    this.listener(subject, from, to, causeOf(event, from));
  }
}

function causeOf(event: { type: string }, from: StateName | null): TransitionCause {
  if (from === null) return initialCause;
  if (event.type.startsWith('xstate.after')) return timeoutCause;
  const { type, reason, decision } = event as CausedEvent;
  return decision === undefined ? { event: type, reason } : { event: type, reason, decision };
}
