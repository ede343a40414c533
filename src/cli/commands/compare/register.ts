import type { Command } from 'commander';
import type { Invocation } from '../../io.js';
import { type OutputOptions, parseNumber, withOutputOptions } from '../../options.js';

export interface CompareOptions extends Omit<OutputOptions, 'format'> {
  format: OutputOptions['format'] | 'html';
  /** Policy files replayed in place of the scenario's own. */
  policy?: string[];
  replications: number;
  target?: string;
}

/** Replications per policy unless --replications says otherwise: enough for an interval worth reading. */
export const DEFAULT_COMPARE_REPLICATIONS = 10;

/** `licensim compare`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerCompare(program: Command, invocation: Invocation): void {
  withOutputOptions(
    program
      .command('compare')
      .argument('<scenario>', 'the scenario whose load each policy is given')
      .summary('replay one load against several policies, side by side, with intervals')
      .description(
        'Replay the identical load of SCENARIO (the same replication seeds) against each policy it runs, or against the --policy files instead, and print each pool side by side: sessions licensed, denial rate and busy-hour denial rate with their 95% confidence intervals, mean in use and peak.',
      )
      .option(
        '--policy <file>',
        "a policy to compare, in place of the scenario's own; give it once per policy",
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option(
        '--replications <n>',
        `replications per policy (default: ${DEFAULT_COMPARE_REPLICATIONS})`,
        parseNumber('--replications', { min: 2, max: 10_000, integer: true }),
        DEFAULT_COMPARE_REPLICATIONS,
      )
      .option(
        '--target <metric<=share>',
        "recommend the policy that meets it in every pool with the fewest sessions: 'denial-rate<=1%' or 'busy-hour-denial-rate<=1%', met by the upper end of the 95% interval",
      ),
    ['html'],
  )
    .addHelpText(
      'after',
      [
        '',
        "The scenario's expectations are set aside: they name the pools of the policies it was written for.",
        'Figures leave out the warm-up, as simulate --replications does.',
        '',
        'Examples:',
        '  # W2: the 4 sites isolated, pooled and hybrid, as the scenario names them, and which to buy',
        "  licensim compare scenarios/wallix-4-sites-compare.yaml --target 'busy-hour-denial-rate<=1%'",
        '',
        '  # two tiers for the same sites',
        '  licensim compare scenarios/wallix-sizing-check.yaml --policy policies/wallix-bastion-small.yaml --policy policies/wallix-bastion-medium.yaml',
      ].join('\n'),
    )
    .action(async (scenario: string, options: CompareOptions) => {
      const { compare } = await import('./run.js');
      invocation.exitCode = await compare(scenario, options, invocation.io);
    });
}
