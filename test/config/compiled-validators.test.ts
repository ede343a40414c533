import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorSource } from '../../scripts/compiled-validators.js';
import { PolicyDocument } from '../../src/config/schema/policy.js';
import { ScenarioDocument } from '../../src/config/schema/scenario.js';
import { checkSchema } from '../../src/config/schema-check.js';
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

// The generated module imports ajv's runtime from node_modules, so it is written inside the package.
const file = join(root, `.compiled-validators-${process.pid}.mjs`);
let compiled: { Policy: ValidateFunction; Scenario: ValidateFunction };

beforeAll(async () => {
  writeFileSync(file, validatorSource(root));
  compiled = await import(pathToFileURL(file).href);
});
afterAll(() => rmSync(file, { force: true }));

describe('validators compiled at build time', () => {
  it('report exactly what validators compiled at run time report, on valid and damaged files', () => {
    let withProblems = 0;
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...corpus), damaged), (text) => {
        const source = parseYamlSource('f.yaml', text);
        const kind = (source.value as { kind?: string } | undefined)?.kind;
        if (kind !== 'Policy' && kind !== 'Scenario') return;
        const schema = kind === 'Policy' ? PolicyDocument : ScenarioDocument;
        const atBuild = checkSchema(source, schema, { compiled: compiled[kind] });
        expect(atBuild).toEqual(checkSchema(source, schema));
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
    const found = checkSchema(source, PolicyDocument, { compiled: compiled.Policy });
    // A pool's count must be at least 0; a license server's, at least 0 or unlimited.
    expect(found.map((d) => d.message)).toContainEqual(
      expect.stringMatching(/must be at least 0( or unlimited)? \(got -5\)$/),
    );
  });
});
