import { type LineChunk, lineChunks } from './line-chunks.js';
import { LineKind, type LogParser, ParsedLine } from './parsed-line.js';

/**
 * A log read line after line through its parser, with the checks every format shares: a line that is
 * not text is rejected, and a checkout may not start before the one above it (the replay takes
 * checkouts in the order they started). Both readings of a log (import, then replay) go through here, so
 * that they agree on every line.
 */
export class LogLines {
  private readonly line = new ParsedLine();
  private lastStartMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly file: string,
    private readonly parser: LogParser,
  ) {}

  /** Each chunk of lines of the file, with `visit` called on each line in turn, before the chunk is yielded. */
  async *chunks(
    visit: (lineNo: number, line: ParsedLine, chunk: LineChunk) => void,
  ): AsyncGenerator<LineChunk> {
    for await (const chunk of lineChunks(this.file)) {
      const { lines, unreadable, firstLine } = chunk;
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i];
        const parsed = this.line;
        if (text === null || text === undefined) {
          const why = unreadable.get(i);
          parsed.reject(why?.reason ?? 'unreadable line', why?.column ?? 1);
        } else {
          this.parser.parse(text, parsed);
          if (parsed.kind === LineKind.checkout || parsed.kind === LineKind.session) this.inOrder(parsed);
        }
        if (chunk.unterminatedLast && i === lines.length - 1 && parsed.kind === LineKind.rejected) {
          parsed.reason += ' (the last line has no line break: was the log cut short while being written?)';
        }
        visit(firstLine + i, parsed, chunk);
      }
      yield chunk;
    }
  }

  private inOrder(parsed: ParsedLine): void {
    if (parsed.atMs < this.lastStartMs) {
      parsed.reject(
        `starts at ${new Date(parsed.atMs).toISOString()}, before the checkout above (${new Date(this.lastStartMs).toISOString()}); sort the log by start time`,
        1,
      );
      return;
    }
    this.lastStartMs = parsed.atMs;
  }
}
