import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ComparisonReport } from '../../run/compare.js';
import { percent, rateInterval, targetMetricWords } from '../rates.js';
import { html, SafeHtml } from './escape.js';
import { pageHead } from './page.js';

/** A document for the chart library to build SVG in: the page needs no script. */
const { document } = parseHTML('<!doctype html><html><body></body></html>');

const metrics = [
  ['denialRate', 'Denial rate over the run'],
  ['busyHourDenialRate', 'Denial rate in the busy hour'],
] as const;

/**
 * `compare --format html`: one self-contained page, as the run reports are (styles inline, charts as SVG,
 * no script or network). The table of the text output, then each rate per pool and policy as a dot (the
 * mean) on its 95 % interval, with the target as a dashed line when one was given.
 */
export function renderComparisonPage(report: ComparisonReport): string {
  const c = report.comparison;
  const title = `licensim compare: ${c.scenario}`;
  const rec = c.recommendation;
  const page = html`${pageHead(title)}
<body>
<header>
<h1>${title}</h1>
<dl class="summary">
<dt>scenario</dt><dd>${c.scenario} (${c.file}), seed ${c.seed}</dd>
<dt>replications</dt><dd>${c.replications} per policy, the same seeds for every policy${c.warmUpHours > 0 ? `, the first ${c.warmUpHours} h of each left out (warm-up)` : ''}</dd>
${c.target === undefined ? '' : html`<dt>target</dt><dd>${targetMetricWords[c.target.metric]} at most ${percent(c.target.atMost)} in every pool, by the upper end of its 95% interval</dd>`}
${rec === undefined ? '' : html`<dt>recommendation</dt><dd class="${rec.policy === null ? 'bad' : 'good'}">${rec.policy ?? 'none'}: ${rec.reason}</dd>`}
</dl>
</header>
<section class="run">
<table>
<thead><tr><th>policy</th><th>sessions</th><th>pool</th><th>licensed</th><th>denial rate (95% CI)</th><th>busy-hour denial rate (95% CI)</th><th>mean in use</th><th>peak (p95)</th>${c.target === undefined ? '' : html`<th>meets target</th>`}</tr></thead>
<tbody>${c.policies.flatMap((p) =>
    p.pools.map(
      (pool, i) =>
        html`<tr><td>${i === 0 ? p.policy : ''}</td><td class="n">${i === 0 ? p.licensed : ''}</td><td>${pool.id}</td><td class="n">${pool.licensed}</td><td class="n">${rateInterval(pool.denialRate)}</td><td class="n">${rateInterval(pool.busyHourDenialRate)}</td><td class="n">${pool.concurrency.mean.toFixed(1)}</td><td class="n">${pool.peak.mean.toFixed(0)} (${pool.peak.p95.toFixed(0)})</td>${
          c.target === undefined
            ? ''
            : html`<td>${i === 0 ? (p.meetsTarget ? html`<span class="good">✓</span>` : html`<span class="bad">✗</span>`) : ''}</td>`
        }</tr>`,
    ),
  )}</tbody>
</table>
${metrics.map(([metric, caption]) => html`<figure class="pool"><figcaption>${caption}: mean and 95% interval over the replications</figcaption>${rateChart(report, metric)}</figure>`)}
</section>
</body>
</html>
`;
  return page.text;
}

/** One row per policy and pool: the interval as a rule, the mean as a dot, the target as a dashed line. */
function rateChart(report: ComparisonReport, metric: (typeof metrics)[number][0]): SafeHtml {
  const c = report.comparison;
  const rows = c.policies.flatMap((p) =>
    p.pools.map((pool) => {
      const s = pool[metric];
      const clamp = (x: number) => Math.min(1, Math.max(0, x));
      return {
        label: `${p.policy} · ${pool.id}`,
        mean: s.mean,
        lo: clamp(s.ci95[0]),
        hi: clamp(s.ci95[1]),
        title: `${p.policy}, pool ${pool.id}: ${rateInterval(s)}`,
      };
    }),
  );
  const target = targetMetric(c) === metric ? c.target!.atMost : null;
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: 960,
    height: 40 + rows.length * 28,
    marginLeft: 320,
    x: {
      label: 'share of sessions refused',
      tickFormat: '%',
      grid: true,
      domain: [0, Math.max(target ?? 0, ...rows.map((r) => r.hi), 0.01)],
    },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.ruleY(rows, { y: 'label', x1: 'lo', x2: 'hi', stroke: '#3b6db3', strokeWidth: 3, title: 'title' }),
      Plot.dot(rows, { y: 'label', x: 'mean', fill: '#222', r: 4, title: 'title' }),
      ...(target === null ? [] : [Plot.ruleX([target], { stroke: '#c62828', strokeDasharray: '6 3' })]),
    ],
  });
  return new SafeHtml((chart as unknown as Element).outerHTML);
}

function targetMetric(c: ComparisonReport['comparison']): string | null {
  if (c.target === undefined) return null;
  return c.target.metric === 'denial-rate' ? 'denialRate' : 'busyHourDenialRate';
}
