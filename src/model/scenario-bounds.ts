import { groupDigits } from '../config/wording.js';
import { MS } from '../vocabulary.js';
import type { Problems } from './problems.js';
import type { Scenario } from './scenario.js';

/**
 * How much work a scenario may ask for, checked before anything runs: a run past these limits would not
 * end in reasonable time (`perHour: 1e12` over a day never did) or would not fit in memory.
 */

/** Explicit sessions of one scenario, all batches together. */
export const MAX_SCENARIO_SESSIONS = 10_000_000;

/**
 * Events one run may be expected to handle: at the 3.5 to 6.5 million events a second measured by
 * `npm run bench`, about three to five minutes.
 */
export const MAX_RUN_EVENTS = 1_000_000_000;

/**
 * An upper bound of the events a run of the scenario handles: each load stream offers at most `perHour`
 * sessions an hour (its busiest hour's rate), each explicit session is one event, and each session
 * admitted ends with one more.
 *
 * @example
 * estimatedEvents(scenario); // perHour 40 over one week: 40 × 168 × 2 = 13,440
 */
export function estimatedEvents(scenario: Scenario): number {
  const hours = (scenario.endMs - scenario.startMs) / MS.hour;
  const arrivals = scenario.load.reduce((sum, l) => sum + l.perHour * hours, 0);
  return 2 * (arrivals + explicitSessions(scenario));
}

function explicitSessions(scenario: Scenario): number {
  return scenario.sessions.reduce((sum, s) => sum + s.count, 0);
}

/** Reports a scenario asking for more sessions or events than a run may handle, at the node to change. */
export function checkScenarioBounds(scenario: Scenario, problems: Problems): void {
  const sessions = explicitSessions(scenario);
  if (sessions > MAX_SCENARIO_SESSIONS) {
    problems.error(
      ['spec', 'sessions'],
      `the sessions add up to ${groupDigits(sessions)}; a scenario may have at most ` +
        `${groupDigits(MAX_SCENARIO_SESSIONS)} explicit sessions: lower the counts, or use a load stream`,
    );
    return;
  }
  const events = estimatedEvents(scenario);
  if (!(events > MAX_RUN_EVENTS)) return;
  // Point at the stream that asks for the most, where lowering the rate helps most.
  const busiest = scenario.load.reduce<Scenario['load'][number] | undefined>(
    (best, l) => (best === undefined || l.perHour > best.perHour ? l : best),
    undefined,
  );
  const path = busiest ? busiest.ratePath : ['spec', 'duration'];
  problems.error(
    path,
    `this scenario would simulate about ${countText(events)} events per run (perHour × hours × 2 for ` +
      `each load stream, plus 2 per explicit session); the limit is ${groupDigits(MAX_RUN_EVENTS)}: ` +
      'lower the arrival rates or shorten the duration',
  );
}

function countText(n: number): string {
  return n < 1e15 ? groupDigits(Math.round(n)) : n.toExponential(1).replace('e+', 'e');
}
