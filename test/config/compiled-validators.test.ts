import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ajvOptions as buildOptions, validatorSource } from '../../scripts/compiled-validators.js';
import type { DocumentKind } from '../../src/config/compiled-validators.js';
import { PolicyDocument } from '../../src/config/schema/policy.js';
import { ScenarioDocument } from '../../src/config/schema/scenario.js';
import { checkSchema } from '../../src/config/schema-check.js';
import { ajvOptions, compileSchema } from '../../src/config/schema-compiler.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';
import { root } from '../support/cli.js';

const corpus = ['policies', 'scenarios'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8')),
);

/** A bundled file with one value replaced: the kinds of mistakes the schema catches. */
const damaged = fc
  .record({
    text: fc.constantFrom(...corpus),
    line: fc.nat(),
    value: fc.constantFrom('-5', 'x', '1e400', 'P', '[1, 2]', '{ a: 1 }', 'true', '2026-13-40', 'null', "''"),
  })
  .map(({ text, line, value }) => {
    const lines = text.split('\n');
    const i = line % lines.length;
    lines[i] = lines[i]!.replace(/: [^#{}[\],]+/, `: ${value}`);
    return lines.join('\n');
  });

// The generated modules require ajv's runtime from node_modules, so they are written inside the package.
const kinds: DocumentKind[] = ['Policy', 'Scenario'];
const fileOf = (kind: DocumentKind) => join(root, `.compiled-validator-${kind}-${process.pid}.cjs`);
const compiled = {} as Record<DocumentKind, ValidateFunction>;

beforeAll(() => {
  const load = createRequire(import.meta.url);
  for (const kind of kinds) {
    writeFileSync(fileOf(kind), validatorSource(kind, root));
    compiled[kind] = load(fileOf(kind));
  }
});
afterAll(() => {
  for (const kind of kinds) rmSync(fileOf(kind), { force: true });
});

describe('validators compiled at build time', () => {
  it('are compiled with the options validators compiled at run time use', () => {
    expect(buildOptions).toEqual(ajvOptions);
  });

  it('report exactly what validators compiled at run time report, on valid and damaged files', () => {
    let withProblems = 0;
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...corpus), damaged), (text) => {
        const source = parseYamlSource('f.yaml', text);
        const kind = (source.value as { kind?: string } | undefined)?.kind;
        if (kind !== 'Policy' && kind !== 'Scenario') return;
        const schema = kind === 'Policy' ? PolicyDocument : ScenarioDocument;
        const atBuild = checkSchema(source, compiled[kind]);
        expect(atBuild).toEqual(checkSchema(source, compileSchema(schema)));
        if (atBuild.length > 0) withProblems++;
      }),
      { numRuns: 300, seed: 20261129 },
    );
    // The comparison covered files with schema problems, not only valid ones.
    expect(withProblems).toBeGreaterThan(50);
  });

  it('find the mistakes in a damaged policy', () => {
    const text = corpus.find((t) => t.includes('kind: Policy'))!.replace(/count: \d+/, 'count: -5');
    const source = parseYamlSource('f.yaml', text);
    const found = checkSchema(source, compiled.Policy);
    // A pool's count must be at least 0; a license server's, at least 0 or unlimited.
    expect(found.map((d) => d.message)).toContainEqual(
      expect.stringMatching(/must be at least 0( or unlimited)? \(got -5\)$/),
    );
  });
});
