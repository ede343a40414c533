import { type BusyHour, busyHourOf } from '../analysis/busy-hour.js';
import { concurrency } from '../analysis/pool-usage.js';
import type { PoolUsageOverTime } from '../analysis/usage-over-time.js';
import { displayPath } from '../config/display-path.js';
import type { Report, ScenarioRunReport } from '../config/schema/report.js';
import type { Run } from '../model/bind.js';
import { formatInstant } from '../model/time.js';
import type { RunOutput } from './execute.js';

/** The JSON report of one run: the analyses' results in the report's shape, instants as ISO 8601. */
export function runReport(
  run: Run,
  { stats, results }: RunOutput,
  expectations: ScenarioRunReport['expectations'],
): ScenarioRunReport {
  const { scenario, policy } = run;
  const at = formatInstant;
  const {
    usage,
    capacity,
    lifecycle,
    alerts,
    denials,
    failovers,
    licenseEvents,
    leases,
    autoLeasing,
    servers,
    entitlements,
    keyDownloads,
    usageOverTime,
    busyHour,
  } = results;
  return {
    scenario: scenario.name,
    file: displayPath(scenario.file),
    policy: policy.name,
    policyFile: displayPath(policy.file),
    timeZone: policy.timeZone,
    seed: scenario.seed,
    start: at(scenario.startMs),
    end: at(scenario.endMs),
    exercises: [...scenario.exercises],
    pools: usage.pools.map((p, i) => {
      const c = capacity[i]!;
      const { mean, p95 } = concurrency(p);
      const offered = p.admitted + p.denied;
      return {
        id: p.id,
        capacity: c.overTime.items[0]?.capacity ?? c.end,
        capacityAtEnd: c.end,
        capacityMin: c.min ?? c.end,
        capacityOverTime: c.overTime.items.map((x) => ({
          ...x,
          at: at(x.at),
          // The levels the usage rules weigh sessions in use against (W11), for charts to draw as they are.
          warningLevel: level(x.capacity, policy.alerts.usageWarning),
          criticalLevel: level(x.capacity, policy.alerts.usageCritical),
        })),
        peak: p.peak,
        mean: round(mean),
        p95,
        admitted: p.admitted,
        denied: p.denied,
        unavailable: p.unavailable,
        denialRate: round(offered > 0 ? p.denied / offered : 0),
        endedEarly: { ...p.endedBy },
        secondsAboveWarning: p.timeAbove['usage-warning'] / 1000,
        secondsAboveCritical: p.timeAbove['usage-critical'] / 1000,
        secondsOverLimit: p.timeAbove['over-limit'] / 1000,
        usageWarning: policy.alerts.usageWarning,
        usageCritical: policy.alerts.usageCritical,
        ...overTimeReport(usageOverTime.pools[i]!),
        busyHour: busyHourReport(busyHourOf(busyHour, [busyHour.pools[i]!])),
      };
    }),
    lifecycle: lifecycle.items.map((t) => ({ ...t, at: at(t.at) })),
    alerts: alerts.raised.items.map((a) => ({ ...a, at: at(a.at), facts: { ...a.facts } })),
    alertCounts: alerts.counts.flatMap((counts, i) =>
      Object.entries(counts).map(([kind, count]) => ({ pool: policy.pools[i]!.id, kind, count: count! })),
    ),
    denials: denials.map((d) => ({
      ...d,
      first: { at: at(d.first.at), session: d.first.session, facts: { ...d.first.facts } },
    })),
    licenseEvents: licenseEvents.items.map((e) => ({ ...e, at: at(e.at) })),
    failovers: failovers.items.map((f) => ({ ...f, at: at(f.at) })),
    // Only a policy with license servers leases: other reports keep their shape.
    ...(policy.fleet === null
      ? {}
      : {
          leases: {
            clients: leases.clients.map(({ changes: _, ...c }) => ({ ...c, counts: { ...c.counts } })),
            decisions: leases.decisions.items.map((d) => ({ ...d, at: at(d.at), facts: { ...d.facts } })),
            dropped: leases.decisions.dropped,
          },
          autoLeasing: autoLeasing.items.map((s) => ({ ...s, at: at(s.at), facts: { ...s.facts } })),
        }),
    // Only HA pairs and virtual servers have lifecycles of their own (P8, P9).
    ...(policy.fleet?.servers.some((s) => s.ha !== null || s.heartbeat !== null)
      ? { servers: servers.items.map((t) => ({ ...t, at: at(t.at) })) }
      : {}),
    // Only a policy whose keys change over time has entitlement changes: other reports keep their shape.
    ...(policy.entitlements === null || policy.fleet !== null
      ? {}
      : {
          entitlements: {
            changes: entitlements.items.map((e) => ({ ...e, at: at(e.at) })),
            dropped: entitlements.dropped,
            // P13: only a policy that downloads its keys has downloads.
            ...(policy.entitlements.keyDownloads === null
              ? {}
              : {
                  keyDownloads: {
                    downloads: keyDownloads.items.map((d) => ({
                      ...d,
                      at: at(d.at),
                      next: d.next === null ? null : at(d.next),
                    })),
                    dropped: keyDownloads.dropped,
                  },
                }),
          },
        }),
    truncated: {
      lifecycle: lifecycle.dropped,
      alerts: alerts.raised.dropped,
      failovers: failovers.dropped,
      licenseEvents: licenseEvents.dropped,
      capacityOverTime: capacity.reduce((n, c) => n + c.overTime.dropped, 0),
    },
    expectations,
    passed: expectations.every((e) => e.passed),
    stats,
  };
}

/** A pool's usage over time in the report's shape: one point per bucket, instants as ISO 8601. */
function overTimeReport(p: PoolUsageOverTime) {
  const { start, bucketMs, min, max, denied } = p.series;
  return {
    overTime: {
      bucketSeconds: bucketMs / 1000,
      points: min.map((low, k) => ({
        at: formatInstant(start + k * bucketMs),
        min: low,
        max: max[k]!,
        denied: denied[k]!,
      })),
    },
    dailyPeaks: p.days.map((d) => ({ ...d })),
    deniedByHour: [...p.deniedByHour],
    deniedByWeekday: [...p.deniedByWeekday],
  };
}

/** A pool's busy hour in the report's shape, its instant as ISO 8601. */
/** A threshold share of a capacity, in sessions; null without a threshold. */
function level(capacity: number, share: number | null): number | null {
  return share === null ? null : capacity * share;
}

function busyHourReport(b: BusyHour | null): ScenarioRunReport['pools'][number]['busyHour'] {
  if (b === null) return null;
  return {
    ...b,
    at: formatInstant(b.at),
    denialRate: round(b.denialRate),
    concurrency: round(b.concurrency),
  };
}

/** The report of several scenario runs. */
export function combine(runs: readonly ScenarioRunReport[]): Report {
  return { licensim: 'v1', scenarios: [...runs], passed: runs.every((r) => r.passed) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
