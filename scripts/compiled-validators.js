// The policy and scenario validators as ajv standalone code, compiled when the CLI is built rather than
// at every start: compiling the two schemas took about a third of `licensim validate`'s time. Each kind
// is a CommonJS file of its own beside the CLI bundle, read with `require` the first time a document of
// that kind is checked: `validate` of a policy does not parse the scenario's 300 kB validator. The schemas
// are read from schemas/, which a test keeps identical to their TypeBox definitions; another test checks
// that these validators report exactly what the ones compiled at run time do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _, Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';

/** As `ajvOptions` in src/config/schema-compiler.ts, so both give the same errors. */
export const ajvOptions = { allErrors: true, strict: false, verbose: true, strictNumbers: true };
/** The no-op keyword that carries a pattern's wording (src/config/wording.ts). */
const PATTERN_HINT = 'x-pattern-hint';
/** The document kinds and their schema files under schemas/. */
export const validatorKinds = { Policy: 'policy', Scenario: 'scenario' };

/** CommonJS source whose `module.exports` is the ajv validate function of one kind of document. */
export function validatorSource(kind, root = process.cwd()) {
  const ajv = new Ajv({
    ...ajvOptions,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats.default(ajv);
  ajv.addVocabulary([PATTERN_HINT]);
  const file = join(root, 'schemas', `${validatorKinds[kind]}.schema.json`);
  return standaloneCode.default(ajv, ajv.compile(JSON.parse(readFileSync(file, 'utf8'))));
}

/** The file name of a kind's validator beside the CLI bundle. */
const fileOf = (kind) => `validator-${validatorKinds[kind]}.cjs`;

/** Writes each kind's validator, with the ajv runtime helpers it requires bundled in, to `outdir`. */
export async function writeValidators(outdir, root = process.cwd()) {
  await Promise.all(
    Object.keys(validatorKinds).map((kind) =>
      build({
        stdin: { contents: validatorSource(kind, root), resolveDir: root, loader: 'js' },
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        minifyWhitespace: true,
        outfile: join(outdir, fileOf(kind)),
        logLevel: 'warning',
      }),
    ),
  );
}

/**
 * An esbuild plugin putting, in place of src/config/compiled-validators.ts, a `validatorOf` that
 * requires the kind's file written by `writeValidators`; chunks stay beside them, in the same folder.
 */
export const compiledValidators = {
  name: 'compiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]config[\\/]compiled-validators\.ts$/ }, () => ({
      contents: [
        "import { createRequire as requireAt } from 'node:module';",
        'const load = requireAt(import.meta.url);',
        `const files = ${JSON.stringify(Object.fromEntries(Object.keys(validatorKinds).map((k) => [k, `./${fileOf(k)}`])))};`,
        'const loaded = {};',
        'export function validatorOf(kind) {',
        '  loaded[kind] ??= load(files[kind]);',
        '  return loaded[kind];',
        '}',
      ].join('\n'),
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};
