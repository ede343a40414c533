import {
  Composer,
  type CST,
  type Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Pair,
  Parser,
  visit,
  type YAMLMap,
} from 'yaml';
import { type Diagnostic, sortDiagnostics } from './diagnostics.js';
import { readTextFile } from './text-file.js';

/** Inputs larger than this are refused before parsing. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;
/** Deepest nesting of mappings and lists accepted. */
export const MAX_DEPTH = 64;
/** How often one anchor may be expanded through aliases (guards against "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;
/** Keys that would reach JavaScript object internals when the value is copied or merged. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const YAML_OPTIONS = {
  prettyErrors: false,
  // yaml's own duplicate-key check is quadratic in the size of a mapping (30 000 keys take seconds);
  // checkNodes finds duplicates in linear time instead.
  uniqueKeys: false,
  strict: true,
  version: '1.2',
  schema: 'core',
  // yaml otherwise prints some warnings to the console; every problem is reported as a diagnostic instead.
  logLevel: 'error',
} as const;

export type YamlPath = readonly (string | number)[];

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A parsed YAML file: its value, the problems found, and a way to map a data path back to the text. */
export interface YamlSource {
  /** The path as the user gave it. */
  readonly file: string;
  /** The plain JS value; `undefined` whenever `diagnostics` holds an error. */
  readonly value: unknown;
  readonly diagnostics: Diagnostic[];
  /**
   * Where the node at `path` starts (its key with `at: 'key'`). A path that does not exist resolves to
   * its deepest existing ancestor.
   */
  locate(path: YamlPath, at?: 'key' | 'value'): SourcePosition;
}

/**
 * Parses one YAML 1.2 document (core schema) and reports every problem as a located diagnostic; never
 * throws on bad input.
 *
 * @example
 * const src = parseYamlSource('policy.yaml', 'spec:\n  pools: []\n');
 * src.value; // { spec: { pools: [] } }
 * src.locate(['spec', 'pools']); // { line: 2, column: 10 }
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  };
  const report = (offset: number, message: string, severity: Diagnostic['severity'] = 'error') => {
    diagnostics.push({ file, ...position(offset), severity, message });
  };
  // Built once per mapping on first use, so locating one diagnostic per key stays linear overall.
  const keyIndex = new KeyIndex();
  const result = (doc?: Document.Parsed): YamlSource => {
    const failed = diagnostics.some((d) => d.severity === 'error');
    const value = failed || !doc ? undefined : toValue(doc, report); // may report, so before sorting
    return {
      file,
      value,
      diagnostics: sortDiagnostics(diagnostics),
      locate: (path, at = 'value') => position(doc ? locateOffset(doc, path, at, keyIndex) : 0),
    };
  };

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SOURCE_BYTES) {
    report(0, `file is too large (${formatMiB(bytes)}; the limit is ${formatMiB(MAX_SOURCE_BYTES)})`);
    return result();
  }

  // The composer recurses once per nesting level, and a stack overflow inside it has been seen to crash
  // a later parse in the same process, so depth is checked on the concrete syntax tree before composing.
  const tokens = parseTokens(text, lineCounter);
  const tooDeep = Array.isArray(tokens) ? findTooDeep(tokens)?.offset : tokens.tooDeepAt;
  if (tooDeep !== undefined || !Array.isArray(tokens)) {
    report(tooDeep ?? 0, `nesting is deeper than ${MAX_DEPTH} levels; flatten this structure`);
    return result();
  }

  const [doc, second] = Array.from(new Composer(YAML_OPTIONS).compose(tokens, true, text.length));
  if (!doc) return result(); // unreachable: compose(…, forceDoc = true) always yields a document
  // A tab in indentation derails the parser: its first error says what to do, the rest only cascade.
  const tab = doc.errors.find((e) => e.code === 'TAB_AS_INDENT');
  if (tab) report(tab.pos[0], 'invalid YAML: a tab indents this line; YAML indents with spaces only');
  else for (const error of doc.errors) report(error.pos[0], `invalid YAML: ${error.message}`);
  for (const warning of doc.warnings) report(warning.pos[0], warning.message, 'warning');
  if (second) {
    report(
      second.range[0],
      "only one document per file is supported; move the text after '---' to its own file",
    );
  }
  checkNodes(doc, report);
  return result(doc);
}

/**
 * Reads and parses a YAML file. A file that cannot be read gives a diagnostic, not an exception.
 *
 * @example
 * const src = await readYamlFile('policies/wallix.yaml');
 * if (src.diagnostics.length > 0) console.error(src.diagnostics.map(formatDiagnostic).join('\n'));
 */
export async function readYamlFile(file: string): Promise<YamlSource> {
  const read = await readTextFile(file, MAX_SOURCE_BYTES);
  if ('text' in read) return parseYamlSource(file, read.text);
  const message = {
    unreadable: `cannot read file: ${read.reason}`,
    'too-large': `file is too large (over ${formatMiB(MAX_SOURCE_BYTES)})`,
    'not-utf8': 'cannot read file: it is not valid UTF-8 text',
  }[read.failure];
  return failedSource(file, message, read);
}

function failedSource(file: string, message: string, at = { line: 1, column: 1 }): YamlSource {
  const { line, column } = at;
  return {
    file,
    value: undefined,
    diagnostics: [{ file, line, column, severity: 'error', message }],
    locate: () => ({ line: 1, column: 1 }),
  };
}

type Report = (offset: number, message: string, severity?: Diagnostic['severity']) => void;

/**
 * The concrete syntax tree of `text`, or where it gets far too deep. Parsing pathological nesting takes
 * seconds per megabyte, so the parser is driven token by token and stopped early; `findTooDeep` then
 * applies the exact limit.
 */
function parseTokens(text: string, lineCounter: LineCounter): CST.Token[] | { tooDeepAt: number } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0); // what Parser.parse does before the first token
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The parser's stack holds the document and each open collection, so this bound is never reached
    // by a document within MAX_DEPTH.
    if (parser.stack.length > 2 * MAX_DEPTH) return { tooDeepAt: parser.stack[MAX_DEPTH + 1]?.offset ?? 0 };
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** The first collection nested deeper than MAX_DEPTH; recursion stops there, so the stack stays small. */
function findTooDeep(tokens: readonly CST.Token[]): CST.Token | undefined {
  const walk = (token: CST.Token | null | undefined, depth: number): CST.Token | undefined => {
    if (!token) return undefined;
    if (token.type === 'document') return walk(token.value, depth);
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') {
      return undefined;
    }
    if (depth + 1 > MAX_DEPTH) return token;
    // In a flow sequence, `[a: 1]` holds a one-pair mapping: its value sits one level deeper.
    const pairInSeq = token.type === 'flow-collection' && token.start.source === '[' ? 1 : 0;
    for (const item of token.items) {
      const inner = item.sep ? depth + 1 + pairInSeq : depth + 1;
      const found = walk(item.key, inner) ?? walk(item.value, inner);
      if (found) return found;
    }
    return undefined;
  };
  for (const token of tokens) {
    const found = walk(token, 0);
    if (found) return found;
  }
  return undefined;
}

/** Checks the parser does not make (or makes too slowly): keys and aliases. */
function checkNodes(doc: Document.Parsed, report: Report): void {
  const anchors = new Set<string>();
  visit(doc, (_key, node) => {
    if (isMap(node)) {
      // Compared as text: the keys `1` and "1" would be the same property of the loaded object.
      const keys = new Set<string>();
      for (const pair of node.items) {
        // A key written as an alias (`*n : p2`) is the anchored key itself.
        const keyNode = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
        if (!isScalar(keyNode) || !isNode(pair.key)) continue;
        const key = String(keyNode.value);
        if (keys.has(key)) {
          report(
            pair.key.range?.[0] ?? 0,
            `duplicate key '${key}': a key may appear only once in a mapping; remove or rename one`,
          );
        }
        keys.add(key);
      }
    }
    if (isNode(node) && node.anchor) anchors.add(node.anchor);
    if (isAlias(node) && !anchors.has(node.source)) {
      report(
        node.range?.[0] ?? 0,
        `alias '*${node.source}' refers to an undefined anchor; define '&${node.source}' before this line`,
      );
    }
    if (!isPair(node)) return;
    const start = isNode(node.key) ? (node.key.range?.[0] ?? 0) : 0;
    if (isCollection(node.key)) {
      report(start, 'a key must be a plain value such as a name, not a list or mapping');
    } else if (isScalar(node.key) && FORBIDDEN_KEYS.has(String(node.key.value))) {
      report(start, `key '${String(node.key.value)}' is reserved (JavaScript object internals); rename it`);
    }
  });
}

function toValue(doc: Document.Parsed, report: Report): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const excessive = /Excessive alias count/.test(errorText(error));
    report(
      firstAliasOffset(doc),
      excessive
        ? `aliases expand to too much data (over ${MAX_ALIAS_COUNT} expansions of one anchor, as in a ` +
            '"billion laughs" attack); reduce the nesting of aliases'
        : `cannot convert the YAML to data: ${errorText(error)}`,
    );
    return undefined;
  }
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * Each mapping's pairs by key text, built on a mapping's first lookup. Without it, locating one
 * diagnostic per key of a mapping searched the mapping once per key: 80 000 unknown keys took 83 s.
 */
class KeyIndex {
  private readonly maps = new WeakMap<YAMLMap, Map<string, Pair>>();

  /** The first pair whose key reads as `key` (keys are compared as text: `1` and "1" are one key). */
  pair(map: YAMLMap, key: string): Pair | undefined {
    let index = this.maps.get(map);
    if (index === undefined) {
      index = new Map();
      for (const p of map.items) {
        if (!isScalar(p.key)) continue;
        const text = String(p.key.value);
        if (!index.has(text)) index.set(text, p as Pair);
      }
      this.maps.set(map, index);
    }
    return index.get(key);
  }
}

/** Start offset of the node at `path`, or of its deepest existing ancestor. */
function locateOffset(doc: Document.Parsed, path: YamlPath, at: 'key' | 'value', keys: KeyIndex): number {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      // Keys are compared as text: data paths carry `1` for a YAML key `1`, and vice versa.
      const pair = keys.pair(node, String(segment));
      if (!pair) break;
      const keyStart = startOf(pair.key) ?? offset;
      if (i === path.length - 1 && at === 'key') return keyStart;
      next = pair.value;
      // An empty value (`key:`) has no text of its own; point at its key instead.
      const empty = isScalar(next) && next.range?.[0] === next.range?.[1];
      offset = empty ? keyStart : (startOf(next) ?? keyStart);
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
      if (next === undefined) break;
      offset = startOf(next) ?? offset;
    } else {
      break;
    }
    node = next;
  }
  return offset;
}

function startOf(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
