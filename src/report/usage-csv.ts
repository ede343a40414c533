import type { Report } from '../config/schema/report.js';

/** The CSV's columns: one row per pool and point of a series; cells a row's kind does not have are empty. */
export const usageCsvColumns = [
  'scenario',
  'policy',
  'pool',
  'kind',
  'key',
  'min',
  'max',
  'peak',
  'denied',
] as const;

type Figures = { min?: number; max?: number; peak?: number; denied?: number };

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Every pool's usage over time as one long table for spreadsheets (pivot on `kind`): `interval` rows are
 * the downsampled concurrency (key: the bucket's start, ISO 8601 UTC; min and max held in it), `day` rows
 * the daily peaks (key: the date in the policy's zone), `hour` and `weekday` rows the denials by hour of
 * day (key 00–23) and day of week (key Mon–Sun) in that zone.
 */
export function renderUsageCsv(report: Report): string {
  const lines = [usageCsvColumns.join(',')];
  for (const run of report.scenarios) {
    for (const pool of run.pools) {
      const row = (kind: string, key: string, values: Figures) => {
        lines.push(
          [
            cell(run.scenario),
            cell(run.policy),
            cell(pool.id),
            kind,
            key,
            values.min ?? '',
            values.max ?? '',
            values.peak ?? '',
            values.denied ?? '',
          ].join(','),
        );
      };
      for (const p of pool.overTime.points) row('interval', p.at, p);
      for (const d of pool.dailyPeaks) row('day', d.date, d);
      for (const [h, denied] of pool.deniedByHour.entries())
        row('hour', String(h).padStart(2, '0'), { denied });
      for (const [d, denied] of pool.deniedByWeekday.entries()) row('weekday', weekdays[d]!, { denied });
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A text cell as RFC 4180 quotes it. A name a spreadsheet would read as a formula (starting with =, +, -,
 * @ or a control character) is prefixed with an apostrophe, so that opening the file runs nothing.
 */
export function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
