import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LICENSE_SESSIONS, MAX_POOL_SESSIONS } from '../../src/config/schema/common.js';
import { policyFrom, runFrom, runScenario, scenarioFrom, timedState } from '../support/build.js';
import { cluster, many, scenario } from '../support/fixtures.js';

// Issue 7, findings 2 and 3: every number a policy or scenario gives is one the model represents
// exactly, or a located error.

const session = { user: 'u', at: 'PT1H', duration: 'PT1H' };
const withLoad = (load: string) => `apiVersion: licensim/v1
kind: Scenario
metadata: { name: s }
spec:
  policy: policy.yaml
  start: 2026-03-02T00:00:00Z
  duration: P1D
  load:
    - ${load}
`;

describe('counts the model can represent (issue 7, finding 2)', () => {
  for (const count of [2 ** 31, 2 ** 32 + 10, 1e20]) {
    it(`an upgrade to ${count} sessions is a located error, not a capacity wrapped round 32 bits`, () => {
      const upgrade = { at: 'PT30M', upgrade: { license: 'key', count } };
      expect(() => scenarioFrom(scenario([session], [upgrade]))).toThrow(
        new RegExp(
          `mem/scenario\\.yaml:\\d+:\\d+: spec\\.timeline\\[0\\]\\.upgrade\\.count: must be at most ${MAX_LICENSE_SESSIONS}`,
        ),
      );
    });

    it(`a trial session limit of ${count} is a located error`, () => {
      const lifecycle = {
        initial: 'trial' as const,
        states: { trial: timedState('P30D', 'expired', { sessionLimit: count }) },
      };
      expect(() => policyFrom(cluster(10, { lifecycle }))).toThrow(
        new RegExp(
          `mem/policy\\.yaml:\\d+:\\d+: spec\\.lifecycle\\.states\\.trial\\.sessionLimit: must be at most ${MAX_POOL_SESSIONS}`,
        ),
      );
    });
  }

  it('the largest license count the schema allows is the capacity the run uses', async () => {
    const upgrade = { at: 'PT30M', upgrade: { license: 'key', count: MAX_LICENSE_SESSIONS } };
    const r = await runScenario(
      cluster(10),
      scenario([many('u', 50, { at: 'PT1H', duration: 'PT8H' })], [upgrade]),
    );
    expect(r.of('capacity').map((c) => c.capacity)).toEqual([10, MAX_LICENSE_SESSIONS]);
    expect(r.of('admit')).toHaveLength(50);
    expect(r.of('deny')).toHaveLength(0);
  });

  it('the largest session limit the schema allows is the capacity the run uses', async () => {
    const lifecycle = {
      initial: 'trial' as const,
      states: { trial: timedState('P30D', 'expired', { sessionLimit: MAX_POOL_SESSIONS }) },
    };
    const r = await runScenario(
      cluster(0, { lifecycle }),
      scenario([many('u', 50, { at: 'PT1H', duration: 'PT8H' })]),
    );
    expect(r.of('capacity').map((c) => c.capacity)).toEqual([MAX_POOL_SESSIONS]);
    expect(r.of('admit')).toHaveLength(50);
  });

  it('an upgrade that takes a pool past the most sessions a pool holds is a located error at its count', () => {
    const ids = Array.from({ length: 101 }, (_, i) => `k${i}`);
    const policy = cluster(0, {
      licenses: ids.map((id, i) => ({
        id,
        count: i < 100 ? MAX_LICENSE_SESSIONS : 0,
        term: 'perpetual' as const,
      })),
      pools: [{ id: 'cluster', licenses: ids }],
    });
    expect(() =>
      runFrom(policy, scenario([session], [{ at: 'PT1H', upgrade: { license: 'k100', count: 5 } }])),
    ).toThrow(
      /mem\/scenario\.yaml:\d+:\d+: after this upgrade pool 'cluster' could add up to 1000000005 sessions; at most 1000000000/,
    );
    expect(() =>
      runFrom(policy, scenario([session], [{ at: 'PT1H', upgrade: { license: 'k99', count: 5 } }])),
    ).not.toThrow();
  });

  it('every number in the policy and scenario schemas has a maximum that is a safe integer', () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) walk(n, `${path}/${i}`);
        return;
      }
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'number' || schema.type === 'integer') {
        const max = schema.maximum;
        if (typeof max !== 'number' || !Number.isSafeInteger(max)) unbounded.push(path);
      }
      for (const [key, value] of Object.entries(schema)) walk(value, `${path}/${key}`);
    };
    for (const file of ['policy', 'scenario']) {
      walk(JSON.parse(readFileSync(join('schemas', `${file}.schema.json`), 'utf8')), file);
    }
    expect(unbounded).toEqual([]);
  });
});

describe('non-finite and unsafe numbers are located errors (issue 7, finding 3)', () => {
  it('perHour: .inf is a located error', () => {
    expect(() => scenarioFrom(withLoad('{ arrivals: { perHour: .inf }, holding: { mean: PT30M } }'))).toThrow(
      /mem\/scenario\.yaml:9:\d+: spec\.load\[0\]\.arrivals\.perHour: must be a finite number \(got \.inf\)/,
    );
  });

  it('perHour: .nan is a located error', () => {
    expect(() => scenarioFrom(withLoad('{ arrivals: { perHour: .nan }, holding: { mean: PT30M } }'))).toThrow(
      /spec\.load\[0\]\.arrivals\.perHour: must be a finite number \(got \.nan\)/,
    );
  });

  it('perHour above 1,000,000 is a located error', () => {
    expect(() => scenarioFrom(withLoad('{ arrivals: { perHour: 1e12 }, holding: { mean: PT30M } }'))).toThrow(
      /spec\.load\[0\]\.arrivals\.perHour: must be at most 1000000/,
    );
  });

  it('sigma: .inf is a located error', () => {
    const load =
      '{ arrivals: { perHour: 10 }, holding: { distribution: lognormal, mean: PT30M, sigma: .inf } }';
    expect(() => scenarioFrom(withLoad(load))).toThrow(
      /mem\/scenario\.yaml:9:\d+: spec\.load\[0\]\.holding\.sigma: must be a finite number \(got \.inf\)/,
    );
  });

  it('a profile weight .inf is a located error at that weight', () => {
    const weights = ['.inf', ...Array.from({ length: 23 }, () => '1')].join(', ');
    expect(() =>
      scenarioFrom(
        withLoad(`{ arrivals: { perHour: 10, profile: [${weights}] }, holding: { mean: PT30M } }`),
      ),
    ).toThrow(
      /mem\/scenario\.yaml:9:\d+: spec\.load\[0\]\.arrivals\.profile\[0\]: must be a finite number \(got \.inf\)/,
    );
  });

  it('seed: 9007199254740993 is a located error that says the number was rounded', () => {
    const text = scenario([session]).replace('spec:\n', 'spec:\n  seed: 9007199254740993\n');
    expect(() => scenarioFrom(text)).toThrow(
      /mem\/scenario\.yaml:6:9: spec\.seed: must be at most 9007199254740991 \(got 9007199254740992 once read, as whole numbers past 2\^53 − 1 are rounded\)/,
    );
  });

  it('the largest safe seed runs', async () => {
    const text = scenario([session]).replace('spec:\n', `spec:\n  seed: ${Number.MAX_SAFE_INTEGER}\n`);
    const r = await runScenario(cluster(10), text);
    expect(r.run.scenario.seed).toBe(Number.MAX_SAFE_INTEGER);
    expect(r.of('admit')).toHaveLength(1);
  });
});
