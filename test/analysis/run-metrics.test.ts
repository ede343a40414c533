import { describe, expect, it } from 'vitest';
import { checkExpectation } from '../../src/analysis/expectations.js';
import { BoundedList, RunMetrics, TRANSITION_LIMIT } from '../../src/analysis/run-metrics.js';
import { policyFrom, scenarioFrom } from '../support/build.js';

const policyText = `apiVersion: licensim/v1
kind: Policy
metadata: { name: p }
spec:
  timeZone: UTC
  licenses: [{ id: key, count: 5, term: perpetual }]
  pools: [{ id: main, licenses: [key] }]
`;

describe('RunMetrics keeps memory flat without losing data silently', () => {
  it('a bounded list keeps the first items and counts the rest', () => {
    const list = new BoundedList<number>(3);
    for (let i = 0; i < 10; i++) list.push(i);
    expect(list.items).toEqual([0, 1, 2]);
    expect(list.dropped).toBe(7);
  });

  it('past the transition limit, lifecycle expectations fail with "unknown" instead of guessing', () => {
    const policy = policyFrom(policyText);
    const metrics = new RunMetrics(policy, 0);
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
    for (let i = 0; i <= TRANSITION_LIMIT; i++) metrics.record(flap(i));
    expect(metrics.transitions.dropped).toBe(1);
    const { scenario } = scenarioFrom(
      `apiVersion: licensim/v1
kind: Scenario
metadata: { name: s }
spec:
  policy: policy.yaml
  start: 1970-01-01T00:00:00Z
  duration: PT1H
  expect:
    - { at: PT0S, state: active }
`,
    );
    const result = checkExpectation(scenario.expectations[0]!, metrics, policy, 'x:1:1');
    expect(result).toMatchObject({ passed: false, actual: expect.stringContaining('unknown') });
  });
});
