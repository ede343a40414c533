/**
 * A strict reader of OpenMetrics 1.0 text, for the families licensim writes (gauges, counters, infos).
 * prom-client renders but does not parse, and the one parser on npm (`parse-prometheus-text-format`,
 * last released in 2018) reads the older Prometheus 0.0.4 format: it accepts blank lines and a missing
 * `# EOF`, both of which OpenMetrics forbids. So the grammar's rules that matter here are checked below,
 * each failing with the line it breaks:
 *
 * - every line ends in `\n`, none is blank, and the text ends with `# EOF` and nothing after it;
 * - `# HELP`, `# TYPE` and `# UNIT` lines name a family once, before its samples, with a known type;
 * - a family's samples are contiguous and named after it (a gauge's exactly, a counter's `_total` or
 *   `_created`, an info's `_info`);
 * - metric and label names match `[a-zA-Z_:][a-zA-Z0-9_:]*` and `[a-zA-Z_][a-zA-Z0-9_]*`, label values
 *   are quoted with only `\\`, `\"` and `\n` escaped, and no label repeats in a sample;
 * - values are numbers in the grammar's forms (`1`, `-2.5`, `1e3`, `+Inf`, `-Inf`, `NaN`).
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  type: string;
  help: string | null;
  readonly samples: Sample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const NUMBER = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)$/;
const TYPES = new Set([
  'gauge',
  'counter',
  'info',
  'stateset',
  'histogram',
  'gaugehistogram',
  'summary',
  'unknown',
]);
const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  gauge: [''],
  unknown: [''],
  counter: ['_total', '_created'],
  info: ['_info'],
  stateset: [''],
};

export class OpenMetricsError extends Error {}

/** Reads the text into its families, in order; throws OpenMetricsError at the first rule broken. */
export function parseOpenMetrics(text: string): Family[] {
  if (!text.endsWith('# EOF\n') && !text.endsWith('# EOF')) throw new OpenMetricsError('no # EOF at the end');
  const lines = text.replace(/\n$/, '').split('\n');
  const families: Family[] = [];
  const byName = new Map<string, Family>();
  let current: Family | null = null;
  const fail = (n: number, why: string): never => {
    throw new OpenMetricsError(`line ${n + 1}: ${why}: ${JSON.stringify(lines[n])}`);
  };
  for (const [n, line] of lines.entries()) {
    if (n === lines.length - 1) {
      if (line !== '# EOF') fail(n, 'the last line must be # EOF');
      break;
    }
    if (line === '# EOF') fail(n, '# EOF before the end');
    if (line === '') fail(n, 'blank line');
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE|UNIT) (\S+) ?(.*)$/.exec(line);
      if (!m) fail(n, 'a comment other than HELP, TYPE, UNIT or EOF');
      const [, keyword, name, rest] = m!;
      if (!METRIC.test(name!)) fail(n, 'bad metric name');
      let family = byName.get(name!);
      if (family === undefined) {
        family = { name: name!, type: 'unknown', help: null, samples: [] };
        byName.set(name!, family);
        families.push(family);
      } else if (family !== current || family.samples.length > 0) {
        fail(n, `metadata of ${name} after its samples or away from its family`);
      }
      current = family;
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest!)) fail(n, `unknown type '${rest}'`);
        family.type = rest!;
      } else if (keyword === 'HELP') {
        if (family.help !== null) fail(n, 'second HELP');
        family.help = rest!;
      }
      continue;
    }
    const sample = parseSample(line, () => fail(n, 'bad sample'));
    if (current === null) fail(n, 'a sample outside any family');
    const suffixes = SUFFIXES[current!.type] ?? [''];
    if (!suffixes.some((s) => sample.name === `${current!.name}${s}`)) {
      fail(n, `sample ${sample.name} does not belong to ${current!.type} ${current!.name}`);
    }
    current!.samples.push(sample);
  }
  return families;
}

function parseSample(line: string, bad: () => never): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( \S+)?$/.exec(line);
  if (!m) return bad();
  const [, name, braces, value] = m;
  if (!NUMBER.test(value!)) bad();
  const labels: Record<string, string> = {};
  if (braces !== undefined) {
    let rest = braces.slice(1, -1);
    while (rest.length > 0) {
      const l = /^([^=]+)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/.exec(rest);
      if (!l || !LABEL.test(l[1]!) || l[1]! in labels) bad();
      labels[l![1]!] = l![2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(l![0].length);
    }
  }
  return { name: name!, labels, value: Number(value!.replace('Inf', 'Infinity')) };
}
