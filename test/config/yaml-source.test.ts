import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { MAX_SOURCE_BYTES, parseYamlSource, readYamlFile } from '../../src/config/yaml-source.js';

const parse = (text: string) => parseYamlSource('test.yaml', text);
const lines = (text: string) => parse(text).diagnostics.map(formatDiagnostic);

/** `levels` anchors, each a list of `width` aliases to the previous one. */
function aliasBomb(levels: number, width: number): string {
  let text = `a0: &a0 [${Array(width).fill('lol').join(', ')}]\n`;
  for (let i = 1; i <= levels; i++) {
    text += `a${i}: &a${i} [${Array(width)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  }
  return text;
}

describe('parseYamlSource', () => {
  it('turns a YAML 1.2 mapping into a plain value with no diagnostics', () => {
    const source = parse('name: x\ncount: 3\non: yes\nlist: [1, 2]\n');
    expect(source.diagnostics).toEqual([]);
    // YAML 1.2 core schema: `on` and `yes` stay strings.
    expect(source.value).toEqual({ name: 'x', count: 3, on: 'yes', list: [1, 2] });
  });

  it('reads an empty file as null', () => {
    expect(parse('')).toMatchObject({ value: null, diagnostics: [] });
  });

  it('locates a syntax error at the line where the YAML breaks', () => {
    const source = parse('spec:\n  a: 1\n b: 2\n');
    expect(source.value).toBeUndefined();
    expect(source.diagnostics).toHaveLength(1);
    expect(source.diagnostics[0]).toMatchObject({ file: 'test.yaml', line: 3, severity: 'error' });
    expect(source.diagnostics[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('reports a duplicate key at its second occurrence, naming the key', () => {
    expect(lines('a: 1\nlong key: 2\n"long key": 3\n')).toEqual([
      "test.yaml:3:1: duplicate key 'long key': a key may appear only once in a mapping; remove or rename one",
    ]);
  });

  it('treats the keys 1 and "1" as duplicates, since they load as the same property', () => {
    expect(parse('1: a\n"1": b\n').diagnostics).toEqual([expect.objectContaining({ line: 2, column: 1 })]);
  });

  it('checks a mapping of 30 000 keys for duplicates, finding the one repeated at its end', () => {
    // yaml's own uniqueKeys check is quadratic (about 5 s here); the loader's is not. Speed is not
    // asserted here: a busy machine would fail it. The work done per key is (test/config/locate-linear).
    const keys = Array.from({ length: 30_000 }, (_, i) => `key${i}: ${i}`);
    expect(parse(keys.join('\n')).diagnostics).toEqual([]);
    expect(parse([...keys, 'key17: again'].join('\n')).diagnostics).toEqual([
      expect.objectContaining({ line: 30_001, column: 1 }),
    ]);
  });

  it('reports every YAML error at once, in file order', () => {
    const found = parse('a: 1\na: 2\nb:\n  c: 1\n  c: 2\n').diagnostics;
    expect(found.map((d) => [d.line, d.column])).toEqual([
      [2, 1],
      [5, 3],
    ]);
  });

  it('turns an alias bomb (9 levels of 9 aliases) into a diagnostic rather than expanding it', () => {
    const source = parse(aliasBomb(9, 9));
    expect(source.value).toBeUndefined();
    expect(source.diagnostics).toHaveLength(1);
    expect(source.diagnostics[0]?.message).toContain('billion laughs');
  });

  it('accepts 64 levels of nesting and rejects 65 at the innermost collection', () => {
    expect(parse(`${'['.repeat(64)}${']'.repeat(64)}`).diagnostics).toEqual([]);
    expect(lines(`a: ${'['.repeat(65)}${']'.repeat(65)}`)).toEqual([
      'test.yaml:1:67: nesting is deeper than 64 levels; flatten this structure',
    ]);
  });

  it('counts block mappings as nesting too', () => {
    const text = `${Array.from({ length: 70 }, (_, i) => `${' '.repeat(2 * i)}k${i}:`).join('\n')} 1\n`;
    expect(parse(text).diagnostics[0]).toMatchObject({
      line: 65,
      message: expect.stringContaining('deeper'),
    });
  });

  it('rejects megabytes of nesting with one diagnostic', () => {
    const source = parse(`${'- '.repeat(2_000_000)}1`);
    expect(source.diagnostics.map((d) => d.message)).toEqual([
      'nesting is deeper than 64 levels; flatten this structure',
    ]);
  });

  it('rejects __proto__, constructor and prototype keys at the key', () => {
    expect(lines('a:\n  __proto__: {polluted: true}\n  constructor: 1\nprototype: 2\n')).toEqual([
      "test.yaml:2:3: key '__proto__' is reserved (JavaScript object internals); rename it",
      "test.yaml:3:3: key 'constructor' is reserved (JavaScript object internals); rename it",
      "test.yaml:4:1: key 'prototype' is reserved (JavaScript object internals); rename it",
    ]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses text over 5 MiB at 1:1 without parsing it', () => {
    const source = parse(`a: "${'x'.repeat(MAX_SOURCE_BYTES)}"`);
    expect(source.value).toBeUndefined();
    expect(source.diagnostics).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: expect.stringMatching(/^file is too large/) }),
    ]);
  });

  it("reports a second document at its '---' line", () => {
    expect(lines('a: 1\n---\nb: 2\n')).toEqual([
      "test.yaml:2:1: only one document per file is supported; move the text after '---' to its own file",
    ]);
    expect(parse('---\na: 1\n...\n').diagnostics).toEqual([]);
  });

  it('reports an alias to an anchor not defined before it', () => {
    expect(lines('a: *later\nb: &later 1\n')).toEqual([
      "test.yaml:1:4: alias '*later' refers to an undefined anchor; define '&later' before this line",
    ]);
  });

  it('reports an unknown tag as a warning and still returns the value', () => {
    const source = parse('a: !custom 1\n');
    expect(source.value).toEqual({ a: '1' });
    expect(source.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', line: 1, column: 4 }),
    ]);
  });
});

describe('YamlSource.locate', () => {
  const source = parse('spec:\n  pools:\n    - id: p1\n      size:\n  "1": x\n');

  it('finds a value, or its key with at: key', () => {
    expect(source.locate(['spec', 'pools', 0, 'id'])).toEqual({ line: 3, column: 11 });
    expect(source.locate(['spec', 'pools', 0, 'id'], 'key')).toEqual({ line: 3, column: 7 });
    expect(source.locate(['spec', 'pools', 0])).toEqual({ line: 3, column: 7 });
  });

  it('points an empty value at its key', () => {
    expect(source.locate(['spec', 'pools', 0, 'size'])).toEqual({ line: 4, column: 7 });
  });

  it('falls back to the deepest existing ancestor for a path that does not exist', () => {
    expect(source.locate(['spec', 'pools', 0, 'missing', 'deeper'])).toEqual({ line: 3, column: 7 });
    expect(source.locate(['spec', 'pools', 7])).toEqual({ line: 3, column: 5 });
    expect(source.locate(['nothing'])).toEqual({ line: 1, column: 1 });
  });

  it('matches keys as text, so a path segment 1 finds the key "1"', () => {
    expect(source.locate(['spec', 1], 'key')).toEqual({ line: 5, column: 3 });
  });
});

describe('readYamlFile', () => {
  it('reads and parses a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licensim-'));
    await writeFile(join(dir, 'ok.yaml'), 'a: 1\n');
    const source = await readYamlFile(join(dir, 'ok.yaml'));
    expect(source).toMatchObject({ value: { a: 1 }, diagnostics: [] });
  });

  it('gives a diagnostic at 1:1, not an exception, for a missing file', async () => {
    const source = await readYamlFile('no/such/file.yaml');
    expect(source.value).toBeUndefined();
    expect(source.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^no\/such\/file\.yaml:1:1: cannot read file: no such file$/),
    ]);
    expect(source.locate(['a'])).toEqual({ line: 1, column: 1 });
  });

  it('gives a diagnostic for a directory or a file that is not UTF-8', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'licensim-'));
    await writeFile(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect((await readYamlFile(dir)).diagnostics[0]?.message).toMatch(/^cannot read file: it is a folder/);
    expect((await readYamlFile(join(dir, 'latin1.yaml'))).diagnostics[0]?.message).toBe(
      'cannot read file: it is not valid UTF-8 text',
    );
  });
});
