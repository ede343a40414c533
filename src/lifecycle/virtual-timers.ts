import type { ActorOptions, AnyActorLogic } from 'xstate';

type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/**
 * An XState clock whose timers are events on the simulator's queue, so that delayed transitions (the end of a
 * trial or grace period) fire at virtual time, in order with every other event, and never on real timers.
 */
export class VirtualTimers implements Clock {
  private readonly pending = new Map<number, () => void>();
  private nextId = 1;

  constructor(
    /** Current virtual time. */
    private readonly now: () => number,
    /** Puts timer `id` on the simulator's queue at virtual time `at`. */
    private readonly schedule: (at: number, id: number) => void,
  ) {}

  setTimeout(fn: () => void, timeout: number): number {
    // Stryker disable next-line UpdateOperator: ids need only be distinct
    const id = this.nextId++;
    this.pending.set(id, fn);
    this.schedule(this.now() + Math.max(0, timeout), id);
    return id;
  }

  clearTimeout(id: number): void {
    this.pending.delete(id);
  }

  /** Runs timer `id` if it is still pending; the simulator calls this when the timer's event comes up. */
  fire(id: number): undefined {
    const fn = this.pending.get(id);
    if (!fn) return;
    this.pending.delete(id);
    fn();
  }
}
