import { join, parse } from 'node:path';
import type { GaugesAt } from '../../../analysis/gauges.js';
import type { LeaseWhy } from '../../../analysis/lease-why.js';
import { displayPath } from '../../../config/display-path.js';
import { printable } from '../../../config/printable.js';
import type { Run } from '../../../model/bind.js';
import { renderHtml } from '../../../report/html-report.js';
import { renderOpenMetrics } from '../../../report/openmetrics.js';
import { sameFile } from '../../../report/output-file.js';
import { renderText } from '../../../report/text.js';
import { filteredTrace, parseTraceFilter, TraceFilterError } from '../../../report/trace-filter.js';
import { TraceWriter } from '../../../report/trace-writer.js';
import { renderUsageCsv } from '../../../report/usage-csv.js';
import { renderWhy } from '../../../report/why-text.js';
import type { RunNames } from '../../../run/execute.js';
import type { PreparedScenario } from '../../../run/prepare.js';
import { combine } from '../../../run/report.js';
import { prepareScenario, runPrepared } from '../../../run/simulate.js';
import { gaugesFor, parseWhy, unknownSubject, WhyError, whyFor, whyReport } from '../../../run/why.js';
import type { TraceKind } from '../../../trace/record-kinds.js';
import type { TraceSink } from '../../../trace/records.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printWarnings, reportStyle, toJson, writesToStdout } from '../../output.js';
import { progressLine } from '../../progress.js';
import type { SimulateOptions } from './register.js';

/**
 * Replays the scenario and reports it (or, with `--why`, answers that question instead); exit code 1
 * when an expectation fails. On a terminal, a long run shows a progress line on standard error, erased
 * before the report is written.
 */
export async function simulate(file: string, options: SimulateOptions, io: CliIo): Promise<ExitCode> {
  const prepared = await prepareScenario(file, { seed: options.seed, strict: options.strict });
  if (prepared.warnings.length > 0) printWarnings(prepared.warnings, io);
  refuseOverwritingInputs(file, prepared.runs, options);
  const askers = whyAskers(prepared, options.why);
  const kept = traceFilter(options);
  const gauges = gaugeReaders(prepared, options);
  const writers: TraceWriter[] = [];
  const sinksOf = (run: Run, names: RunNames) => {
    const asker = askers?.[prepared.runs.indexOf(run)];
    const gauge = gauges?.[prepared.runs.indexOf(run)];
    const sinks: TraceSink[] = [...(asker ? [asker] : []), ...(gauge ? [gauge] : [])];
    if (options.trace === undefined) return sinks;
    const writer = new TraceWriter(traceFile(options.trace, writers.length), names, {
      scenario: run.scenario.name,
      policy: run.policy.name,
    });
    writers.push(writer);
    return [...sinks, kept ? filteredTrace(writer, kept) : writer];
  };
  const progress = progressLine(io);
  const labels = runLabels(prepared);
  let current = 0;
  try {
    const runs = await runPrepared(prepared, {
      traceSinks: options.trace !== undefined || askers !== null || gauges !== null ? sinksOf : undefined,
      onProgress: progress && ((p) => progress.update(labels[current]!, p)),
      onRunDone: () => current++,
    });
    progress?.clear();
    for (const w of writers) w.close();
    const report = combine(runs);
    if (askers !== null) {
      const answers = prepared.runs.flatMap((run, i) => {
        const asker = askers[i];
        return asker ? [whyReport(run, asker.result())] : [];
      });
      await emit(options.format === 'json' ? toJson({ why: answers }) : renderWhy(answers), options.out, io);
    } else {
      const render: Record<SimulateOptions['format'], () => string | Promise<string>> = {
        text: () => renderText(report, { style: reportStyle(options.out, io) }),
        json: () => toJson(report),
        csv: () => renderUsageCsv(report),
        html: () =>
          renderHtml({
            title: `licensim simulate ${prepared.scenario.name}`,
            runs: report.scenarios,
            passed: report.passed,
          }),
        openmetrics: () => renderOpenMetrics(gauges!.map((g) => g.result())),
      };
      await emit(await render[options.format](), options.out, io);
    }
    return report.passed ? ExitCode.ok : ExitCode.checksFailed;
  } finally {
    progress?.clear();
    // A trace not closed (the run failed) is dropped: no partial file is left behind.
    for (const w of writers) w.abandon();
  }
}

/** The kinds of trace line `--trace-filter` keeps, or null to keep all; a usage error for an unknown kind. */
function traceFilter(options: SimulateOptions): ReadonlySet<TraceKind> | null {
  if (options.traceFilter === undefined) return null;
  if (options.trace === undefined) throw new UsageError('--trace-filter needs --trace FILE to filter');
  try {
    return parseTraceFilter(options.traceFilter);
  } catch (error) {
    if (error instanceof TraceFilterError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The `--why` reducer of each run (null where a policy has no such client), or null without `--why`.
 * A question no run can answer is a usage error before anything runs.
 */
function whyAskers(prepared: PreparedScenario, why: string | undefined): (LeaseWhy | null)[] | null {
  if (why === undefined) return null;
  try {
    const question = parseWhy(why);
    const askers = prepared.runs.map((run) => whyFor(question, run));
    if (askers.every((a) => a === null)) throw unknownSubject(question, prepared.runs);
    return askers;
  } catch (error) {
    if (error instanceof WhyError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * With `--format openmetrics`, the reducer reading each run's gauges (at `--at`, else at its end); null
 * otherwise. `--at` without that format, or with `--why`, is a usage error: it would be ignored.
 */
function gaugeReaders(prepared: PreparedScenario, options: SimulateOptions): GaugesAt[] | null {
  if (options.format !== 'openmetrics') {
    if (options.at !== undefined) throw new UsageError('--at applies to --format openmetrics only');
    return null;
  }
  if (options.why !== undefined) {
    throw new UsageError('--why answers in text or JSON: drop --format openmetrics');
  }
  try {
    return prepared.runs.map((run) => gaugesFor(run, options.at));
  } catch (error) {
    if (error instanceof WhyError) throw new UsageError(error.message);
    throw error;
  }
}

/** What the progress line calls each run: the scenario and the policy, with its place among several. */
function runLabels({ scenario, runs }: PreparedScenario): string[] {
  return runs.map((run, i) => {
    const place = runs.length > 1 ? ` (${i + 1} of ${runs.length})` : '';
    return printable(`simulating ${scenario.name} × ${run.policy.name}${place}`);
  });
}

/**
 * `--out` and `--trace` may not name the scenario, a policy it runs, or each other: the run would destroy
 * an input, or one output would silently replace the other.
 */
function refuseOverwritingInputs(file: string, runs: readonly Run[], options: SimulateOptions): void {
  const inputs = [file, ...runs.map((r) => r.policy.file)];
  const traces = options.trace ? runs.map((_, i) => traceFile(options.trace!, i)) : [];
  const outputs = [...(writesToStdout(options.out) ? [] : [{ flag: '--out', path: options.out }])];
  for (const path of traces) outputs.push({ flag: '--trace', path });
  for (const [i, output] of outputs.entries()) {
    const input = inputs.find((input) => sameFile(output.path, input));
    if (input !== undefined) {
      throw new UsageError(
        `${output.flag} ${output.path} would overwrite the input ${displayPath(input)}; write elsewhere`,
      );
    }
    const other = outputs.slice(i + 1).find((o) => sameFile(output.path, o.path));
    if (other !== undefined) {
      throw new UsageError(
        `${output.flag} and ${other.flag} both name ${output.path}; give each its own file`,
      );
    }
  }
}

/** One trace file per policy run: trace.jsonl, then trace.2.jsonl, trace.3.jsonl… */
function traceFile(file: string, index: number): string {
  if (index === 0) return file;
  const { dir, name, ext } = parse(file);
  return join(dir, `${name}.${index + 1}${ext}`);
}
