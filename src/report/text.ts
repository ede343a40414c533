import { printableDeep } from '../config/printable.js';
import type { Report, ScenarioRunReport } from '../config/schema/report.js';
import { localOfIso } from '../model/time.js';
import type { StateName } from '../vocabulary.js';
import { mark, plain, type Style, stateTone } from './style.js';
import { table } from './table.js';

/** Key downloads listed one by one up to this many; beyond, only where the interval changes. */
const KEY_DOWNLOAD_LINES = 24;

/** Lease decisions listed in the text report; the JSON report keeps more. */
const LEASE_DECISIONS_SHOWN = 12;

export interface TextOptions {
  /** How states, ✓/✗ and denials are marked; plain by default (the CLI colours them on a terminal). */
  readonly style?: Style;
}

/**
 * Renders a report for people: per-pool figures, lifecycle, alerts, denials with their rule, expectations.
 * Every string from the input files is made printable first (see `printable`).
 */
export function renderText(report: Report, options: TextOptions = {}): string {
  return renderReport(printableDeep(report), options.style ?? plain);
}

function renderReport(report: Report, style: Style): string {
  const out: string[] = [];
  const byScenario = groupBy(report.scenarios, (r) => r.file);
  for (const runs of byScenario.values()) {
    const first = runs[0]!;
    const at = (iso: string) => localOfIso(iso, first.timeZone);
    out.push(`Scenario ${first.scenario} (${first.file})`);
    out.push(
      `  ${at(first.start)} → ${at(first.end)} (${first.timeZone}), seed ${first.seed}${first.exercises.length ? `, exercises ${first.exercises.join(' ')}` : ''}`,
    );
    if (runs.length > 1) out.push('', comparison(runs, style));
    for (const run of runs) {
      out.push('', ...renderRun(run, style));
    }
    out.push('');
  }
  const failed = report.scenarios.flatMap((r) => r.expectations.filter((e) => !e.passed));
  const total = report.scenarios.reduce((n, r) => n + r.expectations.length, 0);
  out.push(
    total === 0
      ? 'No expectations.'
      : failed.length === 0
        ? style.good(`All ${total} expectations passed.`)
        : style.bad(`${failed.length} of ${total} expectations failed.`),
  );
  return `${out.join('\n')}\n`;
}

/**
 * The `test` command's report: one line per scenario run, every failed expectation with expected, actual
 * and location, and a closing `N passed, N failed` line that CI log parsers recognise.
 */
export function renderTestSummary(given: Report, options: TextOptions = {}): string {
  const style = options.style ?? plain;
  const report = printableDeep(given);
  const errors = report.errors ?? [];
  const unrunnable = errors.map(
    (e) => `${mark(false, style)} ${e.file}  (could not be run: ${e.diagnostics.length} problem(s))\n`,
  );
  const tally = renderTestTally(report.scenarios, errors.length);
  const runs = report.scenarios.map((run) => renderTestRun(run, options));
  return `${runs.join('')}${unrunnable.join('')}\n${tally}\n`;
}

/** One scenario run's part of the `test` report, so that `licensim test` can print it as soon as it is known. */
export function renderTestRun(given: ScenarioRunReport, options: TextOptions = {}): string {
  const style = options.style ?? plain;
  const run = printableDeep(given);
  const bad = run.expectations.filter((e) => !e.passed);
  const counts = `${run.expectations.length - bad.length}/${run.expectations.length} expectations`;
  const out = [`${mark(bad.length === 0, style)} ${run.scenario} × ${run.policy}  (${counts})  ${run.file}`];
  for (const e of bad) {
    out.push(`    ${mark(false, style)} ${e.description}`);
    out.push(`      expected ${e.expected}, actual ${String(e.actual)}  at ${e.location}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The `test` report's closing line, `N passed, N failed`, counting expectations, then files in error.
 * Never marked: CI log parsers read it as it is.
 */
export function renderTestTally(runs: readonly ScenarioRunReport[], errors = 0): string {
  const total = runs.reduce((n, r) => n + r.expectations.length, 0);
  const failed = runs.reduce((n, r) => n + r.expectations.filter((e) => !e.passed).length, 0);
  const unrunnable = errors > 0 ? `, ${errors} ${errors === 1 ? 'file' : 'files'} in error` : '';
  return `${total - failed} passed, ${failed} failed${unrunnable}`;
}

function comparison(runs: readonly ScenarioRunReport[], style: Style): string {
  const rows = runs.map((r) => {
    const capacity = r.pools.reduce((s, p) => s + p.capacity, 0);
    const admitted = r.pools.reduce((s, p) => s + p.admitted, 0);
    const denied = r.pools.reduce((s, p) => s + p.denied, 0);
    return [
      r.policy,
      String(r.pools.length),
      String(capacity),
      String(admitted),
      deniedText(denied, style),
      percent(admitted + denied > 0 ? denied / (admitted + denied) : 0),
      r.passed ? style.good('passed') : style.bad('FAILED'),
    ];
  });
  return indent(
    table(
      ['policy', 'pools', 'licensed', 'admitted', 'denied', 'denial rate', 'expectations'],
      rows,
      'lrrrrrl',
    ),
    2,
  );
}

function renderRun(run: ScenarioRunReport, style: Style): string[] {
  const state = (name: StateName) => style[stateTone[name]](name);
  const at = (iso: string) => localOfIso(iso, run.timeZone);
  const out = [`Policy ${run.policy} (${run.policyFile})`];
  out.push(
    indent(
      table(
        ['pool', 'capacity', 'peak', 'mean', 'p95', 'admitted', 'denied', 'rate', '≥ warning', '≥ critical'],
        run.pools.map((p) => [
          p.id,
          capacityText(p),
          String(p.peak),
          p.mean.toFixed(1),
          String(p.p95),
          String(p.admitted),
          deniedText(p.denied, style),
          percent(p.denialRate),
          duration(p.secondsAboveWarning),
          duration(p.secondsAboveCritical),
        ]),
        'lrrrrrrrrr',
      ),
      2,
    ),
  );
  const busy = run.pools.flatMap((p) => (p.busyHour === null ? [] : [{ id: p.id, ...p.busyHour }]));
  if (busy.length) {
    out.push('  Busy hour (the hour of highest offered load):');
    for (const b of busy) {
      out.push(
        `    ${b.id}: ${at(b.at)}, ${b.offered} offered, ${deniedText(b.denied, style)} denied (${percent(b.denialRate)}), ${b.concurrency.toFixed(1)} in use on average, peak ${b.peak}`,
      );
    }
  }
  const unavailable = run.pools.filter((p) => p.unavailable > 0);
  if (unavailable.length) {
    out.push(`  No node up for: ${unavailable.map((p) => `${p.id} ${p.unavailable}`).join(', ')} sessions`);
  }
  const ended = run.pools.flatMap((p) =>
    Object.entries(p.endedEarly).map(([cause, n]) => `${p.id} ${n} by ${cause}`),
  );
  if (ended.length) out.push(`  Ended early: ${ended.join(', ')}`);
  const changes = run.lifecycle.filter((t) => t.from !== null);
  out.push('  Lifecycle:');
  const initial = run.lifecycle.filter((t) => t.from === null);
  out.push(`    start: ${initial.map((t) => `${t.pool} ${state(t.to)}`).join(', ')}`);
  for (const t of changes) {
    const why = t.rule === null ? '' : ` [${t.rule}, ${t.ruleIds}] ${facts(t.facts)}`;
    const from = t.from === null ? '' : state(t.from);
    out.push(`    ${at(t.at)}  ${t.pool}: ${from} → ${state(t.to)}  (${t.event}: ${t.reason})${why}`);
  }
  const capacityChanges = run.pools.flatMap((p) =>
    p.capacityOverTime.slice(1).map((c, i) => ({ pool: p.id, from: p.capacityOverTime[i]!.capacity, ...c })),
  );
  if (capacityChanges.length) {
    out.push('  Capacity:');
    capacityChanges.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const c of capacityChanges)
      out.push(`    ${at(c.at)}  ${c.pool}: ${c.from} → ${c.capacity}  (${c.reason})`);
  }
  if (run.licenseEvents.length) {
    out.push('  License events:');
    for (const e of run.licenseEvents) {
      out.push(
        `    ${at(e.at)}  ${e.license} ${licenseActionWords[e.action]}${e.detail ? `: ${e.detail}` : ''}`,
      );
    }
  }
  if (run.entitlements?.changes.length) {
    out.push('  Entitlements:');
    for (const e of run.entitlements.changes)
      out.push(`    ${at(e.at)}  ${e.license} ${e.action} (${e.count} in ${e.pool}): ${e.reason}`);
  }
  const downloads = run.entitlements?.keyDownloads;
  if (downloads?.downloads.length) {
    // Every download of a short schedule; of a long one, those where the interval changes.
    const all = downloads.downloads.length <= KEY_DOWNLOAD_LINES;
    const count = downloads.downloads.length + downloads.dropped;
    out.push(`  Key downloads (P13): ${count}${all ? '' : ', where the interval changes'}`);
    let every = '';
    for (const d of downloads.downloads) {
      if (!all && d.every === every) continue;
      every = d.every;
      out.push(`    ${at(d.at)}  then every ${d.every}: ${d.reason}`);
    }
  }
  if (run.failovers.length) {
    out.push('  Failovers:');
    for (const f of run.failovers)
      out.push(`    ${at(f.at)}  ${f.from} → ${f.to}: ${f.sessions} sessions kept running`);
  }
  const leases = run.leases;
  if (leases?.clients.length) {
    out.push('  Leases:');
    for (const c of leases.clients) {
      const who = c.cluster === null ? c.client : `${c.client} for cluster ${c.cluster}`;
      const counts = Object.entries(c.counts)
        .filter(([, n]) => n > 0)
        .map(([action, n]) => `${action} ×${n}`)
        .join(', ');
      out.push(`    ${who}, ${c.feature}: peak ${c.peak}, at end ${c.atEnd} (${counts})`);
    }
    const shown = leases.decisions.slice(0, LEASE_DECISIONS_SHOWN);
    for (const d of shown) {
      out.push(`    ${at(d.at)}  ${d.client}: ${d.action} ${d.count} → ${d.leased}  (${d.reason})`);
    }
    const more = leases.decisions.length - shown.length + leases.dropped;
    if (more > 0) {
      out.push(`    … ${more} more ${more === 1 ? 'decision' : 'decisions'} (the JSON report lists them)`);
    }
  }
  if (run.autoLeasing?.length) {
    out.push('  Auto-leasing:');
    for (const s of run.autoLeasing) {
      const whose =
        s.client === null ? `${s.server}, ${s.feature}` : `${s.client} (disconnected), ${s.feature}`;
      out.push(`    ${at(s.at)}  ${whose}: ${s.enabled ? 'on' : 'off'}  (${s.reason})`);
    }
  }
  if (run.servers?.length) {
    out.push('  License servers:');
    for (const t of run.servers)
      out.push(`    ${at(t.at)}  ${t.server} (${t.concern}): ${t.from} → ${t.to}  (${t.reason})`);
  }
  if (run.alertCounts.length) {
    out.push(`  Alerts: ${run.alertCounts.map((a) => `${a.kind} ×${a.count} (${a.pool})`).join(', ')}`);
    const firsts = new Map<string, (typeof run.alerts)[number]>();
    for (const a of run.alerts) if (!firsts.has(`${a.pool}/${a.kind}`)) firsts.set(`${a.pool}/${a.kind}`, a);
    for (const a of firsts.values())
      out.push(
        `    first ${a.kind} at ${at(a.at)} in ${a.pool}: ${a.message} [${a.rule}, ${a.ruleIds}] ${facts(a.facts)}`,
      );
  }
  if (run.denials.length) {
    out.push('  Denials by rule:');
    for (const d of run.denials) {
      out.push(
        `    ${d.pool}: ${deniedText(d.count, style)} × "${d.message}" [${d.rule ?? 'default'}, ${d.ruleIds}]`,
      );
      out.push(
        `      first at ${at(d.first.at)}, session #${d.first.session}, facts ${facts(d.first.facts)}`,
      );
    }
  }
  if (run.expectations.length) {
    out.push('  Expectations:');
    for (const e of run.expectations) {
      const detail = e.passed
        ? `actual ${String(e.actual)}`
        : `expected ${e.expected}, actual ${String(e.actual)}`;
      out.push(`    ${mark(e.passed, style)} ${e.description}  (${detail})  ${e.location}`);
    }
  }
  return out;
}

/** A count of refused sessions: marked when there are any. */
function deniedText(count: number, style: Style): string {
  return count > 0 ? style.bad(String(count)) : String(count);
}

/** `500`, `500→1000` after an upgrade, or `500 (0 at times)` when it dipped and came back. */
function capacityText(p: ScenarioRunReport['pools'][number]): string {
  if (p.capacityAtEnd !== p.capacity) return `${p.capacity}→${p.capacityAtEnd}`;
  return p.capacityMin < p.capacity ? `${p.capacity} (${p.capacityMin} at times)` : String(p.capacity);
}

/** Facts as `name=value`, "no limit" as `none`. */
export function facts(f: Readonly<Record<string, number | string | null>>): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}=${v ?? 'none'}`)
    .join(' ');
}

/** What the timeline did to a license key, in words (an upgrade may lower the count). */
const licenseActionWords = {
  activate: 'activated',
  renew: 'renewed',
  upgrade: 'count changed',
  expire: 'expired',
  enable: 'enabled (emergency mode)',
  disable: 'disabled (emergency mode)',
  surrender: 'surrendered',
  recall: 'recalled',
} as const;

function percent(x: number): string {
  return `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}

/** 3h05m, 2d04h, 45s: compact spans for tables. */
export function duration(seconds: number): string {
  if (seconds <= 0) return '0';
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d${String(h).padStart(2, '0')}h`;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/** One run's figures as `simulate` prints them (pools, lifecycle, alerts, denials): the body of an audit. */
export function renderRunText(given: ScenarioRunReport, options: TextOptions = {}): string {
  return `${renderRun(printableDeep(given), options.style ?? plain).join('\n')}\n`;
}
