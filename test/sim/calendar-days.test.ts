import { describe, expect, it } from 'vitest';
import { calendarEndMs, durationMs } from '../../src/model/time.js';
import { runScenario, timedState } from '../support/build.js';
import { cluster, scenario } from '../support/fixtures.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('licence time is calendar days of the policy zone; elapsed time is fixed (DST)', () => {
  it('calendarEndMs: P30D from local midnight ends at local midnight across the spring and autumn changes', () => {
    // 2026-03-15 00:00 CET → 2026-04-14 00:00 CEST: 30 days, one of them 23 h long.
    const spring = Date.parse('2026-03-14T23:00:00Z');
    expect(iso(calendarEndMs(spring, 'P30D', 'Europe/Paris'))).toBe('2026-04-13T22:00:00.000Z');
    // 2026-10-15 00:00 CEST → 2026-11-14 00:00 CET: one day is 25 h long.
    const autumn = Date.parse('2026-10-14T22:00:00Z');
    expect(iso(calendarEndMs(autumn, 'P30D', 'Europe/Paris'))).toBe('2026-11-13T23:00:00.000Z');
    // Hours stay hours: PT24H across the spring change ends at 01:00 local.
    expect(iso(calendarEndMs(spring + 14 * 86_400_000, 'PT24H', 'Europe/Paris'))).toBe(
      '2026-03-29T23:00:00.000Z',
    );
    // Elapsed time keeps fixed days.
    expect(durationMs('P30D')).toBe(30 * 86_400_000);
  });

  it('W8: a P30D trial started at local midnight before the spring change ends at local midnight, not 01:00', async () => {
    const r = await runScenario(
      cluster(10, {
        timeZone: 'Europe/Paris',
        licenses: [{ id: 'key', count: 10, term: 'perpetual', installed: false }],
        lifecycle: {
          initial: 'trial',
          states: { trial: timedState('P30D', 'expired', { sessionLimit: 10 }) },
        },
      }),
      scenario([], [], { start: '2026-03-15T00:00:00+01:00', duration: 'P40D' }),
    );
    const ended = r.of('transition').find((t) => t.from === 'trial');
    expect(ended).toMatchObject({ to: 'expired', event: 'timeout' });
    expect(iso(ended!.at)).toBe('2026-04-13T22:00:00.000Z'); // 2026-04-14 00:00 +02:00
  });

  it('a grace period in calendar days spans the autumn change: P10D from 2026-10-20 00:00 CEST ends 2026-10-30 00:00 CET', async () => {
    const r = await runScenario(
      cluster(10, {
        timeZone: 'Europe/Paris',
        licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end: '2026-10-19' }],
        lifecycle: { states: { grace: timedState('P10D', 'expired') } },
      }),
      scenario([], [], { start: '2026-10-15T00:00:00+02:00', duration: 'P20D' }),
    );
    const moves = r.of('transition').filter((t) => t.from !== null);
    expect(moves.map((t) => [t.from, t.to, iso(t.at)])).toEqual([
      ['active', 'grace', '2026-10-19T22:00:00.000Z'], // 24:00 of 2026-10-19, CEST
      ['grace', 'expired', '2026-10-29T23:00:00.000Z'], // 2026-10-30 00:00, CET: 10 days and 1 h later
    ]);
  });
});
