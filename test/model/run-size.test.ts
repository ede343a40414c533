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

describe("a load written as users and busy-hour concurrency (Little's law)", () => {
  const byConcurrency = (concurrency: number | string, mean = 'PT45M') => ({
    users: 300,
    arrivals: { concurrency },
    holding: { mean },
  });

  it('300 users, 25 % in a session at the busiest hour, 45 minutes each: 100 arrivals an hour', () => {
    const { scenario } = scenarioFrom(
      scenarioYaml({ start: START, duration: 'P1D', load: [byConcurrency('25%')] }),
    );
    expect(scenario.load[0]!.perHour).toBeCloseTo(100, 9);
  });

  it('gives the same run as the rate it stands for', async () => {
    const concurrency = scenarioFrom(
      scenarioYaml({ start: START, duration: 'P1D', load: [byConcurrency(0.2, 'PT30M')] }),
    );
    const rate = scenarioFrom(
      scenarioYaml({
        start: START,
        duration: 'P1D',
        load: [{ users: 300, arrivals: { perHour: 120 }, holding: { mean: 'PT30M' } }],
      }),
    );
    expect(concurrency.scenario.load[0]!.perHour).toBeCloseTo(rate.scenario.load[0]!.perHour, 9);
  });

  it('takes perHour or concurrency, one of them, each error at its node', () => {
    expect(
      problems({ duration: 'P1D', load: [{ users: 10, arrivals: {}, holding: { mean: 'PT30M' } }] }),
    ).toEqual([expect.stringMatching(/^11:17: say how often sessions start: perHour .* or concurrency/)]);
    expect(
      problems({
        duration: 'P1D',
        load: [{ users: 10, arrivals: { perHour: 5, concurrency: 0.1 }, holding: { mean: 'PT30M' } }],
      }),
    ).toEqual([expect.stringMatching(/^12:9: give perHour or concurrency, not both$/)]);
  });

  it('finding 9: a derived rate is bounded like a written one, at the concurrency', () => {
    const tooFast = { users: 1_000_000, arrivals: { concurrency: 1 }, holding: { mean: 'PT1S' } };
    expect(problems({ duration: 'PT1H', load: [tooFast] })).toEqual([
      expect.stringMatching(
        /^12:\d+: users × concurrency ÷ mean holding time is 3600000000 arrivals per hour, above the 1000000/,
      ),
    ]);
  });
});
