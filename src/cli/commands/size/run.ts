import {
  DEFAULT_TIERS,
  loadPolicy,
  readTeams,
  renderSizing,
  type SizeResult,
  type SizingTarget,
  sizeByErlangB,
  sizeByFormula,
  sizeByTeams,
  unnamedTiers,
} from '../../../index.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printDiagnostics, toJson } from '../../output.js';
import { DEFAULT_BUFFER, type SizeOptions } from './register.js';

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

/** Sizes by the one method the options name and reports the result. */
export async function size(options: SizeOptions, io: CliIo): Promise<ExitCode> {
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
    printDiagnostics(diagnostics, io);
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
