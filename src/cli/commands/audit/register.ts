import { type Command, Option } from 'commander';
import type { Invocation } from '../../io.js';
import { type OutputOptions, withMetricsOptions } from '../../options.js';

export interface AuditCliOptions extends Omit<OutputOptions, 'format'> {
  format: 'text' | 'json' | 'html' | 'openmetrics';
  at?: string;
  /** The policy audited, then any replayed as what-ifs. */
  policy: string[];
  usage: string;
  logFormat?: 'flexlm' | 'csv' | 'jsonl';
  columns?: string;
  openSessions: 'close-at-end' | 'drop';
  countUsersBy: 'user-host' | 'username';
  strict?: boolean;
}

/** `licensim audit`: its options and help; the work loads from `./run.js` when it runs. */
export function registerAudit(program: Command, invocation: Invocation): void {
  withMetricsOptions(
    program
      .command('audit')
      .summary('replay a real usage log against a policy')
      .description(
        [
          'Import a usage log (FlexLM debug log, CSV or JSON Lines session records), accounting for every',
          'line, and replay its checkouts against a policy as the load of a scenario: pool figures,',
          'denials, lifecycle, and unique users by user-host pair and by username (SPEC L1, L2).',
        ].join(' '),
      )
      .requiredOption(
        '--policy <file>',
        'policy YAML file to replay the log against; given again, the log is replayed under each further policy too, as a what-if (compliance, right size, pools), and the first decides the exit code',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .requiredOption('--usage <log>', 'usage log to replay')
      .addOption(
        new Option(
          '--log-format <format>',
          'format of the log (default: by its extension: .csv, .jsonl, else flexlm)',
        ).choices(['flexlm', 'csv', 'jsonl']),
      )
      .option(
        '--columns <mapping>',
        'CSV columns or JSON keys of the record fields, e.g. start=Begin,user=Login ' +
          '(fields: start, end, duration, user, host, feature, site, realm; default: the field names)',
      )
      .addOption(
        new Option(
          '--open-sessions <how>',
          'checkouts with no IN by the end of the log: closed then, or not replayed',
        )
          .choices(['close-at-end', 'drop'])
          .default('close-at-end'),
      )
      .addOption(
        new Option('--count-users-by <how>', 'how the license counts a user (L1)')
          .choices(['user-host', 'username'])
          .default('user-host'),
      )
      .option('--strict', 'rejected log lines are errors: nothing is replayed (exit 2)'),
    ['html'],
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim audit --policy policies/flexlm-solver.yaml --usage test/audit/fixtures/three-users.log',
        '  licensim audit --policy P.yaml --usage sessions.csv --columns start=Begin,end=End,user=Login',
        '  licensim audit --policy P.yaml --usage lmgrd.log --open-sessions drop --format json --out audit.json',
        '  licensim audit --policy P.yaml --usage lmgrd.log --format openmetrics --out licenses.prom',
        '  licensim audit --policy current.yaml --policy proposed.yaml --usage lmgrd.log   # what the proposal would refuse',
        '',
        'Every line of the log is used, ignored (blank, informational) or rejected with its line and reason,',
        'printed on standard error. Times without an offset are read as UTC. The same policy and log always',
        'give byte-identical JSON.',
      ].join('\n'),
    )
    .action(async (options: AuditCliOptions) => {
      const { audit } = await import('./run.js');
      invocation.exitCode = await audit(options, invocation.io);
    });
}
