import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A file licensim cannot write, in the user's terms: bad input or environment, exit code 2. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** Temporary files not yet moved into place, removed if the process is interrupted. */
const pending = new Set<string>();

/** Removes every temporary file of an output not yet committed; for SIGINT and SIGTERM handlers. */
export function removeTemporaryFiles(): void {
  for (const temp of pending) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone: nothing to clean.
    }
  }
  pending.clear();
}

/**
 * A file a command writes (`--out`, `--trace`), so that no output can destroy what it should not:
 *
 * - A regular file (or none yet) is written to a temporary file beside it, with an unpredictable name,
 *   created exclusively (a link planted under any name cannot redirect the write), then renamed over
 *   it: a reader never sees half a report. A file it replaces keeps its permissions. A hard link to the
 *   old file keeps the old content: the name gets a new file.
 * - A symbolic link is followed: the file it points to is replaced, the link stays.
 * - A character device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written in place,
 *   never replaced by a regular file.
 * - A folder is refused.
 *
 * Writes are synchronous, so a trace streams to disk as the run goes without holding it in memory.
 */
export class OutputFile {
  private readonly fd: number;
  /** The temporary file, or null when writing in place. */
  private readonly temp: string | null;
  private readonly mode: number | null;
  private done = false;

  private constructor(
    /** The path as the user gave it, for messages. */
    readonly path: string,
    private readonly target: string,
    info: Stats | null,
  ) {
    const inPlace = info !== null && (info.isCharacterDevice() || info.isFIFO() || info.isSocket());
    this.mode = info?.isFile() ? info.mode & 0o7777 : null;
    try {
      if (inPlace) {
        this.temp = null;
        this.fd = openSync(target, 'w');
      } else {
        this.temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
        this.fd = openSync(this.temp, 'wx', this.mode ?? 0o666);
        pending.add(this.temp);
      }
    } catch (error) {
      throw new OutputError(`cannot write ${path}: ${whyCannotWrite(error, target)}`);
    }
  }

  /** Opens `path` for writing, following a symbolic link to the file it names. */
  static open(path: string): OutputFile {
    const target = followLink(path);
    const info = statOrNull(target);
    if (info?.isDirectory()) throw new OutputError(`cannot write ${path}: it is a folder`);
    return new OutputFile(path, target, info);
  }

  write(text: string): void {
    try {
      writeSync(this.fd, text);
    } catch (error) {
      this.abandon();
      throw new OutputError(`cannot write ${this.path}: ${whyCannotWrite(error, this.target)}`);
    }
  }

  /** Moves the written file into place (or closes the device written in place). */
  commit(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
      if (this.temp === null) return;
      // A umask may have narrowed the mode the file was created with; a replaced file keeps its own.
      if (this.mode !== null) chmodSync(this.temp, this.mode);
      renameSync(this.temp, this.target);
      pending.delete(this.temp);
    } catch (error) {
      this.removeTemp();
      throw new OutputError(`cannot write ${this.path}: ${whyCannotWrite(error, this.target)}`);
    }
  }

  /** Drops what was written, e.g. when the run failed; the target is left as it was. */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
    } catch {
      // Closing a descriptor that failed to write may fail too; the temporary file goes either way.
    }
    this.removeTemp();
  }

  private removeTemp(): void {
    if (this.temp === null) return;
    pending.delete(this.temp);
    try {
      unlinkSync(this.temp);
    } catch {
      // Never created, or already gone.
    }
  }
}

/** Writes `text` to `path` as one output file. */
export function writeOutputFile(path: string, text: string): void {
  const file = OutputFile.open(path);
  file.write(text);
  file.commit();
}

/**
 * Whether two paths name the same file: the same path once links are followed, or the same inode.
 * Used to refuse an output that would overwrite an input or another output.
 */
export function sameFile(a: string, b: string): boolean {
  if (followLink(a) === followLink(b)) return true;
  const [x, y] = [statOrNull(a), statOrNull(b)];
  return x !== null && y !== null && x.isFile() && x.dev === y.dev && x.ino === y.ino;
}

/** Why a file could not be written, in the user's terms (never the temporary file's). */
export function whyCannotWrite(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `its folder ${dirname(file)} does not exist`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (error as Error).message;
}

/** The absolute path a path resolves to, links followed when it exists. */
function followLink(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
