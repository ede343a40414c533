import { readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { expectValidReport, licensim, root } from '../support/cli.js';

const noStackTrace = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at .+[:(]\d+/m);
  expect(stderr).not.toContain('internal error');
};

/** A small, busy pool: a stochastic load that is refused often, so every record type shows up. */
const busyPolicy = policyYaml(
  {
    timeZone: 'UTC',
    sites: [{ id: 'site-a', nodes: ['node-1', 'node-2'] }],
    licenses: [{ id: 'key', count: 5, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
    alerts: { usage: { warning: 0.8, critical: 0.95 } },
  },
  'busy',
);
const stochastic = scenarioYaml(
  {
    start: '2026-03-02T08:00:00Z',
    duration: 'PT6H',
    seed: 3,
    load: [{ id: 'admins', users: 30, arrivals: { perHour: 40 }, holding: { mean: 'PT20M' } }],
    timeline: [{ at: 'PT2H', outage: { node: 'node-1', duration: 'PT1H' } }],
    expect: [{ deniedAtLeast: 1, rule: 'pool-session-limit' }],
  },
  'stochastic',
);
const failing = scenarioYaml(
  {
    start: '2026-03-02T08:00:00Z',
    duration: 'PT2H',
    sessions: [{ user: 'u', distinctUsers: true, at: 'PT0S', duration: 'PT1H', count: 7 }],
    expect: [
      { name: 'peak stays at the capacity', peakAtMost: 5 },
      { name: 'nobody is refused', deniedAtMost: 0 },
    ],
  },
  'failing',
);
const good = policyYaml({
  timeZone: 'UTC',
  sites: [{ id: 'site-a' }],
  licenses: [{ id: 'key', count: 10, term: 'perpetual' }],
  pools: [{ id: 'pool', licenses: ['key'] }],
});

/** Broken inputs, each with the line its problem is on. */
const broken = {
  'syntax.yaml': [
    `apiVersion: licensim/v1
kind: Policy
metadata:
  name: broken
spec:
  timeZone: UTC: Europe/Paris
  licenses: [{ id: key, count: 10, term: perpetual }]
  pools: [{ id: pool, licenses: [key] }]
`,
    6,
  ],
  'unknown-key.yaml': [
    `apiVersion: licensim/v1
kind: Policy
metadata:
  name: unknown-key
spec:
  timeZone: UTC
  licenses: [{ id: key, count: 10, term: perpetual }]
  pools:
    - { id: pool, licenses: [key], colour: blue }
`,
    9,
  ],
  'bad-license.yaml': [
    `apiVersion: licensim/v1
kind: Policy
metadata:
  name: bad-license
spec:
  timeZone: UTC
  licenses:
    - { id: key, count: 10, term: perpetual }
  pools:
    - id: pool
      licenses:
        - key
        - missing-key
`,
    13,
  ],
  'bad-site.yaml': [
    `apiVersion: licensim/v1
kind: Scenario
metadata:
  name: bad-site
spec:
  policy: good.yaml
  start: 2026-03-02T00:00:00Z
  duration: PT1H
  sessions:
    - { user: a, at: PT0S, duration: PT10M }
    - { user: b, site: nowhere, at: PT0S, duration: PT10M }
`,
    11,
  ],
} as const;

let dir: string;
beforeAll(async () => {
  dir = await writeFixture({
    'busy.yaml': busyPolicy,
    'stochastic.yaml': stochastic.replace('policy: policy.yaml', 'policy: busy.yaml'),
    'failing.yaml': failing.replace('policy: policy.yaml', 'policy: busy.yaml'),
    'good.yaml': good,
    ...Object.fromEntries(Object.entries(broken).map(([name, [text]]) => [name, text])),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('licensim validate', () => {
  it('accepts every bundled policy and scenario', async () => {
    const files = ['policies', 'scenarios'].flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `${d}/${f}`),
    );
    expect(files.length).toBeGreaterThanOrEqual(10);
    const out = await licensim('validate', ...files);
    // The only warnings: the guide's own allocations, which break its ILQ rule (P2): its cluster example
    // (two nodes) and its auto-leasing example (ten gateways); and the renewal that pulse-subscriptions
    // holds on purpose, which matches nothing (P11); each said again for every scenario that runs its policy.
    const warnings = out.stderr.split('\n').filter((line) => line !== '');
    for (const line of warnings) {
      expect(line).toMatch(
        /^(.*\/)?policies\/(pulse-(license-server|auto-lease)\.yaml:\d+:\d+: warning: incremental 10 is below 25 |pulse-subscriptions\.yaml:\d+:\d+: warning: renewal 'consec-50-r' does not match)/,
      );
    }
    const places = new Set(warnings.map((line) => line.replace(/^.*policies\//, '')));
    expect(places.size).toBe(13);
    expect(out.code).toBe(0);
    for (const f of files) expect(out.stdout).toContain(`ok       ${f}`);
  });

  it.each(Object.entries(broken))(
    'rejects %s with exit 2 and file:line:col on the offending line',
    async (name, [, line]) => {
      const file = join(dir, name);
      const out = await licensim('validate', file);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(new RegExp(`^${escapeRegExp(file)}:${line}:\\d+: `, 'm'));
      noStackTrace(out.stderr);
    },
  );

  it('names the problem in words: the unknown key, license or site and the known ones', async () => {
    const [unknownKey, badLicense, badSite] = await Promise.all([
      licensim('validate', join(dir, 'unknown-key.yaml')),
      licensim('validate', join(dir, 'bad-license.yaml')),
      licensim('validate', join(dir, 'bad-site.yaml')),
    ]);
    expect(unknownKey.stderr).toContain("unknown key 'colour'");
    expect(badLicense.stderr).toContain("unknown license 'missing-key' (known: key)");
    expect(badSite.stderr).toContain("unknown site 'nowhere'");
    expect(badSite.stderr).toContain('site-a');
  });

  it('simulate on a scenario with a bad reference exits 2 with the located problem, no stack trace', async () => {
    const file = join(dir, 'bad-site.yaml');
    const out = await licensim('simulate', file);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(new RegExp(`^${escapeRegExp(file)}:11:\\d+: unknown site 'nowhere'`, 'm'));
    noStackTrace(out.stderr);
  });
});

describe('licensim simulate', () => {
  it('--format json matches schemas/report.schema.json', async () => {
    const out = await licensim('simulate', join(dir, 'stochastic.yaml'), '--format', 'json');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expectValidReport(report);
    expect(report.scenarios[0]).toMatchObject({ scenario: 'stochastic', policy: 'busy', seed: 3 });
    expect(report.scenarios[0].pools[0].denied).toBeGreaterThan(0);
    expect(report.scenarios[0].failovers).toHaveLength(1);
  });

  it('two runs of a stochastic scenario give byte-identical JSON; --seed changes it', async () => {
    const file = join(dir, 'stochastic.yaml');
    const [a, b, reseeded] = await Promise.all([
      licensim('simulate', file, '--format', 'json'),
      licensim('simulate', file, '--format', 'json'),
      licensim('simulate', file, '--format', 'json', '--seed', '4'),
    ]);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(reseeded.code).toBe(0);
    expect(reseeded.stdout).not.toBe(a.stdout);
    expect(JSON.parse(reseeded.stdout).scenarios[0].seed).toBe(4);
  });

  it('--trace writes JSON Lines whose deny lines carry the rule and the facts', async () => {
    const trace = join(dir, 't.jsonl');
    const out = await licensim('simulate', join(dir, 'stochastic.yaml'), '--trace', trace);
    expect(out.code).toBe(0);
    const lines = (await readFile(trace, 'utf8')).trimEnd().split('\n');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ type: 'run-start', scenario: 'stochastic', policy: 'busy' });
    expect(records.at(-1)).toMatchObject({ type: 'run-end' });
    const denies = records.filter((r) => r.type === 'deny');
    expect(denies.length).toBeGreaterThan(0);
    for (const d of denies) {
      expect(d).toMatchObject({ rule: 'pool-session-limit', ruleIds: 'W10', pool: 'pool' });
      expect(d.facts).toMatchObject({ poolCapacity: 5, poolInUse: 5 });
    }
    const times = records.map((r) => Date.parse(r.at as string));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('an unknown option exits 2', async () => {
    const out = await licensim('simulate', join(dir, 'stochastic.yaml'), '--frobnicate');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--frobnicate');
    noStackTrace(out.stderr);
  });

  it('--help exits 0 and lists the commands', async () => {
    const out = await licensim('--help');
    expect(out.code).toBe(0);
    for (const command of ['validate', 'simulate', 'test']) expect(out.stdout).toContain(command);
  });
});

describe('licensim test', () => {
  it('passes on the bundled scenarios (exit 0), with a JSON report that matches the schema', async () => {
    const out = await licensim('test', '--format', 'json');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expectValidReport(report);
    expect(report.passed).toBe(true);
    const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml'));
    const names = new Set(report.scenarios.map((s: { file: string }) => s.file));
    for (const f of scenarios) expect(names).toContain(`scenarios/${f}`);
  });

  it('exits 1 when an expectation fails', async () => {
    const out = await licensim('test', join(dir, 'failing.yaml'));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('nobody is refused');
  });

  it('--reporter junit prints testsuites, a testsuite, a testcase per expectation and a failure for the failing one', async () => {
    const out = await licensim('test', join(dir, 'failing.yaml'), '--reporter', 'junit');
    expect(out.code).toBe(1);
    const xml = out.stdout;
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="2" failures="1"/,
    );
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    const cases = [...xml.matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)];
    expect(cases.map((c) => c[1])).toEqual(['peak stays at the capacity', 'nobody is refused']);
    expect(cases[0]![3]).toBeUndefined();
    expect(cases[1]![3]).toMatch(/<failure message="expected denied at most 0, actual 2">/);
    expect(xml).toContain('</testsuites>');
  });

  it('--out writes the report to the file instead of standard output', async () => {
    const target = join(dir, 'junit.xml');
    const out = await licensim('test', join(dir, 'failing.yaml'), '--reporter', 'junit', '--out', target);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    const written = await readFile(target, 'utf8');
    expect(written).toContain('<testsuites ');
    expect(written).toContain('<failure ');
  });

  it('an unknown reporter exits 2', async () => {
    const out = await licensim('test', join(dir, 'failing.yaml'), '--reporter', 'tap');
    expect(out.code).toBe(2);
    noStackTrace(out.stderr);
  });
});

describe('the CLI in-process', () => {
  it("one call's exit code does not leak into the next call, nor into process.exitCode", async () => {
    const before = process.exitCode;
    const failed = await licensim('test', join(dir, 'failing.yaml'));
    const passed = await licensim('validate', join(dir, 'good.yaml'));
    const usage = await licensim('simulate');
    const helped = await licensim('--version');
    expect([failed.code, passed.code, usage.code, helped.code]).toEqual([1, 0, 2, 0]);
    expect(process.exitCode).toBe(before);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
