import { type Diagnostic, InputError, strictly } from '../../../config/diagnostics.js';
import { loadDocument } from '../../../model/load.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { emit, printDiagnostics, reportStyle, toJson } from '../../output.js';
import type { ValidateOptions } from './register.js';

interface FileResult {
  file: string;
  kind: string | null;
  name: string | null;
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** Checks every file and reports them all; exit code 2 when any has an error. */
export async function validate(
  files: readonly string[],
  options: ValidateOptions,
  io: CliIo,
): Promise<ExitCode> {
  const results: FileResult[] = [];
  for (const file of files) results.push(await validateFile(file, options.strict ?? false));
  const valid = results.every((r) => r.valid);
  if (options.format === 'json') {
    await emit(toJson({ valid, files: results }), options.out, io);
  } else {
    for (const r of results) printDiagnostics(r.diagnostics, io);
    const style = reportStyle(options.out, io);
    const lines = results.map(
      (r) =>
        `${r.valid ? style.good('ok     ') : style.bad('invalid')}  ${r.file}${r.kind ? `  (${r.kind} ${r.name})` : ''}`,
    );
    await emit(lines.join('\n'), options.out, io);
  }
  return valid ? ExitCode.ok : ExitCode.badInput;
}

async function validateFile(file: string, strict: boolean): Promise<FileResult> {
  const { loaded, diagnostics, namedPolicies } = await loadDocument(file);
  let found = diagnostics;
  // A scenario is checked with the policies it names, also when it has errors of its own.
  if (loaded?.kind === 'Scenario' || namedPolicies !== undefined) {
    // Loaded here: a policy's check needs no simulator, and `validate` of one starts faster without it.
    const { prepareScenario } = await import('../../../run/simulate.js');
    try {
      found = [...(await prepareScenario(file)).warnings];
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      found = [...error.diagnostics];
    }
  }
  if (strict) found = strictly(found);
  const name = loaded ? (loaded.kind === 'Policy' ? loaded.policy.name : loaded.scenario.name) : null;
  return {
    file,
    kind: loaded?.kind ?? null,
    name,
    valid: !found.some((d) => d.severity === 'error'),
    diagnostics: found,
  };
}
