import { join, parse } from 'node:path';
import {
  combine,
  displayPath,
  prepareScenario,
  type Run,
  type RunNames,
  renderText,
  runPrepared,
  sameFile,
  TraceWriter,
} from '../../../index.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import { emit, printWarnings, toJson, writesToStdout } from '../../output.js';
import type { SimulateOptions } from './register.js';

/** Replays the scenario and reports it; exit code 1 when an expectation fails. */
export async function simulate(file: string, options: SimulateOptions): Promise<ExitCode> {
  const prepared = await prepareScenario(file, { seed: options.seed, strict: options.strict });
  if (prepared.warnings.length > 0) printWarnings(prepared.warnings);
  refuseOverwritingInputs(file, prepared.runs, options);
  const writers: TraceWriter[] = [];
  const openTrace = (run: Run, names: RunNames) => {
    const writer = new TraceWriter(traceFile(options.trace!, writers.length), names, {
      scenario: run.scenario.name,
      policy: run.policy.name,
    });
    writers.push(writer);
    return [writer];
  };
  try {
    const runs = await runPrepared(prepared, { traceSinks: options.trace ? openTrace : undefined });
    for (const w of writers) w.close();
    const report = combine(runs);
    await emit(options.format === 'json' ? toJson(report) : renderText(report), options.out);
    return report.passed ? ExitCode.ok : ExitCode.checksFailed;
  } finally {
    // A trace not closed (the run failed) is dropped: no partial file is left behind.
    for (const w of writers) w.abandon();
  }
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
