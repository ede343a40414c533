import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { bucketWidth, SERIES_BUCKETS, SeriesBuilder } from '../../src/analysis/concurrency-series.js';
import { dateOf, LocalClock, localDay, localHour } from '../../src/analysis/local-clock.js';
import { usageOverTime } from '../../src/analysis/usage-over-time.js';
import { MS } from '../../src/vocabulary.js';
import { runScenario } from '../support/build.js';
import { cluster, scenario } from '../support/fixtures.js';

/** A run's level changes: sorted offsets from its start, each with the level it sets. */
const changes = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 40 * MS.day }), fc.integer({ min: 0, max: 5000 })), {
    maxLength: 400,
  })
  .map((list) => list.sort((a, b) => a[0] - b[0]));

describe('concurrency over time, downsampled', () => {
  it('never loses the true peak, keeps every level within its bucket, and stays within 500 buckets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.integer({ min: 1, max: 400 * MS.day }),
        changes,
        (start, span, steps) => {
          const builder = new SeriesBuilder(start, start + span);
          const inRun = steps.filter(([at]) => at <= span);
          for (const [at, level] of inRun) builder.step(start + at, level);
          const s = builder.result();
          const truePeak = Math.max(0, ...inRun.map(([, level]) => level));
          expect(Math.max(...s.max)).toBe(truePeak);
          expect(s.min.length).toBeLessThanOrEqual(SERIES_BUCKETS);
          expect(s.min.length * s.bucketMs).toBeGreaterThanOrEqual(span);
          for (const [at, level] of inRun) {
            const b = Math.min(Math.floor(at / s.bucketMs), s.min.length - 1);
            expect(s.min[b]).toBeLessThanOrEqual(level);
            expect(s.max[b]).toBeGreaterThanOrEqual(level);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('carries a level across buckets where nothing changes', () => {
    const builder = new SeriesBuilder(0, 10 * MS.minute);
    builder.step(30 * MS.second, 3);
    builder.step(7 * MS.minute + 1, 1);
    const s = builder.result();
    expect(s.bucketMs).toBe(5 * MS.second);
    expect(s.min.length).toBe(120);
    expect([s.min[0], s.max[0]]).toEqual([0, 0]);
    // The bucket of a change held the level before it and the one after.
    expect([s.min[6], s.max[6]]).toEqual([0, 3]);
    expect([s.min[7], s.max[7]]).toEqual([3, 3]);
    expect([s.min[50], s.max[50]]).toEqual([3, 3]);
    expect([s.min[84], s.max[84]]).toEqual([1, 3]);
    expect([s.min[119], s.max[119]]).toEqual([1, 1]);
  });

  it('keeps a level held for no time at all: an admission and release at the same instant', () => {
    const builder = new SeriesBuilder(0, MS.day);
    builder.step(MS.hour, 9);
    builder.step(MS.hour, 2);
    expect(Math.max(...builder.result().max)).toBe(9);
  });

  it('chooses clock-friendly bucket widths', () => {
    expect(bucketWidth(MS.day)).toBe(5 * MS.minute);
    expect(bucketWidth(28 * MS.day)).toBe(2 * MS.hour);
    expect(bucketWidth(365 * MS.day)).toBe(MS.day);
    expect(bucketWidth(20 * 365 * MS.day)).toBe(3 * 7 * MS.day);
  });
});

describe('daily peaks and denials by hour and weekday, in the policy time zone', () => {
  // One session licensed; Paris is UTC+1 in early March. 2026-03-02 is a Monday.
  const policy = cluster(1, { timeZone: 'Europe/Paris' });
  const sessions = [
    // 23:30 Paris on Monday the 2nd, for two hours: across local midnight.
    { user: 'ann', site: 'site-a', at: 'PT22H30M', duration: 'PT2H' },
    // Refused at the same instant: one license only.
    { user: 'bob', site: 'site-a', at: 'PT22H30M', duration: 'PT1H' },
  ];

  it('counts the peak of each local day, the level carried over midnight included', async () => {
    const { results } = await runScenario(policy, scenario(sessions, [], { duration: 'P2D' }));
    const [pool] = results.usageOverTime.pools;
    expect(results.usageOverTime.timeZone).toBe('Europe/Paris');
    // The run starts at 01:00 Paris on the 2nd and ends at 01:00 Paris on the 4th.
    expect(pool!.days).toEqual([
      { date: '2026-03-02', peak: 1, denied: 1 },
      { date: '2026-03-03', peak: 1, denied: 0 },
      { date: '2026-03-04', peak: 0, denied: 0 },
    ]);
    expect(Math.max(...pool!.series.max)).toBe(results.usage.pools[0]!.peak);
  });

  it('files a denial under its local hour and day of the week, not UTC', async () => {
    const { results } = await runScenario(policy, scenario(sessions, [], { duration: 'P2D' }));
    const [pool] = results.usageOverTime.pools;
    expect(pool!.deniedByHour[23]).toBe(1);
    expect(pool!.deniedByHour.reduce((a, b) => a + b)).toBe(1);
    expect(pool!.deniedByWeekday).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(pool!.series.denied.reduce((a, b) => a + b)).toBe(1);
  });

  it('merges two runs as the envelope of their series and the sum of their denials', async () => {
    const { results: a } = await runScenario(policy, scenario(sessions, [], { duration: 'P2D' }));
    const { results: b } = await runScenario(policy, scenario(sessions.slice(0, 1), [], { duration: 'P2D' }));
    const merged = usageOverTime.merge!(a.usageOverTime, b.usageOverTime).pools[0]!;
    expect(merged.deniedByHour[23]).toBe(1);
    expect(merged.days.map((d) => d.peak)).toEqual([1, 1, 0]);
    expect(Math.max(...merged.series.max)).toBe(1);
    expect(Math.min(...merged.series.min)).toBe(0);
    // Structured-cloneable: worker threads can send it home.
    expect(structuredClone(merged)).toEqual(merged);
  });
});

describe('the local clock', () => {
  it('reads every instant as the zone does, across daylight-saving changes both ways and half-hour zones', () => {
    // Casablanca leaves and rejoins its offset around Ramadan, weeks apart; Etc/GMT is UTC by another name.
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'Australia/Adelaide',
      'Asia/Kolkata',
      'Africa/Casablanca',
      'UTC',
      'Etc/GMT',
    ];
    for (const zone of zones) {
      const clock = new LocalClock(zone);
      // Through 2026 in steps of 7 min 13 s, so that instants fall at every place of a quarter hour.
      for (
        let at = Date.parse('2026-01-01T00:00:00Z');
        at < Date.parse('2027-01-01T00:00:00Z');
        at += 433_000
      ) {
        const local = clock.local(at);
        const t = DateTime.fromMillis(at, { zone });
        expect([localHour(local), new Date(localDay(local) * MS.day).toISOString().slice(0, 10)]).toEqual([
          t.hour,
          t.toISODate(),
        ]);
      }
    }
  });

  it('dates a day number as the calendar does, from year 0000 to 9999', () => {
    const firstDay = Math.round(Date.parse('0000-01-01T00:00:00Z') / MS.day);
    const lastDay = Math.round(Date.parse('9999-12-31T00:00:00Z') / MS.day);
    const iso = (day: number) => new Date(day * MS.day).toISOString().slice(0, 10);
    expect(dateOf(firstDay)).toBe('0000-01-01');
    expect(dateOf(lastDay)).toBe('9999-12-31');
    expect(dateOf(0)).toBe('1970-01-01');
    fc.assert(
      fc.property(fc.integer({ min: firstDay, max: lastDay }), (day) => dateOf(day) === iso(day)),
      {
        numRuns: 20_000,
      },
    );
  });
});
