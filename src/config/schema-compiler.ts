import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PATTERN_HINT } from './wording.js';

/**
 * The ajv options every validator is compiled with, here and ahead of time by the CLI build
 * (scripts/compiled-validators.js), so that both report the same errors. `verbose` gives each error its
 * schema, which the wording reads; `strictNumbers`: YAML's .inf and .nan are numbers to JavaScript,
 * never a count or a rate.
 */
export const ajvOptions = { allErrors: true, strict: false, verbose: true, strictNumbers: true } as const;

const validators = new WeakMap<object, ValidateFunction>();

/**
 * Compiles a JSON Schema (draft-07) into the validator `checkSchema` explains, once per schema object.
 *
 * @example
 * const problems = checkSchema(source, compileSchema({ type: 'object', required: ['spec'] }));
 */
export function compileSchema(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    // One Ajv per schema: two schema objects with the same $id would clash in a shared instance.
    const ajv = new Ajv(ajvOptions);
    addFormats.default(ajv);
    ajv.addVocabulary([PATTERN_HINT]);
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}
