import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { estimatedEvents, MAX_RUN_EVENTS } from '../../src/model/scenario-bounds.js';
import { scenarioFrom, scenarioYaml } from '../support/build.js';
import { START } from '../support/fixtures.js';

type Spec = Parameters<typeof scenarioYaml>[0];

const stream = (perHour: number) => ({ users: 10, arrivals: { perHour }, holding: { mean: 'PT30M' } });

function problems(spec: Omit<Spec, 'start'>): string[] {
  const { diagnostics } = documentFrom(parseYamlSource('s.yaml', scenarioYaml({ start: START, ...spec })));
  return diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

describe('issue 7, finding 9: runs too large to end are refused before they start', () => {
  it('finding 9: the estimate is perHour × hours × 2 per load stream, plus 2 per explicit session', () => {
    const { scenario } = scenarioFrom(
      scenarioYaml({
        start: START,
        duration: 'P7D',
        load: [stream(40), { ...stream(10), id: 'night' }],
        sessions: [{ user: 'a', at: 'PT1H', duration: 'PT1H', count: 5 }],
      }),
    );
    expect(estimatedEvents(scenario)).toBe((40 + 10) * 168 * 2 + 5 * 2);
  });

  it('finding 9: the highest rate the schema allows, over a year, is refused with the estimate', () => {
    expect(problems({ duration: 'P365D', load: [stream(1e6)] })).toEqual([
      `12:18: this scenario would simulate about 17,520,000,000 events per run (perHour × hours × 2 for each load stream, plus 2 per explicit session); the limit is 1,000,000,000: lower the arrival rates or shorten the duration`,
    ]);
  });

  it('finding 9: perHour 1e12 is refused by the schema, whatever the duration', () => {
    expect(problems({ duration: 'PT1H', load: [stream(1e12)] })).toEqual([
      expect.stringMatching(/arrivals\.perHour: must be at most 1000000 \(got 1000000000000\)$/),
    ]);
  });

  it('finding 9: a run at the limit is accepted, one hour more is refused', () => {
    // 1,000,000 an hour for 500 hours: 1,000,000,000 events.
    const hours = MAX_RUN_EVENTS / 2 / 1e6;
    expect(problems({ duration: `PT${hours}H`, load: [stream(1e6)] })).toEqual([]);
    expect(problems({ duration: `PT${hours + 1}H`, load: [stream(1e6)] })).toHaveLength(1);
  });
});
