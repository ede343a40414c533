import { printableDeep } from '../config/printable.js';
import { localOfIso } from '../model/time.js';
import type { LeaseDecisionReport, WhyReport } from '../run/why.js';
import { facts } from './text.js';

/**
 * Renders the answers of `--why CLIENT@INSTANT`, one per policy that knows the client: the decision in
 * force for each feature with the rule and facts that made it, the decisions before it, and the next.
 */
export function renderWhy(reports: readonly WhyReport[]): string {
  return `${printableDeep(reports).map(renderOne).join('\n')}`;
}

function renderOne(r: WhyReport): string {
  const at = (iso: string) => localOfIso(iso, r.timeZone);
  const out = [`Why ${r.subject} at ${at(r.at)}: policy ${r.policy}, scenario ${r.scenario}`];
  if (r.inForce.length === 0) {
    out.push(`  No lease decision for ${r.subject} by then: it held nothing leased.`);
  }
  for (const d of r.inForce) {
    out.push(`  ${d.feature}: ${d.leased} leased, since ${at(d.at)}`);
    out.push(`    ${d.action} ${d.count}: ${d.reason}`);
    out.push(`    decided by ${d.rule ?? 'the default outcome'} [${d.ruleIds}] on ${facts(d.facts)}`);
  }
  if (r.history.length > 0) {
    out.push('  Decisions before:');
    for (const d of r.history) out.push(`    ${line(d, at)}`);
  }
  out.push(r.next === null ? '  Next: no decision before the run ends.' : `  Next: ${line(r.next, at)}`);
  return `${out.join('\n')}\n`;
}

function line(d: LeaseDecisionReport, at: (iso: string) => string): string {
  const who = d.cluster !== null && d.client !== d.cluster ? `${d.client} for ${d.cluster}, ` : '';
  return `${at(d.at)}  ${who}${d.feature}: ${d.action} ${d.count} → ${d.leased}  (${d.reason})`;
}
