import type { Summary } from '../analysis/replication-stats.js';
import type { SearchMetricName } from '../run/capacity-search.js';

/** A target's metric as a sentence names it. */
export const targetMetricWords: Record<SearchMetricName, string> = {
  'denial-rate': 'denial rate',
  'busy-hour-denial-rate': 'busy-hour denial rate',
};

/** A share as a percentage with two decimals: 0.0123 → 1.23%. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

/** A rate's mean and 95 % interval; the interval is cut to 0–100 %, which a rate cannot leave. */
export function rateInterval(s: Summary): string {
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return `${percent(s.mean)} (${percent(clamp(s.ci95[0]))}–${percent(clamp(s.ci95[1]))})`;
}
