import { printableDeep } from '../config/printable.js';
import { localOfIso } from '../model/time.js';
import type { ExplainAtReport } from '../run/explain-at.js';
import type { PolicyExplanation } from '../run/explain-policy.js';
import { facts } from './text.js';
import { renderWhy } from './why-text.js';

/**
 * `licensim explain POLICY`: the policy in words, each lifecycle as a Mermaid state diagram (which GitHub,
 * GitLab and most wikis draw from the fenced block) and each rule as a sentence.
 */
export function renderPolicyExplanation(given: PolicyExplanation): string {
  const p = printableDeep(given);
  const out = [`Policy ${p.policy} (${p.file}): ${p.product}, dates in ${p.timeZone}`];
  if (p.description) out.push(`  ${p.description}`);
  if (p.covers.length > 0) out.push(`  Covers ${p.covers.join(' ')}`);
  const part = (title: string, lines: readonly string[]) =>
    out.push('', title, ...lines.map((l) => `  ${l}`));
  part('What is licensed', p.licensed);
  part('On expiry', p.onExpiry);
  part('Over the limit', p.overLimit);
  part('Offline', p.offline);
  for (const m of p.lifecycles) {
    out.push(
      '',
      `Lifecycle ${m.machine}, starting in ${m.initials.join(' or ')}`,
      '```mermaid',
      'stateDiagram-v2',
    );
    const states = [...new Set(m.transitions.flatMap((t) => [t.from, t.to]).concat(m.initials))];
    for (const s of states) if (id(s) !== s) out.push(`    state "${s}" as ${id(s)}`);
    for (const s of m.initials) out.push(`    [*] --> ${id(s)}`);
    for (const t of m.transitions) {
      const when = t.delay === null ? `${t.event} (${t.trigger})` : `after ${t.delay} (${t.trigger})`;
      out.push(`    ${id(t.from)} --> ${id(t.to)}: ${label(when)}`);
    }
    out.push('```');
  }
  out.push('', 'Rules (in each set the highest priority that holds decides)');
  let set = '';
  for (const r of p.rules) {
    if (r.ruleSet !== set) {
      set = r.ruleSet;
      out.push(`  ${set}`);
    }
    out.push(`    ${r.rule}: ${r.sentence}`);
  }
  return `${out.join('\n')}\n`;
}

/** Mermaid state ids: letters, digits and underscores. */
function id(state: string): string {
  return state.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A transition label: Mermaid reads a colon or a semicolon as syntax. */
function label(text: string): string {
  return text.replace(/[:;]/g, ',');
}

/** `licensim explain SCENARIO --at INSTANT`: per policy, the states in force, the denials and their rule. */
export function renderExplainAt(given: readonly ExplainAtReport[]): string {
  return printableDeep(given)
    .map((r) => {
      const at = (iso: string) => localOfIso(iso, r.timeZone);
      const about = r.subject === null ? '' : ` for ${r.subject}`;
      const out = [
        `Why at ${at(r.from)} (until ${at(r.to)})${about}: policy ${r.policy}, scenario ${r.scenario}`,
      ];
      out.push('  States in force:');
      if (r.states.length === 0) out.push('    none recorded by then');
      for (const t of r.states) {
        const since =
          t.from === null
            ? `since the start (${t.reason})`
            : `since ${at(t.at)}, from ${t.from} on ${t.event}: ${t.reason}`;
        out.push(`    ${t.pool}: ${t.to} ${since}`);
        if (t.rule !== null) out.push(`      decided by ${t.rule} [${t.ruleIds}] on ${facts(t.facts)}`);
      }
      if (r.entered.length > 0) {
        out.push('  States entered then:');
        for (const t of r.entered) {
          const rule = t.rule === null ? '' : `; ${t.rule} [${t.ruleIds}] on ${facts(t.facts)}`;
          out.push(
            `    ${at(t.at)}  ${t.pool}: ${t.from ?? 'start'} → ${t.to} on ${t.event}: ${t.reason}${rule}`,
          );
        }
      }
      const { count, shown } = r.denials;
      out.push(count === 0 ? '  Denials then: none' : `  Denials then: ${count}`);
      for (const d of shown) out.push(...denial(d, at));
      if (count > shown.length) out.push(`    … and ${count - shown.length} more`);
      if (r.before !== null) out.push('  Last denial before:', ...denial(r.before, at));
      if (r.after !== null) out.push('  Next denial after:', ...denial(r.after, at));
      if (count === 0 && r.before === null && r.after === null)
        out.push(`  No denial${about} in the whole run.`);
      const leases = r.leases === null ? '' : `\n${renderWhy([r.leases]).trimEnd()}`;
      return `${out.join('\n')}${leases}\n`;
    })
    .join('\n');
}

function denial(d: ExplainAtReport['denials']['shown'][number], at: (iso: string) => string): string[] {
  return [
    `    ${at(d.at)}  session #${d.session} of ${d.user} at ${d.site} (pool ${d.pool}): "${d.message}"`,
    `      refused by ${d.rule ?? 'no rule'} [${d.ruleIds}] on ${facts(d.facts)}`,
  ];
}
