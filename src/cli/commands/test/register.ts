import { type Command, Option } from 'commander';
import { UsageError } from '../../exit-codes.js';
import type { Invocation } from '../../io.js';
import { type OutputOptions, parseNumber, withOutputOptions } from '../../options.js';

export const reporters = ['text', 'json', 'junit', 'html'] as const;
export type Reporter = (typeof reporters)[number];

export interface TestOptions extends OutputOptions {
  reporter?: Reporter;
  /** Scenario files run at once; the number of cores when not given. */
  jobs?: number;
  /** A scenario with no expectations passes instead of failing. */
  passWithNoExpectations?: boolean;
  /** Only runs whose scenario or policy name matches (a case-insensitive regular expression). */
  filter?: RegExp;
  /** Stop at the first failed run or file in error. */
  bail?: boolean;
  /** Warnings count as errors: a file with one is a file in error. */
  strict?: boolean;
  /** Report the rule IDs, lifecycle transitions and rules the suite covered. */
  coverage?: boolean;
  /** The least coverage, in %, each of the three must reach (implies `coverage`). */
  threshold?: number;
}

/** `licensim test`: its arguments, options and help; the work loads from `./run.js` when it runs. */
export function registerTest(program: Command, invocation: Invocation): void {
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
      )
      .option(
        '--filter <pattern>',
        'only the runs whose scenario or policy name matches PATTERN (a case-insensitive regular expression)',
        filterArg,
      )
      .option('--bail', 'stop at the first failed run or file in error (the report lists what ran)')
      .option('--strict', 'treat warnings as errors: a file with one is a file in error (exit 2)')
      .option(
        '--coverage',
        'report which rule IDs, lifecycle transitions and json-rules-engine rules the suite covered',
      )
      .option(
        '--threshold <percent>',
        'exit 1 when rule IDs, transitions or rules are covered below PERCENT (implies --coverage)',
        parseNumber('--threshold', { min: 0, max: 100 }),
      )
      .option(
        '--pass-with-no-expectations',
        'let a scenario with no expectations pass (by default it fails: it checks nothing)',
      ),
    ['junit', 'html'],
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim test                                   # every scenario under scenarios/',
        '  licensim test scenarios/wallix-trial.yaml',
        '  licensim test --reporter junit --out junit.xml  # for GitLab or Jenkins',
        '  licensim test --coverage --threshold 60         # and what the suite left unexercised',
        '  licensim test --format html --out report.html   # charts, for people',
        '',
        'In a folder, every .yaml or .yml file whose kind is not Policy is run as a scenario: a file that',
        'cannot be read as one is an error (exit 2), reported as an errored case in JSON and JUnit too.',
        'A scenario with no expectations fails unless --pass-with-no-expectations is given.',
        'Scenarios are reported in file order whatever --jobs is: the JSON and JUnit reports do not depend on it.',
      ].join('\n'),
    )
    .action(async (paths: string[], options: TestOptions) => {
      const { test } = await import('./run.js');
      invocation.exitCode = await test(paths, options, invocation.io);
    });
}

function filterArg(value: string): RegExp {
  try {
    return new RegExp(value, 'i');
  } catch (error) {
    throw new UsageError(`--filter ${value} is not a regular expression: ${(error as Error).message}`);
  }
}
