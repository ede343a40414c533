import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/config/schema/policy.js';
import { stackInDuration } from '../../src/model/duration-stack.js';
import { policyYaml, runScenario } from '../support/build.js';
import { scenario, type TimelineEvent } from '../support/fixtures.js';

/**
 * Properties of entitlements over time on random license sets: the capacity a run gives at every instant
 * is the sum of the licenses valid then by a reference written from the rules alone (P10, P11), it is
 * never negative, it changes only at a term boundary or a timeline event, and a duration stack never runs
 * past its limit. `npm run fuzz`-style runs take FUZZ_RUNS.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = process.env.FUZZ_SEED === undefined ? 20261207 : Number(process.env.FUZZ_SEED);
const ZONE = 'America/New_York';
const START = '2026-01-01T00:00:00-05:00';
const START_MS = Date.parse(START);
const DAYS = 400;
const END_MS = START_MS + DAYS * 86_400_000;
const WEEKS_8 = { weeks: 8 };

type License = PolicyDocument['spec']['licenses'][number];

const date = (offsetDays: number) =>
  DateTime.fromISO('2026-01-01', { zone: 'UTC' }).plus({ days: offsetDays }).toISODate()!;
const localMidnight = (d: string) => DateTime.fromISO(d, { zone: ZONE }).toMillis();
const dayAfter = (d: string) => DateTime.fromISO(d, { zone: ZONE }).plus({ days: 1 }).toMillis();

/** A subscription of whole months, which a renewal of the same length matches. */
const subscription = fc.record({
  startDay: fc.integer({ min: -200, max: 300 }),
  months: fc.integer({ min: 1, max: 12 }),
  count: fc.integer({ min: 1, max: 500 }),
});
const renewal = fc.record({ of: fc.nat(), shiftDays: fc.integer({ min: -20, max: 10 }) });
const emergency = fc.record({
  count: fc.integer({ min: 1, max: 500 }),
  switches: fc.array(fc.integer({ min: 1, max: DAYS * 24 - 1 }), { maxLength: 5 }),
});
const evaluation = fc.record({
  startDay: fc.integer({ min: -60, max: 300 }),
  count: fc.integer({ min: 1, max: 50 }),
});

const licenseSet = fc.record({
  subscriptions: fc.array(subscription, { minLength: 1, maxLength: 4 }),
  renewals: fc.array(renewal, { maxLength: 3 }),
  emergencies: fc.array(emergency, { maxLength: 2 }),
  evaluations: fc.array(evaluation, { maxLength: 2 }),
});
type LicenseSet = typeof licenseSet extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  readonly licenses: License[];
  readonly timeline: TimelineEvent[];
  /** The reference: each license's validity intervals [from, to) in epoch ms. */
  readonly windows: Map<string, [number, number][]>;
  /** Instants at which validity may change: term boundaries and timeline events. */
  readonly boundaries: Set<number>;
}

/** The policy's licenses and timeline, and the validity each license has by the rules, computed apart. */
function build(set: LicenseSet): Built {
  const licenses: License[] = [];
  const windows = new Map<string, [number, number][]>();
  const boundaries = new Set<number>([START_MS]);
  const ends = new Map<string, { end: string; months: number; count: number; until: number }>();
  set.subscriptions.forEach((s, i) => {
    const start = date(s.startDay);
    const end = DateTime.fromISO(start).plus({ months: s.months }).minus({ days: 1 }).toISODate()!;
    const id = `sub-${i}`;
    licenses.push({ id, count: s.count, term: 'subscription', start, end });
    windows.set(id, [[localMidnight(start), dayAfter(end)]]);
    ends.set(id, { end, months: s.months, count: s.count, until: dayAfter(end) });
  });
  const renewed = new Set<string>();
  set.renewals.forEach((r, i) => {
    const candidates = [...ends.keys()].filter((k) => !renewed.has(k));
    if (candidates.length === 0) return;
    const target = candidates[r.of % candidates.length]!;
    const t = ends.get(target)!;
    const start = DateTime.fromISO(t.end)
      .plus({ days: 1 + r.shiftDays })
      .toISODate()!;
    const end = DateTime.fromISO(start).plus({ months: t.months }).minus({ days: 1 }).toISODate()!;
    const id = `ren-${i}`;
    renewed.add(target);
    licenses.push({ id, kind: 'renewal', renews: target, count: t.count, term: 'subscription', start, end });
    // P11: from its own start, but never before what it renews has expired.
    const from = Math.max(localMidnight(start), t.until);
    windows.set(id, [[from, dayAfter(end)]]);
    ends.set(id, { end, months: t.months, count: t.count, until: dayAfter(end) });
  });
  const timeline: TimelineEvent[] = [];
  set.emergencies.forEach((e, i) => {
    const id = `ice-${i}`;
    licenses.push({ id, kind: 'emergency', count: e.count, term: 'perpetual' });
    // P10: counts while enabled, until 8 weeks of enabled time are used; switches alternate enable, disable.
    const hours = [...new Set(e.switches)].sort((a, b) => a - b);
    let left = 56 * 86_400_000;
    const intervals: [number, number][] = [];
    hours.forEach((h, k) => {
      const at = START_MS + h * 3_600_000;
      const action = k % 2 === 0 ? 'enable' : 'disable';
      timeline.push({ at: `PT${h}H`, [action]: { license: id } } as TimelineEvent);
      boundaries.add(at);
      if (action === 'enable' && left > 0) intervals.push([at, at + left]);
      if (action === 'disable') {
        const open = intervals.at(-1);
        if (open && open[1] > at) {
          left -= at - open[0];
          open[1] = at;
        } else if (open) left = 0;
      }
    });
    for (const [, to] of intervals) boundaries.add(to);
    windows.set(id, intervals);
  });
  set.evaluations.forEach((e, i) => {
    const id = `eval-${i}`;
    const start = date(e.startDay);
    licenses.push({ id, kind: 'evaluation', count: e.count, term: 'perpetual', start });
    const from = localMidnight(start);
    windows.set(id, [[from, DateTime.fromMillis(from, { zone: ZONE }).plus(WEEKS_8).toMillis()]]);
  });
  for (const intervals of windows.values()) for (const [from, to] of intervals) boundaries.add(from).add(to);
  timeline.sort((a, b) => Number(a.at.slice(2, -1)) - Number(b.at.slice(2, -1)));
  return { licenses, timeline, windows, boundaries };
}

function expectedAt(built: Built, t: number): number {
  let total = 0;
  for (const l of built.licenses) {
    if ((built.windows.get(l.id) ?? []).some(([from, to]) => from <= t && t < to)) total += l.count;
  }
  return total;
}

describe('P10, P11: capacity over time on random license sets', () => {
  it('P10, P11: capacity is never negative, equals the sum of the licenses valid at each instant, and changes only at a boundary or timeline event', async () => {
    await fc.assert(
      fc.asyncProperty(licenseSet, async (set) => {
        const built = build(set);
        const policy = policyYaml({
          timeZone: ZONE,
          licenses: built.licenses,
          pools: [{ id: 'main', licenses: built.licenses.map((l) => l.id) }],
          entitlements: {},
        });
        const run = await runScenario(
          policy,
          scenario([], built.timeline, { start: START, duration: `P${DAYS}D` }),
        );
        const changes = run.of('capacity');
        for (const c of changes) {
          expect(c.capacity).toBeGreaterThanOrEqual(0);
          expect(built.boundaries.has(c.at)).toBe(true);
          expect(c.capacity).toBe(expectedAt(built, c.at));
        }
        // Between changes the capacity holds: probe every boundary in the run and a day after the start.
        const probes = [...built.boundaries, START_MS + 86_400_000].filter(
          (t) => t >= START_MS && t < END_MS,
        );
        for (const t of probes) {
          const last = changes.filter((c) => c.at <= t).at(-1);
          expect(last?.capacity ?? 0).toBe(expectedAt(built, t));
        }
        // A license is recorded valid only at the start of one of its windows, ended only at an end.
        for (const e of run.of('entitlement')) {
          const intervals = built.windows.get(e.license) ?? [];
          if (e.action === 'valid')
            expect(intervals.some(([from]) => from === e.at || (from < e.at && e.at === START_MS))).toBe(
              true,
            );
          if (e.action === 'ended') expect(intervals.some(([, to]) => to === e.at)).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('P11: duration stacking', () => {
  const term = fc.record({
    unit: fc.constantFrom('months' as const, 'years' as const),
    periods: fc.integer({ min: 1, max: 40 }),
  });
  it('P11: a stack runs back to back and is accepted exactly when it ends within its limit of 3 years', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.array(term, { minLength: 1, maxLength: 5 }),
        (day, terms) => {
          const first = date(day);
          const stack = stackInDuration(first, terms, 'P3Y');
          stack.starts.slice(1).forEach((s, k) => {
            expect(s).toBe(DateTime.fromISO(stack.ends[k]!).plus({ days: 1 }).toISODate());
          });
          const cap = DateTime.fromISO(first).plus({ years: 3 }).minus({ days: 1 }).toISODate()!;
          const last = stack.ends.at(-1)!;
          expect(stack.overLimit === -1).toBe(last <= cap);
          if (stack.overLimit >= 0) {
            expect(stack.ends[stack.overLimit]! > cap).toBe(true);
            expect(stack.ends.slice(0, stack.overLimit).every((e) => e <= cap)).toBe(true);
          }
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });
});
