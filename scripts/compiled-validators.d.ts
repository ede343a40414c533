import type { Plugin } from 'esbuild';

/** ES module source exporting `Policy` and `Scenario`, each an ajv validate function. */
export function validatorSource(root?: string): string;
/** An esbuild plugin putting the compiled validators in place of src/config/compiled-validators.ts. */
export const compiledValidators: Plugin;
export const ajvOptions: { allErrors: boolean; strict: boolean; verbose: boolean; strictNumbers: boolean };
