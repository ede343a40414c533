import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';

const errors = (text: string) =>
  parseYamlSource('p.yaml', text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic);

describe('duplicate keys written as aliases (issue 7, finding 4)', () => {
  it('`{ &n name: p1, *n : p2 }` is a duplicate key, located at the alias', () => {
    expect(errors('metadata: { &n name: p1, *n : p2 }\n')).toEqual([
      "p.yaml:1:26: duplicate key 'name': a key may appear only once in a mapping; remove or rename one",
    ]);
  });

  it('an alias key anchored in another mapping is a duplicate when its text is already a key here', () => {
    expect(errors('a: { &k name: 1 }\nb: { name: 2, *k : 3 }\n')).toEqual([
      "p.yaml:2:15: duplicate key 'name': a key may appear only once in a mapping; remove or rename one",
    ]);
  });

  it('an alias key that names a new key is accepted', () => {
    const source = parseYamlSource('p.yaml', 'a: { &k name: 1 }\nb: { *k : 3 }\n');
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toEqual({ a: { name: 1 }, b: { name: 3 } });
  });
});
