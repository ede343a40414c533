import { describe, expect, it, vi } from 'vitest';

// Counts the key tests `locate` makes: every key compared goes through `isScalar` once.
const calls = vi.hoisted(() => ({ isScalar: 0 }));
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    isScalar: (node: unknown) => {
      calls.isScalar++;
      return yaml.isScalar(node);
    },
  };
});

const { formatDiagnostics, MAX_PRINTED_PER_FILE } = await import('../../src/config/diagnostics.js');
const { parseYamlSource } = await import('../../src/config/yaml-source.js');
const { documentFrom } = await import('../../src/model/load.js');

/** A policy whose metadata holds `n` unknown keys: one diagnostic per key. */
function policyWithUnknownKeys(n: number): string {
  const keys = Array.from({ length: n }, (_, i) => `  k${i}: 1\n`).join('');
  return `apiVersion: licensim/v1\nkind: Policy\nmetadata:\n  name: p1\n${keys}spec: {timeZone: UTC, licenses: [], pools: [{id: a, licenses: []}]}\n`;
}

/** Key tests made while parsing, checking and locating every problem of such a policy. */
function keyTests(n: number): { tests: number; problems: number } {
  calls.isScalar = 0;
  const { diagnostics } = documentFrom(parseYamlSource('keys.yaml', policyWithUnknownKeys(n)));
  return { tests: calls.isScalar, problems: diagnostics.length };
}

describe('issue 7, finding 7: unknown keys are located in linear time, and printed capped', () => {
  it('finding 7: four times the unknown keys cost about four times the key tests, not sixteen', () => {
    const small = keyTests(1_000);
    const large = keyTests(4_000);
    expect(small.problems).toBe(1_000);
    expect(large.problems).toBe(4_000);
    // Searching the mapping once per diagnostic made this ratio 16 (83 s for 80 000 keys).
    expect(large.tests / small.tests).toBeLessThan(5);
  });

  it('finding 7: each problem is still located at its own key', () => {
    const { diagnostics } = documentFrom(parseYamlSource('keys.yaml', policyWithUnknownKeys(3)));
    expect(diagnostics.map((d) => [d.line, d.column])).toEqual([
      [5, 3],
      [6, 3],
      [7, 3],
    ]);
  });

  it('finding 7: at most a hundred problems are printed per file, then how many more there are', () => {
    const { diagnostics } = documentFrom(parseYamlSource('keys.yaml', policyWithUnknownKeys(80_000)));
    const lines = formatDiagnostics(diagnostics);
    expect(lines).toHaveLength(MAX_PRINTED_PER_FILE + 1);
    expect(lines[0]).toBe(
      "keys.yaml:5:3: unknown key 'k0' in metadata (allowed: name, description, source, covers)",
    );
    expect(lines.at(-1)).toBe('keys.yaml: … and 79,900 more problems');
  });

  it('finding 7: the cap counts per file, so a second file still shows its first problems', () => {
    const at = (file: string, line: number) => ({
      file,
      line,
      column: 1,
      severity: 'error' as const,
      message: 'bad',
    });
    const lines = formatDiagnostics([at('a.yaml', 1), at('a.yaml', 2), at('a.yaml', 3), at('b.yaml', 1)], 2);
    expect(lines).toEqual([
      'a.yaml:1:1: bad',
      'a.yaml:2:1: bad',
      'b.yaml:1:1: bad',
      'a.yaml: … and 1 more problem',
    ]);
  });
});
