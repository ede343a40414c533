import { describe, expect, it } from 'vitest';
import { expectValidReport, licensim } from '../support/cli.js';

describe('leases in the reports', () => {
  it('P3, P5: the JSON report counts each lease action per client and lists the decisions with their facts', async () => {
    const out = await licensim('simulate', 'scenarios/pulse-cluster-lease-steps.yaml', '--format', 'json');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expectValidReport(report);
    const { leases } = report.scenarios[0];
    expect(leases.clients).toEqual([
      {
        client: 'pcs-hq-1',
        cluster: 'hq',
        feature: 'concurrent-users',
        counts: { granted: 6, refused: 1, renewed: 18, released: 5, reclaimed: 0, cut: 0 },
        peak: 200,
        atEnd: 100,
      },
      {
        client: 'pcs-branch',
        cluster: null,
        feature: 'concurrent-users',
        counts: { granted: 1, refused: 0, renewed: 18, released: 0, reclaimed: 0, cut: 0 },
        peak: 400,
        atEnd: 400,
      },
    ]);
    // Renewals that change nothing are counted, not listed.
    expect(leases.decisions.map((d: { action: string }) => d.action)).toEqual([
      'granted',
      'granted',
      ...Array(5).fill('granted'),
      'refused',
      ...Array(5).fill('released'),
    ]);
    // The branch's 400 come from the server's 1000 + 250 (psa) + the 100 it surrendered, less hq's 100.
    expect(leases.decisions[1].facts).toEqual({
      requested: 400,
      allocatedRemaining: 800,
      serverFree: 1250,
      clientExpired: 0,
    });
  });

  it('a policy without license servers has no leases section, so its report keeps its shape', async () => {
    const out = await licensim('simulate', 'scenarios/wallix-trial.yaml', '--format', 'json');
    const report = JSON.parse(out.stdout);
    expect(report.scenarios.every((s: object) => !('leases' in s))).toBe(true);
  });
});
