import { Gauge, type OpenMetricsContentType, openMetricsContentType, Registry } from 'prom-client';
import type { GaugeReading, PoolGauges } from '../analysis/gauges.js';

/** Labels of every sample: which policy, product and pool the figure is of. */
const labelNames = ['policy', 'product', 'pool'] as const;

/**
 * W11's metrics under the monitoring guide's own names (000, "Prometheus Metrics for Licensing"), so
 * that dashboards and alert rules written for the real exporter read licensim's output unchanged.
 */
const metrics: readonly { name: string; help: string; value: (p: PoolGauges) => number | null }[] = [
  {
    name: 'wallix_license_sessions_total',
    help: 'Sessions the pool may use (its effective capacity).',
    value: (p) => p.sessionsTotal,
  },
  { name: 'wallix_license_sessions_used', help: 'Sessions in use.', value: (p) => p.sessionsUsed },
  {
    name: 'wallix_license_sessions_available',
    help: 'Sessions still available (0 when over the limit).',
    value: (p) => p.sessionsAvailable,
  },
  {
    name: 'wallix_license_days_to_expiry',
    help: "Whole days until the pool's valid licenses end; absent when none is valid or none ends.",
    value: (p) => p.daysToExpiry,
  },
  {
    name: 'wallix_license_status',
    help: 'License status: 0 invalid, 1 valid, 2 trial.',
    value: (p) => p.status,
  },
];

/**
 * The gauges of one or more runs as OpenMetrics text (ending in `# EOF`), for node_exporter's textfile
 * collector or a Pushgateway. Rendered by prom-client on a registry of its own, never the global one.
 */
export async function renderOpenMetrics(readings: readonly GaugeReading[]): Promise<string> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(openMetricsContentType);
  for (const metric of metrics) {
    const gauge = new Gauge({ name: metric.name, help: metric.help, labelNames, registers: [registry] });
    for (const reading of readings) {
      for (const pool of reading.pools) {
        const value = metric.value(pool);
        if (value === null) continue;
        gauge.set({ policy: reading.policy, product: reading.product, pool: pool.pool }, value);
      }
    }
  }
  return registry.metrics();
}
