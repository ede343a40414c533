import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { bindRun } from '../../src/model/bind.js';
import { documentFrom } from '../../src/model/load.js';
import { executeRun } from '../../src/run/execute.js';
import { prepareRuns } from '../../src/run/prepare.js';
import { stateNames } from '../../src/vocabulary.js';
import { policyYaml, type Recorded, scenarioYaml, TraceRecorder, timedState } from '../support/build.js';

/**
 * Issue 7, "make the classes impossible": policies and scenarios drawn from the schemas' vocabulary
 * (topologies, licenses and terms, lifecycles, limits, loads, sessions, timelines). What validates must
 * simulate: the run ends, time never goes back, no count goes negative, an admission never takes a pool
 * past its capacity when the policy denies over the limit, and only declared states are entered.
 * `npm run fuzz` runs many more cases (FUZZ_RUNS).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = process.env.FUZZ_SEED === undefined ? 20261129 : Number(process.env.FUZZ_SEED);

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-0${(d % 9) + 1}-${String(d).padStart(2, '0')}`);

const documents = fc
  .record({
    sites: fc.integer({ min: 1, max: 3 }),
    nodesPerSite: fc.integer({ min: 1, max: 2 }),
    licenses: fc.array(
      fc.record({
        count: fc.integer({ min: 0, max: 60 }),
        subscription: fc.boolean(),
        start: day,
        end: day.map((d) => d.replace('2026', '2027')),
        installed: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    pooled: fc.boolean(),
    perUser: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    idle: fc.boolean(),
    overLimit: fc.constantFrom('deny', 'allow-and-alert', 'restrict'),
    trial: fc.option(
      fc.record({ days: fc.integer({ min: 1, max: 5 }), limit: fc.integer({ min: 1, max: 20 }) }),
      {
        nil: undefined,
      },
    ),
    grace: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    thresholds: fc.boolean(),
    hours: fc.integer({ min: 1, max: 96 }),
    perHour: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 0, maxLength: 3 }),
    batches: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 60 }),
        minutes: fc.integer({ min: 1, max: 600 }),
        count: fc.integer({ min: 1, max: 30 }),
        spread: fc.constantFrom(undefined, 'evenly', 'random'),
        over: fc.integer({ min: 1, max: 600 }),
      }),
      { maxLength: 3 },
    ),
    timeline: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 90 }),
        what: fc.constantFrom(
          'site',
          'node',
          'license',
          'license-server',
          'activate',
          'renew',
          'upgrade',
          'expire',
        ),
        target: fc.nat(),
        minutes: fc.integer({ min: 1, max: 600 }),
        count: fc.integer({ min: 0, max: 80 }),
      }),
      { maxLength: 4 },
    ),
    seed: fc.nat(),
  })
  .map((d) => {
    const siteIds = ids('site', d.sites);
    const licenseIds = ids('lic', d.licenses.length);
    const pools = d.pooled
      ? [{ id: 'shared', licenses: licenseIds, sites: siteIds }]
      : siteIds.map((site, i) => ({
          id: `pool-${site}`,
          licenses: licenseIds.filter((_, k) => k % d.sites === i),
          sites: [site],
        }));
    const usable = pools.filter((p) => p.licenses.length > 0);
    const orphanSites = siteIds.filter((s) => !usable.some((p) => p.sites.includes(s)));
    if (orphanSites.length > 0) usable.push({ id: 'rest', licenses: [], sites: orphanSites });
    const policy = policyYaml({
      timeZone: 'Europe/Paris',
      sites: siteIds.map((id) => ({ id, nodes: ids(`${id}-n`, d.nodesPerSite) })),
      licenses: d.licenses.map((l, i) => ({
        id: licenseIds[i]!,
        count: l.count,
        term: l.subscription ? 'subscription' : 'perpetual',
        ...(l.subscription ? { start: l.start, end: l.end } : {}),
        ...(l.installed ? {} : { installed: false }),
      })),
      pools: usable,
      lifecycle: {
        states: {
          ...(d.trial
            ? { trial: timedState(`P${d.trial.days}D`, 'expired', { sessionLimit: d.trial.limit }) }
            : {}),
          ...(d.grace ? { grace: timedState(`P${d.grace}D`, 'expired') } : {}),
        },
        ...(d.grace ? { on: { contactLost: 'grace' } } : {}),
      },
      limits: {
        ...(d.perUser ? { perUserSessions: d.perUser } : {}),
        ...(d.idle ? { idleTimeout: 'PT30M' } : {}),
        overLimit: d.overLimit,
      },
      ...(d.thresholds
        ? { alerts: { usage: { warning: 0.8, critical: 0.95 }, expiry: { warnBefore: 'P30D' } } }
        : {}),
    } as never);
    const nodeIds = siteIds.flatMap((s) => ids(`${s}-n`, d.nodesPerSite));
    const minutes = d.hours * 60;
    const scenario = scenarioYaml({
      start: '2026-03-28T20:00:00+01:00',
      duration: `PT${d.hours}H`,
      seed: d.seed,
      load: d.perHour.map((perHour, i) => ({
        id: `load${i + 1}`,
        site: siteIds[i % siteIds.length],
        users: 20,
        arrivals: { perHour, profile: 'business-hours' },
        holding: { distribution: 'lognormal', mean: 'PT40M', sigma: 0.5 },
        idle: { share: 0.2, duration: 'PT2H' },
      })),
      sessions: d.batches.map((b, i) => {
        const at = Math.min(b.at, minutes);
        // A spread's window ends within the run.
        const over = Math.min(b.over, minutes - at);
        return {
          user: `u${i}`,
          distinctUsers: i % 2 === 0,
          site: siteIds[i % siteIds.length],
          at: `PT${at}M`,
          duration: `PT${b.minutes}M`,
          count: b.count,
          ...(b.spread && over > 0 ? { spread: b.spread, over: `PT${over}M` } : {}),
        };
      }),
      timeline: d.timeline.map((e) => {
        const at = `PT${Math.min(e.at, minutes)}M`;
        const duration = `PT${e.minutes}M`;
        const license = licenseIds[e.target % licenseIds.length]!;
        switch (e.what) {
          case 'site':
            return { at, outage: { site: siteIds[e.target % siteIds.length], duration } };
          case 'node':
            return { at, outage: { node: nodeIds[e.target % nodeIds.length], duration } };
          case 'license':
            return { at, outage: { license, duration } };
          case 'license-server':
            return { at, outage: { licenseServer: true, duration } };
          case 'activate':
            return { at, activate: { license } };
          case 'renew':
            return { at, renew: { license, end: '2028-06-30' } };
          case 'upgrade':
            return { at, upgrade: { license, count: e.count } };
          default:
            return { at, expire: { license } };
        }
      }),
      expect: [{ peakAtLeast: 0 }],
    } as never);
    return { policy, scenario, overLimit: d.overLimit };
  });

/** The run of a pair of documents that validate, or null when they do not. */
function validRun(policyText: string, scenarioText: string) {
  const policy = documentFrom(parseYamlSource('policy.yaml', policyText));
  const scenario = documentFrom(parseYamlSource('scenario.yaml', scenarioText));
  if (policy.loaded?.kind !== 'Policy' || scenario.loaded?.kind !== 'Scenario') return null;
  const { runs, diagnostics } = prepareRuns(scenario.loaded.scenario, scenario.loaded.source, [
    policy.loaded.policy,
  ]);
  if (diagnostics.some((d) => d.severity === 'error')) return null;
  expect(bindRun(scenario.loaded.scenario, policy.loaded.policy, scenario.loaded.source).run).toBeDefined();
  return runs[0]!;
}

describe('documents that validate simulate correctly (properties over generated policies and scenarios)', () => {
  it('every generated pair validates, and its run ends with its invariants held', async () => {
    let validated = 0;
    await fc.assert(
      fc.asyncProperty(documents, async ({ policy, scenario, overLimit }) => {
        const run = validRun(policy, scenario);
        if (run === null) return;
        validated++;
        const recorder = new TraceRecorder();
        await executeRun(run, { sinks: () => [recorder] });
        checkInvariants(recorder.records, overLimit);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generator builds valid documents: if most were refused, the property would check little.
    expect(validated).toBeGreaterThan(RUNS * 0.8);
  }, 600_000);
});

function checkInvariants(records: readonly Recorded[], overLimit: string): void {
  const declared = new Set<string>(stateNames);
  const capacity = new Map<number, number>();
  let last = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    expect(r.at).toBeGreaterThanOrEqual(last); // virtual time never goes back
    last = r.at;
    switch (r.type) {
      case 'capacity':
        expect(r.capacity).toBeGreaterThanOrEqual(0);
        capacity.set(r.pool, r.capacity);
        break;
      case 'admit':
        if (overLimit === 'deny') expect(r.inUse).toBeLessThanOrEqual(capacity.get(r.pool) ?? 0);
        break;
      case 'release':
        expect(r.inUse).toBeGreaterThanOrEqual(0);
        break;
      case 'transition':
        expect(declared.has(r.to)).toBe(true);
        break;
    }
  }
  expect(records.at(-1)?.type).toBe('run-end'); // the run always ends
}
