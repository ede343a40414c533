import {
  type ArrivalLoad,
  offeredLoadOf,
  type SizeResult,
  type SizingTarget,
  sizeByEngset,
  sizeByErlangB,
  sizeByErlangC,
  sizeByFormula,
  sizeByTeams,
} from '../../../analysis/sizing.js';
import { readTeams } from '../../../config/teams.js';
import { loadPolicy } from '../../../model/load.js';
import { DEFAULT_TIERS, unnamedTiers } from '../../../model/tiers.js';
import { renderCapacitySearch } from '../../../report/capacity-search-text.js';
import { renderSizing } from '../../../report/sizing-text.js';
import { parseTarget, searchCapacity, unsearchable } from '../../../run/capacity-search.js';
import { prepareScenario } from '../../../run/simulate.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printDiagnostics, toJson } from '../../output.js';
import { progressLine } from '../../progress.js';
import { MAX_OFFERED_LOAD } from './arguments.js';
import { DEFAULT_BUFFER, DEFAULT_SEARCH_REPLICATIONS, type SizeOptions } from './register.js';

const FORMULA = ['users', 'concurrency', 'peakFactor', 'margin'] as const;
const TEAMS = ['teams', 'buffer'] as const;
const ERLANG = ['erlang', 'offeredLoad', 'arrivals', 'holding', 'blocking', 'waiting', 'population'] as const;
const FLAG: Record<(typeof FORMULA | typeof TEAMS | typeof ERLANG)[number], string> = {
  users: '--users',
  concurrency: '--concurrency',
  peakFactor: '--peak-factor',
  margin: '--margin',
  teams: '--teams',
  buffer: '--buffer',
  offeredLoad: '--offered-load',
  blocking: '--blocking',
  erlang: '--erlang',
  arrivals: '--arrivals',
  holding: '--holding',
  waiting: '--waiting',
  population: '--population',
};

/** Sizes by the one method the options name and reports the result. */
export async function size(options: SizeOptions, io: CliIo): Promise<ExitCode> {
  if (options.scenario !== undefined || options.target !== undefined) return searchBy(options, io);
  for (const [flag, value] of [
    ['--replications', options.replications],
    ['--growth', options.growth],
  ] as const)
    if (value !== undefined)
      throw new UsageError(`${flag} belongs to a search: --scenario FILE --target METRIC<=SHARE`);
  const result = await sizeBy(options, io);
  // The flags are bounded, but a teams file's headcounts are not: refuse an answer that is not exact.
  if (!Number.isSafeInteger(result.required)) {
    throw new UsageError(
      `the sizing needs ${result.required} sessions, more than can be counted exactly (2^53 − 1); check the numbers of users`,
    );
  }
  await emit(options.format === 'json' ? toJson(result) : renderSizing(result), options.out, io);
  return ExitCode.ok;
}

/**
 * Search: the fewest sessions per pool of each policy the scenario runs that meet the target, by
 * simulation; tier steps from each policy's own tiers.
 */
async function searchBy(options: SizeOptions, io: CliIo): Promise<ExitCode> {
  const others = [...FORMULA, ...TEAMS, ...ERLANG, 'tiers', 'policy'] as const;
  const mixed = others.find((n) => options[n] !== undefined);
  if (mixed !== undefined) {
    const flag = mixed === 'tiers' ? '--tiers' : mixed === 'policy' ? '--policy' : FLAG[mixed];
    throw new UsageError(`${flag} is not an input of a search, which sizes the scenario's own policies`);
  }
  if (options.scenario === undefined)
    throw new UsageError('--target needs --scenario FILE, whose load is sized');
  if (options.target === undefined)
    throw new UsageError('--scenario needs --target METRIC<=SHARE, e.g. --target denial-rate<=1%');
  const target = parseTarget(options.target);
  if (typeof target === 'string') throw new UsageError(`--target: ${target}`);
  const prepared = await prepareScenario(options.scenario);
  printDiagnostics(prepared.warnings, io);
  for (const run of prepared.runs) {
    const why = unsearchable(run);
    if (why !== null) throw new UsageError(`cannot search the capacity: ${why}`);
  }
  const replications = options.replications ?? DEFAULT_SEARCH_REPLICATIONS;
  const reports = [];
  const progress = progressLine(io);
  try {
    for (const run of prepared.runs) {
      const onProgress =
        progress &&
        ((step: string, done: number, total: number) =>
          progress.update(step, { done: done / total, events: done }, 'replications'));
      reports.push(
        await searchCapacity(prepared, run, target, replications, { growth: options.growth, onProgress }),
      );
    }
  } finally {
    progress?.clear();
  }
  const output =
    options.format === 'json'
      ? toJson({ licensim: 'v1', searches: reports.map((r) => r.search) })
      : renderCapacitySearch(reports);
  await emit(output, options.out, io);
  return ExitCode.ok;
}

/** Tier steps from `--tiers`, else from `--policy`, else the defaults (W3). */
async function sizingTarget(options: SizeOptions): Promise<SizingTarget> {
  if (options.tiers) return { tiers: unnamedTiers(options.tiers) };
  if (options.policy) {
    const { policy } = await loadPolicy(options.policy);
    return { tiers: policy.tiers, policy: options.policy };
  }
  return { tiers: unnamedTiers(DEFAULT_TIERS) };
}

async function sizeBy(options: SizeOptions, io: CliIo): Promise<SizeResult> {
  const given = (names: readonly (keyof typeof FLAG)[]) => names.filter((n) => options[n] !== undefined);
  // Engset reads --concurrency too: there it is a closed form's input, not the formula's.
  const formula = options.erlang === 'engset' ? FORMULA.filter((n) => n !== 'concurrency') : FORMULA;
  const modes = [given(formula), given(TEAMS), given(ERLANG)].filter((g) => g.length > 0);
  if (modes.length === 0) {
    throw new UsageError(
      'say what to size: --users N --concurrency R (formula), --teams FILE (by team) ' +
        'or --offered-load A --blocking P (Erlang B, or --erlang c|engset); see `licensim size --help`',
    );
  }
  if (modes.length > 1) {
    const [a, b] = modes.map((g) => FLAG[g[0] ?? 'users']);
    throw new UsageError(`${a} and ${b} belong to different sizing methods: use one method per run`);
  }
  const target = await sizingTarget(options);

  if (options.teams !== undefined) {
    const { teams, diagnostics } = await readTeams(options.teams);
    printDiagnostics(diagnostics, io);
    return sizeByTeams(teams, options.buffer ?? DEFAULT_BUFFER, options.teams, target);
  }

  if (given(ERLANG).length > 0) return sizeByClosedForm(options, target);

  const { users, concurrency, peakFactor = 1, margin = 1 } = options;
  if (users === undefined || concurrency === undefined) {
    const missing = [
      users === undefined ? '--users N (the number of people)' : '',
      concurrency === undefined ? '--concurrency R (the share working at once, e.g. 0.2 or 20%)' : '',
    ].filter(Boolean);
    throw new UsageError(`sizing by formula also needs ${missing.join(' and ')}`);
  }
  return sizeByFormula({ users, concurrency, peakFactor, margin }, target);
}

/** Erlang B, Erlang C or Engset, as `--erlang` says (B by default), with the inputs each needs. */
function sizeByClosedForm(options: SizeOptions, target: SizingTarget): SizeResult {
  const model = options.erlang ?? (options.waiting !== undefined ? 'c' : 'b');
  const misplaced = (flags: (keyof typeof FLAG)[], where: string) => {
    const flag = flags.find((f) => options[f] !== undefined);
    if (flag !== undefined) throw new UsageError(`${FLAG[flag]} is not an input of ${where}`);
  };
  if (model === 'engset') {
    misplaced(
      ['offeredLoad', 'arrivals', 'holding', 'waiting'],
      'Engset (it takes --population, --concurrency, --blocking)',
    );
    const { population, concurrency, blocking } = options;
    const missing = [
      population === undefined ? '--population N (the users who may open sessions)' : '',
      concurrency === undefined ? '--concurrency R (the share of time each is in a session)' : '',
      blocking === undefined ? '--blocking P (e.g. 0.01 or 1%)' : '',
    ].filter(Boolean);
    if (missing.length > 0) throw new UsageError(`Engset needs ${missing.join(' and ')}`);
    if (concurrency! >= 1) {
      throw new UsageError(
        '--concurrency must be below 100% for Engset: a user always in a session needs a license of their own',
      );
    }
    return sizeByEngset(population!, concurrency!, blocking!, target);
  }
  misplaced(['population'], `Erlang ${model.toUpperCase()} (it is Engset's, with --erlang engset)`);
  const { offeredLoad, load } = offeredLoadFrom(options);
  if (model === 'c') {
    misplaced(['blocking'], 'Erlang C, where nobody is refused: say how many may wait with --waiting P');
    if (options.waiting === undefined) throw new UsageError('Erlang C needs --waiting P (e.g. 0.2 or 20%)');
    return sizeByErlangC(offeredLoad, options.waiting, target, load);
  }
  misplaced(['waiting'], 'Erlang B, where nobody waits: use --erlang c to size a queue');
  if (options.blocking === undefined) throw new UsageError('Erlang B needs --blocking P (e.g. 0.01 or 1%)');
  return sizeByErlangB(offeredLoad, options.blocking, target, load);
}

/** The offered load: given in erlangs, or made from arrivals per hour and the mean holding time. */
function offeredLoadFrom(options: SizeOptions): { offeredLoad: number; load?: ArrivalLoad } {
  const { offeredLoad, arrivals, holding } = options;
  if (offeredLoad !== undefined) {
    if (arrivals !== undefined || holding !== undefined) {
      throw new UsageError('give the load once: --offered-load A, or --arrivals R --holding T');
    }
    return { offeredLoad };
  }
  if (arrivals === undefined || holding === undefined) {
    throw new UsageError(
      arrivals === undefined && holding === undefined
        ? 'say the load: --offered-load A (erlangs), or --arrivals R (per hour) with --holding T (e.g. PT45M)'
        : arrivals === undefined
          ? '--holding needs --arrivals R (session requests per hour)'
          : '--arrivals needs --holding T (the mean session length, e.g. PT45M)',
    );
  }
  const load = { perHour: arrivals, holdingMs: holding };
  const erlangs = offeredLoadOf(load);
  if (erlangs > MAX_OFFERED_LOAD) {
    throw new UsageError(
      `--arrivals × --holding make ${erlangs} erlangs, more than the ${MAX_OFFERED_LOAD} sized here`,
    );
  }
  return { offeredLoad: erlangs, load };
}
