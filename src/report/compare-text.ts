import { printableDeep } from '../config/printable.js';
import type { ComparisonReport } from '../run/compare.js';
import { percent, rateInterval, targetMetricWords } from './rates.js';
import { table } from './table.js';

/** `compare` for people: one row per pool, grouped by policy, each rate with its 95% interval. */
export function renderComparison(given: ComparisonReport): string {
  const c = printableDeep(given).comparison;
  const warmUp = c.warmUpHours > 0 ? `, the first ${c.warmUpHours} h of each left out (warm-up)` : '';
  const rows = c.policies.flatMap((p) =>
    p.pools.map((pool, i) => [
      i === 0 ? p.policy : '',
      i === 0 ? String(p.licensed) : '',
      pool.id,
      String(pool.licensed),
      rateInterval(pool.denialRate),
      rateInterval(pool.busyHourDenialRate),
      pool.concurrency.mean.toFixed(1),
      `${pool.peak.mean.toFixed(0)} (${pool.peak.p95.toFixed(0)})`,
    ]),
  );
  return [
    `Comparison: scenario ${c.scenario} (${c.file})`,
    `  ${c.replications} replications per policy, the same seeds for every policy${warmUp}`,
    '',
    table(
      [
        'policy',
        'sessions',
        'pool',
        'licensed',
        'denial rate (95% CI)',
        'busy-hour denial rate',
        'mean in use',
        'peak (p95)',
      ],
      rows,
      'lrlrllrr',
    ),
    '',
    'sessions: licensed over all pools at the start. Rates: mean over the replications (95% interval of the',
    'mean). Busy hour: the hour of highest offered load. Peak: mean of the replications (95th percentile).',
    ...recommendation(c),
    '',
  ].join('\n');
}

/** With a target: which policies meet it, and the one to buy. */
function recommendation(c: ComparisonReport['comparison']): string[] {
  if (c.target === undefined || c.recommendation === undefined) return [];
  const words = targetMetricWords[c.target.metric];
  const meeting = c.policies.filter((p) => p.meetsTarget).map((p) => p.policy);
  const { policy, reason } = c.recommendation;
  return [
    '',
    `Target: ${words} at most ${percent(c.target.atMost)} in every pool, by the upper end of its 95% interval.`,
    `  met by: ${meeting.length > 0 ? meeting.join(', ') : 'none'}`,
    policy === null ? `Recommendation: none; ${reason}.` : `Recommendation: ${policy}: ${reason}.`,
  ];
}
