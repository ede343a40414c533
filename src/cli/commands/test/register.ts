import { type Command, Option } from 'commander';
import { type OutputOptions, parseNumber, withOutputOptions } from '../../options.js';

export const reporters = ['text', 'json', 'junit'] as const;
export type Reporter = (typeof reporters)[number];

export interface TestOptions extends OutputOptions {
  reporter?: Reporter;
  /** Scenario files run at once; the number of cores when not given. */
  jobs?: number;
}

/** `licensim test`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerTest(program: Command): void {
  withOutputOptions(
    program
      .command('test')
      .argument('[paths...]', 'scenario files or folders to search for *.yaml scenarios', ['scenarios'])
      .description("Run every scenario's expectations; exit 1 when any fails (for CI).")
      .addOption(new Option('--reporter <reporter>', 'report format (overrides --format)').choices(reporters))
      .option(
        '--jobs <n>',
        'scenario files run at once, each on a worker thread (default: the number of cores)',
        parseNumber('--jobs', { min: 1, integer: true }),
      ),
    ['junit'],
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim test                                   # every scenario under scenarios/',
        '  licensim test scenarios/wallix-trial.yaml',
        '  licensim test --reporter junit --out junit.xml  # for GitLab or Jenkins',
        '',
        'Files whose kind is Policy are skipped, so a folder may hold both.',
        'Scenarios are reported in file order whatever --jobs is: the JSON and JUnit reports do not depend on it.',
      ].join('\n'),
    )
    .action(async (paths: string[], options: TestOptions) => {
      const { test } = await import('./run.js');
      process.exitCode = await test(paths, options);
    });
}
