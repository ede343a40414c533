import type { Command } from 'commander';
import type { Invocation } from '../../io.js';
import { type OutputOptions, withOutputOptions } from '../../options.js';

export interface DiffOptions extends OutputOptions {
  /** Scenario files or folders replayed under both versions. */
  scenarios: string[];
  strict?: boolean;
}

/** `licensim diff`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerDiff(program: Command, invocation: Invocation): void {
  withOutputOptions(
    program
      .command('diff')
      .argument('<old>', 'the policy as it is')
      .argument('<new>', 'the changed policy')
      .description(
        'Replay the scenarios that run OLD with NEW in its place, and report what changes: expectations, denials, peaks, transitions.',
      )
      .option(
        '--scenarios <paths...>',
        'scenario files or folders to replay (default: scenarios)',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option('--strict', 'treat warnings as errors (exit 2)'),
  )
    .addHelpText(
      'after',
      [
        '',
        'A scenario runs OLD when one of the policies it names is that file. NEW runs under the name of OLD,',
        'so that expectations naming the policy still apply. Exit code 1 when an expectation that passed',
        'under OLD fails under NEW.',
        '',
        'Example:',
        '  licensim diff policies/wallix-bastion-ha.yaml changed/wallix-bastion-ha.yaml --scenarios scenarios',
      ].join('\n'),
    )
    .action(async (oldFile: string, newFile: string, options: DiffOptions) => {
      const { diff } = await import('./run.js');
      invocation.exitCode = await diff(oldFile, newFile, options, invocation.io);
    });
}
