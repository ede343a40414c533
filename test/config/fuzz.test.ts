import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { documentFrom } from '../../src/model/load.js';

/** Every bundled policy and scenario: realistic starting points for damage. */
const corpus = ['policies', 'scenarios'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8')),
);

/** Damage a user could do to a file: delete, insert or replace a stretch of text, or swap two lines. */
const damaged = fc
  .record({
    text: fc.constantFrom(...corpus),
    at: fc.nat(),
    cut: fc.nat({ max: 12 }),
    insert: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(':', '- ', '{', ']', '  ', '\n', '&a', '*a', '-1', 'P', '"'),
    ),
    swap: fc.option(fc.tuple(fc.nat(), fc.nat()), { nil: undefined }),
  })
  .map(({ text, at, cut, insert, swap }) => {
    const i = at % (text.length + 1);
    let out = text.slice(0, i) + insert + text.slice(i + cut);
    if (swap) {
      const lines = out.split('\n');
      const [a, b] = [swap[0] % lines.length, swap[1] % lines.length];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      out = lines.join('\n');
    }
    return out;
  });

describe('bad input never crashes the loader', () => {
  it('damaged policies and scenarios give located diagnostics or a model, never an exception', () => {
    fc.assert(
      fc.property(damaged, (text) => {
        const lines = text.split('\n').length;
        const { loaded, diagnostics } = documentFrom(parseYamlSource('damaged.yaml', text));
        const errors = diagnostics.filter((d) => d.severity === 'error');
        // Either a model, or at least one error saying why not; never both, never neither.
        expect(loaded === undefined).toBe(errors.length > 0);
        for (const d of diagnostics) {
          expect(d.file).toBe('damaged.yaml');
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines + 1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: 20261123 },
    );
  });
});
