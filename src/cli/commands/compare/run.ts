import { renderComparison } from '../../../report/compare-text.js';
import { renderComparisonHtml } from '../../../report/html-report.js';
import { parseTarget } from '../../../run/capacity-search.js';
import { comparedScenario, comparePolicies } from '../../../run/compare.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printWarnings, toJson } from '../../output.js';
import { progressLine } from '../../progress.js';
import type { CompareOptions } from './register.js';

/** Replays the scenario's load against each policy and prints them side by side. */
export async function compare(scenario: string, options: CompareOptions, io: CliIo): Promise<ExitCode> {
  const target = options.target === undefined ? undefined : parseTarget(options.target);
  if (typeof target === 'string') throw new UsageError(`--target: ${target}`);
  const prepared = await comparedScenario(scenario, options.policy ?? [], (w) => printWarnings(w, io));
  const progress = progressLine(io);
  let report: Awaited<ReturnType<typeof comparePolicies>>;
  try {
    report = await comparePolicies(
      prepared,
      options.replications,
      target,
      progress &&
        ((done, total) =>
          progress.update('replications', { done: done / total, events: done }, 'replications')),
    );
  } finally {
    progress?.clear();
  }
  const output =
    options.format === 'json'
      ? toJson(report)
      : options.format === 'html'
        ? await renderComparisonHtml(report)
        : renderComparison(report);
  await emit(output, options.out, io);
  return ExitCode.ok;
}
