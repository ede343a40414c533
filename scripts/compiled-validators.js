// The policy and scenario validators as ajv standalone code, compiled when the CLI is built rather than
// at every start: compiling the two schemas took about a third of `licensim validate`'s time. The
// schemas are read from schemas/, which a test keeps identical to their TypeBox definitions; another test
// checks that these validators report exactly what the ones compiled at run time do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _, Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';

/** The options src/config/schema-check.ts compiles with, so both give the same errors. */
export const ajvOptions = { allErrors: true, strict: false, verbose: true, strictNumbers: true };
/** The no-op keyword that carries a pattern's wording (src/config/wording.ts). */
const PATTERN_HINT = 'x-pattern-hint';

/** ES module source exporting `Policy` and `Scenario`, each an ajv validate function. */
export function validatorSource(root = process.cwd()) {
  // ES module output; the formats are taken from ajv-formats by an import written below.
  const ajv = new Ajv({ ...ajvOptions, code: { source: true, esm: true, formats: _`fullFormats` } });
  addFormats.default(ajv);
  ajv.addVocabulary([PATTERN_HINT]);
  for (const [kind, file] of [
    ['Policy', 'policy'],
    ['Scenario', 'scenario'],
  ]) {
    ajv.addSchema(JSON.parse(readFileSync(join(root, 'schemas', `${file}.schema.json`), 'utf8')), kind);
  }
  const code = standaloneCode.default(ajv, { Policy: 'Policy', Scenario: 'Scenario' });
  // ajv's runtime helpers are still `require`d in ES module output; import them, so the bundle has them.
  // A default import of CommonJS is the exports object under Node and esbuild, but the exports' `default`
  // under vitest: `interop` gives the exports object either way, as `require` would.
  const helpers = [...new Set(code.match(/require\("[^"]+"\)/g) ?? [])];
  const imports = helpers.map(
    (call, i) =>
      `import helper${i}Import from ${call.slice(8, -1).replace(/"$/, '.js"')};\n` +
      `const helper${i} = interop(helper${i}Import);`,
  );
  let body = code;
  helpers.forEach((call, i) => {
    body = body.replaceAll(call, `helper${i}`);
  });
  return [
    `import { fullFormats } from 'ajv-formats/dist/formats.js';`,
    'const interop = (m) => (m?.__esModule ? m : { default: m });',
    ...imports,
    body,
  ].join('\n');
}

/** An esbuild plugin putting the compiled validators in place of src/config/compiled-validators.ts. */
export const compiledValidators = {
  name: 'compiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]config[\\/]compiled-validators\.ts$/ }, () => ({
      contents: validatorSource(),
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};
