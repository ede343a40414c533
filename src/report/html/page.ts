import type { CoverageReport } from '../../config/schema/coverage.js';
import type { Report, ScenarioRunReport } from '../../config/schema/report.js';
import { localOfIso } from '../../model/time.js';
import { stateNames } from '../../vocabulary.js';
import { html, type SafeHtml } from './escape.js';
import { pageStyle } from './page-style.js';
import { concurrencyChart, dailyPeaksChart, deniedByHourChart, stateColours } from './pool-charts.js';

/** What an HTML report shows: runs, with an optional summary before them (an audit's import). */
export interface HtmlReport {
  readonly title: string;
  readonly runs: readonly ScenarioRunReport[];
  /** Label and value pairs shown before the runs. */
  readonly summary?: readonly (readonly [string, string | number])[];
  /** Files `licensim test` could not run. */
  readonly errors?: Report['errors'];
  /** `licensim test --coverage`: what the suite covered and what it left unexercised. */
  readonly coverage?: CoverageReport;
  readonly passed: boolean;
}

/**
 * One self-contained HTML file: styles inline, charts drawn as SVG when the report is written, so that it
 * opens from a file URL or a CI artifact with no network and no script (the content security policy
 * forbids both). Every string from input goes through `html`, which escapes it.
 */
export function renderHtmlReport(report: HtmlReport): string {
  const page = html`${pageHead(report.title)}
<body>
<header>
<h1>${report.title}</h1>
<p class="verdict ${report.passed ? 'good' : 'bad'}">${report.passed ? '✓ passed' : '✗ failed'}</p>
${summary(report)}
${legend()}
</header>
<nav><ul>${report.runs.map((run, i) => html`<li><a href="#run-${i}">${run.scenario} × ${run.policy}</a> ${mark(run.passed)}</li>`)}</ul></nav>
${errors(report.errors)}
${coverage(report.coverage)}
${report.runs.map(runSection)}
</body>
</html>
`;
  return page.text;
}

/**
 * The start of every page up to its body: inline styles, and a content security policy that forbids any
 * script or network, so that a page opened from a CI artifact can run nothing.
 */
export function pageHead(title: string): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${pageStyle}</style>
</head>`;
}

function mark(passed: boolean): SafeHtml {
  return passed ? html`<span class="good">✓</span>` : html`<span class="bad">✗</span>`;
}

function summary(report: HtmlReport): SafeHtml {
  if (!report.summary?.length) return html``;
  return html`<dl class="summary">${report.summary.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

function legend(): SafeHtml {
  return html`<p class="legend">
<span class="key usage"></span> concurrency (band: lowest to highest in each interval)
<span class="key capacity"></span> capacity
<span class="key warning"></span> warning
<span class="key critical"></span> critical
<span class="dot"></span> denials
${stateNames.map((s) => html`<span class="key band" style="background:${stateColours[s]}"></span> ${s} `)}
— hover a band, a dot or a rule for its reason.</p>`;
}

/** The three coverage shares, per policy what its runs covered, then everything they did not reach. */
function coverage(c: CoverageReport | undefined): SafeHtml {
  if (c === undefined) return html``;
  const share = (s: { covered: number; total: number; percent: number; below: boolean }) =>
    html`<td class="n">${s.covered}/${s.total}</td><td class="n ${s.below ? 'bad' : ''}">${s.percent.toFixed(1)}%</td>`;
  const unfiredIds = c.ruleIds.items.filter((i) => !i.fired);
  const untaken = c.transitions.items.filter((t) => !t.taken);
  const unfired = c.rules.items.filter((r) => !r.fired);
  const list = (title: string, items: readonly SafeHtml[]) =>
    items.length === 0 ? html`` : html`<h3>${title}</h3><ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
  return html`<section class="coverage" id="coverage">
<h2>Coverage${c.threshold === null ? '' : html` ${c.passed ? html`<span class="good">✓</span>` : html`<span class="bad">✗</span>`} threshold ${c.threshold}%`}</h2>
<table>
<thead><tr><th></th><th>covered</th><th>share</th></tr></thead>
<tbody>
<tr><td>rule IDs</td>${share(c.ruleIds)}</tr>
<tr><td>lifecycle transitions</td>${share(c.transitions)}</tr>
<tr><td>json-rules-engine rules</td>${share(c.rules)}</tr>
</tbody>
</table>
<table>
<thead><tr><th>policy</th><th>transitions</th><th>rules</th></tr></thead>
<tbody>${c.policies.map(
    (p) =>
      html`<tr><td>${p.policy}</td><td class="n">${p.transitions.covered}/${p.transitions.total}</td><td class="n">${p.rules.covered}/${p.rules.total}</td></tr>`,
  )}</tbody>
</table>
${list(
  'Rule IDs no trace record carried',
  unfiredIds.map((i) => html`<code>${i.id}</code> (named by ${i.namedBy.join(', ')})`),
)}
${list(
  'Transitions never taken',
  untaken.map((t) => html`${t.policy}: <code>${t.machine}: ${t.from} --${t.event}--&gt; ${t.to}</code>`),
)}
${list(
  'Rules that never fired',
  unfired.map((r) => html`${r.policy}: <code>${r.ruleSet}/${r.rule}</code> [${r.ruleIds}]`),
)}
</section>`;
}

function errors(list: HtmlReport['errors']): SafeHtml {
  if (!list?.length) return html``;
  return html`<section class="errors"><h2>Files that could not be run</h2>${list.map(
    (e) =>
      html`<h3>${e.file}</h3><ul>${e.diagnostics.map(
        (d) =>
          html`<li class="${d.severity === 'error' ? 'bad' : 'warn'}"><code>${d.file}:${d.line}:${d.column}</code> ${d.message}</li>`,
      )}</ul>`,
  )}</section>`;
}

function runSection(run: ScenarioRunReport, index: number): SafeHtml {
  const zone = run.timeZone;
  const local = (iso: string) => localOfIso(iso, zone);
  return html`<section class="run" id="run-${index}">
<h2>${mark(run.passed)} ${run.scenario} × ${run.policy}</h2>
<p class="meta">${run.file} · ${run.policyFile} · ${local(run.start)} → ${local(run.end)} (${zone}) · seed ${run.seed}</p>
${expectations(run)}
<table>
<thead><tr><th>pool</th><th>capacity</th><th>peak</th><th>mean</th><th>p95</th><th>admitted</th><th>denied</th><th>denial rate</th></tr></thead>
<tbody>${run.pools.map(
    (p) =>
      html`<tr><td>${p.id}</td><td class="n">${p.capacity}</td><td class="n">${p.peak}</td><td class="n">${p.mean}</td><td class="n">${p.p95}</td><td class="n">${p.admitted}</td><td class="n ${p.denied > 0 ? 'bad' : ''}">${p.denied}</td><td class="n">${p.denialRate}</td></tr>`,
  )}</tbody>
</table>
${run.pools.map(
  (p) => html`<figure class="pool">
<figcaption>Pool ${p.id}: concurrency over time (intervals of ${p.overTime.bucketSeconds} s, peak ${p.peak})</figcaption>
${concurrencyChart(run, p)}
<div class="pair">
<div><h4>Daily peaks (${zone})</h4>${dailyPeaksChart(p)}</div>
<div><h4>Denials by hour of day (${zone})</h4>${p.denied > 0 ? deniedByHourChart(p) : html`<p class="note">No denials.</p>`}</div>
</div>
</figure>`,
)}
${lifecycle(run, local)}
${alerts(run, local)}
${denials(run, local)}
</section>`;
}

function expectations(run: ScenarioRunReport): SafeHtml {
  if (run.expectations.length === 0) return html`<p>No expectations.</p>`;
  return html`<h3>Expectations</h3><table class="expectations">
<thead><tr><th></th><th>expectation</th><th>expected</th><th>actual</th><th>where</th></tr></thead>
<tbody>${run.expectations.map(
    (e) =>
      html`<tr class="${e.passed ? '' : 'failed'}"><td>${mark(e.passed)}</td><td>${e.description}</td><td>${e.expected}</td><td>${String(e.actual)}</td><td><code>${e.location}</code></td></tr>`,
  )}</tbody></table>`;
}

function lifecycle(run: ScenarioRunReport, local: (iso: string) => string): SafeHtml {
  if (run.lifecycle.length === 0) return html``;
  return html`<h3>Lifecycle</h3><table>
<thead><tr><th>at</th><th>pool</th><th>from</th><th>to</th><th>event</th><th>reason</th><th>rule</th></tr></thead>
<tbody>${run.lifecycle.map(
    (t) =>
      html`<tr><td>${local(t.at)}</td><td>${t.pool}</td><td>${t.from ?? '—'}</td><td><span class="state" style="border-color:${stateColours[t.to]}">${t.to}</span></td><td>${t.event}</td><td>${t.reason}</td><td>${t.rule ?? ''} ${t.ruleIds}</td></tr>`,
  )}</tbody></table>`;
}

function alerts(run: ScenarioRunReport, local: (iso: string) => string): SafeHtml {
  if (run.alertCounts.length === 0) return html``;
  return html`<h3>Alerts</h3>
<p>${run.alertCounts.map((c) => html`<span class="count">${c.kind} ×${c.count} (${c.pool})</span> `)}</p>
<table><thead><tr><th>at</th><th>pool</th><th>kind</th><th>message</th><th>rule</th></tr></thead>
<tbody>${run.alerts.map(
    (a) =>
      html`<tr><td>${local(a.at)}</td><td>${a.pool}</td><td>${a.kind}</td><td>${a.message}</td><td>${a.rule ?? ''} ${a.ruleIds}</td></tr>`,
  )}</tbody></table>
${run.truncated.alerts > 0 ? html`<p class="note">… and ${run.truncated.alerts} more alerts not listed.</p>` : ''}`;
}

function denials(run: ScenarioRunReport, local: (iso: string) => string): SafeHtml {
  if (run.denials.length === 0) return html``;
  return html`<h3>Denials by rule</h3><table>
<thead><tr><th>pool</th><th>count</th><th>message</th><th>rule</th><th>first</th></tr></thead>
<tbody>${run.denials.map(
    (d) =>
      html`<tr><td>${d.pool}</td><td class="n bad">${d.count}</td><td>${d.message}</td><td>${d.rule ?? ''} ${d.ruleIds}</td><td>${local(d.first.at)}, session #${d.first.session}</td></tr>`,
  )}</tbody></table>`;
}
