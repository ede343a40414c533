import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/config/schema/report.js';
import { licensim } from '../support/cli.js';

async function autoLeasingOf(scenario: string) {
  const out = await licensim('simulate', `scenarios/${scenario}.yaml`, '--format', 'json');
  expect(out.code).toBe(0);
  const report = JSON.parse(out.stdout) as Report;
  return report.scenarios[0]!.autoLeasing ?? [];
}

describe('P4 with HA pairs and cores', () => {
  it("P4, P8: an HA pair's server weighs the pair's licenses for any platform, not its own only", async () => {
    const switches = await autoLeasingOf('pulse-ha-split');
    const first = switches.filter((s) => s.at === '2026-03-02T04:00:00.000Z');
    // Each node installs 500 for any platform and leases 300 of it: the pair has 1000 − 600 = 400
    // available, where one node alone would have 500 − 300 = 200.
    expect(first.map((s) => [s.server, s.enabled, s.facts.averageAvailable])).toEqual([
      ['ls-east', true, 400],
      ['ls-west', true, 400],
    ]);
    // Past the split's grace each node falls back to its own licenses: the threshold is no longer met.
    expect(switches.some((s) => s.enabled === false)).toBe(true);
  });

  it('P4, P15: cores are never auto-leased: only user-count features have a switch', async () => {
    const switches = await autoLeasingOf('pulse-mssp-cores');
    expect(switches.length).toBeGreaterThan(0);
    expect(new Set(switches.map((s) => s.feature))).toEqual(new Set(['concurrent-users']));
  });
});
