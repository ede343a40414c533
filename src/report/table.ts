/** SGR escapes (colours). Only a `Style` puts them in: input strings are made printable before. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching colour escapes is the point.
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * An aligned plain-text table. `align` has one letter per column: `l` pads on the right, `r` on the left.
 * Widths count code points, so arrows and accents do not skew columns, and leave colours out.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align = ''): string {
  const all = [header, ...rows];
  const width = (s: string) => [...s.replace(SGR, '')].length;
  const widths = header.map((_, i) => Math.max(...all.map((row) => width(row[i] ?? ''))));
  const pad = (cell: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - width(cell));
    return align[i] === 'r' ? gap + cell : cell + gap;
  };
  return all
    .map((row) =>
      row
        .map((cell, i) => pad(cell ?? '', i))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
