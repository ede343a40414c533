import type { Summary } from '../analysis/replication-stats.js';
import type { ReplicationMetric, ReplicationReport } from '../run/replications.js';
import { table } from './table.js';

const metricWords: Record<ReplicationMetric, string> = {
  denialRate: 'denial rate',
  busyHourDenialRate: 'busy-hour denial rate',
  concurrency: 'mean concurrency',
  peak: 'peak',
};
const asPercent: Record<ReplicationMetric, boolean> = {
  denialRate: true,
  busyHourDenialRate: true,
  concurrency: false,
  peak: false,
};

/** The text report of replications: per policy, per pool, each metric's mean, interval and percentiles. */
export function renderReplications({ replications: r }: ReplicationReport): string {
  const out = [
    `Scenario ${r.scenario} (${r.file}), seed ${r.seed}: ${r.replications} replications` +
      (r.warmUpHours > 0 ? `, the first ${r.warmUpHours} h of each left out (warm-up)` : ''),
  ];
  for (const run of r.runs) {
    out.push('', `Policy ${run.policy}`);
    const rows = run.pools.flatMap((pool) =>
      (Object.keys(metricWords) as ReplicationMetric[]).map((m) => {
        const f = (x: number) => (asPercent[m] ? `${(x * 100).toFixed(2)}%` : x.toFixed(1));
        const s: Summary = pool[m];
        return [
          pool.id,
          metricWords[m],
          f(s.mean),
          `${f(s.ci95[0])} – ${f(s.ci95[1])}`,
          f(s.p5),
          f(s.p50),
          f(s.p95),
        ];
      }),
    );
    out.push(
      table(['pool', 'metric', 'mean', '95 % interval of the mean', 'p5', 'p50', 'p95'], rows, 'llrrrrr')
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  return `${out.join('\n')}\n`;
}
