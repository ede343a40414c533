import {
  combine,
  type Diagnostic,
  InputError,
  type Report,
  renderJunit,
  renderTestSummary,
  type ScenarioRunReport,
  simulateScenario,
} from '../../../index.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import { emit, printWarnings, toJson } from '../../output.js';
import type { Reporter, TestOptions } from './register.js';
import { scenarioFiles } from './scenario-files.js';

const renderers: Record<Reporter, (report: Report) => string> = {
  text: renderTestSummary,
  json: toJson,
  junit: renderJunit,
};

/**
 * Runs every scenario file's expectations and reports them; exit code 1 when an expectation fails.
 * Unusable files are all reported together, as one input error.
 */
export async function test(paths: readonly string[], options: TestOptions): Promise<ExitCode> {
  const reporter = options.reporter ?? (options.format as Reporter);
  const files = await scenarioFiles(paths);
  if (files.length === 0) throw new UsageError(`no scenario files found in ${paths.join(', ')}`);
  const runs: ScenarioRunReport[] = [];
  const problems: Diagnostic[] = [];
  for (const file of files) {
    try {
      runs.push(...(await simulateScenario(file, { onWarnings: printWarnings })));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.diagnostics);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const report = combine(runs);
  await emit(renderers[reporter](report), options.out);
  return report.passed ? ExitCode.ok : ExitCode.checksFailed;
}
