import type { Command } from 'commander';
import type { Invocation } from '../../io.js';
import { type OutputOptions, withOutputOptions } from '../../options.js';

export interface ValidateOptions extends OutputOptions {
  strict?: boolean;
}

/** `licensim validate`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerValidate(program: Command, invocation: Invocation): void {
  withOutputOptions(
    program
      .command('validate')
      .argument('<files...>', 'policy or scenario YAML files')
      .description(
        'Check policies and scenarios: YAML syntax, schema, and semantics (unknown references, duplicate ids, end before start…).',
      )
      .option('--strict', 'treat warnings as errors (exit 2 when any file has one)'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Every problem is reported as file:line:col: message, all at once. A scenario is checked together with',
        'the policies it names. Exit code 2 when any file has an error. Warnings (such as a license client whose',
        "incremental lease quantum breaks the guide's ILQ rules, P2) do not fail the check unless --strict is given.",
        '',
        'Example:',
        '  licensim validate policies/*.yaml scenarios/*.yaml',
      ].join('\n'),
    )
    .action(async (files: string[], options: ValidateOptions) => {
      const { validate } = await import('./run.js');
      invocation.exitCode = await validate(files, options, invocation.io);
    });
}
