import { validatorOf } from '../config/compiled-validators.js';
import { type Diagnostic, InputError, sortDiagnostics } from '../config/diagnostics.js';
import type { PolicyDocument } from '../config/schema/policy.js';
import type { ScenarioDocument } from '../config/schema/scenario.js';
import { checkSchema, rejectedNodes } from '../config/schema-check.js';
import { closest } from '../config/wording.js';
import { readYamlFile, type YamlSource } from '../config/yaml-source.js';
import { buildPolicy, type Policy } from './policy.js';
import type { Problems } from './problems.js';
import { policyStandIns, type StandIn, salvage, scenarioStandIns } from './salvage.js';
import { buildScenario, type Scenario } from './scenario.js';

export type Loaded =
  | { readonly kind: 'Policy'; readonly policy: Policy; readonly source: YamlSource }
  | { readonly kind: 'Scenario'; readonly scenario: Scenario; readonly source: YamlSource };

const standIns: Record<Loaded['kind'], readonly StandIn[]> = {
  Policy: policyStandIns,
  Scenario: scenarioStandIns,
};

/** What the checks of a document found. */
export interface Checked {
  /** The model; absent when any error was found. */
  readonly loaded?: Loaded;
  readonly diagnostics: Diagnostic[];
  /**
   * The policy files a scenario names, also when the scenario has errors, as long as its checks could
   * read them: the policies' own problems do not depend on the scenario's.
   */
  readonly namedPolicies?: Scenario['policies'];
}

/**
 * Reads a policy or scenario file and returns its model with every problem found: YAML syntax, schema,
 * then semantics, each located at its node. The model is absent when any error was found.
 */
export async function loadDocument(file: string): Promise<Checked> {
  return documentFrom(await readYamlFile(file));
}

/** The same as `loadDocument`, for YAML already read (text given in memory, tests). */
export function documentFrom(source: YamlSource): Checked {
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
  const validate = validatorOf(kind);
  const schemaProblems = checkSchema(source, validate);
  const diagnostics = [...source.diagnostics, ...schemaProblems];
  if (schemaProblems.some((d) => d.severity === 'error')) {
    // The checks that do not depend on what the schema rejected still run, on stand-ins for it.
    const salvaged = salvage(source.value, rejectedNodes(source.value, validate), standIns[kind]);
    if (salvaged === undefined || rejectedNodes(salvaged, validate).length > 0)
      return { diagnostics: sortDiagnostics(diagnostics) };
    const built = build(kind, salvaged, source);
    diagnostics.push(...built.problems.list);
    return { diagnostics: sortDiagnostics(diagnostics), namedPolicies: policiesOf(built.loaded) };
  }
  const built = build(kind, source.value, source);
  diagnostics.push(...built.problems.list);
  return {
    loaded: built.problems.hasErrors ? undefined : built.loaded,
    diagnostics: sortDiagnostics(diagnostics),
    namedPolicies: policiesOf(built.loaded),
  };
}

function policiesOf(loaded: Loaded): Scenario['policies'] | undefined {
  return loaded.kind === 'Scenario' ? loaded.scenario.policies : undefined;
}

/** Builds the model of a schema-valid document of either kind. */
function build(
  kind: Loaded['kind'],
  value: unknown,
  source: YamlSource,
): { loaded: Loaded; problems: Problems } {
  if (kind === 'Policy') {
    const { policy, problems } = buildPolicy(value as PolicyDocument, source);
    return { loaded: { kind, policy, source }, problems };
  }
  const { scenario, problems } = buildScenario(value as ScenarioDocument, source);
  return { loaded: { kind, scenario, source }, problems };
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

/** The error for a file of the other kind than the one wanted. */
export function wrongKind(file: string, want: Loaded['kind'], got: Loaded['kind']): Diagnostic {
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
