import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/config/diagnostics.js';
import type { PolicyDocument } from '../../src/config/schema/policy.js';
import { prepareScenario } from '../../src/run/simulate.js';
import { policyYaml, runScenario, writeFixture } from '../support/build.js';
import { START, scenario, type TimelineEvent } from '../support/fixtures.js';

/** X3: counts go up at any time; a decrease needs the vendor's approval; a lifetime license never goes down. */

const licenses: PolicyDocument['spec']['licenses'] = [
  { id: 'monthly', count: 10, term: 'monthly', start: '2026-03-01', periods: 3 },
  { id: 'lifetime', count: 10, term: 'lifetime' },
];

function pbx(entitlements: PolicyDocument['spec']['entitlements']): string {
  return policyYaml({
    timeZone: 'UTC',
    licenses,
    pools: [{ id: 'pbx', licenses: ['monthly', 'lifetime'] }],
    entitlements,
  });
}

async function changes(entitlements: PolicyDocument['spec']['entitlements'], timeline: TimelineEvent[]) {
  const result = await runScenario(pbx(entitlements), scenario([], timeline, { duration: 'P5D' }));
  return {
    capacity: result.of('capacity').map((c) => c.capacity),
    refused: result.of('entitlement').filter((e) => e.action === 'refused'),
  };
}

describe('X3: count changes', () => {
  it('X3: under decreases: approval, an increase applies at once and an unapproved decrease is refused', async () => {
    const run = await changes({ decreases: 'approval' }, [
      { at: 'P1D', upgrade: { license: 'monthly', count: 15 } },
      { at: 'P2D', upgrade: { license: 'monthly', count: 5 } },
    ]);
    expect(run.capacity).toEqual([20, 25]);
    expect(run.refused.map((r) => [r.at - Date.parse(START), r.license, r.count, r.ruleIds])).toEqual([
      [2 * 86_400_000, 'monthly', 15, 'X3'],
    ]);
    expect(run.refused[0]!.reason).toBe(
      "15 → 5 sessions without approval; a decrease needs the vendor's approval (X3)",
    );
  });

  it('X3: an approved decrease applies', async () => {
    const run = await changes({ decreases: 'approval' }, [
      { at: 'P2D', upgrade: { license: 'monthly', count: 5, approved: true } },
    ]);
    expect(run.capacity).toEqual([20, 15]);
    expect(run.refused).toEqual([]);
  });

  it('X3: by default (W12) a decrease needs no approval', async () => {
    const run = await changes({}, [{ at: 'P2D', upgrade: { license: 'monthly', count: 5 } }]);
    expect(run.capacity).toEqual([20, 15]);
  });

  it('X3: validate rejects a scenario that lowers a lifetime license, at the count it writes', async () => {
    const dir = await writeFixture({
      'p.yaml': pbx({ decreases: 'approval', lifetimeDecreases: 'never' }),
      's.yaml': [
        'apiVersion: licensim/v1',
        'kind: Scenario',
        'metadata: { name: s }',
        'spec:',
        '  policy: p.yaml',
        `  start: ${START}`,
        '  duration: P5D',
        '  timeline:',
        '    - { at: P1D, upgrade: { license: lifetime, count: 20 } }',
        '    - { at: P2D, upgrade: { license: lifetime, count: 15, approved: true } }',
        '',
      ].join('\n'),
    });
    try {
      const error = await prepareScenario(join(dir, 's.yaml')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).diagnostics.map(formatDiagnostic)).toEqual([
        `${join(dir, 's.yaml')}:10:55: license 'lifetime' is a lifetime license: its count can never be decreased (X3), here from 20 to 15`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
