import { availableParallelism } from 'node:os';

/** A stream the CLI writes text to, and whether a person reads it on a terminal. */
export interface TextStream {
  write(text: string): void;
  readonly isTTY: boolean;
  /** A terminal's width in characters; undefined for a pipe or a file. */
  readonly columns?: number;
}

/**
 * Everything the CLI takes from its surroundings: its two output streams, the environment, the number of
 * cores and a wall clock. `main` takes one, so that tests run commands in-process with their own.
 */
export interface CliIo {
  readonly stdout: TextStream;
  readonly stderr: TextStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Threads `licensim test` runs files on when `--jobs` is not given. */
  readonly cores: number;
  /** Milliseconds from any fixed origin, for the progress line's pace; the reports never read it. */
  readonly now: () => number;
}

/** One call of `main`: the I/O it was given, and the exit code its command chose. */
export interface Invocation {
  readonly io: CliIo;
  exitCode: number;
}

/** The process's own streams, environment, cores and clock. */
export function processIo(): CliIo {
  return {
    stdout: processStream(process.stdout),
    stderr: processStream(process.stderr),
    env: process.env,
    cores: availableParallelism(),
    now: () => performance.now(),
  };
}

function processStream(stream: NodeJS.WriteStream): TextStream {
  return {
    write: (text) => void stream.write(text),
    isTTY: stream.isTTY === true,
    // Read when needed: the terminal may be resized during a run.
    get columns() {
      return stream.columns;
    },
  };
}
