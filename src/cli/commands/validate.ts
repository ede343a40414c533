import type { Command } from 'commander';
import { type Diagnostic, formatDiagnostic, InputError, loadDocument, prepareScenario } from '../../index.js';
import { ExitCode } from '../exit-codes.js';
import { emit, type OutputOptions, toJson, withOutputOptions } from '../output.js';

interface ValidateOptions extends OutputOptions {
  strict?: boolean;
}

interface FileResult {
  file: string;
  kind: string | null;
  name: string | null;
  valid: boolean;
  diagnostics: Diagnostic[];
}

export function registerValidate(program: Command): void {
  withOutputOptions(
    program
      .command('validate')
      .argument('<files...>', 'policy or scenario YAML files')
      .description(
        'Check policies and scenarios: YAML syntax, schema, and semantics (unknown references, duplicate ids, end before start…).',
      )
      .option('--strict', 'treat warnings as errors'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Every problem is reported as file:line:col: message, all at once. A scenario is checked together with',
        'the policies it names. Exit code 2 when any file has an error.',
        '',
        'Example:',
        '  licensim validate policies/*.yaml scenarios/*.yaml',
      ].join('\n'),
    )
    .action(async (files: string[], options: ValidateOptions) => {
      const results: FileResult[] = [];
      for (const file of files) results.push(await validateFile(file, options.strict ?? false));
      const valid = results.every((r) => r.valid);
      if (options.format === 'json') {
        await emit(toJson({ valid, files: results }), options.out);
      } else {
        for (const r of results)
          for (const d of r.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        const lines = results.map(
          (r) => `${r.valid ? 'ok     ' : 'invalid'}  ${r.file}${r.kind ? `  (${r.kind} ${r.name})` : ''}`,
        );
        await emit(lines.join('\n'), options.out);
      }
      if (!valid) process.exitCode = ExitCode.badInput;
    });
}

async function validateFile(file: string, strict: boolean): Promise<FileResult> {
  const { loaded, diagnostics } = await loadDocument(file);
  let found = diagnostics;
  if (loaded?.kind === 'Scenario') {
    try {
      found = [...(await prepareScenario(file)).warnings];
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      found = [...error.diagnostics];
    }
  }
  if (strict) found = found.map((d) => ({ ...d, severity: 'error' as const }));
  const name = loaded ? (loaded.kind === 'Policy' ? loaded.policy.name : loaded.scenario.name) : null;
  return {
    file,
    kind: loaded?.kind ?? null,
    name,
    valid: !found.some((d) => d.severity === 'error'),
    diagnostics: found,
  };
}
