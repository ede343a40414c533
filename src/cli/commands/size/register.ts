import { type Command, Option } from 'commander';
// For the help text. model/tiers.ts imports nothing, so start-up stays free of the rest of the library.
import { DEFAULT_TIERS } from '../../../model/tiers.js';
import type { Invocation } from '../../io.js';
import { type OutputOptions, withOutputOptions } from '../../options.js';

export interface SizeOptions extends OutputOptions {
  users?: number;
  concurrency?: number;
  peakFactor?: number;
  margin?: number;
  teams?: string;
  buffer?: number;
  offeredLoad?: number;
  blocking?: number;
  erlang?: 'b' | 'c' | 'engset';
  arrivals?: number;
  holding?: number;
  waiting?: number;
  population?: number;
  tiers?: number[];
  policy?: string;
  scenario?: string;
  target?: string;
  replications?: number;
  growth?: number;
}

/** Replications per capacity a search tries, unless --replications says otherwise. */
export const DEFAULT_SEARCH_REPLICATIONS = 10;

/** The WALLIX guide's recommended buffer for sizing by team (W5: "With 30% buffer"). */
export const DEFAULT_BUFFER = 0.3;

/**
 * `licensim size`: how many concurrent sessions to license, and which tier step (W3–W6). Its arguments,
 * options and help; the work loads from `./run.js` when it runs.
 */
export function registerSize(program: Command, invocation: Invocation): void {
  const command = program
    .command('size')
    .summary('how many concurrent sessions to license, and which tier step')
    .description(
      [
        'Work out how many concurrent sessions to license and the smallest tier step',
        'that covers them (SPEC W3-W6), in one of these ways:',
        '  formula   ceil(users × concurrency × peak factor × margin)          (W4, W6)',
        '  by team   per team ceil(users × concurrency); sum × (1 + buffer)    (W5)',
        '  Erlang B  the fewest sessions refusing at most P of requests        (--erlang b, the default)',
        '  Erlang C  the fewest sessions making at most P of requests wait     (--erlang c)',
        '  Engset    Erlang B for a finite population of users                 (--erlang engset)',
        '  search    the fewest sessions per pool meeting a target in a scenario, by simulation',
        "            (--scenario FILE --target 'denial-rate<=1%')",
        'The offered load of Erlang B and C is --offered-load A, or --arrivals R --holding T:',
        "A = R per hour × T in hours (Little's law).",
      ].join('\n'),
    )
    .option('--users <n>', 'formula: people who may open sessions')
    .option('--concurrency <rate>', 'formula: share working at once, 0.2 or 20%')
    .option('--peak-factor <f>', 'formula: multiplier for busy periods, >= 1 (default: 1)')
    .option('--margin <m>', 'formula: safety multiplier, >= 1; 1.2 is +20% (default: 1)')
    .option('--teams <file>', 'by team: CSV (header name,users,concurrency) or YAML list of teams')
    .option('--buffer <b>', `by team: buffer on the sum, 0.3 or 30% (default: ${DEFAULT_BUFFER})`)
    .addOption(
      new Option(
        '--erlang <model>',
        'closed form: b (refusals), c (queueing) or engset (finite population)',
      ).choices(['b', 'c', 'engset']),
    )
    .option('--offered-load <erlangs>', 'Erlang B, C: arrival rate × mean session length')
    .option('--arrivals <per-hour>', 'Erlang B, C: session requests per hour (with --holding)')
    .option('--holding <duration>', 'Erlang B, C: mean session length, ISO 8601 (PT45M) (with --arrivals)')
    .option('--blocking <p>', 'Erlang B, Engset: acceptable share of refused sessions, 0.01 or 1%')
    .option('--waiting <p>', 'Erlang C: acceptable share of sessions that wait for a license, 0.2 or 20%')
    .option('--population <n>', 'Engset: users who may open sessions (with --concurrency, --blocking)')
    .option('--tiers <steps>', `tier steps, ascending (default: ${DEFAULT_TIERS.join(',')})`)
    .option('--policy <file>', "take the tier steps and their names from a policy's tiers (W3)")
    .option('--scenario <file>', "search: the scenario whose load and policies' pools are sized")
    .option(
      '--target <metric<=share>',
      'search: denial-rate<=1% or busy-hour-denial-rate<=1%, met by the upper end of its 95% confidence interval',
    )
    .option(
      '--replications <n>',
      `search: replications per capacity tried (default: ${DEFAULT_SEARCH_REPLICATIONS})`,
    )
    .option(
      '--growth <rate>',
      'search: load growth per month, 0.02 or 2%: each pool also gets its headroom, the months its licensed count still meets the target',
    );
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

  # Erlang C: 120 requests an hour of 45 minutes on average, at most 20 % wait for a license
  $ licensim size --erlang c --arrivals 120 --holding PT45M --waiting 20%

  # Engset: a team of 40, each in a session a quarter of the time, at most 1 % refused
  $ licensim size --erlang engset --population 40 --concurrency 25% --blocking 1%

  # Search: the fewest sessions per pool of each policy the 4-site scenario runs, busy hour at most 1 %
  $ licensim size --scenario scenarios/wallix-4-sites-compare.yaml --target 'busy-hour-denial-rate<=1%'

When no tier step is large enough, the recommended tier is empty: ask the vendor for a custom count.`,
    )
    .action(async (options: SizeOptions) => {
      const { size } = await import('./run.js');
      invocation.exitCode = await size(options, invocation.io);
    });
  // Reading the values needs the library (rates, tier steps): attach the parsers once `size` is the
  // command being run, before commander reads its options, so that other commands and `--help` skip it.
  program.hook('preSubcommand', async (_program, chosen) => {
    if (chosen !== command) return;
    const parsers: Partial<Record<string, (value: string) => unknown>> = (await import('./arguments.js'))
      .sizeArguments;
    for (const option of command.options) {
      const parse = parsers[option.attributeName()];
      if (parse) option.argParser(parse);
    }
  });
}
