import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/config/diagnostics.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { policyFrom, writeFixture } from '../support/build.js';

/**
 * Entitlement terms and keys are checked when the policy is read: each mistake is a message at the line and
 * column of what is wrong, as `validate` prints it. The licenses start on line 7 of every policy here, the pools follow them.
 */
function policy(licenses: string[], pools = '[{ id: main, licenses: [a, b] }]', more: string[] = []): string {
  return [
    'apiVersion: licensim/v1',
    'kind: Policy',
    'metadata: { name: keys }',
    'spec:',
    '  timeZone: America/New_York',
    '  licenses:',
    ...licenses.map((l) => `    - ${l}`),
    `  pools: ${pools}`,
    ...more,
    '',
  ].join('\n');
}

function problemsOf(text: string): string[] {
  return documentFrom(parseYamlSource('keys.yaml', text)).diagnostics.map(formatDiagnostic);
}

const sub100 = '{ id: a, count: 100, term: subscription, start: 2026-01-01, end: 2026-12-31 }';

describe('P11: renewals must match what they renew', () => {
  it('P11: a renewal naming a license of another count is a located error', () => {
    const text = policy([
      sub100,
      '{ id: b, kind: renewal, renews: a, count: 50, term: subscription, start: 2027-01-01, end: 2027-12-31 }',
    ]);
    expect(problemsOf(text)).toEqual([
      "keys.yaml:8:39: renewal 'b' does not match 'a' (count 50 vs 100); a renewal has the same feature, count and term as what it renews (P11)",
    ]);
  });

  it('P11: a 2-year renewal of a 1-year subscription does not match: named, an error; found, a warning that it never activates', () => {
    const b = 'count: 100, term: subscription, start: 2027-01-01, end: 2028-12-31 }';
    expect(problemsOf(policy([sub100, `{ id: b, kind: renewal, renews: a, ${b}`]))).toEqual([
      "keys.yaml:8:39: renewal 'b' does not match 'a' (term subscription of 24 months vs subscription of 12 months); a renewal has the same feature, count and term as what it renews (P11)",
    ]);
    expect(problemsOf(policy([sub100, `{ id: b, kind: renewal, ${b}`]))).toEqual([
      "keys.yaml:8:7: warning: renewal 'b' does not match 'a', the license it would renew (term subscription of 24 months vs subscription of 12 months): it never activates (P11)",
    ]);
  });

  it('P11: two renewals of one license overlap: the second is a located error', () => {
    const text = policy(
      [
        sub100,
        '{ id: b, kind: renewal, renews: a, count: 100, term: subscription, start: 2027-01-01, end: 2027-12-31 }',
        '{ id: c, kind: renewal, renews: a, count: 100, term: subscription, start: 2027-01-01, end: 2027-12-31 }',
      ],
      '[{ id: main, licenses: [a, b, c] }]',
    );
    expect(problemsOf(text)).toEqual([
      "keys.yaml:9:7: 'a' is already renewed by 'b'; renewals of one license do not overlap: renew the renewal instead (P11)",
    ]);
  });

  it('P11: a renewal ending no later than what it renews, and `renews` on a standard key, are located errors', () => {
    const early = policy([
      sub100,
      '{ id: b, kind: renewal, renews: a, count: 100, term: subscription, start: 2025-01-01, end: 2025-12-31 }',
    ]);
    expect(problemsOf(early)).toEqual([
      "keys.yaml:8:98: renewal 'b' ends no later than 'a', which it renews: it would never count (P11)",
    ]);
    const standard = policy([sub100, '{ id: b, renews: a, count: 100, term: perpetual }']);
    expect(problemsOf(standard)).toEqual([
      "keys.yaml:8:24: only a renewal renews a license; add kind: renewal to 'b'",
    ]);
  });

  it('P11: a renewal matched by pool, feature and dates renews the latest license ending before it starts', () => {
    const p = policyFrom(
      policy(
        [
          sub100,
          '{ id: b, count: 100, term: subscription, start: 2026-02-01, end: 2026-11-30 }',
          '{ id: c, kind: renewal, count: 100, term: subscription, start: 2027-01-01, end: 2027-12-31 }',
        ],
        '[{ id: main, licenses: [a, b, c] }]',
      ),
    );
    expect(p.licenses.map((l) => l.renews)).toEqual([null, null, 0]);
  });
});

describe('P11: stacking', () => {
  it('P11: licenses of different types (features) do not stack in one pool', () => {
    const text = policy(
      [
        '{ id: a, count: 100, term: perpetual }',
        '{ id: b, feature: rdp, count: 50, term: perpetual, kind: evaluation, start: 2026-01-01 }',
      ],
      '[{ id: main, licenses: [a, b] }]',
    );
    expect(problemsOf(text)).toEqual([
      "keys.yaml:9:37: license 'b' counts rdp but pool 'main' counts sessions: licenses of different types do not stack (P11); give rdp a pool of its own",
    ]);
  });

  it('P11: server subscriptions stacked in duration to more than 3 years are refused at the license that crosses the limit', () => {
    const text = policy([
      '{ id: a, count: 1, term: yearly, periods: 2, start: 2026-01-01, stack: duration }',
      '{ id: b, count: 1, term: yearly, periods: 2, stack: duration }',
    ]);
    expect(problemsOf(text)).toEqual([
      "keys.yaml:8:7: licenses stacked in duration with 'a' would run to 2029-12-31, past 2028-12-31: a stack lasts at most P3Y (P11)",
    ]);
  });

  it('P11: a 1-year and a 2-year subscription stack to 3 years, the second starting the day after the first ends', () => {
    const p = policyFrom(
      policy([
        '{ id: a, count: 1, term: yearly, start: 2026-01-01, stack: duration }',
        '{ id: b, count: 1, term: yearly, periods: 2, stack: duration }',
      ]),
    );
    const [a, b] = p.licenses;
    expect(new Date(a!.endMs).toISOString()).toBe('2027-01-01T05:00:00.000Z');
    expect(b!.startMs).toBe(a!.endMs);
    expect(new Date(b!.endMs).toISOString()).toBe('2029-01-01T05:00:00.000Z');
  });

  it('P11: a license stacked in duration after the first cannot give its own start, nor a dated subscription term', () => {
    const text = policy([
      '{ id: a, count: 1, term: yearly, start: 2026-01-01, stack: duration }',
      '{ id: b, count: 1, term: subscription, start: 2027-01-01, end: 2027-12-31, stack: duration }',
    ]);
    expect(problemsOf(text)).toEqual([
      "keys.yaml:8:32: license 'b' stacks in duration, so its term must be monthly or yearly (P11), not subscription",
    ]);
    const started = policy([
      '{ id: a, count: 1, term: yearly, start: 2026-01-01, stack: duration }',
      '{ id: b, count: 1, term: yearly, start: 2027-01-01, stack: duration }',
    ]);
    expect(problemsOf(started)).toEqual([
      "keys.yaml:8:47: license 'b' stacks in duration: it starts the day after 'a' ends; remove its start date (P11)",
    ]);
  });
});

describe('X2: monthly, yearly and lifetime terms', () => {
  it('X2: a yearly term ends the day before its start date comes round; a monthly one likewise', () => {
    const p = policyFrom(
      policy([
        '{ id: a, count: 1, term: yearly, start: 2026-03-28 }',
        '{ id: b, count: 1, term: monthly, periods: 3, start: 2026-03-28 }',
      ]),
    );
    // 24:00 of 2027-03-27 and of 2026-06-27, both in daylight-saving time in New York (UTC-4).
    expect(new Date(p.licenses[0]!.endMs).toISOString()).toBe('2027-03-28T04:00:00.000Z');
    expect(new Date(p.licenses[1]!.endMs).toISOString()).toBe('2026-06-28T04:00:00.000Z');
    expect(p.licenses.map((l) => l.term)).toEqual(['subscription', 'subscription']);
  });

  it('X2: a lifetime license is perpetual and cannot have an end; periods fit monthly and yearly terms only', () => {
    const text = policy([
      '{ id: a, count: 1, term: lifetime, end: 2027-01-01 }',
      '{ id: b, count: 1, term: subscription, end: 2027-01-01, periods: 2 }',
    ]);
    expect(problemsOf(text)).toEqual([
      "keys.yaml:7:47: lifetime license 'a' cannot have an end date; use term: subscription",
      "keys.yaml:8:72: periods apply to monthly and yearly terms only; 'b' is subscription",
    ]);
    const yearly = policy(
      ['{ id: a, count: 1, term: yearly, end: 2027-01-01 }'],
      '[{ id: main, licenses: [a] }]',
    );
    expect(problemsOf(yearly)).toEqual([
      "keys.yaml:7:7: yearly license 'a' needs a start date: its end follows from it (X2)",
      'keys.yaml:7:45: a yearly license ends after its periods; give periods instead of an end date (X2)',
    ]);
  });
});

describe('P10: keys', () => {
  it('P10: an evaluation key needs a start date, or to be installed by a scenario', () => {
    const text = policy(
      ['{ id: a, count: 1, term: perpetual, kind: evaluation }'],
      '[{ id: main, licenses: [a] }]',
    );
    expect(problemsOf(text)).toEqual([
      "keys.yaml:7:7: evaluation key 'a' needs a start date, or installed: false and a scenario `activate` event: its period runs from one of them (P10)",
    ]);
  });

  it('P10: the emergency and evaluation durations are policy data, 8 weeks by default', () => {
    const keys = ['{ id: a, count: 1, term: perpetual, kind: emergency }'];
    const defaults = policyFrom(policy(keys, '[{ id: main, licenses: [a] }]')).entitlements!;
    expect(defaults).toMatchObject({
      emergencyFor: 'P8W',
      emergencyForMs: 56 * 86_400_000,
      evaluationFor: 'P8W',
    });
    const mine = policyFrom(
      policy(keys, '[{ id: main, licenses: [a] }]', [
        '  entitlements: { emergencyFor: P4W, evaluationFor: P30D }',
      ]),
    ).entitlements!;
    expect(mine).toMatchObject({ emergencyForMs: 28 * 86_400_000, evaluationFor: 'P30D' });
  });

  it('P10: a policy of standard keys only needs no entitlements model', () => {
    expect(policyFrom(policy([sub100], '[{ id: main, licenses: [a] }]')).entitlements).toBeNull();
  });
});

describe('P10, P11 with license servers', () => {
  it('P10: a scenario on a leasing policy holding an emergency key is refused: the two models are not combined yet', async () => {
    const policy = (await readFile('policies/pulse-license-server.yaml', 'utf8')).replace(
      '    - { id: consec-add-100u, feature: concurrent-users, count: 100, term: perpetual }\n',
      '    - { id: consec-add-100u, feature: concurrent-users, count: 100, term: perpetual }\n    - { id: ice, feature: concurrent-users, kind: emergency, count: 100, term: perpetual }\n',
    );
    const dir = await writeFixture({
      'ls.yaml': policy.replace('licenses: [consec-add-100u]', 'licenses: [consec-add-100u, ice]'),
      's.yaml': [
        'apiVersion: licensim/v1',
        'kind: Scenario',
        'metadata: { name: s }',
        'spec:',
        '  policy: ls.yaml',
        '  start: 2026-03-02T00:00:00Z',
        '  duration: P1D',
        '',
      ].join('\n'),
    });
    const error = await prepareScenario(join(dir, 's.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const errors = (error as InputError).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      "5:11: policy 'pulse-license-server' relies on license-server features licensim does not simulate yet: 'ice' is a key that changes over time (renewal, emergency or evaluation, P10, P11)",
    ]);
  });
});
