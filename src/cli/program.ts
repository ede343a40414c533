import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { registerCommands } from './commands/index.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { type CliIo, type Invocation, processIo } from './io.js';

/**
 * Runs the CLI and returns its exit code; the single place where errors become exit codes. It writes
 * only to `io` and leaves the process's state alone, so that calls do not leak into one another and
 * tests run commands in-process.
 *
 * Start-up cost matters here: this module and the command registrations load for every run, including
 * `--version` and `--help`, so they import commander and nothing from the library; each command loads
 * its implementation, and through it the library, when it runs.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const invocation: Invocation = { io, exitCode: ExitCode.ok };
  const program = new Command('licensim')
    .description(
      'Policy-as-config rules engine and deterministic simulator for software licensing.\n' +
        'Validate YAML policies and scenarios, replay scenarios, run scenario regressions, size licenses.',
    )
    .version(pkg.version)
    .exitOverride()
    // Set before the commands are registered: each command inherits it.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Help wraps at the terminal's width; on a pipe at 80 columns, as commander does.
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 expectations or checks failed, 2 bad input or usage, 3 internal error.\n' +
        'Limits (exit 2): at most 10,000,000 explicit sessions per scenario; a run estimated above\n' +
        '1,000,000,000 events (perHour × hours × 2 per load stream, plus 2 per session) is refused.',
    );
  registerCommands(program, invocation);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return invocation.exitCode;
  } catch (error) {
    return report(error, io);
  }
}

async function report(error: unknown, io: CliIo): Promise<number> {
  if (error instanceof CommanderError) {
    // Help and version output are successes; every other commander error is a usage mistake.
    if (error.exitCode === 0) return ExitCode.ok;
    return ExitCode.badInput;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`licensim: ${error.message}\n`);
    return ExitCode.badInput;
  }
  // Only a command that loaded the library can have thrown its errors, so this import costs nothing then.
  const [{ InputError }, { OutputError }, { printDiagnostics }] = await Promise.all([
    import('../config/diagnostics.js'),
    import('../report/output-file.js'),
    import('./output.js'),
  ]);
  if (error instanceof OutputError) {
    io.stderr.write(`licensim: ${error.message}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof InputError) {
    printDiagnostics(error.diagnostics, io);
    return error.diagnostics.some((d) => d.severity === 'error') ? ExitCode.badInput : ExitCode.ok;
  }
  const detail = io.env.LICENSIM_DEBUG ? (error as Error).stack : (error as Error).message;
  io.stderr.write(
    `licensim: internal error: ${detail}\nThis is a bug in licensim; set LICENSIM_DEBUG=1 for details.\n`,
  );
  return ExitCode.internal;
}
