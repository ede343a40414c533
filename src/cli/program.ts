import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { registerCommands } from './commands/index.js';
import { ExitCode, UsageError } from './exit-codes.js';

/**
 * Runs the CLI and returns its exit code; the single place where errors become exit codes.
 *
 * Start-up cost matters here: this module and the command registrations load for every run, including
 * `--version` and `--help`, so they import commander and nothing from the library; each command loads
 * its implementation, and through it the library, when it runs.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('licensim')
    .description(
      'Policy-as-config rules engine and deterministic simulator for software licensing.\n' +
        'Validate YAML policies and scenarios, replay scenarios, run scenario regressions, size licenses.',
    )
    .version(pkg.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 expectations or checks failed, 2 bad input or usage, 3 internal error.\n' +
        'Limits (exit 2): at most 10,000,000 explicit sessions per scenario; a run estimated above\n' +
        '1,000,000,000 events (perHour × hours × 2 per load stream, plus 2 per session) is refused.',
    );
  registerCommands(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    return report(error);
  }
}

async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // Help and version output are successes; every other commander error is a usage mistake.
    if (error.exitCode === 0) return ExitCode.ok;
    return ExitCode.badInput;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`licensim: ${error.message}\n`);
    return ExitCode.badInput;
  }
  // Only a command that loaded the library can have thrown its errors, so this import costs nothing then.
  const { formatDiagnostics, InputError, OutputError } = await import('../index.js');
  if (error instanceof OutputError) {
    process.stderr.write(`licensim: ${error.message}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof InputError) {
    for (const line of formatDiagnostics(error.diagnostics)) process.stderr.write(`${line}\n`);
    return error.diagnostics.some((d) => d.severity === 'error') ? ExitCode.badInput : ExitCode.ok;
  }
  const detail = process.env.LICENSIM_DEBUG ? (error as Error).stack : (error as Error).message;
  process.stderr.write(
    `licensim: internal error: ${detail}\nThis is a bug in licensim; set LICENSIM_DEBUG=1 for details.\n`,
  );
  return ExitCode.internal;
}
