import { printableDeep } from '../config/printable.js';
import type { CoverageReport } from '../config/schema/coverage.js';
import { plain, type Style } from './style.js';
import { table } from './table.js';

/**
 * The coverage part of `licensim test --coverage`: the three shares, then per policy what it declares and
 * what its runs covered, then everything not covered, so that a reader sees what no scenario reaches.
 */
export function renderCoverage(given: CoverageReport, style: Style = plain): string {
  const c = printableDeep(given);
  const share = (s: { covered: number; total: number; percent: number; below: boolean }) => {
    const text = `${s.percent.toFixed(1)}%`;
    return [`${s.covered}/${s.total}`, s.below ? style.bad(text) : text];
  };
  const out = ['Coverage'];
  out.push(
    indent(
      table(
        ['', 'covered', 'share'],
        [
          ['rule IDs', ...share(c.ruleIds)],
          ['lifecycle transitions', ...share(c.transitions)],
          ['json-rules-engine rules', ...share(c.rules)],
        ],
        'lrr',
      ),
    ),
  );
  const count = (n: { covered: number; total: number }) => `${n.covered}/${n.total}`;
  out.push(
    '',
    indent(
      table(
        ['policy', 'transitions', 'rules'],
        c.policies.map((p) => [p.policy, count(p.transitions), count(p.rules)]),
        'lrr',
      ),
    ),
  );
  const unfiredIds = c.ruleIds.items.filter((i) => !i.fired);
  if (unfiredIds.length > 0) {
    out.push('', '  Rule IDs no trace record carried:');
    for (const i of unfiredIds) out.push(`    ${i.id}  (named by ${i.namedBy.join(', ')})`);
  }
  const untaken = c.transitions.items.filter((t) => !t.taken);
  if (untaken.length > 0) {
    out.push('', '  Transitions never taken:');
    for (const t of untaken) out.push(`    ${t.policy}  ${t.machine}: ${t.from} --${t.event}--> ${t.to}`);
  }
  const unfired = c.rules.items.filter((r) => !r.fired);
  if (unfired.length > 0) {
    out.push('', '  Rules that never fired:');
    for (const r of unfired) out.push(`    ${r.policy}  ${r.ruleSet}/${r.rule}  [${r.ruleIds}]`);
  }
  if (c.threshold !== null) {
    out.push(
      '',
      c.passed
        ? style.good(`Coverage reaches --threshold ${c.threshold}% in every section.`)
        : style.bad(`Coverage is below --threshold ${c.threshold}%.`),
    );
  }
  return `${out.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
