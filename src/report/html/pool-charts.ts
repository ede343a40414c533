import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { DateTime } from 'luxon';
import type { ScenarioRunReport } from '../../config/schema/report.js';
import { localOfIso } from '../../model/time.js';
import type { StateName } from '../../vocabulary.js';
import { SafeHtml } from './escape.js';

type PoolReport = ScenarioRunReport['pools'][number];

/** Lifecycle states as coloured bands, in the tones of the text report. */
export const stateColours: Record<StateName, string> = {
  trial: '#17a2b8',
  active: '#2e9e4f',
  grace: '#e0a800',
  'restricted-access': '#d9822b',
  expired: '#c62828',
};

const colours = {
  usage: '#3b6db3',
  capacity: '#222',
  warning: '#e0a800',
  critical: '#c62828',
  denied: '#c62828',
};

/** A document for the chart library to build SVG in: charts are drawn here, so the page needs no script. */
const { document } = parseHTML('<!doctype html><html><body></body></html>');

const svgOf = (chart: Element) => new SafeHtml(chart.outerHTML);

/**
 * A pool's concurrency over time against its capacity and the warning and critical thresholds: the band
 * between the lowest and highest level of each bucket, its highest level as a line, denials as red dots,
 * alerts as thin rules, and the lifecycle's states as coloured bands behind, each with its reason on hover.
 */
export function concurrencyChart(run: ScenarioRunReport, pool: PoolReport): SafeHtml {
  const zone = run.timeZone;
  // The axis reads the policy's wall clock, as the daily and hourly charts and the tables do: each
  // instant is placed at its local time, drawn on a UTC scale.
  const wall = (iso: string) => {
    const ms = Date.parse(iso);
    return new Date(ms + DateTime.fromMillis(ms, { zone }).offset * 60_000);
  };
  const end = wall(run.end);
  const points = pool.overTime.points.map((p) => ({ ...p, at: wall(p.at), iso: p.at }));
  // A step chart needs the level up to the end of the run: the last bucket's levels again at the end.
  const steps = [...points, { ...points.at(-1)!, at: end }];
  const last = pool.capacityOverTime.at(-1);
  const capacity = [
    ...pool.capacityOverTime.map((c) => ({ ...c, at: wall(c.at) })),
    // The step lines run to the end of the run at the last levels.
    {
      at: end,
      capacity: pool.capacityAtEnd,
      reason: 'end of the run',
      warningLevel: last?.warningLevel ?? null,
      criticalLevel: last?.criticalLevel ?? null,
    },
  ];
  const states = run.lifecycle
    .filter((t) => t.pool === pool.id)
    .map((t, i, all) => ({
      from: wall(t.at),
      to: wall(all[i + 1]?.at ?? run.end),
      state: t.to,
      title: `${t.to} from ${localOfIso(t.at, zone)}: ${t.reason} (${t.event}${t.ruleIds ? `, ${t.ruleIds}` : ''})`,
    }));
  const alerts = run.alerts
    .filter((a) => a.pool === pool.id)
    .map((a) => ({
      at: wall(a.at),
      kind: a.kind,
      title: `${a.kind} at ${localOfIso(a.at, zone)}: ${a.message} [${a.rule ?? 'no rule'}, ${a.ruleIds}]`,
    }));
  const denied = points
    .filter((p) => p.denied > 0)
    .map((p) => ({ ...p, title: `${p.denied} denied from ${localOfIso(p.iso, zone)}` }));
  const threshold = (
    key: 'warningLevel' | 'criticalLevel',
    share: number | null,
    stroke: string,
    name: string,
  ) =>
    share === null
      ? null
      : Plot.line(capacity, {
          x: 'at',
          // The level as the report gives it: the share of the capacity in force.
          y: key,
          curve: 'step-after',
          stroke,
          strokeDasharray: '6 3',
          title: () => `${name}: ${Math.round(share * 100)} % of capacity`,
        });
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: 960,
    height: 300,
    marginLeft: 50,
    x: { type: 'utc', label: `time (${zone})`, tickFormat: '%d %b %H:%M', ticks: 8 },
    y: { grid: true, label: 'concurrent sessions', nice: true, zero: true },
    marks: [
      Plot.rect(states, {
        x1: 'from',
        x2: 'to',
        fill: (d: { state: StateName }) => stateColours[d.state],
        fillOpacity: 0.14,
        title: 'title',
      }),
      Plot.areaY(steps, {
        x: 'at',
        y1: 'min',
        y2: 'max',
        curve: 'step-after',
        fill: colours.usage,
        fillOpacity: 0.35,
      }),
      Plot.line(steps, { x: 'at', y: 'max', curve: 'step-after', stroke: colours.usage, strokeWidth: 1.2 }),
      Plot.line(capacity, {
        x: 'at',
        y: 'capacity',
        curve: 'step-after',
        stroke: colours.capacity,
        strokeWidth: 1.5,
        title: () => 'capacity',
      }),
      threshold('warningLevel', pool.usageWarning, colours.warning, 'warning'),
      threshold('criticalLevel', pool.usageCritical, colours.critical, 'critical'),
      Plot.ruleX(alerts, {
        x: 'at',
        stroke: (a: { kind: string }) => (a.kind === 'usage-warning' ? colours.warning : colours.critical),
        strokeOpacity: 0.12,
        title: 'title',
      }),
      Plot.dot(denied, { x: 'at', y: 'max', r: 3, fill: colours.denied, title: 'title' }),
      Plot.ruleY([0]),
    ],
  });
  return svgOf(chart);
}

/** The peak of each day of the policy's zone, with the days that had denials in red. */
export function dailyPeaksChart(pool: PoolReport): SafeHtml {
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: 470,
    height: 200,
    marginLeft: 50,
    x: { type: 'band', label: 'day', tickFormat: (d: string) => d.slice(5) },
    y: { grid: true, label: 'daily peak' },
    marks: [
      Plot.barY(pool.dailyPeaks, {
        x: 'date',
        y: 'peak',
        fill: (d: { denied: number }) => (d.denied > 0 ? colours.denied : colours.usage),
        title: (d: { date: string; peak: number; denied: number }) =>
          `${d.date}: peak ${d.peak}, ${d.denied} denied`,
      }),
      Plot.ruleY([0]),
    ],
  });
  return svgOf(chart);
}

/** Denials by hour of the day in the policy's zone. */
export function deniedByHourChart(pool: PoolReport): SafeHtml {
  const hours = pool.deniedByHour.map((denied, hour) => ({ hour: String(hour).padStart(2, '0'), denied }));
  const chart = Plot.plot({
    document: document as unknown as Document,
    width: 470,
    height: 200,
    marginLeft: 50,
    x: { type: 'band', label: 'hour of day' },
    y: { grid: true, label: 'denied' },
    marks: [
      Plot.barY(hours, {
        x: 'hour',
        y: 'denied',
        fill: colours.denied,
        title: (d: { hour: string; denied: number }) => `${d.hour}:00: ${d.denied} denied`,
      }),
      Plot.ruleY([0]),
    ],
  });
  return svgOf(chart);
}
