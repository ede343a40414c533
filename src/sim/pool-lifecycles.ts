import { type Actor, createActor } from 'xstate';
import { type LifecycleEvent, type LifecycleMachine, lifecycleMachine } from '../lifecycle/machine.js';
import type { VirtualTimers } from '../lifecycle/virtual-timers.js';
import type { Policy, StateName } from '../model/policy.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../model/time.js';
import type { RuleDecision } from '../rules/rule-set.js';
import { stateCodes } from '../rules/rule-sets.js';
import type { TraceRecord } from './trace.js';

/** Why a transition happens: the event, in words, and the rule when a rule decided it. */
interface Cause {
  readonly event: string;
  readonly reason: string;
  readonly decision?: RuleDecision;
}

/**
 * One lifecycle actor per pool (a pool is one license domain: isolated sites expire on their own), on the
 * simulator's virtual clock. Every transition becomes a trace record with its time, event and reason, and
 * the rule and facts when a rule drove it.
 */
export class PoolLifecycles {
  /** Current state per pool, and its code for the rules' `state` fact. */
  readonly state: StateName[];
  readonly stateCode: Int32Array;
  private readonly actors: Actor<LifecycleMachine>[] = [];
  private cause: Cause = { event: 'start', reason: 'initial state' };
  /** Pools whose state changed since the simulator last settled them. */
  private readonly entered: number[] = [];

  constructor(
    private readonly policy: Policy,
    private readonly timers: VirtualTimers,
    private readonly now: () => number,
    private readonly emit: (record: TraceRecord) => void,
  ) {
    this.state = new Array<StateName>(policy.pools.length).fill('active');
    this.stateCode = new Int32Array(policy.pools.length);
  }

  /** Starts the pool's actor in its initial state (recorded with `from: null`). */
  start(pool: number, initial: 'trial' | 'active'): void {
    const actor = createActor(lifecycleMachine(this.policy, initial), { clock: this.timers });
    let previous: StateName | null = null;
    actor.subscribe((snapshot) => {
      const to = snapshot.value as StateName;
      if (to === previous) return;
      this.enter(pool, previous, to);
      previous = to;
    });
    this.actors[pool] = actor;
    actor.start();
  }

  send(pool: number, event: LifecycleEvent, reason: string, decision?: RuleDecision): void {
    const before = this.state[pool];
    this.cause = { event: event.type, reason, decision };
    this.actors[pool]!.send(event);
    // Upgrades and renewals while active are declared self-transitions: they belong in the timeline too.
    if (
      this.state[pool] === before &&
      before === 'active' &&
      (event.type === 'UPGRADE' || event.type === 'RENEW')
    ) {
      this.record(pool, before, before);
    }
  }

  /** Fires a delayed transition (end of trial or grace) that came up on the simulator's queue. */
  fireTimer(id: number): void {
    this.cause = { event: 'timeout', reason: '' };
    this.timers.fire(id);
  }

  /** The next pool whose state changed, to settle its sessions and capacity; undefined when none. */
  takeEntered(): number | undefined {
    return this.entered.shift();
  }

  get unsettled(): boolean {
    return this.entered.length > 0;
  }

  stop(): void {
    for (const actor of this.actors) actor.stop();
  }

  private enter(pool: number, from: StateName | null, to: StateName): void {
    this.state[pool] = to;
    this.stateCode[pool] = stateCodes[to];
    this.record(pool, from, to);
    if (from !== null) this.entered.push(pool);
  }

  private record(pool: number, from: StateName | null, to: StateName): void {
    const { event, decision } = this.cause;
    const timedOut = event === 'timeout' && from !== null;
    const reason = timedOut
      ? `${from} period of ${span(this.policy.lifecycle.states[from].durationMs)} ended`
      : this.cause.reason;
    this.emit({
      type: 'transition',
      at: this.now(),
      pool,
      from,
      to,
      event: from === null ? 'start' : event,
      reason,
      rule: decision?.rule ?? null,
      ruleIds: decision?.ruleIds ?? '',
      facts: decision?.facts ?? {},
    });
  }
}

function span(ms: number | null): string {
  if (ms === null) return 'unlimited duration';
  return Number.isInteger(ms / MS_PER_DAY) ? `${ms / MS_PER_DAY} days` : `${ms / MS_PER_HOUR} hours`;
}
