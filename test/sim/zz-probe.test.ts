import { expect, it } from 'vitest';
import { DAY, policyYaml, runScenario, scenarioYaml, timedState } from '../support/build.js';

it('probe grace', async () => {
  const r = await runScenario(
    policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-03' }],
      pools: [{ id: 'p', licenses: ['key'] }],
      lifecycle: { states: { grace: timedState('P10D', 'expired') } },
    }),
    scenarioYaml({ start: '2026-03-02T00:00:00Z', duration: 'P20D', sessions: [{ user: 'g', at: 'P3D', duration: 'PT1H' }] }),
  );
  console.log(r.of('transition'), r.of('deny'), r.of('capacity'));
});
it('probe contact', async () => {
  const r = await runScenario(
    policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
      pools: [{ id: 'p', licenses: ['key'] }],
      lifecycle: { states: { grace: timedState('P2D', 'expired') }, on: { contactLost: 'grace' } },
    }),
    scenarioYaml({ start: '2026-03-02T00:00:00Z', duration: 'P10D', sessions: [{ user: 'g', at: 'P1D', duration: 'PT1H' }, { user: 'h', at: 'P4D', duration: 'PT1H' }, { user: 'i', at: 'P6D', duration: 'PT1H' }],
      timeline: [{ at: 'PT1H', outage: { licenseServer: true, duration: 'P5D' } }] }),
  );
  console.log(r.of('transition'), r.of('deny'), r.of('admit'), r.of('capacity'));
});
it('probe end', async () => {
  const r = await runScenario(
    policyYaml({
      timeZone: 'UTC',
      licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-03-03' }],
      pools: [{ id: 'p', licenses: ['key'] }],
      lifecycle: { states: { expired: { existingSessions: 'end' } } },
    }),
    scenarioYaml({ start: '2026-03-02T00:00:00Z', duration: 'P5D', sessions: [{ user: 'g', at: 'P1D', duration: 'P2D', count: 2 }] }),
  );
  console.log(r.of('transition'), r.of('release'));
});
