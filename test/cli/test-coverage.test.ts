import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/config/schema/report.js';
import { licensim, licensimBuilt } from '../support/cli.js';

/**
 * A trial, an HA failover of a license server (P8), a virtual server out of contact (P9, P14), and a
 * sizing check whose formula (W5) no run computes.
 */
const files = [
  'scenarios/wallix-trial.yaml',
  'scenarios/pulse-ha-failover.yaml',
  'scenarios/pulse-vls-offline.yaml',
  'scenarios/wallix-sizing-check.yaml',
];

describe('licensim test --coverage', () => {
  it('W8, P8, P9: counts the rules fired, transitions taken and rule IDs carried, pool and server lifecycles alike', async () => {
    const out = await licensim('test', ...files, '--coverage', '--reporter', 'json');
    expect(out.code).toBe(0);
    const { coverage } = JSON.parse(out.stdout) as Report;
    const fired = coverage!.rules.items.filter((r) => r.fired).map((r) => `${r.policy} ${r.rule}`);
    expect(fired).toContain('wallix-unlicensed-trial trial-session-limit');
    const taken = coverage!.transitions.items
      .filter((t) => t.taken)
      .map((t) => `${t.machine}: ${t.from}->${t.to}`);
    expect(taken).toContain('license: trial->expired');
    expect(taken).toContain('license-server-ha: active->grace');
    expect(taken).toContain('license-server-heartbeat: grace->expired');
    const ids = Object.fromEntries(coverage!.ruleIds.items.map((i) => [i.id, i.fired]));
    expect(ids).toMatchObject({ W8: true, P3: true, P8: true, P9: true, P14: true });
    // Named by a scenario, never carried by a trace record: listed as not covered.
    expect(ids.W5).toBe(false);
    // Every leasing rule set of the policy counts, fired or not.
    const sets = new Set(coverage!.rules.items.map((r) => r.ruleSet));
    expect([...sets]).toEqual(
      expect.arrayContaining([
        'admission',
        'lease-grant',
        'auto-lease',
        'disconnected-auto-lease',
        'server-licensing',
      ]),
    );
  });

  it('--threshold exits 1 below it, says so in text and as failed JUnit cases with the figures as properties', async () => {
    const text = await licensim('test', files[0]!, '--threshold', '90');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ {2}lifecycle transitions +\d+\/\d+ +\d+\.\d%$/m);
    expect(text.stdout).toContain('wallix-unlicensed-trial  license: trial --ACTIVATE--> active');
    expect(text.stdout).toContain('Coverage is below --threshold 90%.');
    const junit = await licensim('test', files[0]!, '--threshold', '90', '--reporter', 'junit');
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/<property name="coverage.transitions.percent" value="[\d.]+"\/>/);
    expect(junit.stdout).toContain('<property name="coverage.threshold" value="90"/>');
    expect(junit.stdout).toMatch(
      /<testcase name="lifecycle transitions covered at least 90%"[^>]*>\n\s*<failure/,
    );
    const low = await licensim('test', files[0]!, '--threshold', '10');
    expect(low.code).toBe(0);
    expect(low.stdout).toContain('Coverage reaches --threshold 10% in every section.');
  });

  it('--format html carries the coverage: its shares, each policy, and what was never reached; below the threshold the page fails', async () => {
    const page = await licensim('test', files[0]!, '--threshold', '90', '--format', 'html');
    expect(page.code).toBe(1);
    const { document } = parseHTML(page.stdout);
    const section = document.querySelector('section.coverage')!;
    expect(section.querySelector('h2')?.textContent).toBe('Coverage ✗ threshold 90%');
    const rows = [...section.querySelectorAll('table')[0]!.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows.map((r) => r[0])).toEqual(['rule IDs', 'lifecycle transitions', 'json-rules-engine rules']);
    expect(rows[1]![2]).toMatch(/^\d+\.\d%$/);
    expect(section.textContent).toContain('wallix-unlicensed-trial: license: trial --ACTIVATE--> active');
    expect(document.querySelector('p.verdict')?.textContent).toBe('✗ failed');
    const passing = await licensim('test', files[0]!, '--threshold', '10', '--format', 'html');
    expect(passing.code).toBe(0);
    expect(parseHTML(passing.stdout).document.querySelector('section.coverage h2')?.textContent).toBe(
      'Coverage ✓ threshold 10%',
    );
  });

  it('--threshold must be a percentage (exit 2)', async () => {
    const out = await licensim('test', files[0]!, '--threshold', '120');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--threshold');
  });

  it('merges what each worker thread saw: --jobs 1 and --jobs 3 give byte-identical coverage', async () => {
    const one = await licensimBuilt('test', ...files, '--coverage', '--reporter', 'json', '--jobs', '1');
    const three = await licensimBuilt('test', ...files, '--coverage', '--reporter', 'json', '--jobs', '3');
    expect(one.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    expect((JSON.parse(one.stdout) as Report).coverage!.rules.covered).toBeGreaterThan(3);
  }, 120_000);
});
