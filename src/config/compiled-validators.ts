import type { ValidateFunction } from 'ajv';
import { PolicyDocument } from './schema/policy.js';
import { ScenarioDocument } from './schema/scenario.js';
import { compileSchema } from './schema-compiler.js';

/** The kinds of document licensim reads. */
export type DocumentKind = 'Policy' | 'Scenario';

/**
 * The JSON Schema validator of a kind of document. Run from source (tests, the library bundle) it is
 * compiled from the schema at first use. The CLI build replaces this module with validators compiled
 * ahead of time, one file per kind read only when a document of that kind is checked
 * (scripts/compiled-validators.js): `validate` of a policy then neither compiles a schema nor parses the
 * scenario's validator.
 */
export function validatorOf(kind: DocumentKind): ValidateFunction {
  return compileSchema(kind === 'Policy' ? PolicyDocument : ScenarioDocument);
}
