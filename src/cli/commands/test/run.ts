import { coverageOf, type RunCoverage } from '../../../analysis/coverage.js';
import type { Diagnostic } from '../../../config/diagnostics.js';
import { printable } from '../../../config/printable.js';
import type { Report, ScenarioRunReport } from '../../../config/schema/report.js';
import { renderCoverage } from '../../../report/coverage-text.js';
import { renderHtml } from '../../../report/html-report.js';
import { renderJunit } from '../../../report/junit.js';
import { mark } from '../../../report/style.js';
import { renderTestRun, renderTestSummary, renderTestTally } from '../../../report/text.js';
import { combine } from '../../../run/report.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printDiagnostics, printWarnings, reportStyle, toJson, writesToStdout } from '../../output.js';
import { progressLine } from '../../progress.js';
import { crashError, type FileJob, type FileOutcome, runScenarioFile } from './file-outcome.js';
import { runOnWorkers } from './on-workers.js';
import type { Reporter, TestOptions } from './register.js';
import { scenarioFiles } from './scenario-files.js';

/**
 * Runs every scenario file's expectations, `--jobs` files at once, and reports them in file order. Exit
 * code 1 when an expectation fails (or a scenario states none, unless `--pass-with-no-expectations`), 2
 * when a file could not be run: such a file is an errored case in the report, which is always written.
 */
export async function test(paths: readonly string[], options: TestOptions, io: CliIo): Promise<ExitCode> {
  const reporter = options.reporter ?? (options.format as Reporter);
  const files = await scenarioFiles(paths);
  if (files.length === 0) throw new UsageError(`no scenario files found in ${paths.join(', ')}`);
  // The text report on standard output shows progress: each file's lines once it and those before it are done.
  const streaming = reporter === 'text' && writesToStdout(options.out);
  const style = reportStyle(options.out, io);
  const runs: ScenarioRunReport[] = [];
  const seconds: number[] = [];
  const errors: { file: string; diagnostics: Diagnostic[] }[] = [];
  const coverage = options.coverage === true || options.threshold !== undefined;
  const covered: RunCoverage[] = [];
  /** Warnings printed so far: a policy that several scenarios run warns once. */
  const warned = new Set<string>();
  const jobs = files.map((file) => ({ file, strict: options.strict ?? false, coverage }));
  // On a terminal, a long suite shows how many files are done, their pace and the time left.
  const progress = progressLine(io);
  const label = `testing ${files.length} scenario file${files.length === 1 ? '' : 's'}`;
  let finished = 0;
  progress?.update(label, { done: 0, events: 0 }, 'files');
  try {
    for await (const outcome of outcomes(jobs, options.jobs ?? io.cores)) {
      progress?.clear();
      finished++;
      const stop = reportOutcome(outcome);
      progress?.redraw(label, { done: finished / files.length, events: finished }, 'files');
      if (stop) break;
    }
  } finally {
    progress?.clear();
  }

  /** Reports one file's outcome as it comes in; true when `--bail` stops the suite there. */
  function reportOutcome(outcome: FileOutcome): boolean {
    // A policy that several scenarios run warns once.
    const fresh = outcome.warnings.filter((d) => {
      const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
      if (warned.has(key)) return false;
      warned.add(key);
      return true;
    });
    printWarnings(fresh, io);
    if (outcome.kind === 'crashed') throw crashError(outcome.error);
    if (outcome.kind === 'invalid') {
      errors.push({ file: outcome.file, diagnostics: [...outcome.problems] });
      printDiagnostics(outcome.problems, io);
      if (streaming) {
        io.stdout.write(
          `${mark(false, style)} ${printable(outcome.file)}  (could not be run: see the messages above)\n`,
        );
      }
      return options.bail === true;
    }
    const kept = outcome.runs.flatMap((run, i) => (selected(run, options.filter) ? [i] : []));
    const checked = kept.map((i) => {
      const run = outcome.runs[i]!;
      return options.passWithNoExpectations ? run : requireExpectations(run);
    });
    runs.push(...checked);
    seconds.push(...kept.map((i) => outcome.seconds[i]!));
    if (coverage) covered.push(...kept.map((i) => outcome.coverage[i]!));
    if (streaming) io.stdout.write(checked.map((run) => renderTestRun(run, { style })).join(''));
    return options.bail === true && checked.some((run) => !run.passed);
  }
  if (options.filter && runs.length === 0 && errors.length === 0) {
    throw new UsageError(`no scenario run matches --filter ${options.filter.source}`);
  }
  const combined: Report = errors.length === 0 ? combine(runs) : { ...combine(runs), errors, passed: false };
  const coverageReport = coverage ? coverageOf(covered, options.threshold ?? null) : undefined;
  const report: Report = coverageReport === undefined ? combined : { ...combined, coverage: coverageReport };
  const coverageText = coverageReport === undefined ? '' : `\n${renderCoverage(coverageReport, style)}`;
  const render: Record<Reporter, () => string | Promise<string>> = {
    text: () => `${renderTestSummary(report, { style })}${coverageText}`,
    json: () => toJson(report),
    junit: () => renderJunit(report, seconds),
    html: () =>
      renderHtml({
        title: `licensim test: ${renderTestTally(report.scenarios, errors.length)}`,
        runs: report.scenarios,
        errors: report.errors,
        ...(coverageReport === undefined ? {} : { coverage: coverageReport }),
        passed: report.passed && (coverageReport?.passed ?? true),
      }),
  };
  if (streaming) io.stdout.write(`\n${renderTestTally(report.scenarios, errors.length)}\n${coverageText}`);
  else await emit(await render[reporter](), options.out, io);
  if (errors.length > 0) return ExitCode.badInput;
  const passed = report.passed && (coverageReport?.passed ?? true);
  return passed ? ExitCode.ok : ExitCode.checksFailed;
}

/** Whether `--filter` keeps a run: its scenario or its policy name matches. */
function selected(run: ScenarioRunReport, filter: RegExp | undefined): boolean {
  return filter === undefined || filter.test(run.scenario) || filter.test(run.policy);
}

/**
 * A scenario that states no expectation checks nothing, and passing it would hide that (vitest fails a
 * file with no tests for the same reason): it fails with one unmet expectation saying so.
 */
function requireExpectations(run: ScenarioRunReport): ScenarioRunReport {
  if (run.expectations.length > 0) return run;
  const missing = {
    description: 'the scenario states at least one expectation',
    location: run.file,
    passed: false,
    expected: 'at least one expectation (or --pass-with-no-expectations)',
    actual: 0,
  };
  return { ...run, expectations: [missing], passed: false };
}

/**
 * Outcomes in file order. One job runs the files here, one after another: no worker to start, and the
 * same function as on a worker, so the reports are the same.
 */
function outcomes(files: readonly FileJob[], jobs: number): AsyncGenerator<FileOutcome> {
  return jobs === 1 || files.length === 1 ? inThisThread(files) : runOnWorkers(files, jobs);
}

async function* inThisThread(files: readonly FileJob[]): AsyncGenerator<FileOutcome> {
  for (const file of files) yield await runScenarioFile(file);
}
