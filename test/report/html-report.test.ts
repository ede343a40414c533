import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/config/schema/report.js';
import { escapeHtml, html } from '../../src/report/html/escape.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { writeFixture } from '../support/build.js';
import { licensim } from '../support/cli.js';
import { hostile, PAYLOAD } from '../support/html-report.js';

let dir: string;
let report: Report;
beforeAll(async () => {
  dir = await writeFixture({});
  report = JSON.parse((await licensim('simulate', 'scenarios/wallix-trial.yaml', '--format', 'json')).stdout);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The opening tags of a page, by name. */
const tags = (page: string) => [...page.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());

describe('the HTML report', () => {
  it("draws time on the policy's wall clock: a local midnight tick stands where local midnight is", () => {
    const page = renderHtmlReport({ title: 't', runs: report.scenarios, passed: true });
    const { document } = parseHTML(page);
    const svg = document.querySelector('figure svg')!;
    expect(svg.textContent).toContain('time (Europe/Paris)');
    // The state bands: the trial from the run's start (2026-02-02 09:00 +01:00), expired from
    // 2026-03-04 09:00 +01:00, 30 days later: they give the scale in pixels per hour.
    const [trial, expired] = [...svg.querySelectorAll('rect')].map((r) => Number(r.getAttribute('x')));
    const perHour = (expired! - trial!) / (30 * 24);
    const tick = [...svg.querySelectorAll('text')].find((t) => t.textContent === '08 Feb 00:00')!;
    const x = Number(/translate\(([\d.]+),/.exec(tick.getAttribute('transform')!)![1]);
    // Local midnight of 8 February is 5 days 15 hours after the start; UTC midnight would be an hour later.
    expect(Math.abs(x - (trial! + (5 * 24 + 15) * perHour))).toBeLessThan(0.25 * perHour);
  });

  it('shows every name and message from input as text: a policy named <img src=x onerror=alert(1)> is no tag', () => {
    const page = renderHtmlReport({ title: PAYLOAD, runs: [hostile(report.scenarios[0]!)], passed: false });
    expect(page).toContain(escapeHtml(PAYLOAD));
    expect(page).not.toContain('<img');
    expect(tags(page)).not.toContain('img');
    // Every attribute holding input is quoted and escaped: no raw quote or angle bracket gets out.
    expect(page).not.toMatch(/onerror=alert\(1\)>/);
  });

  it('is one self-contained file: no script, no link, nothing fetched, and a policy that forbids both', () => {
    const page = renderHtmlReport({ title: 'trial', runs: report.scenarios, passed: report.passed });
    expect(tags(page)).not.toContain('script');
    expect(tags(page)).not.toContain('link');
    expect(page).not.toMatch(/\b(src|href)="(?!#)/);
    expect(page).not.toMatch(/url\(/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('W11: the JSON report gives the threshold levels with each capacity, for charts to draw as they are', async () => {
    const out = await licensim('simulate', 'scenarios/wallix-limits-and-alerts.yaml', '--format', 'json');
    const [first] = (JSON.parse(out.stdout) as Report).scenarios[0]!.pools[0]!.capacityOverTime;
    // The policy warns at 80 % and 95 % of its 500 sessions.
    expect(first).toMatchObject({ capacity: 500, warningLevel: 400, criticalLevel: 475 });
    const none = report.scenarios[0]!.pools[0]!.capacityOverTime[0]!;
    expect([none.warningLevel, none.criticalLevel]).toEqual([null, null]);
  });

  it('draws each pool: a concurrency chart with its capacity, thresholds, states, denials and daily peaks', () => {
    const given = report.scenarios[0]!;
    // With thresholds, which the trial policy does not set: their shares and levels, as the report gives them.
    const run = {
      ...given,
      pools: given.pools.map((p) => ({
        ...p,
        usageWarning: 0.8,
        usageCritical: 0.95,
        capacityOverTime: p.capacityOverTime.map((c) => ({
          ...c,
          warningLevel: c.capacity * 0.8,
          criticalLevel: c.capacity * 0.95,
        })),
      })),
    };
    const page = renderHtmlReport({ title: 'trial', runs: [run], passed: run.passed });
    const pool = run.pools[0]!;
    // A concurrency chart, daily peaks and denials by hour per pool.
    expect(page.match(/<svg /g)).toHaveLength(3 * run.pools.length);
    // One red dot per interval with denials, each with its count on hover.
    const buckets = pool.overTime.points.filter((p) => p.denied > 0);
    expect(buckets.length).toBeGreaterThan(0);
    expect(page.match(/<circle /g)).toHaveLength(buckets.length);
    for (const b of buckets) expect(page).toContain(`${b.denied} denied from`);
    // A band per lifecycle state, its reason on hover.
    for (const t of run.lifecycle) expect(page).toContain(escapeHtml(t.reason));
    expect(page).toContain('warning: 80 % of capacity');
    expect(page).toContain('critical: 95 % of capacity');
    for (const e of run.expectations) expect(page).toContain(escapeHtml(e.description));
  });

  it('escapes with html``: values become text, nested markup built by it stays markup', () => {
    expect(html`<p>${'<b>&"\''}</p>`.text).toBe('<p>&lt;b&gt;&amp;&quot;&#39;</p>');
    expect(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.text).toBe(
      '<ul><li>a</li><li>b</li></ul>',
    );
  });
});

describe('--format html', () => {
  it('simulate --out writes the page atomically, the same as on standard output', async () => {
    const out = join(dir, 'report.html');
    const written = await licensim(
      'simulate',
      'scenarios/wallix-trial.yaml',
      '--format',
      'html',
      '--out',
      out,
    );
    expect(written.code).toBe(0);
    const shown = await licensim('simulate', 'scenarios/wallix-trial.yaml', '--format', 'html');
    expect(await readFile(out, 'utf8')).toBe(shown.stdout);
    expect(shown.stdout).toMatch(/^<!doctype html>/);
  });

  it('test --format html reports every run with its expectations', async () => {
    const r = await licensim('test', 'scenarios/wallix-trial.yaml', '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wallix-trial × wallix-unlicensed-trial');
    expect(r.stdout).toContain('Expectations');
  });

  it('audit --format html shows the log import and the replay', async () => {
    const r = await licensim(
      'audit',
      '--policy',
      'policies/flexlm-solver.yaml',
      '--usage',
      'test/audit/fixtures/three-users.log',
      '--format',
      'html',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('users by user-host (L1)');
    expect(r.stdout.match(/<svg /g)!.length).toBeGreaterThanOrEqual(2);
  });
});
