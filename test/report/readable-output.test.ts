import { describe, expect, it } from 'vitest';
import { formatLocal } from '../../src/model/time.js';
import { FactVector } from '../../src/trace/facts.js';
import { runScenario } from '../support/build.js';
import { cluster, scenario } from '../support/fixtures.js';

describe('readable output: instants, facts and capacity changes', () => {
  it('text instants are local time with the offset in force, across a daylight-saving change', () => {
    // Europe/Paris went from 02:00 CET to 03:00 CEST on 2026-03-29 (01:00 UTC).
    expect(formatLocal(Date.parse('2026-03-29T00:30:00Z'), 'Europe/Paris')).toBe('2026-03-29 01:30 +01:00');
    expect(formatLocal(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Paris')).toBe('2026-03-29 03:30 +02:00');
    expect(formatLocal(Date.parse('2026-07-01T10:00:05.250Z'), 'America/New_York')).toBe(
      '2026-07-01 06:00:05.250 -04:00',
    );
    expect(formatLocal(Date.parse('2026-07-01T10:00:05Z'), 'UTC')).toBe('2026-07-01 10:00:05 +00:00');
  });

  it('facts write a lifecycle state by name and "no limit" as null; counts stay numbers', () => {
    const v = new FactVector(['state', 'siteCapacity', 'poolInUse'], 3, {
      state: 'state',
      siteCapacity: 'limit',
    });
    v.values.set([4, -1, 7]);
    expect(v.toObject()).toEqual({ state: 'expired', siteCapacity: null, poolInUse: 7 });
    v.values.set([1, 20, 0]);
    expect(v.toObject()).toEqual({ state: 'active', siteCapacity: 20, poolInUse: 0 });
  });

  it('W12: a downgrade is a capacity change worded "downgraded", with no lifecycle transition', async () => {
    const r = await runScenario(
      cluster(20),
      scenario([], [{ at: 'PT2H', upgrade: { license: 'key', count: 5 } }]),
    );
    expect(r.of('transition').map((t) => [t.from, t.to])).toEqual([[null, 'active']]);
    expect(r.of('capacity').map((c) => [c.capacity, c.reason])).toEqual([
      [20, 'initial licenses'],
      [5, 'license key downgraded, 20 → 5 sessions, without downtime'],
    ]);
    expect(r.results.licenseEvents.items).toEqual([
      expect.objectContaining({ action: 'upgrade', license: 'key', detail: '20 → 5 sessions' }),
    ]);
  });
});
