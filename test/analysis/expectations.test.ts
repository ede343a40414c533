import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioRunReport } from '../../src/config/schema/report.js';
import { simulateScenario } from '../../src/run/simulate.js';
import { policyYaml, writeFixture } from '../support/build.js';

/**
 * One run, many expectations: each kind once where it holds and once where it does not. Every expectation
 * sits on its own line, tagged with a comment, so its reported location can be checked.
 */
const expectations: [tag: string, yaml: string, passes: boolean][] = [
  ['state-pass', '{ at: PT30M, state: active }', true],
  ['state-fail', '{ at: PT6H, state: active }', false],
  ['denied-most-pass', '{ deniedAtMost: 3 }', true],
  ['denied-most-fail', '{ deniedAtMost: 2 }', false],
  ['denied-least-pass', '{ deniedAtLeast: 3 }', true],
  ['denied-least-fail', '{ deniedAtLeast: 4 }', false],
  ['peak-most-pass', '{ peakAtMost: 10 }', true],
  ['peak-most-fail', '{ peakAtMost: 9 }', false],
  ['peak-least-pass', '{ peakAtLeast: 10 }', true],
  ['peak-least-fail', '{ peakAtLeast: 11 }', false],
  ['admitted-pass', '{ admittedAtLeast: 12 }', true],
  ['admitted-fail', '{ admittedAtLeast: 13 }', false],
  ['rate-pass', '{ denialRateAtMost: 0.2 }', true],
  ['rate-fail', '{ denialRateAtMost: 0.1 }', false],
  ['rule-pass', '{ rule: per-user-session-limit, deniedAtMost: 1 }', true],
  ['rule-fail', '{ rule: per-user-session-limit, deniedAtLeast: 2 }', false],
  ['rule-pool-pass', '{ rule: pool-session-limit, deniedAtMost: 2 }', true],
  ['rule-pool-fail', '{ rule: pool-session-limit, deniedAtMost: 1 }', false],
  ['rule-none-fail', '{ rule: no-valid-license, deniedAtLeast: 1 }', false],
  ['alert-pass', '{ alert: usage-critical }', true],
  ['alert-fail', '{ alert: over-limit }', false],
  ['not-raised-pass', '{ alert: over-limit, raised: false }', true],
  ['not-raised-fail', '{ alert: usage-warning, raised: false }', false],
  [
    'transition-window-pass',
    '{ transition: { from: active, to: expired }, after: PT4H, before: PT6H }',
    true,
  ],
  ['transition-before-fail', '{ transition: { from: active, to: expired }, before: PT5H }', false],
  ['transition-after-pass', '{ transition: { to: expired }, after: PT5H }', true],
  ['transition-after-fail', '{ transition: { to: expired }, after: PT5H1S }', false],
  ['transition-from-fail', '{ transition: { from: grace, to: expired } }', false],
  ['never-fail', '{ transition: { to: expired }, happens: false }', false],
  ['never-pass', '{ transition: { to: trial }, happens: false }', true],
];

const scenarioText = `apiVersion: licensim/v1
kind: Scenario
metadata:
  name: expectations
spec:
  policy: policy.yaml
  start: 2026-03-02T00:00:00Z
  duration: P1D
  sessions:
    # 12 users at 01:00 on a 10-session pool: 2 refused by the pool limit.
    - { user: u, distinctUsers: true, at: PT1H, duration: PT1H, count: 12 }
    # One user asks for 3 sessions at 03:00; the per-user limit of 2 refuses one.
    - { user: alice, at: PT3H, duration: PT1H, count: 3 }
  timeline:
    - { at: PT5H, expire: { license: key } }
  expect:
${expectations.map(([tag, yaml]) => `    - ${yaml} # ${tag}`).join('\n')}
`;

const policyText = policyYaml({
  timeZone: 'UTC',
  licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
  pools: [{ id: 'cluster', licenses: ['key'] }],
  limits: { perUserSessions: 2 },
  alerts: { usage: { warning: 0.8, critical: 0.95 } },
});

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await writeFixture({ 'policy.yaml': policyText, 'scenario.yaml': scenarioText });
  file = join(dir, 'scenario.yaml');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * The one run, simulated by the first test that asks for it rather than in `beforeAll`: mutation testing
 * credits a test only with the code run inside it.
 */
let run: Promise<ScenarioRunReport> | undefined;
const simulated = () => {
  run ??= simulateScenario(file).then(([report]) => report as ScenarioRunReport);
  return run;
};

const result = async (tag: string) =>
  (await simulated()).expectations[expectations.findIndex(([t]) => t === tag)]!;

describe('scenario expectations', () => {
  it('the run behind the expectations is the one described: 3 denied, peak 10, expired at 05:00', async () => {
    const report = await simulated();
    const [pool] = report.pools;
    expect(pool).toMatchObject({ admitted: 12, denied: 3, peak: 10 });
    expect(report.lifecycle.map((t) => [t.at, t.from, t.to])).toContainEqual([
      '2026-03-02T05:00:00.000Z',
      'active',
      'expired',
    ]);
    expect(report.expectations).toHaveLength(expectations.length);
  });

  it.each(expectations)('%s: %s passes only when it holds', async (tag, _yaml, passes) => {
    expect((await result(tag)).passed).toBe(passes);
  });

  it('the run fails when any expectation fails', async () => {
    expect((await simulated()).passed).toBe(false);
  });

  it('each result is located at its expectation: file:line:column of the list item', async () => {
    const lines = scenarioText.split('\n');
    for (const [tag] of expectations) {
      const line = lines.findIndex((l) => l.endsWith(`# ${tag}`));
      const column = lines[line]!.indexOf('{') + 1;
      expect((await result(tag)).location).toBe(`${file}:${line + 1}:${column}`);
    }
  });

  it('a failed state expectation reports the state expected and the state found', async () => {
    expect(await result('state-fail')).toMatchObject({ expected: 'active', actual: 'expired' });
    expect(await result('state-pass')).toMatchObject({ expected: 'active', actual: 'active' });
  });

  it('a failed count reports the bound and the count found, filtered by rule when one is named', async () => {
    expect(await result('denied-most-fail')).toMatchObject({ expected: 'denied at most 2', actual: 3 });
    expect(await result('peak-most-fail')).toMatchObject({ expected: 'peak at most 9', actual: 10 });
    expect(await result('admitted-fail')).toMatchObject({ expected: 'admitted at least 13', actual: 12 });
    expect(await result('rate-fail')).toMatchObject({ expected: 'denial rate at most 0.1', actual: 0.2 });
    expect(await result('rule-fail')).toMatchObject({ expected: 'denied at least 2', actual: 1 });
    expect((await result('rule-fail')).description).toContain('per-user-session-limit');
    expect((await result('rule-none-fail')).actual).toBe(0);
  });

  it('an alert expectation reports how often the alert was raised', async () => {
    expect(await result('alert-fail')).toMatchObject({ expected: 'raised at least once', actual: 0 });
    expect(await result('not-raised-fail')).toMatchObject({ expected: 'never raised', actual: 1 });
  });

  it('a transition expectation reports the matching transition, or none', async () => {
    expect((await result('transition-window-pass')).actual).toBe(
      'cluster: active → expired at 2026-03-02 05:00 +00:00',
    );
    expect(await result('transition-before-fail')).toMatchObject({ expected: 'happens', actual: 'none' });
    expect(await result('never-fail')).toMatchObject({
      expected: 'does not happen',
      actual: 'cluster: active → expired at 2026-03-02 05:00 +00:00',
    });
  });

  it('a named expectation is reported by its name', async () => {
    const named = scenarioText.replace(
      '{ deniedAtMost: 3 } # denied-most-pass',
      '{ name: "three at most", deniedAtMost: 3 }',
    );
    const dir2 = await writeFixture({ 'policy.yaml': policyText, 'scenario.yaml': named });
    try {
      const [run] = await simulateScenario(join(dir2, 'scenario.yaml'));
      expect(run!.expectations.map((e) => e.description)).toContain('three at most');
    } finally {
      await rm(dir2, { recursive: true, force: true });
    }
  });
});
