import { describe, expect, it } from 'vitest';
import { policyFrom, policyYaml, runScenario, scenarioFrom, scenarioYaml } from '../support/build.js';

/** Issue 6: a rate or share may be written as a percentage wherever one is written, as on the command line. */

const policyText = policyYaml({
  timeZone: 'UTC',
  sites: [{ id: 'a' }, { id: 'b' }],
  licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
  pools: [{ id: 'pool', licenses: ['key'], sites: ['a', 'b'], allocation: { a: '60%', b: '40%' } }],
  alerts: { usage: { warning: '80%', critical: 0.95 } },
} as never);

describe('percentages wherever a rate or share is written', () => {
  it('thresholds and allocation shares read 80% as 0.8', () => {
    const policy = policyFrom(policyText);
    expect(policy.alerts.usageWarning).toBe(0.8);
    expect(policy.alerts.usageCritical).toBe(0.95);
    expect(policy.pools[0]!.allocation).toEqual([0.6, 0.4]);
  });

  it('an idle share and a denial rate in percent are read as fractions, and shown as written', async () => {
    const scenario = scenarioYaml({
      start: '2026-05-04T08:00:00Z',
      duration: 'P1D',
      load: [
        {
          site: 'a',
          users: 5,
          arrivals: { perHour: 4 },
          holding: { mean: 'PT30M' },
          idle: { share: '10%', duration: 'PT1H' },
        },
      ],
      expect: [{ denialRateAtMost: '50%' }],
    } as never);
    expect(scenarioFrom(scenario).scenario.load[0]!.idle!.share).toBe(0.1);
    const r = await runScenario(policyText, scenario);
    expect(r.run.scenario.expectations[0]!.input).toMatchObject({ denialRateAtMost: '50%' });
  });

  it('a percentage above 100% is refused by the schema', () => {
    const over = policyText.replace('warning: 80%', 'warning: 120%');
    expect(() => policyFrom(over)).toThrow(/percentage from 0% to 100%/);
  });
});
