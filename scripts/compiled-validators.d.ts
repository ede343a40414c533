import type { Plugin } from 'esbuild';

/** The document kinds and their schema files under schemas/. */
export const validatorKinds: { Policy: string; Scenario: string };
/** CommonJS source whose `module.exports` is the ajv validate function of one kind of document. */
export function validatorSource(kind: keyof typeof validatorKinds, root?: string): string;
/** Writes each kind's validator, with the ajv runtime helpers it requires bundled in, to `outdir`. */
export function writeValidators(outdir: string, root?: string): Promise<void>;
/** An esbuild plugin putting a `validatorOf` that loads those files in place of src/config/compiled-validators.ts. */
export const compiledValidators: Plugin;
export const ajvOptions: { allErrors: boolean; strict: boolean; verbose: boolean; strictNumbers: boolean };
