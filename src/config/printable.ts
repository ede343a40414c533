/**
 * Text from input files (names, messages, rejected values) as it may reach a terminal: control
 * characters shown as escapes, so that an ESC cannot restyle or clear the screen and a newline in a name
 * cannot forge a line of its own (a "✓" in a test report). Printable text is unchanged.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => escapes[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const escapes: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/** A copy of a plain value with every string in it made printable: for renderers of whole reports. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v)])) as T;
  }
  return value;
}
