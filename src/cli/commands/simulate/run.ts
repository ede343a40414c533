import { join, parse } from 'node:path';
import {
  combine,
  type Run,
  type RunNames,
  renderText,
  type ScenarioRunReport,
  simulateScenario,
  TraceWriter,
} from '../../../index.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import { emit, printWarnings, toJson, whyCannotWrite } from '../../output.js';
import type { SimulateOptions } from './register.js';

/** Replays the scenario and reports it; exit code 1 when an expectation fails. */
export async function simulate(file: string, options: SimulateOptions): Promise<ExitCode> {
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
  return report.passed ? ExitCode.ok : ExitCode.checksFailed;
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
