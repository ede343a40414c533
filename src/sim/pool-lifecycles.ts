import { LifecycleLoopError } from '../lifecycle/lifecycle-loop-error.js';
import { Lifecycles, type TransitionCause } from '../lifecycle/lifecycles.js';
import { type LifecycleEventType, lifecycleMachine } from '../lifecycle/machine.js';
import type { VirtualTimers } from '../lifecycle/virtual-timers.js';
import type { Policy, StateName } from '../model/policy.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../model/time.js';
import { stateCodes } from '../rules/rule-sets.js';
import type { RuleDecision } from '../trace/facts.js';
import type { TraceSink } from '../trace/records.js';

/**
 * State changes of one pool at one virtual instant past which its lifecycle is taken to loop without end.
 * A timeline moves a pool a few times at one instant at most; a cycle of zero-length timed states, never
 * ending, reaches this at once.
 */
export const MAX_TRANSITIONS_PER_INSTANT = 1000;

/**
 * One lifecycle per pool (a pool is one license domain: isolated sites expire on their own). Every
 * transition becomes a trace record with its time, event and reason, and the rule and facts when a rule
 * drove it. Pools whose state changed wait in `entered` until the simulation applies what the new state
 * means for their sessions and capacity.
 */
export class PoolLifecycles {
  /** Current state per pool, and its code for the rules' `state` fact. */
  readonly state: StateName[];
  readonly stateCode: Int32Array;
  /** When each pool entered its state: what a timed state's end is reckoned from. */
  readonly enteredMs: Float64Array;
  private readonly lifecycles: Lifecycles<number>;
  private readonly entered: number[] = [];
  /** The instant the counts below are for, each pool's state changes then, and the states it entered. */
  private instant = Number.NaN;
  private readonly changesAtInstant: Int32Array;
  private readonly enteredAtInstant: Set<StateName>[];
  /** Set when a pool loops; thrown outside XState's processing, when its state is settled. */
  private loop: LifecycleLoopError | undefined;

  constructor(
    private readonly policy: Policy,
    timers: VirtualTimers,
    private readonly now: () => number,
    private readonly sink: TraceSink,
    /** Called when a pool entered a state whose effects are yet to be applied. */
    private readonly onEntered: () => void,
  ) {
    // Stryker disable next-line ArrayDeclaration,StringLiteral: start() sets each pool's state before anything reads it
    this.state = new Array<StateName>(policy.pools.length).fill('active');
    this.stateCode = new Int32Array(policy.pools.length);
    this.enteredMs = new Float64Array(policy.pools.length);
    this.changesAtInstant = new Int32Array(policy.pools.length);
    this.enteredAtInstant = policy.pools.map(() => new Set<StateName>());
    this.lifecycles = new Lifecycles<number>(timers, (pool, from, to, cause) =>
      this.enter(pool, from, to, cause),
    );
  }

  /** Starts the pool's lifecycle in its initial state (recorded with `from: null`). */
  start(pool: number, initial: 'trial' | 'active'): void {
    this.lifecycles.start(pool, lifecycleMachine(this.policy, initial, this.now));
  }

  send(pool: number, type: LifecycleEventType, reason: string, decision?: RuleDecision): void {
    // Stryker disable next-line ConditionalExpression: Lifecycles reads an undefined decision as none
    this.lifecycles.send(pool, decision === undefined ? { type, reason } : { type, reason, decision });
  }

  /**
   * The next pool whose state changed, to settle its sessions and capacity; undefined when none. Throws
   * LifecycleLoopError when a pool changed state too often at one instant.
   */
  takeEntered(): number | undefined {
    if (this.loop !== undefined) throw this.loop;
    return this.entered.shift();
  }

  get unsettled(): boolean {
    return this.entered.length > 0;
  }

  // Stryker disable next-line BlockStatement: the run is over when lifecycles stop; stopping releases the actors and their timers
  stop(): void {
    this.lifecycles.stop();
  }

  private enter(pool: number, from: StateName | null, to: StateName, cause: TransitionCause): void {
    this.state[pool] = to;
    this.stateCode[pool] = stateCodes[to];
    this.enteredMs[pool] = this.now();
    const { event, decision } = cause;
    const reason =
      // Stryker disable next-line ConditionalExpression: the initial state is entered by 'start', never by a timeout
      event === 'timeout' && from !== null
        ? `${from} period of ${span(this.policy.lifecycle.states[from].durationMs)} ended`
        : cause.reason;
    this.sink.record({
      type: 'transition',
      at: this.now(),
      pool,
      from,
      to,
      event,
      reason,
      rule: decision?.rule ?? null,
      ruleIds: decision?.ruleIds ?? '',
      facts: decision?.facts ?? {},
    });
    if (from !== null) {
      this.countChange(pool, to);
      this.entered.push(pool);
      this.onEntered();
    }
  }

  private countChange(pool: number, to: StateName): void {
    const now = this.now();
    if (now !== this.instant) {
      this.instant = now;
      this.changesAtInstant.fill(0);
      for (const states of this.enteredAtInstant) states.clear();
    }
    const changes = ++this.changesAtInstant[pool]!;
    this.enteredAtInstant[pool]!.add(to);
    // Stryker disable next-line ConditionalExpression: the run stops at the first settle after the limit, before another change is counted
    if (changes >= MAX_TRANSITIONS_PER_INSTANT && this.loop === undefined) {
      const { name, file } = this.policy;
      const states = [...this.enteredAtInstant[pool]!];
      const subject = `pool '${this.policy.pools[pool]!.id}'`;
      this.loop = new LifecycleLoopError(name, file, subject, states, changes, now);
    }
  }
}

function span(ms: number | null): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: timeouts come only from timed states, which have a duration
  if (ms === null) return 'unlimited duration';
  return Number.isInteger(ms / MS_PER_DAY) ? `${ms / MS_PER_DAY} days` : `${ms / MS_PER_HOUR} hours`;
}
