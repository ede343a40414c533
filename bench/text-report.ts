import { type LoadFigures, TARGETS } from './paired-runs.js';
import { RSS_TARGETS } from './peak-rss.js';
import type { BenchResult } from './result.js';

const MIB = 2 ** 20;

/** The benchmark's figures as tables for a terminal; every miss of a target says MISSED. */
export function textReport(r: BenchResult): string {
  const lines = [
    `licensim benchmark, ${r.measuredAt}, Node ${r.node}, ${r.cpus} CPUs`,
    '',
    `Simulator against a bare loop: ${r.repeats} paired runs per load, the two sides alternately.`,
    `ratio = simulator events/s ÷ bare events/s within a pair; target: median ≥ ${TARGETS.ratio}.`,
    `engine runs = rules-engine evaluations per arrival; target: < ${percent(TARGETS.engineRunsPerArrival)}.`,
    ...table(
      [
        'load',
        'days',
        'arrivals',
        'events',
        'ratio min / median / max',
        '',
        'simulator',
        'bare loop',
        'engine runs',
        '',
        'same admissions',
      ],
      r.loads.map((l) => [
        l.name,
        count(l.horizonDays),
        count(l.arrivals),
        count(l.simulatorEvents),
        `${fixed(l.ratio.min)} / ${fixed(l.ratio.median)} / ${fixed(l.ratio.max)}`,
        mark(l.met.ratio),
        rate(l.simulatorEventsPerSec),
        rate(l.bareEventsPerSec),
        percent(l.engineRunsPerArrival),
        mark(l.met.engineRunsPerArrival),
        sameAdmissions(l),
      ]),
    ),
    `  worst load: ${r.worstLoad}, median ratio ${fixed(r.ratio)} ${mark(r.ratio >= TARGETS.ratio)}`,
    '',
    `Blocking probability against Erlang B (target: within ±${TARGETS.erlangTolerance * 100} %):`,
    ...r.erlang.map(
      (e) =>
        `  c = ${e.c}, A = ${e.offeredLoad} Erlangs, ${count(e.arrivals)} arrivals: simulated ${e.simulatedBlocking.toFixed(5)}, ` +
        `Erlang B ${e.erlangB.toFixed(5)} (${signed((e.simulatedBlocking / e.erlangB - 1) * 100)} %) ${mark(e.met)}`,
    ),
    '',
    'Bare loop against the previous baseline: the same heap kept in closures, drawing no user, so one draw',
    'fewer per arrival (target: no slower):',
    ...r.closureCheck.map(
      (c) =>
        `  ${c.name}: bare loop ${rate(c.bareEventsPerSec)}, closure loop ${rate(c.closureLoopEventsPerSec)}, ` +
        `speedup min / median / max ${fixed(c.speedup.min)} / ${fixed(c.speedup.median)} / ${fixed(c.speedup.max)} ${mark(c.met)}`,
    ),
    '',
    `Peak RSS of the enterprise load, each run alone in a child process (targets: 365 days < ${RSS_TARGETS.maxBytes / MIB} MiB`,
    `and within ${RSS_TARGETS.growth * 100} % of 30 days):`,
    ...[r.rss.oneMonth, r.rss.twelveMonths].map(
      (run) =>
        `  ${String(run.days).padStart(3)} days: ${mib(run.peakRssBytes)} (${count(run.events)} events in ${run.seconds.toFixed(1)} s)`,
    ),
    `  365 days ${mark(r.rss.met.maxBytes)}; growth over 30 days ${signed(r.rss.growth * 100)} % ${mark(r.rss.met.growth)}`,
    '',
    `Start-up, whole process, median of ${r.startup.runs} spawns each, the commands taking turns:`,
    ...table(
      ['command', 'median', 'min', 'max', 'vs node -e 0', 'target'],
      r.startup.commands.map((c) => [
        c.name,
        `${c.medianMs.toFixed(0)} ms`,
        `${c.minMs.toFixed(0)} ms`,
        `${c.maxMs.toFixed(0)} ms`,
        `${fixed(c.ratio)}×`,
        c.target === null ? '' : `≤ ${c.target}× ${mark(c.met === true)}`,
      ]),
    ),
    '',
    `Peak RSS of this process (all loads in turn): ${mib(r.peakRssBytes)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Left-aligned first column, right-aligned figures, two spaces between columns. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A twin must admit what the simulator admits; the fleet's bare loop admits against Σ MUC instead. */
function sameAdmissions(l: LoadFigures): string {
  if (l.bare === 'fleet') {
    const share = l.admitted.simulator / Math.max(1, l.admitted.bare);
    return `n/a: Σ MUC; simulator admits ${(share * 100).toFixed(1)} % of bare`;
  }
  return l.bareMatchesSimulator ? 'yes' : 'NO (the bare loop is not a twin of this load)';
}

function mark(met: boolean): string {
  return met ? 'ok' : 'MISSED';
}

function count(n: number): string {
  return n.toLocaleString('en');
}

function fixed(x: number): string {
  return x.toFixed(2);
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
}

function rate(perSec: number): string {
  return perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)} M/s` : `${(perSec / 1e3).toFixed(0)} k/s`;
}

function percent(share: number): string {
  return `${(share * 100).toPrecision(2)} %`;
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(0)} MiB`;
}
