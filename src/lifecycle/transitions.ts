import type { AnyStateMachine } from 'xstate';

/**
 * One declared change of state of a lifecycle machine: from a state, on an event (or `timeout` for a
 * delayed transition, as the trace names it), to another state, perhaps only when a guard holds.
 */
export interface MachineTransition {
  readonly from: string;
  readonly event: string;
  readonly to: string;
  /** The guard's name when the transition is taken only when it holds. */
  readonly guard: string | null;
  /** The delay's name for a delayed transition (`trial`, `grace`, `graceEnd`), else null. */
  readonly delay: string | null;
}

/**
 * Every transition a machine declares, read from its state nodes (`transitions` and `after`), in the
 * order the machine lists them, out of the states a run can reach. A transition that stays in its state (an action only, or a re-entry) is
 * no change of state: the trace never records one, so it is left out. Reading the definition rather than
 * exploring it (as @xstate/graph does, by sending events and evaluating guards on a context) lists every
 * transition whatever guard or delay it needs: the delays here read the run's virtual clock, which no
 * traversal outside a run has.
 */
export function machineTransitions(
  machine: AnyStateMachine,
  /** The states a run may start in; states no transition leads to from them are left out. */
  initials: readonly string[] = [String(machine.root.initial.target[0]?.key)],
): MachineTransition[] {
  const found: MachineTransition[] = [];
  for (const [from, node] of Object.entries(machine.root.states)) {
    const delayed = new Map(node.after.map((a) => [a.eventType, a.delay]));
    for (const [eventType, list] of node.transitions) {
      for (const t of list) {
        const to = t.target?.[0]?.key;
        if (to === undefined || to === from) continue;
        const delay = delayed.get(eventType);
        found.push({
          from,
          event: delay === undefined ? eventType : 'timeout',
          to,
          guard: typeof t.guard === 'string' ? t.guard : null,
          delay: delay === undefined ? null : String(delay),
        });
      }
    }
  }
  return reachable(found, initials);
}

/** The transitions out of states reachable from `initials` (guards read as possibly holding). */
function reachable(all: readonly MachineTransition[], initials: readonly string[]): MachineTransition[] {
  const seen = new Set(initials);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of all) {
      if (seen.has(t.from) && !seen.has(t.to)) {
        seen.add(t.to);
        grew = true;
      }
    }
  }
  return all.filter((t) => seen.has(t.from));
}

/** A transition's key as coverage counts it: `from --event--> to`. */
export function transitionKey(t: { from: string; event: string; to: string }): string {
  return `${t.from} --${t.event}--> ${t.to}`;
}
