import { renderPolicyDiff } from '../../../report/diff-text.js';
import { diffPolicies } from '../../../run/policy-diff.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printWarnings, reportStyle, toJson } from '../../output.js';
import { scenarioFiles } from '../test/scenario-files.js';
import type { DiffOptions } from './register.js';

/** Replays the scenarios that run OLD under NEW too; exit 1 when an expectation that passed now fails. */
export async function diff(
  oldFile: string,
  newFile: string,
  options: DiffOptions,
  io: CliIo,
): Promise<ExitCode> {
  const paths = options.scenarios ?? ['scenarios'];
  const files = await scenarioFiles(paths);
  if (files.length === 0) throw new UsageError(`no scenario files found in ${paths.join(', ')}`);
  const report = await diffPolicies(oldFile, newFile, files, {
    strict: options.strict,
    onWarnings: (warnings) => printWarnings(warnings, io),
  });
  if (report.scenarios.length === 0) {
    throw new UsageError(`no scenario in ${paths.join(', ')} runs ${oldFile}: nothing to compare`);
  }
  const text = () => renderPolicyDiff(report, reportStyle(options.out, io));
  await emit(options.format === 'json' ? toJson(report) : text(), options.out, io);
  return report.broken > 0 ? ExitCode.checksFailed : ExitCode.ok;
}
