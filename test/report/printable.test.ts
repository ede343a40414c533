import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { printable, printableDeep } from '../../src/config/printable.js';
import type { ScenarioRunReport } from '../../src/config/schema/report.js';
import { xml } from '../../src/report/junit.js';
import { renderTestRun } from '../../src/report/text.js';

const hostile = '\u001b[2J\u001b[31mclear screen\u001b[0m\n    ✓ forged line\u0007';

describe('finding 14: text output never carries raw control characters from input files', () => {
  it('escapes ESC, BEL, newlines and the C1 range, and leaves printable text alone', () => {
    expect(printable(hostile)).toBe('\\e[2J\\e[31mclear screen\\e[0m\\n    ✓ forged line\\x07');
    expect(printable('Zürich – ✓ 100 %')).toBe('Zürich – ✓ 100 %');
    expect(printable('a\u0085b\u007fc')).toBe('a\\x85b\\x7fc');
    expect(printableDeep({ list: [hostile], n: 1 })).toEqual({ list: [printable(hostile)], n: 1 });
  });

  it('a newline in an expectation name cannot forge a line of the test report', () => {
    const run = {
      scenario: 's',
      policy: 'p',
      file: 's.yaml',
      expectations: [
        { description: hostile, location: 's.yaml:1:1', passed: false, expected: 'x', actual: 1 },
      ],
    } as unknown as ScenarioRunReport;
    const text = renderTestRun(run);
    const controls = [...text].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f'));
    expect(controls).toEqual([]);
    expect(text.split('\n').filter((l) => /^\s*✓/.test(l))).toEqual([]);
  });

  it('diagnostics print the rejected value escaped; JUnit attributes keep newlines as references', () => {
    const d = {
      file: 'p.yaml',
      line: 1,
      column: 1,
      severity: 'error' as const,
      message: `unknown key '${hostile}'`,
    };
    expect(formatDiagnostic(d)).not.toContain('\u001b');
    expect(formatDiagnostic(d).split('\n')).toHaveLength(1);
    expect(xml('a\nb')).toBe('a&#10;b');
  });
});
