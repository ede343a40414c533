/**
 * Reads README.md's fenced blocks for test/docs/readme.test.ts, which states the conventions.
 */

/** An HTML comment on the line before a block: why it is not run, or the file it shows. */
export type BlockNote = { readonly notRun: string } | { readonly file: string };

export interface FencedBlock {
  /** The info string after the opening fence (`console`, `yaml`…), empty when there is none. */
  readonly info: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The block's text, each line ending in a newline. */
  readonly text: string;
  readonly note: BlockNote | undefined;
}

export interface ConsoleCommand {
  /** 1-based README line of the `$ ` line. */
  readonly line: number;
  /** The command as a user types it, without `$ ` and without its `# exits N` comment. */
  readonly command: string;
  /** The exit code the README states with `# exits N`; 0 when it states none. */
  readonly exitCode: number;
  /** The lines after the command, up to the next command or the end of the block. */
  readonly output: string;
}

/** Every fenced block of a Markdown text, with the note on the last non-blank line before it. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    let end = i + 1;
    while (end < lines.length && lines[end] !== fence) end++;
    if (end === lines.length) throw new Error(`README.md:${i + 1}: a fenced block is never closed`);
    const body = lines.slice(i + 1, end);
    blocks.push({
      info: open[2]!.trim(),
      line: i + 1,
      text: body.map((l) => `${l}\n`).join(''),
      note: noteBefore(lines, i),
    });
    i = end;
  }
  return blocks;
}

function noteBefore(lines: readonly string[], fence: number): BlockNote | undefined {
  let k = fence - 1;
  while (k >= 0 && lines[k]!.trim() === '') k--;
  const comment = /^<!--\s*(not run|file):\s*(.+?)\s*-->$/.exec(lines[k]?.trim() ?? '');
  if (!comment) return undefined;
  return comment[1] === 'not run' ? { notRun: comment[2]! } : { file: comment[2]! };
}

/** The `$ ` commands of a console block, each with the output shown after it. */
export function consoleCommands(block: FencedBlock): ConsoleCommand[] {
  const lines = block.text.replace(/\n$/, '').split('\n');
  const commands: ConsoleCommand[] = [];
  lines.forEach((text, k) => {
    if (text.startsWith('$ ')) {
      const stated = /\s+# exits (\d+)$/.exec(text);
      commands.push({
        line: block.line + 1 + k,
        command: text.slice(2, stated ? stated.index : undefined).trim(),
        exitCode: stated ? Number(stated[1]) : 0,
        output: '',
      });
      return;
    }
    const last = commands.pop();
    if (!last) throw new Error(`README.md:${block.line + 1 + k}: a console block must start with a $ line`);
    commands.push({ ...last, output: `${last.output}${text}\n` });
  });
  // Blank lines separate one command's output from the next command.
  return commands.map((c) => ({ ...c, output: c.output.replace(/\n+$/, '\n').replace(/^\n$/, '') }));
}

/** A line holding only `…` in a README output stands for any number of lines, none included. */
export const ELISION = '…';

/**
 * The actual output as the README would show it: the README's own text when the output matches it line
 * by line (each `…` line matching any run of lines), otherwise the actual output unchanged, so that a
 * failed comparison shows the real difference.
 */
export function asShown(actual: string, shown: string): string {
  const actualLines = actual.replace(/\n$/, '').split('\n');
  const shownLines = shown.replace(/\n$/, '').split('\n');
  return matchLines(actualLines, 0, shownLines, 0) ? shown : actual;
}

function matchLines(actual: readonly string[], a: number, shown: readonly string[], s: number): boolean {
  if (s === shown.length) return a === actual.length;
  if (shown[s]!.trim() === ELISION) {
    for (let skip = a; skip <= actual.length; skip++) if (matchLines(actual, skip, shown, s + 1)) return true;
    return false;
  }
  return a < actual.length && actual[a] === shown[s] && matchLines(actual, a + 1, shown, s + 1);
}
