import type { Command } from 'commander';
import type { Invocation } from '../../io.js';
import { type OutputOptions, parseNumber, withOutputOptions } from '../../options.js';

export interface ExplainOptions extends OutputOptions {
  /** For a scenario: the instant asked about. */
  at?: string;
  /** A user, site, pool, session (#N), or license-server client or cluster. */
  subject?: string;
  seed?: number;
  strict?: boolean;
}

/** `licensim explain`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerExplain(program: Command, invocation: Invocation): void {
  withOutputOptions(
    program
      .command('explain')
      .argument('<file>', 'a policy to describe, or a scenario to question with --at')
      .description(
        'Explain a policy in plain words (lifecycle as a Mermaid diagram, rules as sentences), or why sessions were denied or states entered at an instant of a scenario.',
      )
      .option(
        '--at <instant>',
        "for a scenario: 2026-03-02T14:39 (the policy's local time), an ISO instant with offset, or a duration from the start (P0DT14H39M)",
      )
      .option(
        '--subject <name>',
        'only this user, site, pool, session (#N), or license-server client or cluster',
      )
      .option('--seed <n>', "override the scenario's random seed", parseNumber('--seed', { integer: true }))
      .option('--strict', 'treat warnings as errors (exit 2)'),
  )
    .addHelpText(
      'after',
      [
        '',
        'An instant written to the minute covers that minute (to the second, that second): every denial in',
        'it is listed with the rule that refused it and the facts the rule saw, and with none, the nearest',
        'before and after.',
        '',
        'Examples:',
        '  licensim explain policies/wallix-bastion-ha.yaml',
        '  licensim explain scenarios/wallix-trial.yaml --at 2026-02-03T09:00',
        '  licensim explain scenarios/pulse-cluster-lease-steps.yaml --at PT9H --subject hq',
      ].join('\n'),
    )
    .action(async (file: string, options: ExplainOptions) => {
      const { explain } = await import('./run.js');
      invocation.exitCode = await explain(file, options, invocation.io);
    });
}
