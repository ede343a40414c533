import { describe, expect, it } from 'vitest';
import { fanOut, IgnoreAll } from '../../src/analysis/analysis.js';
import { boundedList, push, TRANSITION_LIMIT } from '../../src/analysis/bounded-list.js';
import { analyses, type RunResults } from '../../src/analysis/registry.js';
import { checkExpectation } from '../../src/expectations/check.js';
import { runFrom, runScenario } from '../support/build.js';

const policyText = `apiVersion: licensim/v1
kind: Policy
metadata: { name: p }
spec:
  timeZone: UTC
  licenses: [{ id: key, count: 5, term: perpetual }]
  pools: [{ id: main, licenses: [key] }]
  limits: { perUserSessions: 2 }
  alerts: { usage: { warning: 0.6, critical: 0.8 } }
`;

const scenarioText = (seed: number, expect = '') => `apiVersion: licensim/v1
kind: Scenario
metadata: { name: s }
spec:
  policy: policy.yaml
  start: 2026-01-05T00:00:00Z
  duration: P2D
  seed: ${seed}
  load:
    - { users: 8, arrivals: { perHour: 6 }, holding: { mean: PT1H } }
${expect}`;

describe('analyses reduce the trace to plain, mergeable results', () => {
  it('a bounded list keeps the first items and counts the rest', () => {
    const list = boundedList<number>(3);
    for (let i = 0; i < 10; i++) push(list, i);
    expect(list.items).toEqual([0, 1, 2]);
    expect(list.dropped).toBe(7);
  });

  it('results survive structured cloning unchanged (what worker threads and shards send)', async () => {
    const r = await runScenario(policyText, scenarioText(1));
    expect(structuredClone(r.results)).toEqual(r.results);
    // JSON too, but for the busy hour's hourly figures: Float64Arrays, which JSON writes as objects.
    const { busyHour, ...rest } = r.results;
    expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
    expect(busyHour.pools[0]!.offered).toBeInstanceOf(Float64Array);
    expect(Array.from(busyHour.pools[0]!.offered).reduce((a, b) => a + b, 0)).toBe(
      r.results.usage.pools[0]!.admitted + r.results.usage.pools[0]!.denied,
    );
  });

  it('merging two runs adds their counts and histograms and keeps the larger peak', async () => {
    const a = (await runScenario(policyText, scenarioText(1))).results;
    const b = (await runScenario(policyText, scenarioText(2))).results;
    const usage = analyses.usage.merge!(a.usage, b.usage).pools[0]!;
    const [pa, pb] = [a.usage.pools[0]!, b.usage.pools[0]!];
    expect(pa.admitted + pa.denied).toBeGreaterThan(0);
    expect(usage.admitted).toBe(pa.admitted + pb.admitted);
    expect(usage.denied).toBe(pa.denied + pb.denied);
    expect(usage.peak).toBe(Math.max(pa.peak, pb.peak));
    const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(total(usage.timeAt)).toBe(total(pa.timeAt) + total(pb.timeAt));
    const denials = analyses.denials.merge!(a.denials, b.denials);
    expect(denials.reduce((n, d) => n + d.count, 0)).toBe(pa.denied + pb.denied);
    const alerts = analyses.alerts.merge!(a.alerts, b.alerts);
    expect(alerts.counts[0]!['usage-warning']).toBe(
      (a.alerts.counts[0]!['usage-warning'] ?? 0) + (b.alerts.counts[0]!['usage-warning'] ?? 0),
    );
  });

  it('the fan-out sends a record only to the sinks that read it', () => {
    const seen: string[] = [];
    class ReadsRecords extends IgnoreAll {
      override record(): void {
        seen.push('record');
      }
    }
    class ReadsAdmissions extends IgnoreAll {
      override admit(): void {
        seen.push('admit');
      }
    }
    const sink = fanOut([new ReadsRecords(), new ReadsAdmissions(), new IgnoreAll()]);
    sink.admit(0, 1, 0, 0, 0, 1);
    sink.record({ type: 'run-end', at: 0 });
    expect(seen).toEqual(['admit', 'record']);
  });

  it('past the transition limit, lifecycle expectations fail with "unknown" instead of guessing', async () => {
    const r = await runScenario(
      policyText,
      scenarioText(1, '  expect:\n    - { at: PT0S, state: active }\n'),
    );
    const run = runFrom(policyText, scenarioText(1, '  expect:\n    - { at: PT0S, state: active }\n'));
    const reducer = analyses.lifecycle.start(run);
    const flap = (i: number) => ({
      type: 'transition' as const,
      at: i,
      pool: 0,
      from: i % 2 ? ('restricted-access' as const) : ('active' as const),
      to: i % 2 ? ('active' as const) : ('restricted-access' as const),
      event: 'VIOLATION_RAISED',
      reason: 'test',
      rule: null,
      ruleIds: '',
      facts: {},
    });
    for (let i = 0; i <= TRANSITION_LIMIT; i++) reducer.record(flap(i));
    const results: RunResults = { ...r.results, lifecycle: reducer.result() };
    expect(results.lifecycle.dropped).toBe(1);
    const result = checkExpectation(run.scenario.expectations[0]!, run, results, 'x:1:1');
    expect(result).toMatchObject({ passed: false, actual: expect.stringContaining('unknown') });
  });
});
