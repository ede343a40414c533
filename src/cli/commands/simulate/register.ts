import type { Command } from 'commander';
import { UsageError } from '../../exit-codes.js';
import type { Invocation } from '../../io.js';
import { type OutputOptions, parseNumber, withMetricsOptions } from '../../options.js';

export const simulateFormats = ['text', 'json', 'csv', 'html', 'openmetrics'] as const;

export interface SimulateOptions extends Omit<OutputOptions, 'format'> {
  format: (typeof simulateFormats)[number];
  at?: string;
  trace?: string;
  traceFilter?: string;
  seed?: number;
  strict?: boolean;
  why?: string;
  replications?: number;
  jobs?: number;
  shard?: { index: number; count: number };
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
      .option(
        '--trace-filter <kinds>',
        'keep only these kinds of trace line, comma-separated (e.g. deny,transition,alert for an audit); ' +
          'the kinds: run-start, run-end, admit, release, deny, alert, alert-cleared, transition, capacity, ' +
          'outage, failover, unavailable, timeline, session-ended, entitlement, key-download, lease, auto-lease, server',
      )
      .option('--seed <n>', "override the scenario's random seed", parseNumber('--seed', { integer: true }))
      .option('--strict', 'treat warnings as errors: the scenario does not run (exit 2)')
      .option(
        '--replications <n>',
        'run N independent replications (seeds derived from the scenario seed) and report each metric per pool: mean, 95 % interval, percentiles',
        parseNumber('--replications', { min: 1, max: 1_000_000, integer: true }),
      )
      .option(
        '--jobs <n>',
        'replications run at once, each on a worker thread (default: the number of cores); results do not depend on it',
        parseNumber('--jobs', { min: 1, integer: true }),
      )
      .option(
        '--shard <i/n>',
        'with --replications: run only shard i of n (replication r, from 0, is in shard r mod n + 1) and write its raw figures as a partial for `licensim merge`',
        shardOption,
      )
      .option(
        '--why <client@instant>',
        'instead of the report, explain the lease of a license-server client or cluster at an instant: ' +
          'the decision in force per feature with the rule and facts behind it, the decisions before and the next; ' +
          "INSTANT is 2026-03-12T14:02:00Z, a local 2026-03-12T14:02 in the policy's zone, or P11DT14H2M from the start",
      ),
    ['csv', 'html'],
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim simulate scenarios/wallix-4-sites-compare.yaml',
        '  licensim simulate scenarios/wallix-trial.yaml --format json --out report.json',
        '  licensim simulate scenarios/wallix-ha-failover.yaml --trace trace.jsonl',
        '  licensim simulate scenarios/wallix-trial.yaml --trace audit.jsonl --trace-filter deny,transition,alert',
        '  licensim simulate scenarios/wallix-4-sites-compare.yaml --format csv --out usage.csv',
        '  licensim simulate scenarios/wallix-4-sites-compare.yaml --format html --out report.html',
        '  licensim simulate scenarios/pulse-cluster-lease-steps.yaml --why hq@PT9H',
        '  licensim simulate scenarios/wallix-trial.yaml --format openmetrics --at P10D --out licenses.prom',
        '',
        'The same scenario, policies and seed always give byte-identical JSON. Exit code 1 when an expectation fails.',
      ].join('\n'),
    )
    .action(async (file: string, options: SimulateOptions) => {
      if (options.replications !== undefined || options.shard !== undefined) {
        if (options.replications === undefined) throw new UsageError('--shard needs --replications N');
        const { replicate } = await import('./replicate.js');
        invocation.exitCode = await replicate(file, options, invocation.io);
        return;
      }
      const { simulate } = await import('./run.js');
      invocation.exitCode = await simulate(file, options, invocation.io);
    });
}

/** `--shard i/n`, 1-based: shard i of n. */
function shardOption(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 1/4 (got '${value}')`);
  }
  return { index, count };
}
