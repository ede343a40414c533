import { describe, expect, it } from 'vitest';
import { DAY, HOUR, runScenario } from '../support/build.js';
import { cluster, scenario } from '../support/fixtures.js';

/** A Paris policy whose one key is valid to 24:00 of `end`, warning `warnBefore` ahead. */
const paris = (end: string, expiry: { warnBefore: string; checkEvery?: string }) =>
  cluster(10, {
    timeZone: 'Europe/Paris',
    licenses: [{ id: 'key', count: 10, term: 'subscription', start: '2026-01-01', end }],
    alerts: { expiry },
  });

const expiryAlerts = (r: Awaited<ReturnType<typeof runScenario>>) =>
  [...r.of('alert'), ...r.of('alert-cleared')]
    .filter((a) => a.kind === 'expiry-warning')
    .sort((a, b) => a.at - b.at)
    .map((a) => [new Date(a.at).toISOString(), a.type, a.facts.daysToExpiry]);

describe('expiry warning at the exact instant (W11)', () => {
  it('W11: raised at local midnight 30 calendar days before the end, across the spring DST change, whatever the start time', async () => {
    // Valid to 24:00 of 2026-04-20 Paris time (22:00 UTC); 30 calendar days before is 2026-03-22 00:00
    // CET (23:00 UTC on the 21st), although the clocks change in between (2026-03-29).
    const r = await runScenario(
      paris('2026-04-20', { warnBefore: 'P30D' }),
      scenario([], [], { start: '2026-03-15T13:17:00Z', duration: 'P10D' }),
    );
    expect(expiryAlerts(r)).toEqual([['2026-03-21T23:00:00.000Z', 'alert', 30]]);
  });

  it('W11: a renewal clears the warning at once, and a later period warns again', async () => {
    const r = await runScenario(
      paris('2026-04-20', { warnBefore: 'P30D' }),
      scenario([], [{ at: 'P10DT5H', renew: { license: 'key', end: '2026-05-10' } }], {
        start: '2026-03-15T13:17:00Z',
        duration: 'P30D',
      }),
    );
    expect(expiryAlerts(r)).toEqual([
      ['2026-03-21T23:00:00.000Z', 'alert', 30],
      // The renewal at 2026-03-25T18:17Z moves the end to 24:00 of 2026-05-10 (22:00 UTC).
      ['2026-03-25T18:17:00.000Z', 'alert-cleared', 47],
      // 30 days before the new end: 2026-04-11 00:00 CEST.
      ['2026-04-10T22:00:00.000Z', 'alert', 30],
    ]);
  });

  it('W11: with checkEvery the warning is seen only at periodic checks from the start, as a monitor sees it', async () => {
    const r = await runScenario(
      paris('2026-04-20', { warnBefore: 'P30D', checkEvery: 'PT6H' }),
      scenario([], [], { start: '2026-03-15T13:17:00Z', duration: 'P10D' }),
    );
    // Checks at 13:17, 19:17, 01:17, 07:17 UTC…: the first one inside the period is 2026-03-22 01:17Z.
    const [first] = expiryAlerts(r);
    expect(first).toEqual(['2026-03-22T01:17:00.000Z', 'alert', 30]);
    expect(Date.parse(first![0] as string) - Date.parse('2026-03-15T13:17:00Z')).toBe(6 * DAY + 12 * HOUR);
  });

  it('W11: warnBefore in hours is refused with its location: license ends are dates', async () => {
    await expect(runScenario(paris('2026-04-20', { warnBefore: 'PT36H' }), scenario([], []))).rejects.toThrow(
      /warnBefore must be whole days or weeks/,
    );
  });
});
