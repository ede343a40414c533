import type { Command } from 'commander';
import {
  DEFAULT_TIERS,
  formatDiagnostic,
  loadPolicy,
  num,
  parseRate,
  readTeams,
  renderSizing,
  type SizeResult,
  type SizingTarget,
  sizeByErlangB,
  sizeByFormula,
  sizeByTeams,
  tierStepsProblem,
  unnamedTiers,
} from '../../index.js';
import { UsageError } from '../exit-codes.js';
import { emit, type OutputOptions, parseNumber, toJson, withOutputOptions } from '../output.js';

interface SizeOptions extends OutputOptions {
  users?: number;
  concurrency?: number;
  peakFactor?: number;
  margin?: number;
  teams?: string;
  buffer?: number;
  offeredLoad?: number;
  blocking?: number;
  tiers?: number[];
  policy?: string;
}

const FORMULA = ['users', 'concurrency', 'peakFactor', 'margin'] as const;
const TEAMS = ['teams', 'buffer'] as const;
const ERLANG = ['offeredLoad', 'blocking'] as const;
const FLAG: Record<(typeof FORMULA | typeof TEAMS | typeof ERLANG)[number], string> = {
  users: '--users',
  concurrency: '--concurrency',
  peakFactor: '--peak-factor',
  margin: '--margin',
  teams: '--teams',
  buffer: '--buffer',
  offeredLoad: '--offered-load',
  blocking: '--blocking',
};

/** The WALLIX guide's recommended buffer for sizing by team (W5: "With 30% buffer"). */
const DEFAULT_BUFFER = 0.3;
/** Erlang B walks one server at a time; beyond this the answer is a custom deal anyway. */
const MAX_OFFERED_LOAD = 1_000_000;

/** `licensim size`: how many concurrent sessions to license, and which tier step (W3–W6). */
export function registerSize(program: Command): void {
  const command = program
    .command('size')
    .summary('how many concurrent sessions to license, and which tier step')
    .description(
      [
        'Work out how many concurrent sessions to license and the smallest tier step',
        'that covers them (SPEC W3-W6), in one of three ways:',
        '  formula   ceil(users × concurrency × peak factor × margin)        (W4, W6)',
        '  by team   per team ceil(users × concurrency); sum × (1 + buffer)  (W5)',
        '  Erlang B  the fewest sessions whose blocking is at most P',
      ].join('\n'),
    )
    .option(
      '--users <n>',
      'formula: people who may open sessions',
      parseNumber('--users', { min: 0, integer: true }),
    )
    .option('--concurrency <rate>', 'formula: share working at once, 0.2 or 20%', rateArg('--concurrency'))
    .option(
      '--peak-factor <f>',
      'formula: multiplier for busy periods, >= 1 (default: 1)',
      factorArg('--peak-factor'),
    )
    .option(
      '--margin <m>',
      'formula: safety multiplier, >= 1; 1.2 is +20% (default: 1)',
      factorArg('--margin'),
    )
    .option('--teams <file>', 'by team: CSV (header name,users,concurrency) or YAML list of teams')
    .option('--buffer <b>', `by team: buffer on the sum, 0.3 or 30% (default: ${DEFAULT_BUFFER})`, bufferArg)
    .option('--offered-load <erlangs>', 'Erlang B: arrival rate × mean session length', offeredLoadArg)
    .option('--blocking <p>', 'Erlang B: acceptable share of refused sessions, 0.01 or 1%', blockingArg)
    .option('--tiers <steps>', `tier steps, ascending (default: ${DEFAULT_TIERS.join(',')})`, tiersArg)
    .option('--policy <file>', "take the tier steps and their names from a policy's tiers (W3)");
  withOutputOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  # W4: 200 admins, 20 % at once, 1.5 × at peak, 20 % margin -> 72 sessions, 100-session tier
  $ licensim size --users 200 --concurrency 0.2 --peak-factor 1.5 --margin 1.2

  # W5: by team; teams.csv has the header name,users,concurrency and rows like "Linux Admins,50,25%"
  $ licensim size --teams teams.csv --buffer 30% --policy policies/wallix-bastion-medium.yaml

  # W6: Access Manager, 500 app users, 15 % at once, 1.3 × at peak -> 98 sessions
  $ licensim size --users 500 --concurrency 15% --peak-factor 1.3 --policy policies/wallix-access-manager.yaml

  # Erlang B: 84 erlangs offered, at most 1 % of sessions refused
  $ licensim size --offered-load 84 --blocking 1%

When no tier step is large enough, the recommended tier is empty: ask the vendor for a custom count.`,
    )
    .action(async (options: SizeOptions) => {
      const result = await size(options);
      await emit(options.format === 'json' ? toJson(result) : renderSizing(result), options.out);
    });
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

async function size(options: SizeOptions): Promise<SizeResult> {
  const given = (names: readonly (keyof typeof FLAG)[]) => names.filter((n) => options[n] !== undefined);
  const modes = [given(FORMULA), given(TEAMS), given(ERLANG)].filter((g) => g.length > 0);
  if (modes.length === 0) {
    throw new UsageError(
      'say what to size: --users N --concurrency R (formula), --teams FILE (by team) ' +
        'or --offered-load A --blocking P (Erlang B); see `licensim size --help`',
    );
  }
  if (modes.length > 1) {
    const [a, b] = modes.map((g) => FLAG[g[0] ?? 'users']);
    throw new UsageError(`${a} and ${b} belong to different sizing methods: use one method per run`);
  }
  const target = await sizingTarget(options);

  if (options.teams !== undefined) {
    const { teams, diagnostics } = await readTeams(options.teams);
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    return sizeByTeams(teams, options.buffer ?? DEFAULT_BUFFER, options.teams, target);
  }

  if (options.offeredLoad !== undefined || options.blocking !== undefined) {
    const { offeredLoad, blocking } = options;
    if (offeredLoad === undefined) throw new UsageError('--blocking needs --offered-load A (in erlangs)');
    if (blocking === undefined) throw new UsageError('--offered-load needs --blocking P (e.g. 0.01 or 1%)');
    return sizeByErlangB(offeredLoad, blocking, target);
  }

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

function rateArg(flag: string) {
  return (value: string): number => {
    const n = parseRate(value);
    if (n === undefined) {
      const asPercent = Number(value);
      const hint =
        asPercent > 1 && asPercent <= 100 ? `; for ${value} % write ${value}% or ${asPercent / 100}` : '';
      throw new UsageError(
        `${flag} must be a share from 0 to 1 or a percentage such as 20% (got '${value}')${hint}`,
      );
    }
    return n;
  };
}

function factorArg(flag: string) {
  const parse = parseNumber(flag, { min: 1 });
  return (value: string): number => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError && Number(value) > 0 && Number(value) < 1) {
        throw new UsageError(
          `${error.message}; it multiplies, so +${num(Number(value) * 100)}% is ${num(1 + Number(value))}`,
        );
      }
      throw error;
    }
  };
}

function bufferArg(value: string): number {
  const text = value.trim();
  if (text.endsWith('%')) {
    const n = parseNumber('--buffer', { min: 0 })(text.slice(0, -1));
    return Number(`${n}e-2`);
  }
  return parseNumber('--buffer', { min: 0 })(text);
}

function offeredLoadArg(value: string): number {
  return parseNumber('--offered-load', { min: 0, max: MAX_OFFERED_LOAD })(value);
}

function blockingArg(value: string): number {
  const n = parseRate(value);
  if (n === undefined || n <= 0) {
    throw new UsageError(
      `--blocking must be a probability above 0 and at most 1, such as 0.01 or 1% (got '${value}')`,
    );
  }
  return n;
}

function tiersArg(value: string): number[] {
  const steps = value.split(',').map((s) => s.trim());
  const numbers = steps.map(Number);
  const bad = steps.find((s, i) => s === '' || !Number.isInteger(numbers[i]));
  const problem = bad !== undefined ? `'${bad}' is not a whole number` : tierStepsProblem(numbers);
  if (problem)
    throw new UsageError(`--tiers must list positive whole numbers in ascending order: ${problem}`);
  return numbers;
}
