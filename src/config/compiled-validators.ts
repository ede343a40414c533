import type { ValidateFunction } from 'ajv';

/**
 * The policy and scenario validators compiled ahead of time. The CLI build replaces this module with ajv
 * standalone code (scripts/compiled-validators.js); run from source (tests, the library bundle) there are
 * none, and `checkSchema` compiles the schemas at first use instead.
 */
export const Policy: ValidateFunction | undefined = undefined;
export const Scenario: ValidateFunction | undefined = undefined;
