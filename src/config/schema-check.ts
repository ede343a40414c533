import type { ErrorObject, ValidateFunction } from 'ajv';
import { type Diagnostic, sortDiagnostics } from './diagnostics.js';
import {
  closest,
  describeValue,
  got,
  isRecord,
  joinOr,
  label,
  mustBe,
  oneOf,
  PATTERN_HINT,
  unknownKey,
} from './wording.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

export { PATTERN_HINT } from './wording.js';

export interface CheckSchemaOptions {
  /** Severity of the diagnostics; `warning` suits advisory schemas. Default: `error`. */
  readonly severity?: Diagnostic['severity'];
}

/**
 * Validates a parsed source with a JSON Schema's validator (ajv, verbose: see src/config/schema-compiler.ts)
 * and returns one located, human diagnostic per problem, all at once. A source whose YAML could not be read
 * (value `undefined`) gives none: its parse diagnostics already say why.
 *
 * @example
 * const validate = compileSchema({ type: 'object', required: ['spec'] });
 * const problems = checkSchema(parseYamlSource('p.yaml', text), validate);
 * // [{ file: 'p.yaml', line: 1, column: 1, severity: 'error', message: "top level: missing required key 'spec'" }]
 */
export function checkSchema(
  source: YamlSource,
  validate: ValidateFunction,
  options: CheckSchemaOptions = {},
): Diagnostic[] {
  if (source.value === undefined) return [];
  if (validate(source.value)) return [];
  const severity = options.severity ?? 'error';
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const issue of collapseUnions(validate.errors ?? [])) {
    for (const finding of explain(issue, source.value)) {
      const { line, column } = source.locate(finding.path, finding.at);
      const key = `${line}:${column}:${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push({ file: source.file, line, column, severity, message: finding.message });
    }
  }
  return sortDiagnostics(diagnostics);
}

/** A node the schema rejected: its data path, and whether it is a key the schema does not know. */
export interface Rejection {
  readonly path: YamlPath;
  readonly unknownKey: boolean;
}

/**
 * Where the schema rejects a value: one entry per raw schema error, with a missing key's path ending in
 * that key. Later stages use it to tell which checks do not depend on what was rejected.
 */
export function rejectedNodes(value: unknown, validate: ValidateFunction): Rejection[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const path = toPath(e.instancePath, value);
    if (e.keyword === 'required') return { path: [...path, e.params.missingProperty], unknownKey: false };
    if (e.keyword === 'additionalProperties')
      return { path: [...path, e.params.additionalProperty], unknownKey: true };
    return { path, unknownKey: false };
  });
}

/** An ajv error; for a failed anyOf/oneOf, the errors of its branches are folded into it. */
interface Issue {
  readonly error: ErrorObject;
  readonly branches?: readonly Issue[];
}

interface Finding {
  readonly path: YamlPath;
  readonly at: 'key' | 'value';
  readonly message: string;
}

/**
 * ajv lists a union's branch errors just before the union's own error, so they are the run of preceding
 * errors inside the union's data node that do not come from a sibling keyword of the union.
 */
function collapseUnions(errors: readonly ErrorObject[]): Issue[] {
  const issues: Issue[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      issues.push({ error });
      continue;
    }
    let start = issues.length;
    while (start > 0 && isBranchError(issues[start - 1]!.error, error)) start--;
    issues.push({ error, branches: issues.splice(start) });
  }
  return issues;
}

function isBranchError(e: ErrorObject, union: ErrorObject): boolean {
  if (e.instancePath !== union.instancePath && !e.instancePath.startsWith(`${union.instancePath}/`))
    return false;
  if (e.schemaPath.startsWith(`${union.schemaPath}/`)) return true;
  const parent = union.schemaPath.slice(0, union.schemaPath.lastIndexOf('/'));
  if (!e.schemaPath.startsWith(`${parent}/`)) return true; // reached through a $ref
  const keyword = e.schemaPath.slice(parent.length + 1).split('/')[0];
  return keyword === 'definitions' || keyword === '$defs';
}

function explain(issue: Issue, root: unknown): Finding[] {
  if (issue.branches) return explainUnion(issue, issue.branches, root);
  const e = issue.error;
  const path = toPath(e.instancePath, root);
  const where = label(path);
  const prefix = `${where || 'top level'}: `;
  const p = e.params;
  if (e.propertyName !== undefined) {
    const rule = e.keyword === 'false schema' ? '' : `; keys must be ${mustBe(e) ?? e.message}`;
    return found([...path, e.propertyName], `${prefix}key '${e.propertyName}' is not allowed${rule}`, 'key');
  }
  switch (e.keyword) {
    case 'additionalProperties':
      return found([...path, p.additionalProperty], unknownKey(p.additionalProperty, where, e), 'key');
    case 'required': {
      const about = describe(e.parentSchema?.properties?.[p.missingProperty]);
      return found(path, `${prefix}missing required key '${p.missingProperty}'${about ? ` (${about})` : ''}`);
    }
    case 'dependencies':
    case 'dependentRequired':
      return found(path, `${prefix}key '${p.missingProperty}' is required when '${p.property}' is set`);
    case 'uniqueItems':
      return found([...path, p.i], `${prefix}items ${p.j} and ${p.i} are equal; list entries must be unique`);
    case 'false schema':
      return found(path, `${prefix}is not allowed here; remove it`, 'key');
    case 'not':
      return found(path, `${prefix}this value is not allowed here`);
    case 'propertyNames': // the error inside it names the key
    case 'if': // the failing then/else branch reports the problem
      return [];
  }
  const phrase = mustBe(e);
  if (phrase === undefined)
    return found(path, `${prefix}${e.message ?? `fails the schema keyword '${e.keyword}'`}`);
  const hinted = typeof e.parentSchema?.[PATTERN_HINT] === 'string';
  const about =
    (e.keyword === 'pattern' || e.keyword === 'format') && !hinted ? describe(e.parentSchema) : '';
  return found(path, `${prefix}must be ${phrase} (got ${got(e)})${about ? `. ${about}.` : ''}`);
}

function found(path: YamlPath, message: string, at: Finding['at'] = 'value'): Finding[] {
  return [{ path, at, message }];
}

function explainUnion(issue: Issue, branches: readonly Issue[], root: unknown): Finding[] {
  const e = issue.error;
  const path = toPath(e.instancePath, root);
  const prefix = `${label(path) || 'top level'}: `;
  const schemas: unknown[] = Array.isArray(e.schema) ? e.schema : [];
  const name = (k: number) => titleOf(schemas[k]) ?? `alternative ${k + 1}`;
  if (Array.isArray(e.params.passingSchemas)) {
    const names = (e.params.passingSchemas as number[]).map(name);
    const forms = joinOr(names, 'and');
    return found(
      path,
      `${prefix}matches more than one of the allowed forms (${forms}); make it match exactly one`,
    );
  }
  const groups = groupBranches(e, branches, schemas);
  if (groups.length === 0) return found(path, `${prefix}does not match any of the allowed forms`);
  const here = (i: Issue) => i.error.instancePath === e.instancePath;
  const allTitled = schemas.length > 0 && schemas.every((s) => titleOf(s) !== undefined);

  // Every branch rejects the value itself: say what would be accepted instead.
  if (groups.every((g) => g.issues.every((i) => here(i) && expectations(i) !== undefined))) {
    const parts = groups.flatMap((g) => {
      const title = titleOf(schemas[g.index ?? -1]);
      return title ? [{ phrase: title }] : g.issues.flatMap((i) => expectations(i) ?? []);
    });
    const typed = branches.some((i) => i.error.keyword === 'type');
    const hint = didYouMean(e.data, parts);
    return found(
      path,
      `${prefix}must be ${joinExpectations(parts)} (got ${describeValue(e.data, typed)})${hint}`,
    );
  }
  // An object naming a key only one form declares (`alert:`, `transition:`) is meant as that form, even
  // where a form with optional keys only would complain less: report that form's problems.
  const meant = meantBranch(e.data, groups, schemas);
  if (meant) return meant.issues.flatMap((i) => explain(i, root));
  // Prefer a branch that accepts the value's type and discriminating values: the user most likely meant it.
  const mismatched = (g: Group) => g.issues.some((i) => isValueMismatch(i) || rejectsType(i, e.instancePath));
  const fitting = groups.filter((g) => !mismatched(g));
  const best = fitting.length > 0 ? fewestIssues(fitting) : undefined;
  const tied = fitting.filter((g) => g.issues.length === best?.issues.length).length > 1;
  if (best && !(tied && allTitled)) return best.issues.flatMap((i) => explain(i, root));

  // Every branch rejects a value inside the node, the same one: that is the discriminating key.
  const keys = groups.map((g) => g.issues.find((i) => !here(i) && isValueMismatch(i)));
  const first = keys[0];
  if (first && keys.every((k) => k?.error.instancePath === first.error.instancePath)) {
    const values = keys.flatMap((k) => (k ? allowedValues(k) : []));
    const keyPath = toPath(first.error.instancePath, root);
    const value = describeValue(first.error.data, false);
    return found(keyPath, `${label(keyPath)}: must be ${oneOf(values)} (got ${value})`);
  }
  if (allTitled) {
    const forms = joinOr(
      schemas.map((_, k) => name(k)),
      'or',
    );
    return found(path, `${prefix}does not match any of the allowed forms: ${forms}`);
  }
  return fewestIssues(groups).issues.flatMap((i) => explain(i, root));
}

interface Group {
  /** The branch's position in the union, when it could be told from the errors. */
  readonly index: number | undefined;
  readonly issues: Issue[];
}

function groupBranches(union: ErrorObject, branches: readonly Issue[], schemas: readonly unknown[]): Group[] {
  const groups: Group[] = [];
  let previous: Group | undefined;
  for (const issue of branches) {
    const index = branchIndex(issue.error.schemaPath, union.schemaPath, schemas);
    // An error whose branch cannot be told (behind nested $refs) belongs with the unknown run before it.
    let group = index === undefined && previous?.index === undefined ? previous : undefined;
    group ??= groups.find((g) => index !== undefined && g.index === index);
    if (!group) {
      group = { index, issues: [] };
      groups.push(group);
    }
    group.issues.push(issue);
    previous = group;
  }
  return groups;
}

function branchIndex(schemaPath: string, unionPath: string, schemas: readonly unknown[]): number | undefined {
  if (schemaPath.startsWith(`${unionPath}/`))
    return Number(schemaPath.slice(unionPath.length + 1).split('/')[0]);
  const k = schemas.findIndex((s) => {
    const ref = (s as { $ref?: unknown } | undefined)?.$ref;
    return typeof ref === 'string' && (schemaPath === ref || schemaPath.startsWith(`${ref}/`));
  });
  return k >= 0 ? k : undefined;
}

function fewestIssues(groups: readonly Group[]): Group {
  return groups.reduce((best, g) => (g.issues.length < best.issues.length ? g : best));
}

/** A const/enum failure, or a union of them: the value is not one of a fixed set. */
/** The group of the one branch declaring a key of `data` that not every branch declares, if exactly one does. */
function meantBranch(
  data: unknown,
  groups: readonly Group[],
  schemas: readonly unknown[],
): Group | undefined {
  if (!isRecord(data)) return undefined;
  const declared = schemas.map(
    (s) => new Set(isRecord(s) && isRecord(s.properties) ? Object.keys(s.properties) : []),
  );
  const claimingBy = (keys: readonly string[]) =>
    groups.filter((g) => g.index !== undefined && keys.some((key) => declared[g.index!]!.has(key)));
  // A key only one form declares names that form (`state:` beside an `at:` several forms share).
  const unique = Object.keys(data).filter((key) => declared.filter((keys) => keys.has(key)).length === 1);
  const claimedByUnique = claimingBy(unique);
  if (claimedByUnique.length === 1) return claimedByUnique[0];
  const distinctive = Object.keys(data).filter((key) => !declared.every((keys) => keys.has(key)));
  const claiming = claimingBy(distinctive);
  return claiming.length === 1 ? claiming[0] : undefined;
}

/** `; did you mean 'x'?` when a string was given where a few strings are allowed and one is close. */
function didYouMean(value: unknown, parts: readonly Expectation[]): string {
  if (typeof value !== 'string') return '';
  const allowed = parts.flatMap((p) => ('value' in p && typeof p.value === 'string' ? [p.value] : []));
  const guess = closest(value, allowed);
  return guess && guess !== value ? `; did you mean '${guess}'?` : '';
}

/** A type error at `at`, or a union at `at` none of whose forms takes the value's type. */
function rejectsType(issue: Issue, at: string): boolean {
  if (issue.error.instancePath !== at) return false;
  if (!issue.branches) return issue.error.keyword === 'type';
  const schemas: unknown[] = Array.isArray(issue.error.schema) ? issue.error.schema : [];
  const groups = groupBranches(issue.error, issue.branches, schemas);
  return groups.length > 0 && groups.every((g) => g.issues.some((i) => rejectsType(i, at)));
}

function isValueMismatch(issue: Issue): boolean {
  if (issue.branches) return issue.branches.length > 0 && issue.branches.every(isValueMismatch);
  return issue.error.keyword === 'const' || issue.error.keyword === 'enum';
}

function allowedValues(issue: Issue): unknown[] {
  if (issue.branches) return issue.branches.flatMap(allowedValues);
  if (issue.error.keyword === 'const') return [issue.error.params.allowedValue];
  return issue.error.keyword === 'enum' ? [...issue.error.params.allowedValues] : [];
}

type Expectation = { readonly value: unknown } | { readonly phrase: string };

/** What a failed check at the node asked for, or `undefined` when it cannot be put as "must be …". */
function expectations(issue: Issue): Expectation[] | undefined {
  if (issue.branches) {
    const parts = issue.branches.map(expectations);
    return parts.every((p) => p !== undefined) ? parts.flat() : undefined;
  }
  if (isValueMismatch(issue)) return allowedValues(issue).map((value) => ({ value }));
  const phrase = mustBe(issue.error);
  return phrase === undefined ? undefined : [{ phrase }];
}

function joinExpectations(parts: readonly Expectation[]): string {
  const phrases = [...new Set(parts.flatMap((p) => ('phrase' in p ? [p.phrase] : [])))];
  const values = parts.flatMap((p) => ('value' in p ? [p.value] : []));
  return joinOr(values.length > 0 ? [...phrases, oneOf(values)] : phrases, 'or');
}

/** A JSON pointer as path segments; array indexes become numbers, as `YamlSource.locate` expects. */
function toPath(pointer: string, root: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return path;
}

function describe(schema: unknown): string {
  const text = isRecord(schema) ? (schema.description ?? schema.title) : undefined;
  return typeof text === 'string' ? text.trim().replace(/\.$/, '') : '';
}

function titleOf(schema: unknown): string | undefined {
  return isRecord(schema) && typeof schema.title === 'string' ? schema.title : undefined;
}
