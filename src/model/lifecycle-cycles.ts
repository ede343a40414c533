import { MS, stateNames } from '../vocabulary.js';
import type { StateName, StateRules } from './policy.js';
import type { Problems } from './problems.js';

/**
 * The shortest a cycle of timed states may last. A pool in such a cycle changes state at every turn for
 * the whole run: `trial: P0D → grace: P0D → trial` never let virtual time pass, and a cycle of
 * milliseconds made tens of millions of transitions a day. No licensing policy needs a cycle under an hour.
 */
export const MIN_TIMED_CYCLE_MS = MS.hour;

/**
 * Reports each cycle of timed states (trial and grace, which end by themselves and move to `then`) that
 * lasts less than MIN_TIMED_CYCLE_MS, once, at the duration of its first state.
 *
 * @example
 * // trial: { duration: P0D, then: grace }, grace: { duration: P0D, then: trial }
 * checkTimedCycles(states, problems);
 * // spec.lifecycle.states.trial.duration: "timed states trial → grace → trial form a cycle lasting 0 ms; …"
 */
export function checkTimedCycles(states: Readonly<Record<StateName, StateRules>>, problems: Problems): void {
  const reported = new Set<StateName>();
  for (const first of stateNames) {
    const cycle = timedCycleFrom(first, states);
    // A state leading to itself is reported where the policy is built.
    if (cycle === null || cycle.length < 2 || cycle.some((s) => reported.has(s))) continue;
    for (const s of cycle) reported.add(s);
    const lasts = cycle.reduce((sum, s) => sum + (states[s].durationMs ?? 0), 0);
    if (lasts >= MIN_TIMED_CYCLE_MS) continue;
    problems.error(
      ['spec', 'lifecycle', 'states', first, 'duration'],
      `timed states ${[...cycle, first].join(' → ')} form a cycle lasting ${lasts} ms, so a pool would ` +
        'change state without end; a cycle of timed states must last at least 1 hour (PT1H) in all: ' +
        `lengthen a duration, or give one of them a 'then' outside the cycle`,
    );
  }
}

/** The timed states met following `then` from `first` until it comes back, or null when it does not. */
function timedCycleFrom(
  first: StateName,
  states: Readonly<Record<StateName, StateRules>>,
): StateName[] | null {
  const path: StateName[] = [];
  let state = first;
  while (states[state].durationMs !== null && !path.includes(state)) {
    path.push(state);
    // A timed state with no `then` ends in expired, as the lifecycle machine does.
    state = states[state].then ?? 'expired';
    if (state === first) return path;
  }
  return null;
}
