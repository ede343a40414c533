import { availableParallelism } from 'node:os';
import {
  combine,
  type Diagnostic,
  InputError,
  type Report,
  renderJunit,
  renderTestRun,
  renderTestSummary,
  renderTestTally,
  type ScenarioRunReport,
} from '../../../index.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import { emit, printWarnings, toJson, writesToStdout } from '../../output.js';
import { crashError, type FileOutcome, runScenarioFile } from './file-outcome.js';
import { runOnWorkers } from './on-workers.js';
import type { Reporter, TestOptions } from './register.js';
import { scenarioFiles } from './scenario-files.js';

const renderers: Record<Reporter, (report: Report) => string> = {
  text: renderTestSummary,
  json: toJson,
  junit: renderJunit,
};

/**
 * Runs every scenario file's expectations, `--jobs` files at once, and reports them in file order; exit
 * code 1 when an expectation fails. Unusable files are all reported together, as one input error.
 */
export async function test(paths: readonly string[], options: TestOptions): Promise<ExitCode> {
  const reporter = options.reporter ?? (options.format as Reporter);
  const files = await scenarioFiles(paths);
  if (files.length === 0) throw new UsageError(`no scenario files found in ${paths.join(', ')}`);
  // The text report on standard output shows progress: each file's lines once it and those before it are done.
  const streaming = reporter === 'text' && writesToStdout(options.out);
  const runs: ScenarioRunReport[] = [];
  const problems: Diagnostic[] = [];
  for await (const outcome of outcomes(files, options.jobs ?? availableParallelism())) {
    printWarnings(outcome.warnings);
    if (outcome.kind === 'crashed') throw crashError(outcome.error);
    if (outcome.kind === 'invalid') {
      problems.push(...outcome.problems);
      continue;
    }
    runs.push(...outcome.runs);
    // Once a file is unusable the command ends in an input error, with no summary: stop the progress too.
    if (streaming && problems.length === 0) process.stdout.write(outcome.runs.map(renderTestRun).join(''));
  }
  if (problems.length > 0) throw new InputError(problems);
  const report = combine(runs);
  if (streaming) process.stdout.write(`\n${renderTestTally(report.scenarios)}\n`);
  else await emit(renderers[reporter](report), options.out);
  return report.passed ? ExitCode.ok : ExitCode.checksFailed;
}

/**
 * Outcomes in file order. One job runs the files here, one after another: no worker to start, and the
 * same function as on a worker, so the reports are the same.
 */
function outcomes(files: readonly string[], jobs: number): AsyncGenerator<FileOutcome> {
  return jobs === 1 || files.length === 1 ? inThisThread(files) : runOnWorkers(files, jobs);
}

async function* inThisThread(files: readonly string[]): AsyncGenerator<FileOutcome> {
  for (const file of files) yield await runScenarioFile(file);
}
