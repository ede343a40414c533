import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RunResults } from '../../src/analysis/registry.js';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { PolicyDocument } from '../../src/config/schema/policy.js';
import { ScenarioDocument } from '../../src/config/schema/scenario.js';
import { checkSchema } from '../../src/config/schema-check.js';
import { compileSchema } from '../../src/config/schema-compiler.js';
import { parseYamlSource, type YamlSource } from '../../src/config/yaml-source.js';
import { bindRun, type Run } from '../../src/model/bind.js';
import { buildPolicy, type Policy } from '../../src/model/policy.js';
import { buildScenario, type Scenario } from '../../src/model/scenario.js';
import { executeRun } from '../../src/run/execute.js';
import type { RunStats } from '../../src/sim/simulation.js';
import type { Facts, FactVector, RuleOutcome } from '../../src/trace/facts.js';
import {
  type AlertKind,
  type ReleaseCause,
  releaseCauseNames,
  type TraceRecord,
  type TraceSink,
} from '../../src/trace/records.js';

/**
 * Test builders: policies and scenarios go through the same path as files do (YAML parse, schema check,
 * model, name binding), so a test input that a user could not write fails here too.
 */

type PolicySpec = PolicyDocument['spec'];
type ScenarioSpec = ScenarioDocument['spec'];

type TimedState = NonNullable<NonNullable<NonNullable<PolicySpec['lifecycle']>['states']>['trial']>;

/** A timed lifecycle state (trial, grace): it lasts `duration`, then the pool moves to `next`. */
export function timedState(
  duration: string,
  next: TimedState['then'],
  rules: Omit<TimedState, 'duration' | 'then'> = {},
): TimedState {
  // biome-ignore lint/suspicious/noThenProperty: `then` is a policy key, never awaited as a thenable.
  return { ...rules, duration, then: next };
}

/** A policy document as YAML text, from its spec (typed, so a misspelt key fails to compile). */
export function policyYaml(spec: PolicySpec, name = 'test-policy'): string {
  return stringify({ apiVersion: 'licensim/v1', kind: 'Policy', metadata: { name }, spec });
}

/** A scenario document as YAML text; `policy` defaults to `policy.yaml` beside it. */
export function scenarioYaml(
  spec: Omit<ScenarioSpec, 'policy'> & { policy?: string },
  name = 'test-scenario',
): string {
  return stringify({
    apiVersion: 'licensim/v1',
    kind: 'Scenario',
    metadata: { name },
    spec: { policy: 'policy.yaml', ...spec },
  });
}

function parsed(file: string, text: string, schema: object): YamlSource {
  const source = parseYamlSource(file, text);
  const errors = [...source.diagnostics, ...checkSchema(source, compileSchema(schema))].filter(
    (d) => d.severity === 'error',
  );
  if (errors.length > 0) throw new Error(`invalid ${file}:\n${errors.map(formatDiagnostic).join('\n')}`);
  return source;
}

/** Builds a policy from YAML text; throws with the diagnostics when it is invalid. */
export function policyFrom(text: string, file = 'mem/policy.yaml'): Policy {
  const source = parsed(file, text, PolicyDocument);
  const { policy, problems } = buildPolicy(source.value as PolicyDocument, source);
  if (problems.hasErrors)
    throw new Error(`invalid ${file}:\n${problems.list.map(formatDiagnostic).join('\n')}`);
  return policy;
}

/** Builds a scenario from YAML text; throws with the diagnostics when it is invalid. */
export function scenarioFrom(
  text: string,
  file = 'mem/scenario.yaml',
): { scenario: Scenario; source: YamlSource } {
  const source = parsed(file, text, ScenarioDocument);
  const { scenario, problems } = buildScenario(source.value as ScenarioDocument, source);
  if (problems.hasErrors)
    throw new Error(`invalid ${file}:\n${problems.list.map(formatDiagnostic).join('\n')}`);
  return { scenario, source };
}

/** A scenario bound to a policy: the input of one simulation run. Throws on unknown names. */
export function runFrom(policyText: string, scenarioText: string, options: { seed?: number } = {}): Run {
  const policy = policyFrom(policyText);
  const built = scenarioFrom(scenarioText);
  const scenario = options.seed === undefined ? built.scenario : { ...built.scenario, seed: options.seed };
  const { run, diagnostics } = bindRun(scenario, policy, built.source);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`cannot bind:\n${errors.map(formatDiagnostic).join('\n')}`);
  return run;
}

/** Every trace record of a run, in order; the hot-path calls appear as records of their own. */
export type Recorded =
  | TraceRecord
  | {
      readonly type: 'admit';
      readonly at: number;
      readonly session: number;
      readonly user: number;
      readonly node: number;
      readonly pool: number;
      readonly inUse: number;
    }
  | {
      readonly type: 'release';
      readonly at: number;
      readonly session: number;
      readonly pool: number;
      readonly inUse: number;
      readonly cause: (typeof releaseCauseNames)[number];
    }
  | {
      readonly type: 'deny';
      readonly at: number;
      readonly session: number;
      readonly user: number;
      readonly site: number;
      readonly pool: number;
      readonly rule: string | null;
      readonly ruleIds: string;
      readonly message: string;
      readonly facts: Facts;
    }
  | AlertRecord<'alert'>
  | AlertRecord<'alert-cleared'>;

/** An alert raised (`alert`) or cleared (`alert-cleared`), with the rule that decided and its facts. */
export interface AlertRecord<T extends 'alert' | 'alert-cleared'> {
  readonly type: T;
  readonly at: number;
  readonly pool: number;
  readonly kind: AlertKind;
  readonly message: string;
  readonly rule: string | null;
  readonly ruleIds: string;
  readonly facts: Facts;
}

/** A trace sink that keeps every record. */
export class TraceRecorder implements TraceSink {
  readonly records: Recorded[] = [];
  admit(at: number, session: number, user: number, node: number, pool: number, inUse: number): void {
    this.records.push({ type: 'admit', at, session, user, node, pool, inUse });
  }
  release(at: number, session: number, pool: number, inUse: number, cause: ReleaseCause): void {
    this.records.push({ type: 'release', at, session, pool, inUse, cause: releaseCauseNames[cause]! });
  }
  deny(
    at: number,
    session: number,
    user: number,
    site: number,
    pool: number,
    d: RuleOutcome,
    seen: FactVector,
  ): void {
    const { rule, ruleIds, message } = d;
    const facts = seen.toObject();
    this.records.push({ type: 'deny', at, session, user, site, pool, rule, ruleIds, message, facts });
  }
  alert(
    at: number,
    pool: number,
    kind: AlertKind,
    raised: boolean,
    d: RuleOutcome,
    seen: FactVector,
    message: string,
  ): void {
    const { rule, ruleIds } = d;
    const facts = seen.toObject();
    const fields = { at, pool, kind, message, rule, ruleIds, facts };
    this.records.push(raised ? { type: 'alert', ...fields } : { type: 'alert-cleared', ...fields });
  }
  record(record: TraceRecord): void {
    this.records.push(record);
  }
}

export interface RunResult {
  readonly run: Run;
  readonly results: RunResults;
  readonly records: readonly Recorded[];
  readonly stats: RunStats;
  /** Records of one type, typed. */
  of<T extends Recorded['type']>(type: T): Extract<Recorded, { type: T }>[];
}

/** Runs a scenario against a policy, both given as YAML text, keeping the analyses' results and every trace record. */
export async function runScenario(
  policyText: string,
  scenarioText: string,
  options: { seed?: number } = {},
): Promise<RunResult> {
  const run = runFrom(policyText, scenarioText, options);
  const recorder = new TraceRecorder();
  const { stats, results } = await executeRun(run, { sinks: () => [recorder] });
  const records = recorder.records;
  return {
    run,
    results,
    records,
    stats,
    of: <T extends Recorded['type']>(type: T) =>
      records.filter((r): r is Extract<Recorded, { type: T }> => r.type === type),
  };
}

/** Writes files into a fresh temporary folder and returns the folder. */
export async function writeFixture(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'licensim-test-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;
