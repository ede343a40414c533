import { describe, expect, it } from 'vitest';
import type { PolicyDiffReport } from '../../src/run/policy-diff.js';
import { licensim } from '../support/cli.js';

const old = 'policies/wallix-unlicensed-trial.yaml';
/** The same policy with a 60-day, 20-session trial. */
const extended = 'examples/wallix-trial-extended.yaml';

describe('licensim diff OLD NEW --scenarios', () => {
  it('W8, W9: a longer, larger trial flips the expectations of the scenario that runs it, and exits 1', async () => {
    const out = await licensim('diff', old, extended, '--scenarios', 'scenarios', '--format', 'json');
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout) as PolicyDiffReport;
    expect(report.scenarios.map((s) => s.scenario)).toEqual(['wallix-trial']);
    const [trial] = report.scenarios;
    expect(trial!.passed).toEqual({ old: true, new: false });
    expect(trial!.expectations.flipped.map((f) => f.description)).toEqual([
      'transition trial → expired in all pools at or after 2026-03-03 09:00 +01:00 and before 2026-03-05 09:00 +01:00',
      'all pools in state expired at 2026-03-09 09:00 +01:00',
      'W8: sessions beyond the trial limit of 10 are refused',
      'W9: an expired system refuses new connections',
      'transition expired → active in all pools at or after 2026-03-14 09:00 +01:00',
    ]);
    expect(trial!.expectations.flipped[2]).toMatchObject({
      location: 'scenarios/wallix-trial.yaml:23:7',
      old: { passed: true, actual: 2 },
      new: { passed: false, actual: 0 },
    });
    expect(trial!.denials).toContainEqual({
      pool: 'bastion',
      what: 'trial-session-limit [W8]',
      old: 2,
      new: 0,
    });
    expect(trial!.transitions).toContainEqual({ pool: 'bastion', what: 'trial → active', old: 0, new: 1 });
    expect(trial!.pools).toEqual([
      {
        pool: 'bastion',
        peak: { old: 10, new: 12 },
        admitted: { old: 11, new: 14 },
        denied: { old: 3, new: 0 },
      },
    ]);
    expect(report.broken).toBe(5);
    expect(report.unaffected).toContain('scenarios/wallix-ha-failover.yaml');
  });

  it('in text, says which expectations flipped, with both actual values and where they are', async () => {
    const out = await licensim('diff', old, extended, '--scenarios', 'scenarios/wallix-trial.yaml');
    expect(out.stdout).toContain('  5 expectations now fail, 0 now pass\n');
    expect(out.stdout).toContain('Scenario wallix-trial (scenarios/wallix-trial.yaml): passed → FAILED\n');
    expect(out.stdout).toContain(
      '    ✓→✗ W8: sessions beyond the trial limit of 10 are refused  scenarios/wallix-trial.yaml:23:7\n        actual 2 → 0\n',
    );
  });

  it('a policy compared with itself changes nothing (exit 0)', async () => {
    const out = await licensim('diff', old, old, '--scenarios', 'scenarios/wallix-trial.yaml');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      'Scenario wallix-trial (scenarios/wallix-trial.yaml): passed → passed\n  no change\n',
    );
  });

  it('nothing to compare, or a scenario given as a policy, is an error (exit 2)', async () => {
    const unused = await licensim(
      'diff',
      'policies/wallix-bastion-ha.yaml',
      extended,
      '--scenarios',
      'scenarios/wallix-trial.yaml',
    );
    expect(unused.code).toBe(2);
    expect(unused.stderr).toContain(
      'no scenario in scenarios/wallix-trial.yaml runs policies/wallix-bastion-ha.yaml',
    );
    const wrong = await licensim(
      'diff',
      old,
      'scenarios/wallix-trial.yaml',
      '--scenarios',
      'scenarios/wallix-trial.yaml',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/scenarios\/wallix-trial\.yaml:1:1: .*Policy/);
  });
});
