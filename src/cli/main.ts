import { main } from './program.js';

/**
 * Removes the temporary files of outputs not yet in place. Loaded on demand: `--version` and `--help`
 * load none of the library, and a command that opened an output file has it loaded already.
 */
async function removeTemporaryFiles(): Promise<void> {
  const { removeTemporaryFiles: remove } = await import('../report/output-file.js');
  remove();
}

// A reader that stops early (`licensim --help | head`) closes the pipe; that is not an error. Any other
// failure to write the output (a full disk, /dev/full) is the environment's: one line, exit code 2.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    const which = stream === process.stdout ? 'standard output' : 'standard error';
    try {
      process.stderr.write(`licensim: cannot write to ${which}: ${error.code ?? error.message}\n`);
    } catch {
      // Standard error is the stream that failed: the exit code says it.
    }
    void removeTemporaryFiles().finally(() => process.exit(2));
  });
}

// Interrupted, a run leaves none of its temporary files behind (--out, --trace).
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    void removeTemporaryFiles().finally(() => process.exit(code));
  });
}

process.exitCode = await main(process.argv.slice(2));
