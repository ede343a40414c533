/**
 * An aligned plain-text table. `align` has one letter per column: `l` pads on the right, `r` on the left.
 * Widths count code points, so arrows and accents do not skew columns.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align = ''): string {
  const all = [header, ...rows];
  const width = (s: string) => [...s].length;
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
