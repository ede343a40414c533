import { join, parse } from 'node:path';
import type { Command } from 'commander';
import {
  combine,
  type Run,
  type RunNames,
  renderText,
  type ScenarioRunReport,
  simulateScenario,
  TraceWriter,
} from '../../index.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import {
  emit,
  type OutputOptions,
  parseNumber,
  printWarnings,
  toJson,
  whyCannotWrite,
  withOutputOptions,
} from '../output.js';

interface SimulateOptions extends OutputOptions {
  trace?: string;
  seed?: number;
}

export function registerSimulate(program: Command): void {
  withOutputOptions(
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
      .option('--seed <n>', "override the scenario's random seed", parseNumber('--seed', { integer: true })),
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim simulate scenarios/wallix-4-sites-compare.yaml',
        '  licensim simulate scenarios/wallix-trial.yaml --format json --out report.json',
        '  licensim simulate scenarios/wallix-ha-failover.yaml --trace trace.jsonl',
        '',
        'The same scenario, policies and seed always give byte-identical JSON. Exit code 1 when an expectation fails.',
      ].join('\n'),
    )
    .action(async (file: string, options: SimulateOptions) => {
      const writers: TraceWriter[] = [];
      let runs: ScenarioRunReport[];
      try {
        runs = await simulateScenario(file, {
          seed: options.seed,
          onWarnings: printWarnings,
          traceSinks: options.trace
            ? (run, names) => [openTrace(options.trace!, writers, run, names)]
            : undefined,
        });
      } catch (error) {
        for (const w of writers) w.abandon();
        throw error;
      }
      for (const w of writers) w.close();
      const report = combine(runs);
      await emit(options.format === 'json' ? toJson(report) : renderText(report), options.out);
      if (!report.passed) process.exitCode = ExitCode.checksFailed;
    });
}

/** A trace writer for the next policy run: one file per policy (trace.jsonl, trace.2.jsonl, …). */
function openTrace(file: string, writers: TraceWriter[], run: Run, names: RunNames): TraceWriter {
  const path = traceFile(file, writers.length);
  try {
    const writer = new TraceWriter(path, names, { scenario: run.scenario.name, policy: run.policy.name });
    writers.push(writer);
    return writer;
  } catch (error) {
    throw new UsageError(`cannot write the trace to ${path}: ${whyCannotWrite(error, path)}`);
  }
}

/** One trace file per policy run: trace.jsonl, then trace.2.jsonl, trace.3.jsonl… */
function traceFile(file: string, index: number): string {
  if (index === 0) return file;
  const { dir, name, ext } = parse(file);
  return join(dir, `${name}.${index + 1}${ext}`);
}
