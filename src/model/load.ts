import type { TSchema } from '@sinclair/typebox';
import { Policy as compiledPolicy, Scenario as compiledScenario } from '../config/compiled-validators.js';
import { type Diagnostic, InputError, sortDiagnostics } from '../config/diagnostics.js';
import { PolicyDocument } from '../config/schema/policy.js';
import { ScenarioDocument } from '../config/schema/scenario.js';
import { checkSchema } from '../config/schema-check.js';
import { closest } from '../config/wording.js';
import { readYamlFile, type YamlSource } from '../config/yaml-source.js';
import { buildPolicy, type Policy } from './policy.js';
import { buildScenario, type Scenario } from './scenario.js';

export type Loaded =
  | { readonly kind: 'Policy'; readonly policy: Policy; readonly source: YamlSource }
  | { readonly kind: 'Scenario'; readonly scenario: Scenario; readonly source: YamlSource };

const schemas: Record<Loaded['kind'], TSchema> = { Policy: PolicyDocument, Scenario: ScenarioDocument };
/** The validators the CLI build compiles ahead of time (none when run from source). */
const compiled = { Policy: compiledPolicy, Scenario: compiledScenario };

/**
 * Reads a policy or scenario file and returns its model with every problem found: YAML syntax, schema,
 * then semantics, each located at its node. The model is absent when any error was found.
 */
export async function loadDocument(file: string): Promise<{ loaded?: Loaded; diagnostics: Diagnostic[] }> {
  return documentFrom(await readYamlFile(file));
}

/** The same as `loadDocument`, for YAML already read (text given in memory, tests). */
export function documentFrom(source: YamlSource): { loaded?: Loaded; diagnostics: Diagnostic[] } {
  const file = source.file;
  if (source.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: source.diagnostics };
  const kind = kindOf(source.value);
  if (kind === null && (source.value === null || source.value === undefined)) {
    const message = 'the file is empty: a policy or scenario starts with apiVersion: licensim/v1 and a kind';
    return { diagnostics: [...source.diagnostics, { file, line: 1, column: 1, severity: 'error', message }] };
  }
  if (kind === null) {
    const { line, column } = source.locate(['kind']);
    return {
      diagnostics: [
        ...source.diagnostics,
        {
          file,
          line,
          column,
          severity: 'error',
          message: `kind must be Policy or Scenario (with apiVersion: licensim/v1)${kindHint(source.value)}`,
        },
      ],
    };
  }
  const schemaProblems = checkSchema(source, schemas[kind], { compiled: compiled[kind] });
  const diagnostics = [...source.diagnostics, ...schemaProblems];
  if (schemaProblems.some((d) => d.severity === 'error'))
    return { diagnostics: sortDiagnostics(diagnostics) };
  if (kind === 'Policy') {
    const { policy, problems } = buildPolicy(source.value as PolicyDocument, source);
    diagnostics.push(...problems.list);
    return {
      loaded: problems.hasErrors ? undefined : { kind, policy, source },
      diagnostics: sortDiagnostics(diagnostics),
    };
  }
  const { scenario, problems } = buildScenario(source.value as ScenarioDocument, source);
  diagnostics.push(...problems.list);
  return {
    loaded: problems.hasErrors ? undefined : { kind, scenario, source },
    diagnostics: sortDiagnostics(diagnostics),
  };
}

function kindOf(value: unknown): Loaded['kind'] | null {
  if (typeof value !== 'object' || value === null) return null;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'Policy' || kind === 'Scenario' ? kind : null;
}

/** Loads a file that must be of one kind; throws InputError (exit 2) with every problem otherwise. */
export async function loadPolicy(file: string): Promise<{ policy: Policy; warnings: Diagnostic[] }> {
  const { loaded, diagnostics } = await loadDocument(file);
  if (loaded?.kind === 'Policy') return { policy: loaded.policy, warnings: diagnostics };
  throw new InputError(loaded ? [wrongKind(file, 'Policy', loaded.kind)] : diagnostics);
}

export async function loadScenario(
  file: string,
): Promise<{ scenario: Scenario; source: YamlSource; warnings: Diagnostic[] }> {
  const { loaded, diagnostics } = await loadDocument(file);
  if (loaded?.kind === 'Scenario')
    return { scenario: loaded.scenario, source: loaded.source, warnings: diagnostics };
  throw new InputError(loaded ? [wrongKind(file, 'Scenario', loaded.kind)] : diagnostics);
}

function wrongKind(file: string, want: string, got: string): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    severity: 'error',
    message: `expected a ${want}, but this file is a ${got}`,
  };
}

/** A did-you-mean for a misspelt kind, such as `Scenaro`. */
function kindHint(value: unknown): string {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string') return '';
  const guess = closest(kind, ['Policy', 'Scenario']);
  return guess ? `; did you mean '${guess}'?` : '';
}
