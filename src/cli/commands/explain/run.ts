import { InputError, strictly } from '../../../config/diagnostics.js';
import { displayPath } from '../../../config/display-path.js';
import { loadDocument } from '../../../model/load.js';
import { renderExplainAt, renderPolicyExplanation } from '../../../report/explain-text.js';
import { explainAt } from '../../../run/explain-at.js';
import { explainPolicy } from '../../../run/explain-policy.js';
import { prepareScenario } from '../../../run/simulate.js';
import { WhyError } from '../../../run/why.js';
import { ExitCode, UsageError } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printWarnings, toJson } from '../../output.js';
import type { ExplainOptions } from './register.js';

/** Describes a policy, or answers "why, at this instant?" of a scenario's runs. */
export async function explain(file: string, options: ExplainOptions, io: CliIo): Promise<ExitCode> {
  const { loaded, diagnostics } = await loadDocument(file);
  const found = options.strict ? strictly(diagnostics) : diagnostics;
  if (!loaded || found.some((d) => d.severity === 'error')) throw new InputError(found);
  if (loaded.kind === 'Policy') {
    if (options.at !== undefined || options.subject !== undefined) {
      throw new UsageError('--at and --subject question a scenario; a policy is explained as it is');
    }
    printWarnings(found, io);
    const explanation = explainPolicy(loaded.policy, displayPath(file));
    const text = () => renderPolicyExplanation(explanation);
    await emit(options.format === 'json' ? toJson(explanation) : text(), options.out, io);
    return ExitCode.ok;
  }
  if (options.at === undefined) {
    throw new UsageError(`${file} is a scenario: ask about an instant with --at, e.g. --at 2026-03-02T14:39`);
  }
  const prepared = await prepareScenario(file, { seed: options.seed, strict: options.strict });
  if (prepared.warnings.length > 0) printWarnings(prepared.warnings, io);
  try {
    const answers = await explainAt(prepared, options.at, options.subject ?? null);
    await emit(
      options.format === 'json' ? toJson({ explain: answers }) : renderExplainAt(answers),
      options.out,
      io,
    );
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof WhyError) throw new UsageError(error.message);
    throw error;
  }
}
