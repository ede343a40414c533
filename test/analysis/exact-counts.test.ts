import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioRunReport } from '../../src/config/schema/report.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { simulateScenario } from '../../src/run/simulate.js';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { START } from '../support/fixtures.js';

/**
 * Exact counts (`deniedExactly`, `admittedExactly`, `peakExactly`) against a run whose counts are known:
 * each passes at the count and fails one below and one above it, with the `rule`, `pool` and `policy`
 * filters of the other counts. Every expectation is on a line of its own, tagged with a comment.
 */
const expectations: [tag: string, yaml: string, passes: boolean][] = [
  ['denied-pass', '{ deniedExactly: 3 }', true],
  ['denied-below-fail', '{ deniedExactly: 2 }', false],
  ['denied-above-fail', '{ deniedExactly: 4 }', false],
  ['denied-pool-a-pass', '{ pool: pool-a, deniedExactly: 3 }', true],
  ['denied-pool-b-pass', '{ pool: pool-b, deniedExactly: 0 }', true],
  ['denied-pool-b-fail', '{ pool: pool-b, deniedExactly: 3 }', false],
  ['rule-pool-limit-pass', '{ rule: pool-session-limit, deniedExactly: 2 }', true],
  ['rule-pool-limit-fail', '{ rule: pool-session-limit, deniedExactly: 3 }', false],
  ['rule-per-user-pass', '{ rule: per-user-session-limit, deniedExactly: 1 }', true],
  ['rule-per-user-fail', '{ rule: per-user-session-limit, deniedExactly: 0 }', false],
  ['rule-and-pool-pass', '{ rule: pool-session-limit, pool: pool-b, deniedExactly: 0 }', true],
  ['admitted-pass', '{ admittedExactly: 17 }', true],
  ['admitted-below-fail', '{ admittedExactly: 16 }', false],
  ['admitted-above-fail', '{ admittedExactly: 18 }', false],
  ['admitted-pool-b-pass', '{ pool: pool-b, admittedExactly: 5 }', true],
  ['peak-pass', '{ peakExactly: 10 }', true],
  ['peak-below-fail', '{ peakExactly: 9 }', false],
  ['peak-above-fail', '{ peakExactly: 11 }', false],
  ['peak-pool-b-pass', '{ pool: pool-b, peakExactly: 5 }', true],
  ['roomy-denied-pass', '{ policy: roomy, deniedExactly: 1 }', true],
];

const scenarioText = `apiVersion: licensim/v1
kind: Scenario
metadata:
  name: exact-counts
spec:
  policies: [tight.yaml, roomy.yaml]
  start: ${START}
  duration: P1D
  sessions:
    # 12 users at site a on a 10-session pool: 2 refused by the pool limit (tight), none (roomy).
    - { user: u, distinctUsers: true, site: site-a, at: PT1H, duration: PT1H, count: 12 }
    # One user asks for 3 sessions; the per-user limit of 2 refuses one.
    - { user: alice, site: site-a, at: PT3H, duration: PT1H, count: 3 }
    # 5 users at site b on a 5-session pool: all admitted.
    - { user: v, distinctUsers: true, site: site-b, at: PT1H, duration: PT1H, count: 5 }
  expect:
${expectations.map(([tag, yaml]) => `    - ${yaml} # ${tag}`).join('\n')}
`;

/** Two sites, each with a pool of its own; only site a's capacity differs between the policies. */
const policy = (name: string, siteACount: number) =>
  policyYaml(
    {
      timeZone: 'UTC',
      sites: [
        { id: 'site-a', nodes: ['a-1'] },
        { id: 'site-b', nodes: ['b-1'] },
      ],
      licenses: [
        { id: 'key-a', count: siteACount, term: 'perpetual' },
        { id: 'key-b', count: 5, term: 'perpetual' },
      ],
      pools: [
        { id: 'pool-a', licenses: ['key-a'], sites: ['site-a'] },
        { id: 'pool-b', licenses: ['key-b'], sites: ['site-b'] },
      ],
      limits: { perUserSessions: 2 },
    },
    name,
  );

let dir: string;
let tight: ScenarioRunReport;
let roomy: ScenarioRunReport;
beforeAll(async () => {
  dir = await writeFixture({
    'tight.yaml': policy('tight', 10),
    'roomy.yaml': policy('roomy', 20),
    'scenario.yaml': scenarioText,
  });
  [tight, roomy] = (await simulateScenario(join(dir, 'scenario.yaml'))) as ScenarioRunReport[] as [
    ScenarioRunReport,
    ScenarioRunReport,
  ];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The tight run's result of a tagged expectation: every expectation but the roomy one is checked there. */
const result = (tag: string) => {
  const index = expectations.filter(([t]) => !t.startsWith('roomy-')).findIndex(([t]) => t === tag);
  return tight.expectations[index]!;
};

describe('exact counts: deniedExactly, admittedExactly, peakExactly', () => {
  it('the run behind the counts is the one described: 3 denied (2 by the pool limit), 17 admitted, peak 10', () => {
    const pools = Object.fromEntries(tight.pools.map((p) => [p.id, p]));
    expect(pools['pool-a']).toMatchObject({ admitted: 12, denied: 3, peak: 10 });
    expect(pools['pool-b']).toMatchObject({ admitted: 5, denied: 0, peak: 5 });
  });

  it.each(expectations.filter(([t]) => !t.startsWith('roomy-')))(
    '%s: %s passes only when the count is exactly the one named',
    (tag, _yaml, passes) => {
      expect(result(tag).passed).toBe(passes);
    },
  );

  it('a failed exact count reports the count expected and the count found', () => {
    expect(result('denied-below-fail')).toMatchObject({ expected: 'denied exactly 2', actual: 3 });
    expect(result('denied-above-fail')).toMatchObject({ expected: 'denied exactly 4', actual: 3 });
    expect(result('admitted-above-fail')).toMatchObject({ expected: 'admitted exactly 18', actual: 17 });
    expect(result('peak-below-fail')).toMatchObject({ expected: 'peak exactly 9', actual: 10 });
    expect(result('denied-pool-b-fail')).toMatchObject({ expected: 'denied exactly 3', actual: 0 });
  });

  it('an exact denial count with a rule counts only that rule’s denials, and says which rule', () => {
    expect(result('rule-pool-limit-fail')).toMatchObject({ expected: 'denied exactly 3', actual: 2 });
    expect(result('rule-pool-limit-fail').description).toBe(
      'all pools: denied exactly 3 by rule pool-session-limit',
    );
    expect(result('rule-per-user-fail')).toMatchObject({ expected: 'denied exactly 0', actual: 1 });
  });

  it('an exact count for one pool names the pool', () => {
    expect(result('denied-pool-b-fail').description).toBe('pool pool-b: denied exactly 3');
  });

  it('an exact count limited to one policy is checked in that policy’s run only', () => {
    expect(tight.expectations).toHaveLength(expectations.length - 1);
    expect(roomy.expectations.map((e) => [e.expected, e.actual, e.passed])).toContainEqual([
      'denied exactly 1',
      1,
      true,
    ]);
  });

  it('an exact count and a bound in one expectation are refused, at the expectation', () => {
    const text = scenarioYaml({
      start: START,
      duration: 'P1D',
      sessions: [{ at: 'PT1H', duration: 'PT1H' }],
      expect: [{ deniedExactly: 0, deniedAtMost: 1 }],
    });
    const { diagnostics } = documentFrom(parseYamlSource('s.yaml', text));
    expect(diagnostics.map((d) => d.message)).toEqual([
      'name one count per expectation (found deniedAtMost, deniedExactly)',
    ]);
  });
});
