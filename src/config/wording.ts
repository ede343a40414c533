import type { ErrorObject } from 'ajv';
import type { YamlPath } from './yaml-source.js';

/**
 * How problems are put into words: "must be …", "got …", "did you mean …", and paths such as
 * `spec.pools[0].id`. Shared by the schema check and the semantic checks, so messages read alike.
 */

/**
 * Schema keyword naming the expected form of a `pattern` or `format` in words, used in messages instead of
 * the regular expression: `{ pattern: '^P…$', 'x-pattern-hint': 'an ISO 8601 duration such as P30D' }`.
 */
export const PATTERN_HINT = 'x-pattern-hint';

/** The expected form, to follow "must be"; `undefined` for checks that do not read that way. */
export function mustBe(e: ErrorObject): string | undefined {
  const p = e.params;
  const hint = e.parentSchema?.[PATTERN_HINT];
  switch (e.keyword) {
    case 'type':
      if (typeof e.data === 'number' && !Number.isFinite(e.data)) return 'a finite number';
      return joinOr(String(p.type).split(',').map(typePhrase), 'or');
    case 'const':
      return valueText(p.allowedValue);
    case 'enum':
      return oneOf(p.allowedValues);
    case 'minimum':
      return `at least ${p.limit}`;
    case 'maximum':
      return `at most ${p.limit}`;
    case 'exclusiveMinimum':
      return `greater than ${p.limit}`;
    case 'exclusiveMaximum':
      return `less than ${p.limit}`;
    case 'multipleOf':
      return `a multiple of ${p.multipleOf}`;
    case 'minLength':
      return `at least ${plural(p.limit, 'character')} long`;
    case 'maxLength':
      return `at most ${plural(p.limit, 'character')} long`;
    case 'minItems':
      return `a list of at least ${plural(p.limit, 'item')}`;
    case 'maxItems':
    case 'additionalItems':
      return `a list of at most ${plural(p.limit, 'item')}`;
    case 'minProperties':
      return `a mapping with at least ${plural(p.limit, 'key')}`;
    case 'maxProperties':
      return `a mapping with at most ${plural(p.limit, 'key')}`;
    case 'pattern':
      return typeof hint === 'string' ? hint : `a string matching /${p.pattern}/`;
    case 'format':
      return typeof hint === 'string' ? hint : (FORMAT_PHRASES[p.format] ?? `a valid ${p.format}`);
    default:
      return undefined;
  }
}

const FORMAT_PHRASES: Record<string, string> = {
  date: 'a date such as 2026-03-02',
  'date-time': 'a date-time with offset such as 2026-03-02T08:00:00Z',
  time: 'a time with offset such as 08:00:00Z',
  duration: 'an ISO 8601 duration such as P30D or PT8H',
  email: 'an email address',
  uri: 'an absolute URI',
  uuid: 'a UUID',
};

function typePhrase(type: string): string {
  const phrases: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    null: 'empty',
    object: 'a mapping',
    array: 'a list',
  };
  return phrases[type] ?? type;
}

export function got(e: ErrorObject): string {
  if (Array.isArray(e.data) && /Items$/.test(e.keyword)) return plural(e.data.length, 'item');
  if (isRecord(e.data) && /Properties$/.test(e.keyword)) return plural(Object.keys(e.data).length, 'key');
  return describeValue(e.data, e.keyword === 'type');
}

/** `'12'`, `12`, `a list`…; with `typed`, the type is named as well: `string '12'`. */
export function describeValue(value: unknown, typed: boolean): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isFinite(value)) return yamlNonFinite(value);
  // YAML has already rounded such a number: say so, or the value shown differs from the one written.
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
    return `${value} once read, as whole numbers past 2^53 − 1 are rounded`;
  const text = typeof value === 'string' ? `'${truncate(value)}'` : String(value);
  return typed ? `${typeof value} ${text}` : text;
}

/** How YAML spells a number JavaScript cannot count with: `.inf`, `-.inf`, `.nan`. */
function yamlNonFinite(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  return value > 0 ? '.inf' : '-.inf';
}

export function unknownKey(key: string, where: string, e: ErrorObject): string {
  const allowed = Object.keys(e.parentSchema?.properties ?? {});
  const place = where ? `in ${where}` : 'at top level';
  if (allowed.length === 0) return `unknown key '${key}' ${place}; remove it`;
  const guess = closest(key, allowed);
  const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
  return `unknown key '${key}' ${place}${guess ? `; did you mean '${guess}'?` : ''} (allowed: ${list})`;
}

/**
 * The allowed name within a few typos of `key`, or the one name `key` abbreviates (`usage-crit` for
 * `usage-critical`), for "did you mean".
 */
export function closest(key: string, names: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const extending = names.filter((n) => lower.length >= 3 && n.toLowerCase().startsWith(lower) && n !== key);
  if (extending.length === 1) return extending[0];
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, substitution));
    }
    row = next;
  }
  return row[b.length]!;
}

/** `spec.pools[0].id`; the empty string for the top level. */
export function label(path: YamlPath): string {
  return path
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      if (!/^[A-Za-z_$][\w$-]*$/.test(s)) return `[${JSON.stringify(s)}]`;
      return i === 0 ? s : `.${s}`;
    })
    .join('');
}

export function oneOf(values: readonly unknown[]): string {
  const texts = [...new Set(values.map(valueText))];
  return texts.length === 1 ? texts[0]! : `one of ${texts.join(', ')}`;
}

export function valueText(value: unknown): string {
  return typeof value === 'string' && /^[\w./:+-]+$/.test(value) ? value : JSON.stringify(value);
}

export function joinOr(items: readonly string[], word: 'or' | 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  // Long phrases ("a date such as …") need the comma to stay readable.
  const comma = items.some((item) => item.split(' ').length > 3) ? ',' : '';
  return `${items.slice(0, -1).join(', ')}${comma} ${word} ${items[items.length - 1]}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `unknown site 'site-e' (known: site-a, site-b)`, with a "did you mean" when one name is close. */
export function unknownName(what: string, name: string, known: Iterable<string>, where = ''): string {
  const names = [...known];
  const guess = closest(name, names);
  const hint = guess ? `; did you mean '${guess}'?` : '';
  const list = names.length ? ` (known: ${names.join(', ')})` : ` (there are none)`;
  return `unknown ${what} '${name}'${where ? ` ${where}` : ''}${hint}${list}`;
}

/** An integer with thousands separators, the same in every locale: `79,900`. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
