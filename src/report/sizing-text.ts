import type { ArrivalLoad, SizeResult } from '../analysis/sizing.js';
import { printableDeep } from '../config/printable.js';
import { table } from './table.js';

/** `size` for people: the arithmetic as the WALLIX guide writes it, then the tier; names made printable. */
export function renderSizing(given: SizeResult): string {
  const r = printableDeep(given);
  const lines: string[] = [];
  if (r.method === 'formula') {
    const { users, concurrency, peakFactor, margin } = r.inputs;
    const terms = [`${users} users`, `${rate(concurrency)} concurrency`];
    if (peakFactor !== 1) terms.push(`${num(peakFactor)} peak`);
    if (margin !== 1) terms.push(`${num(margin)} margin`);
    const exact = users * concurrency * peakFactor * margin;
    lines.push('Sizing by formula (W4)', `  ${terms.join(' × ')} = ${roundedUp(exact, r.required)}`);
  } else if (r.method === 'teams') {
    lines.push('Sizing by team (W5)', ...teamTable(r.teams, r.subtotal, r.inputs.buffer, r.required));
  } else if (r.method === 'erlang-b') {
    const { offeredLoad, blocking, load } = r.inputs;
    lines.push(
      'Sizing by Erlang B (sessions refused when all licenses are busy)',
      ...offered(offeredLoad, load),
      `  at most ${percent(blocking)} refused: ${r.required} sessions (refused ${percent(r.blockingAtRequired, 3)})`,
    );
  } else if (r.method === 'erlang-c') {
    const { offeredLoad, waiting, load } = r.inputs;
    const wait = r.meanWaitMs === undefined ? '' : ` = ${duration(r.meanWaitMs)}`;
    lines.push(
      'Sizing by Erlang C (sessions wait for a license, none refused)',
      ...offered(offeredLoad, load),
      `  at most ${percent(waiting)} wait: ${r.required} sessions (${percent(r.waitingAtRequired, 3)} wait; ` +
        `mean wait ${num(round(r.meanWaitHoldings, 4))} × the holding time${wait})`,
    );
  } else {
    const { population, concurrency, blocking } = r.inputs;
    lines.push(
      'Sizing by Engset (a finite population: refusals hold users back)',
      `  ${population} users, each in a session ${percent(concurrency)} of the time: ` +
        `${num(round(r.perIdleUser, 6))} erlangs per user not in a session`,
      `  at most ${percent(blocking)} refused: ${r.required} sessions (refused ${percent(r.blockingAtRequired, 3)})`,
      `  Erlang B for ${num(population * concurrency)} erlangs would ask for ${r.erlangBRequired}`,
    );
  }
  lines.push(`Recommended tier: ${tierLine(r)}`, `Tier steps: ${r.tiers.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The offered load, and how it comes from arrivals and holding time when given so (Little's law). */
function offered(offeredLoad: number, load: ArrivalLoad | undefined): string[] {
  if (load === undefined) return [`  ${num(offeredLoad)} erlangs offered`];
  return [
    `  ${num(load.perHour)} arrivals/h × ${duration(load.holdingMs)} mean holding = ${num(round(offeredLoad, 6))} erlangs offered`,
  ];
}

/** A span as a person reads it: 45 min, 1 h 30 min, 12.5 s. */
function duration(ms: number): string {
  if (ms < 60_000) return `${num(round(ms / 1000, 1))} s`;
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}

/** The WALLIX guide's team table (W5): aligned columns, a total row, then the buffer arithmetic. */
function teamTable(
  teams: readonly { name: string; users: number; concurrency: number; sessions: number }[],
  subtotal: number,
  buffer: number,
  required: number,
): string[] {
  const users = teams.reduce((sum, t) => sum + t.users, 0);
  const rows = [
    ...teams.map((t) => [t.name, String(t.users), percent(t.concurrency), String(t.sessions)]),
    ['Total', String(users), '', String(subtotal)],
  ];
  const lines = table(['Team', 'Users', 'Concurrency', 'Sessions'], rows, 'lrrr')
    .split('\n')
    .map((line) => `  ${line}`);
  const withBuffer = roundedUp(subtotal * (1 + buffer), required);
  lines.push(`  With ${percent(buffer)} buffer: ${subtotal} × ${num(1 + buffer)} = ${withBuffer}`);
  return lines;
}

function tierLine(r: SizeResult): string {
  if (r.recommendedTier === null) return `none (${r.note})`;
  return r.tierName ? `${r.recommendedTier} sessions (${r.tierName})` : `${r.recommendedTier} sessions`;
}

/** `97.5 → 98 sessions`, or just `72 sessions` when the product is already whole. */
function roundedUp(exact: number, required: number): string {
  const shown = num(exact);
  return shown === String(required) ? `${required} sessions` : `${shown} → ${required} sessions`;
}

/** A number without floating-point noise (7.000000000000001 prints as 7). */
export function num(n: number): string {
  return String(Number(n.toFixed(9)));
}

/** Rates print with two decimals at least, as the WALLIX guide writes them (0.20). */
function rate(n: number): string {
  const s = num(n);
  return s.includes('.') && (s.split('.')[1]?.length ?? 0) >= 2 ? s : n.toFixed(2);
}

function percent(share: number, digits = 9): string {
  return `${Number((share * 100).toFixed(digits))}%`;
}
