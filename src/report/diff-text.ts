import { printableDeep } from '../config/printable.js';
import type { PolicyDiffReport } from '../run/policy-diff.js';
import { mark, plain, type Style } from './style.js';
import { table } from './table.js';

/** `licensim diff`: per scenario that runs the policy, what replacing it changes; unchanged runs in one line. */
export function renderPolicyDiff(given: PolicyDiffReport, style: Style = plain): string {
  const d = printableDeep(given);
  const out = [`Policy diff: ${d.old.policy} (${d.old.file}) → ${d.new.policy} (${d.new.file})`];
  const runs = d.scenarios.length;
  out.push(
    `  ${runs} ${runs === 1 ? 'scenario runs' : 'scenarios run'} it; ${d.unaffected.length} other ${d.unaffected.length === 1 ? 'file is' : 'files are'} unaffected`,
  );
  const broken =
    d.broken === 0
      ? '0 expectations now fail'
      : style.bad(`${d.broken} ${d.broken === 1 ? 'expectation now fails' : 'expectations now fail'}`);
  out.push(`  ${broken}, ${d.fixed} now pass`);
  const verdict = (passed: boolean) => (passed ? 'passed' : style.bad('FAILED'));
  for (const s of d.scenarios) {
    const changed =
      s.expectations.flipped.length + s.pools.length + s.denials.length + s.transitions.length > 0;
    out.push('', `Scenario ${s.scenario} (${s.file}): ${verdict(s.passed.old)} → ${verdict(s.passed.new)}`);
    if (!changed) {
      out.push('  no change');
      continue;
    }
    if (s.expectations.flipped.length > 0) {
      out.push(`  Expectations flipped (${s.expectations.flipped.length} of ${s.expectations.total}):`);
      for (const f of s.expectations.flipped) {
        out.push(
          `    ${mark(f.old.passed, style)}→${mark(f.new.passed, style)} ${f.description}  ${f.location}`,
        );
        out.push(`        actual ${String(f.old.actual)} → ${String(f.new.actual)}`);
      }
    }
    const arrow = (x: { old: number; new: number }) =>
      x.old === x.new ? String(x.old) : `${x.old} → ${x.new}`;
    if (s.pools.length > 0) {
      const rows = s.pools.map((p) => [p.pool, arrow(p.peak), arrow(p.admitted), arrow(p.denied)]);
      out.push('  Pools:', indent(table(['pool', 'peak', 'admitted', 'denied'], rows, 'lrrr'), 4));
    }
    for (const [title, list] of [
      ['Denials by rule', s.denials],
      ['Lifecycle transitions', s.transitions],
    ] as const) {
      if (list.length === 0) continue;
      const rows = list.map((c) => [c.pool, c.what, `${c.old} → ${c.new}`]);
      out.push(`  ${title}:`, indent(table(['pool', '', 'count'], rows, 'llr'), 4));
    }
  }
  return `${out.join('\n')}\n`;
}

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((line) => `${' '.repeat(by)}${line}`)
    .join('\n');
}
