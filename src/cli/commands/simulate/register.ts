import type { Command } from 'commander';
import type { Invocation } from '../../io.js';
import { type OutputOptions, parseNumber, withMetricsOptions } from '../../options.js';

export interface SimulateOptions extends OutputOptions {
  at?: string;
  trace?: string;
  seed?: number;
  strict?: boolean;
  why?: string;
}

/** `licensim simulate`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerSimulate(program: Command, invocation: Invocation): void {
  withMetricsOptions(
    program
      .command('simulate')
      .argument('<scenario>', 'scenario YAML file')
      .description(
        'Replay a scenario against its policies: pool figures, lifecycle timeline, alerts, denials and expectations.',
      )
      .option(
        '--trace <file>',
        'write every trace record (admissions, denials with their rule, transitions…) as JSON Lines; ' +
          'with several policies, one file each: FILE, then FILE.2, FILE.3… before the extension',
      )
      .option('--seed <n>', "override the scenario's random seed", parseNumber('--seed', { integer: true }))
      .option('--strict', 'treat warnings as errors: the scenario does not run (exit 2)')
      .option(
        '--why <client@instant>',
        'instead of the report, explain the lease of a license-server client or cluster at an instant: ' +
          'the decision in force per feature with the rule and facts behind it, the decisions before and the next; ' +
          "INSTANT is 2026-03-12T14:02:00Z, a local 2026-03-12T14:02 in the policy's zone, or P11DT14H2M from the start",
      ),
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim simulate scenarios/wallix-4-sites-compare.yaml',
        '  licensim simulate scenarios/wallix-trial.yaml --format json --out report.json',
        '  licensim simulate scenarios/wallix-ha-failover.yaml --trace trace.jsonl',
        '  licensim simulate scenarios/pulse-cluster-lease-steps.yaml --why hq@PT9H',
        '  licensim simulate scenarios/wallix-trial.yaml --format openmetrics --at P10D --out licenses.prom',
        '',
        'The same scenario, policies and seed always give byte-identical JSON. Exit code 1 when an expectation fails.',
      ].join('\n'),
    )
    .action(async (file: string, options: SimulateOptions) => {
      const { simulate } = await import('./run.js');
      invocation.exitCode = await simulate(file, options, invocation.io);
    });
}
