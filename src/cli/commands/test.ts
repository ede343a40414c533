import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type Command, Option } from 'commander';
import {
  combine,
  type Diagnostic,
  InputError,
  renderJunit,
  renderTestSummary,
  type ScenarioRunReport,
  simulateScenario,
} from '../../index.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { emit, type OutputOptions, printWarnings, toJson, withOutputOptions } from '../output.js';

const reporters = ['text', 'json', 'junit'] as const;
type Reporter = (typeof reporters)[number];

interface TestOptions extends OutputOptions {
  reporter?: Reporter;
}

export function registerTest(program: Command): void {
  withOutputOptions(
    program
      .command('test')
      .argument('[paths...]', 'scenario files or folders to search for *.yaml scenarios', ['scenarios'])
      .description("Run every scenario's expectations; exit 1 when any fails (for CI).")
      .addOption(
        new Option('--reporter <reporter>', 'report format (overrides --format)').choices(reporters),
      ),
    ['junit'],
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  licensim test                                   # every scenario under scenarios/',
        '  licensim test scenarios/wallix-trial.yaml',
        '  licensim test --reporter junit --out junit.xml  # for GitLab or Jenkins',
        '',
        'Files whose kind is Policy are skipped, so a folder may hold both.',
      ].join('\n'),
    )
    .action(async (paths: string[], options: TestOptions) => {
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
      const render: Record<Reporter, (r: typeof report) => string> = {
        text: renderTestSummary,
        json: toJson,
        junit: renderJunit,
      };
      const text = render[reporter](report);
      await emit(text, options.out);
      if (!report.passed) process.exitCode = ExitCode.checksFailed;
    });
}

/** Scenario files among `paths`: files as given, folders searched recursively for YAML files of kind Scenario. */
async function scenarioFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new UsageError(`no such file or folder: ${path}`);
    if (info.isFile()) {
      found.push(path);
      continue;
    }
    const entries = (await readdir(path, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && ['.yaml', '.yml'].includes(extname(e.name)))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const file of entries) if (await isScenario(file)) found.push(file);
  }
  return found;
}

async function isScenario(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  return /^kind:\s*Scenario\s*$/m.test(text);
}
