import { EventQueue } from './event-queue.js';

/**
 * What an event does when it comes up: its two integer payloads in, a promise out only when it has
 * asynchronous work left (a rules-engine evaluation), so that the hot loop stays synchronous.
 */
export type Handler<T = unknown> = (this: T, a: number, b: number) => Promise<void> | undefined;

/** A component's event kinds and their handlers: a table the compiler checks, one entry per kind. */
export type Handlers<K extends string, T = unknown> = { readonly [kind in K]: Handler<T> };

/** An event kind as registered on the kernel: what `schedule` takes. */
export type EventKind = number & { readonly __eventKind: unique symbol };

/**
 * Order at one instant: licensing and lifecycle events before session events, so that a session asking
 * to start at 24:00 of a license's end date finds the license already ended. Within a priority, events
 * run in the order they were scheduled.
 */
export const Priority = { licensing: 0, session: 1 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/**
 * Events handled before the loop gives the event loop a turn: a long run stays interruptible (SIGINT,
 * SIGTERM) and can report progress, for a promise per this many events, which costs nothing measurable.
 */
const EVENTS_BETWEEN_TURNS = 1 << 16;

/** Resolves on the event loop's next turn, after pending I/O and signals. */
function nextTurn(): Promise<void> {
  return new Promise((resume) => setImmediate(resume));
}

/**
 * Work that must follow any event that made it pending, e.g. applying a lifecycle state just entered.
 * A settler with work pending says so with `kernel.unsettle()`, so that the loop tests one flag per event.
 */
export interface Settler {
  readonly pending: boolean;
  settle(): Promise<void>;
}

/**
 * The simulation kernel, as small as SimPy's: a virtual clock, an event queue ordered by (time,
 * priority, sequence), `step` and `run`. Components register their event kinds with handlers and
 * schedule events; the kernel knows nothing of sessions, licenses or lifecycles.
 *
 * @example
 * const kernel = new Kernel(startMs, endMs);
 * const ev = kernel.register({ tick: (a) => { log(a); return undefined; } }, Priority.licensing);
 * kernel.schedule(startMs + 1000, ev.tick, 7, 0);
 * await kernel.run();
 */
export class Kernel {
  /**
   * Virtual time (ms since the epoch): the time of the event being handled. Initialised with a number, not
   * left to the constructor: a class field starts as `undefined`, and V8 then stores every later double
   * in a fresh heap box, one allocation per event.
   */
  now = Number.NEGATIVE_INFINITY;
  /** Events handled so far. */
  events = 0;
  private readonly queue = new EventQueue(4096);
  private readonly handlers: Handler[] = [];
  private readonly targets: unknown[] = [];
  private readonly priorities: Priority[] = [];
  // Stryker disable next-line ArrayDeclaration: an element that is not a settler has no pending work
  private readonly settlers: Settler[] = [];
  /** Set when a settler may have work pending; cleared once every settler is settled. */
  // Stryker disable next-line BooleanLiteral: settling with nothing pending does nothing
  private unsettled = false;

  constructor(
    start: number,
    /** The run's end: events after it are never handled. */
    readonly end: number,
    /**
     * Called each time the loop gives the event loop a turn, every `EVENTS_BETWEEN_TURNS` events: the
     * place for progress reports, off the per-event path.
     */
    private readonly onTurn?: (kernel: Kernel) => void,
  ) {
    this.now = start;
  }

  /**
   * Registers a component's event kinds; the returned table names the kinds for `schedule`. Handlers are
   * called with `target` as `this`: a component passes its own methods, which stay the same functions from
   * run to run, so the one call site that dispatches every event sees few targets and stays fast (bound
   * functions or closures made per run would make it megamorphic).
   */
  register<K extends string, T = unknown>(
    handlers: Handlers<K, T>,
    priority: Priority,
    target?: T,
  ): { readonly [kind in K]: EventKind } {
    const kinds = {} as Record<K, EventKind>;
    for (const name of Object.keys(handlers) as K[]) {
      kinds[name] = this.handlers.length as EventKind;
      this.handlers.push(handlers[name] as Handler);
      this.targets.push(target);
      this.priorities.push(priority);
    }
    return kinds;
  }

  /** Adds work to run after any event that leaves it pending. */
  addSettler(settler: Settler): void {
    this.settlers.push(settler);
  }

  /** A settler has work pending: settle before the next event. */
  unsettle(): void {
    this.unsettled = true;
  }

  /** Schedules an event of `kind` at virtual time `at` (never before `now`). */
  schedule(at: number, kind: EventKind, a: number, b: number): void {
    this.queue.push(at, kind, a, b, this.priorities[kind]);
  }

  /**
   * Schedules an event of `kind` `delay` ms from now. The hot path's form: a delay is a small integer
   * where a time is a double, which V8 boxes on the heap whenever it passes a call it does not inline.
   */
  scheduleAfter(delay: number, kind: EventKind, a: number, b: number): void {
    this.queue.pushAfter(delay, kind, a, b, this.priorities[kind]);
  }

  /**
   * Sets aside the places of `count` events in the order of events at one instant, as if they were
   * scheduled now; returns the first, for `scheduleReserved`. A component that makes events one at a time
   * (the sessions of a batch) keeps them in the order they would have had if all were scheduled at once.
   */
  reserve(count: number): number {
    return this.queue.reserve(count);
  }

  /** Schedules an event of `kind` in a place set aside by `reserve`. */
  scheduleReserved(at: number, kind: EventKind, a: number, b: number, place: number): void {
    this.queue.pushReserved(at, kind, a, b, this.priorities[kind]!, place);
  }

  /** Handles events until the run ends (null) or one has asynchronous work left (its promise). */
  step(): Promise<void> | null {
    const q = this.queue;
    const end = this.end;
    const handlers = this.handlers;
    const targets = this.targets;
    // The count is kept in a local for the loop and stored when it is left.
    let events = this.events;
    let budget = EVENTS_BETWEEN_TURNS;
    while (q.pop()) {
      const time = q.time;
      if (time > end) break;
      this.now = time;
      events++;
      const kind = q.kind;
      const pending = handlers[kind]!.call(targets[kind], q.a, q.b);
      if (pending !== undefined) {
        this.events = events;
        return pending.then(() => this.settle());
      }
      // Stryker disable next-line ConditionalExpression: settling with nothing pending does nothing
      if (this.unsettled) {
        this.events = events;
        return this.settle();
      }
      // Stryker disable next-line EqualityOperator: yielding more often only slows the run
      if (--budget === 0) {
        this.events = events;
        this.onTurn?.(this);
        return nextTurn();
      }
    }
    this.events = events;
    return null;
  }

  /**
   * `step`, stopping before the first event after `until`, for a replay paced slice by slice (a live
   * view). Kept apart from `step`, whose hot loop does not peek: a run at full speed pays nothing for it.
   */
  stepUntil(until: number): Promise<void> | null {
    const q = this.queue;
    const limit = Math.min(until, this.end);
    while (q.peekTime() <= limit) {
      q.pop();
      this.now = q.time;
      this.events++;
      const kind = q.kind;
      const pending = this.handlers[kind]!.call(this.targets[kind], q.a, q.b);
      if (pending !== undefined) return pending.then(() => this.settle());
      if (this.unsettled) return this.settle();
    }
    return null;
  }

  /**
   * Handles every event up to virtual time `until` (never past the end); says whether any event is
   * left before the end. Events at `until` itself are handled, so slices neither skip nor repeat one.
   */
  async runUntil(until: number): Promise<boolean> {
    for (let pending = this.stepUntil(until); pending !== null; pending = this.stepUntil(until))
      await pending;
    return this.queue.peekTime() <= this.end;
  }

  /** Runs to the end; the clock then stands at the end. */
  async run(): Promise<void> {
    for (let pending = this.step(); pending !== null; pending = this.step()) await pending;
    this.now = this.end;
  }

  /** Settles pending work until none is left (settling may make more pending). */
  async settle(): Promise<void> {
    while (this.unsettled) {
      this.unsettled = false;
      for (const s of this.settlers) {
        if (s.pending) {
          // Stryker disable next-line BooleanLiteral: a settler that leaves work behind says so with unsettle()
          this.unsettled = true;
          await s.settle();
        }
      }
    }
  }
}
