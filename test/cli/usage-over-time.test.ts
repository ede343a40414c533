import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, usageCsvColumns } from '../../src/report/usage-csv.js';
import { traceKinds } from '../../src/trace/record-kinds.js';
import { policyYaml, scenarioYaml, writeFixture } from '../support/build.js';
import { expectValidReport, licensim } from '../support/cli.js';

/** A small, busy pool over two days in New York: refused often, with alerts and a lifecycle. */
const busy = policyYaml(
  {
    timeZone: 'America/New_York',
    sites: [{ id: 'site-a' }],
    licenses: [{ id: 'key', count: 5, term: 'perpetual' }],
    pools: [{ id: 'pool', licenses: ['key'] }],
    alerts: { usage: { warning: 0.8, critical: 0.95 } },
  },
  'busy',
);
const load = scenarioYaml(
  {
    start: '2026-03-02T05:00:00Z',
    duration: 'P2D',
    seed: 3,
    policy: 'busy.yaml',
    load: [{ id: 'admins', users: 30, arrivals: { perHour: 20 }, holding: { mean: 'PT20M' } }],
    expect: [{ deniedAtLeast: 1, rule: 'pool-session-limit' }],
  },
  'load',
);

let dir: string;
beforeAll(async () => {
  dir = await writeFixture({ 'busy.yaml': busy, 'load.yaml': load });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('usage over time in the JSON report', () => {
  it('carries the downsampled series, whose highest point is the peak, daily peaks and denials by hour and weekday', async () => {
    const out = await licensim('simulate', join(dir, 'load.yaml'), '--format', 'json');
    const report = JSON.parse(out.stdout);
    expectValidReport(report);
    const [pool] = report.scenarios[0].pools;
    expect(pool.overTime.bucketSeconds).toBe(900);
    expect(pool.overTime.points).toHaveLength(192);
    expect(Math.max(...pool.overTime.points.map((p: { max: number }) => p.max))).toBe(pool.peak);
    // Local days of New York: the run starts at midnight there.
    expect(pool.dailyPeaks.map((d: { date: string }) => d.date)).toEqual(['2026-03-02', '2026-03-03']);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(pool.deniedByHour)).toBe(pool.denied);
    expect(sum(pool.deniedByWeekday)).toBe(pool.denied);
    expect(pool.deniedByWeekday.slice(2)).toEqual([0, 0, 0, 0, 0]);
    expect(sum(pool.dailyPeaks.map((d: { denied: number }) => d.denied))).toBe(pool.denied);
    expect([pool.usageWarning, pool.usageCritical]).toEqual([0.8, 0.95]);
  });
});

describe('--format csv', () => {
  it('writes one long table: interval, day, hour and weekday rows per pool, agreeing with the JSON report', async () => {
    const csv = await licensim('simulate', join(dir, 'load.yaml'), '--format', 'csv');
    const json = JSON.parse((await licensim('simulate', join(dir, 'load.yaml'), '--format', 'json')).stdout);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...usageCsvColumns]);
    const of = (kind: string) => rows.filter((r) => r.kind === kind);
    const pool = json.scenarios[0].pools[0];
    expect(of('interval')).toHaveLength(pool.overTime.points.length);
    expect(of('interval')[0]).toEqual({
      scenario: 'load',
      policy: 'busy',
      pool: 'pool',
      kind: 'interval',
      key: '2026-03-02T05:00:00.000Z',
      min: '0',
      max: String(pool.overTime.points[0].max),
      peak: '',
      denied: String(pool.overTime.points[0].denied),
    });
    expect(of('day').map((r) => [r.key, Number(r.peak), Number(r.denied)])).toEqual(
      pool.dailyPeaks.map((d: { date: string; peak: number; denied: number }) => [d.date, d.peak, d.denied]),
    );
    expect(of('hour').map((r) => r.key)).toEqual(
      Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
    );
    expect(of('hour').map((r) => Number(r.denied))).toEqual(pool.deniedByHour);
    expect(of('weekday').map((r) => r.key)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
  });

  it('quotes cells as RFC 4180 does and defuses names a spreadsheet would run as formulas', () => {
    expect(cell('plain')).toBe('plain');
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(cell('-1+2')).toBe("'-1+2");
  });
});

describe('--trace-filter', () => {
  it('keeps only the kinds of trace line named: deny, transition, alert for an auditor', async () => {
    const trace = join(dir, 'audit.jsonl');
    const out = await licensim(
      'simulate',
      join(dir, 'load.yaml'),
      '--trace',
      trace,
      '--trace-filter',
      'deny,transition,alert',
    );
    expect(out.code).toBe(0);
    const types = (await readFile(trace, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).type as string);
    expect(new Set(types)).toEqual(new Set(['deny', 'transition', 'alert']));
    const all = join(dir, 'all.jsonl');
    await licensim('simulate', join(dir, 'load.yaml'), '--trace', all);
    const everything = (await readFile(all, 'utf8')).trimEnd().split('\n');
    const kept = everything.filter((l) => ['deny', 'transition', 'alert'].includes(JSON.parse(l).type));
    expect(types).toHaveLength(kept.length);
    expect(types.length).toBeLessThan(everything.length);
  });

  it('keeps raised and cleared alerts apart', async () => {
    const trace = join(dir, 'cleared.jsonl');
    await licensim('simulate', join(dir, 'load.yaml'), '--trace', trace, '--trace-filter', 'alert-cleared');
    const types = new Set(
      (await readFile(trace, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).type),
    );
    expect(types).toEqual(new Set(['alert-cleared']));
  });

  it('refuses an unknown kind with exit code 2, naming every kind', async () => {
    const out = await licensim(
      'simulate',
      join(dir, 'load.yaml'),
      '--trace',
      join(dir, 'x.jsonl'),
      '--trace-filter',
      'deny,denial',
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--trace-filter: no record kind 'denial'");
    for (const kind of traceKinds) expect(out.stderr).toContain(kind);
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });

  it('needs --trace', async () => {
    const out = await licensim('simulate', join(dir, 'load.yaml'), '--trace-filter', 'deny');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--trace-filter needs --trace');
  });
});
