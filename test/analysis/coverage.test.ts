import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageOf, type RunCoverage } from '../../src/analysis/coverage.js';

/** Two runs of one policy and one of another, each firing part of what its policy declares. */
const runs: RunCoverage[] = [
  {
    policy: 'trial',
    rules: [
      { ruleSet: 'admission', rule: 'trial-session-limit', ruleIds: 'W8' },
      { ruleSet: 'admission', rule: 'pool-session-limit', ruleIds: 'W10' },
    ],
    transitions: [
      { machine: 'license', from: 'trial', event: 'timeout', to: 'expired' },
      { machine: 'license', from: 'expired', event: 'ACTIVATE', to: 'active' },
    ],
    named: [{ id: 'W8', by: 'scenario a' }],
    fired: {
      rules: ['trial-session-limit'],
      transitions: ['license: trial --timeout--> expired'],
      ruleIds: ['W8'],
    },
  },
  {
    policy: 'trial',
    rules: [
      { ruleSet: 'admission', rule: 'trial-session-limit', ruleIds: 'W8' },
      { ruleSet: 'admission', rule: 'pool-session-limit', ruleIds: 'W10' },
    ],
    transitions: [
      { machine: 'license', from: 'trial', event: 'timeout', to: 'expired' },
      { machine: 'license', from: 'expired', event: 'ACTIVATE', to: 'active' },
    ],
    named: [{ id: 'W9', by: 'scenario b' }],
    fired: { rules: [], transitions: ['license: expired --ACTIVATE--> active'], ruleIds: ['W9'] },
  },
  {
    policy: 'lease',
    rules: [{ ruleSet: 'lease-grant', rule: 'client-expired', ruleIds: 'P2' }],
    transitions: [],
    named: [{ id: 'P2', by: 'policy lease' }],
    fired: { rules: [], transitions: [], ruleIds: ['P3'] },
  },
];

describe('coverage across runs', () => {
  it('unites what fired in every run of a policy, and lists what never did', () => {
    const c = coverageOf(runs, null);
    expect(c.rules.items).toEqual([
      { policy: 'lease', ruleSet: 'lease-grant', rule: 'client-expired', ruleIds: 'P2', fired: false },
      { policy: 'trial', ruleSet: 'admission', rule: 'trial-session-limit', ruleIds: 'W8', fired: true },
      { policy: 'trial', ruleSet: 'admission', rule: 'pool-session-limit', ruleIds: 'W10', fired: false },
    ]);
    expect(c.transitions).toMatchObject({ covered: 2, total: 2, percent: 100 });
    expect(c.rules).toMatchObject({ covered: 1, total: 3, percent: 33.3 });
    // Named or carried, in catalogue order; P2 is named but no record carried it.
    expect(c.ruleIds.items.map((i) => [i.id, i.fired])).toEqual([
      ['P2', false],
      ['P3', true],
      ['W8', true],
      ['W9', true],
    ]);
    expect(c.policies).toEqual([
      { policy: 'lease', transitions: { covered: 0, total: 0 }, rules: { covered: 0, total: 1 } },
      { policy: 'trial', transitions: { covered: 2, total: 2 }, rules: { covered: 1, total: 2 } },
    ]);
  });

  it('gives the same report whatever order the runs come back in (worker threads finish in any order)', () => {
    const reference = JSON.stringify(coverageOf(runs, 50));
    fc.assert(
      fc.property(fc.shuffledSubarray(runs, { minLength: runs.length }), (order) => {
        expect(JSON.stringify(coverageOf(order, 50))).toBe(reference);
      }),
    );
  });

  it('--threshold fails a section whose exact share is below it, even when it rounds up to it', () => {
    const c = coverageOf(runs, 34);
    expect(c.rules.below).toBe(true);
    expect(c.transitions.below).toBe(false);
    expect(c.passed).toBe(false);
    expect(coverageOf(runs, 33).passed).toBe(true);
    expect(coverageOf(runs, null).passed).toBe(true);
    // 1999 of 2000 shows as 100.0 % and is still below 100.
    const many: RunCoverage = {
      policy: 'many',
      rules: Array.from({ length: 2000 }, (_, i) => ({ ruleSet: 's', rule: `r${i}`, ruleIds: '' })),
      transitions: [],
      named: [],
      fired: { rules: Array.from({ length: 1999 }, (_, i) => `r${i}`), transitions: [], ruleIds: [] },
    };
    const almost = coverageOf([many], 100);
    expect(almost.rules.percent).toBe(100);
    expect(almost.rules.below).toBe(true);
    expect(almost.passed).toBe(false);
  });
});
