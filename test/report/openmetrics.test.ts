import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { licensim } from '../support/cli.js';
import { type Family, OpenMetricsError, parseOpenMetrics } from '../support/openmetrics.js';

const names = [
  'wallix_license_sessions_total',
  'wallix_license_sessions_used',
  'wallix_license_sessions_available',
  'wallix_license_days_to_expiry',
  'wallix_license_status',
];

/** The one sample of `metric` for `pool`, or undefined when the family has none for it. */
function value(families: Family[], metric: string, pool: string): number | undefined {
  const family = families.find((f) => f.name === metric);
  return family?.samples.find((s) => s.labels.pool === pool)?.value;
}

/** A pool of 5 whose only key ends on 2026-03-03 with no grace: expired from then on. */
const ending = policyYaml(
  {
    timeZone: 'UTC',
    sites: [{ id: 'site-a', nodes: ['node-1'] }],
    licenses: [{ id: 'key', count: 5, term: 'subscription', start: '2026-01-01', end: '2026-03-03' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
  },
  'ending',
);
const busy = scenarioYaml({
  start: '2026-03-02T08:00:00Z',
  duration: 'P3D',
  sessions: [{ user: 'u', distinctUsers: true, at: 'PT1H', duration: 'PT2H', count: 7 }],
});

let dir = '';
beforeAll(async () => {
  dir = await writeFixture({ 'policy.yaml': ending, 'scenario.yaml': busy });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--format openmetrics (W11 metrics)', () => {
  it('W11: writes the five gauges per pool, typed gauge, with policy, product and pool labels, ending in # EOF', async () => {
    const { code, stdout, stderr } = await licensim(
      'simulate',
      'scenarios/wallix-4-sites-compare.yaml',
      '--format',
      'openmetrics',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.endsWith('# EOF\n')).toBe(true);
    const families = parseOpenMetrics(stdout);
    expect(families.map((f) => f.name)).toEqual(names);
    for (const f of families) {
      expect(f.type).toBe('gauge');
      expect(f.help).not.toBe('');
    }
    const total = families[0]!.samples;
    // Three policies: four isolated site pools, one enterprise pool, three hybrid pools.
    expect(total.map((s) => `${s.labels.policy}/${s.labels.pool}`)).toEqual([
      'wallix-4-sites-isolated/site-a',
      'wallix-4-sites-isolated/site-b',
      'wallix-4-sites-isolated/site-c',
      'wallix-4-sites-isolated/site-d',
      'wallix-4-sites-enterprise/enterprise',
      'wallix-4-sites-hybrid/primary',
      'wallix-4-sites-hybrid/site-c',
      'wallix-4-sites-hybrid/site-d',
    ]);
    expect(total.every((s) => s.labels.product === 'WALLIX Bastion')).toBe(true);
    expect(value(families, names[0]!, 'enterprise')).toBe(2000);
    for (const s of total) {
      const used = families[1]!.samples.find(
        (x) => x.labels.policy === s.labels.policy && x.labels.pool === s.labels.pool,
      )!;
      const available = families[2]!.samples.find(
        (x) => x.labels.policy === s.labels.policy && x.labels.pool === s.labels.pool,
      )!;
      expect(used.value + available.value).toBe(s.value);
    }
  });

  it("W11: status reads 2 during the trial and 1 once activated, with the days left to the key's end", async () => {
    const trial = parseOpenMetrics(
      (await licensim('simulate', 'scenarios/wallix-trial.yaml', '--format', 'openmetrics', '--at', 'P10D'))
        .stdout,
    );
    expect(value(trial, 'wallix_license_status', 'bastion')).toBe(2);
    expect(value(trial, 'wallix_license_sessions_total', 'bastion')).toBe(10); // W8: the trial's limit
    // Nothing is installed during the trial: no key, no days to expiry.
    expect(value(trial, 'wallix_license_days_to_expiry', 'bastion')).toBeUndefined();

    const end = parseOpenMetrics(
      (await licensim('simulate', 'scenarios/wallix-trial.yaml', '--format', 'openmetrics')).stdout,
    );
    expect(value(end, 'wallix_license_status', 'bastion')).toBe(1);
    expect(value(end, 'wallix_license_sessions_total', 'bastion')).toBe(100);
    // The key ends at 24:00 on 2027-12-31 in Paris; the run at 2026-03-19 09:00 there: 652 days and 15 h.
    expect(value(end, 'wallix_license_days_to_expiry', 'bastion')).toBe(653);
  });

  it('W11: reads used and available at --at, and status 0 with no days to expiry after the key ended', async () => {
    const scenario = join(dir, 'scenario.yaml');
    const busyHour = parseOpenMetrics(
      (await licensim('simulate', scenario, '--format', 'openmetrics', '--at', 'PT2H')).stdout,
    );
    expect(value(busyHour, 'wallix_license_sessions_used', 'pool')).toBe(5);
    expect(value(busyHour, 'wallix_license_sessions_available', 'pool')).toBe(0);
    expect(value(busyHour, 'wallix_license_status', 'pool')).toBe(1);
    // 2026-03-02 10:00 UTC to the end of 2026-03-03: 1 day and 14 h, rounded up.
    expect(value(busyHour, 'wallix_license_days_to_expiry', 'pool')).toBe(2);

    const after = parseOpenMetrics((await licensim('simulate', scenario, '--format', 'openmetrics')).stdout);
    expect(value(after, 'wallix_license_status', 'pool')).toBe(0);
    expect(value(after, 'wallix_license_sessions_used', 'pool')).toBe(0);
    expect(value(after, 'wallix_license_days_to_expiry', 'pool')).toBeUndefined();
  });

  it('writes --out FILE.prom atomically, the same text as on standard output', async () => {
    const out = join(dir, 'licenses.prom');
    const written = await licensim(
      'simulate',
      join(dir, 'scenario.yaml'),
      '--format',
      'openmetrics',
      '--out',
      out,
    );
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    const shown = await licensim('simulate', join(dir, 'scenario.yaml'), '--format', 'openmetrics');
    expect(await readFile(out, 'utf8')).toBe(shown.stdout);
  });

  it("W11: audit writes the replay's gauges at the end of the log", async () => {
    const { code, stdout } = await licensim(
      'audit',
      '--policy',
      'policies/flexlm-solver.yaml',
      '--usage',
      'test/audit/fixtures/three-users.log',
      '--format',
      'openmetrics',
    );
    expect(code).toBe(0);
    const families = parseOpenMetrics(stdout);
    expect(families.map((f) => f.name)).toEqual(names);
    expect(value(families, 'wallix_license_sessions_total', 'solver')).toBe(2);
    expect(value(families, 'wallix_license_status', 'solver')).toBe(1);
    expect(families[0]!.samples[0]!.labels.policy).toBe('flexlm-solver');
  });

  it('refuses --at without --format openmetrics, and an instant outside the run (exit 2)', async () => {
    const plain = await licensim('simulate', 'scenarios/wallix-trial.yaml', '--at', 'P10D');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--at applies to --format openmetrics only');
    const outside = await licensim(
      'simulate',
      'scenarios/wallix-trial.yaml',
      '--format',
      'openmetrics',
      '--at',
      'P1000D',
    );
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--at: 2028-10-29 09:00 +01:00 is outside the run');
    const garbled = await licensim(
      'simulate',
      'scenarios/wallix-trial.yaml',
      '--format',
      'openmetrics',
      '--at',
      'soon',
    );
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toContain("--at: 'soon' is not an instant");
  });
});

describe('the OpenMetrics check used above', () => {
  const ok = '# TYPE a gauge\n# HELP a An a.\na{x="1"} 2\n# EOF\n';

  it('accepts well-formed text and reads labels with escapes', () => {
    const [a] = parseOpenMetrics('# TYPE a gauge\na{x="q\\"\\\\\\n"} -1.5e3\n# EOF\n');
    expect(a!.samples[0]).toEqual({ name: 'a', labels: { x: 'q"\\\n' }, value: -1500 });
    expect(parseOpenMetrics(ok)).toHaveLength(1);
  });

  it.each([
    ['no # EOF', ok.replace('# EOF\n', '')],
    ['a blank line', ok.replace('a{', '\na{')],
    ['text after # EOF', `${ok}a 1\n`],
    ['a sample of another name', ok.replace('a{x="1"}', 'b{x="1"}')],
    ['a bad value', ok.replace(' 2\n', ' two\n')],
    ['an unknown type', ok.replace('gauge', 'meter')],
    ['a repeated label', ok.replace('x="1"', 'x="1",x="2"')],
    ['an unquoted label value', ok.replace('x="1"', 'x=1')],
    ['metadata after samples', ok.replace('# EOF', '# HELP a Again.\n# EOF')],
  ])('rejects %s', (_, text) => {
    expect(() => parseOpenMetrics(text)).toThrow(OpenMetricsError);
  });
});
