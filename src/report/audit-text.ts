import { printableDeep } from '../config/printable.js';
import { groupDigits } from '../config/wording.js';
import { localOfIso } from '../model/time.js';
import type { AuditReport } from '../run/audit.js';
import { plain } from './style.js';
import { table } from './table.js';
import { renderRunText, type TextOptions } from './text.js';

/**
 * `audit` for people: the log's line accounting, its checkouts per feature, unique users both ways (L1)
 * and over 14 days (L2), then the replay's figures as `simulate` prints them. Rejected lines are not
 * repeated here: they went to standard error, each with its line and column.
 */
export function renderAuditText(given: AuditReport, options: TextOptions = {}): string {
  const style = options.style ?? plain;
  const { audit } = printableDeep(given);
  const { import: log, users, compliance, run } = audit;
  const n = groupDigits;
  const at = (iso: string) => localOfIso(iso, run.timeZone);
  const ignored = Object.entries(log.ignored).map(
    ([why, count]) => `${n(count)} ${why}${count === 1 ? '' : 's'}`,
  );
  const out = [
    `Audit of ${audit.log} (${audit.format}) against policy ${audit.policy} (${audit.policyFile})`,
    `  ${at(log.first)} → ${at(log.last)} (${run.timeZone})`,
    '',
    `Lines: ${n(log.lines.read)} read: ${n(log.lines.used)} used, ${n(log.lines.ignored)} ignored${ignored.length ? ` (${ignored.join(', ')})` : ''}, ${log.lines.rejected === 0 ? '0 rejected' : style.bad(`${n(log.lines.rejected)} rejected`)}`,
    `Checkouts: ${n(log.checkouts)} (${n(log.licenses)} licenses), ${n(log.checkins)} checkins, ${n(log.denials)} denied in the log`,
  ];
  if (log.openAtEnd.count > 0) {
    const how = log.openAtEnd.handling === 'drop' ? 'not replayed' : 'closed at its last instant';
    const lines = log.openAtEnd.lines.slice(0, 10).join(', ') + (log.openAtEnd.count > 10 ? ', …' : '');
    const which = `${log.openAtEnd.count === 1 ? 'line' : 'lines'} ${lines}`;
    out.push(`  ${n(log.openAtEnd.count)} still open at the end of the log: ${how} (${which})`);
  }
  out.push(
    '',
    table(
      ['feature', 'checkouts', 'denied', 'replayed'],
      log.features.map((f) => [
        f.feature,
        n(f.checkouts),
        n(f.denials),
        f.licensed ? 'yes' : style.bad('no: the policy does not license it'),
      ]),
      'lrrl',
    ),
    '',
    `Unique users (L1), counted by ${users.countedBy}:`,
    table(
      ['counted by', 'all', 'most in 14 days (L2)', 'first at'],
      (['userHost', 'username'] as const).map((k) => [
        k === 'userHost' ? 'user-host' : 'username',
        n(users[k].total),
        n(users[k].realtimePeak),
        users[k].realtimePeakAt === null ? '-' : at(users[k].realtimePeakAt!),
      ]),
      'lrrl',
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    '',
    ...complianceLines(compliance, at, style),
    ...rightSizingLines(audit.rightSizing, log.denials),
    '',
    renderRunText(run, options).trimEnd(),
  );
  for (const alt of audit.alternatives ?? []) {
    out.push(
      '',
      `What if: the log replayed under policy ${alt.policy} (${alt.policyFile})`,
      ...complianceLines(alt.compliance, at, style),
      ...rightSizingLines(alt.rightSizing, 0),
      '',
      renderRunText(alt.run, options).trimEnd(),
    );
  }
  return `${out.join('\n')}\n`;
}

/** A4: each pool's right size by the log, with its evidence. */
function rightSizingLines(sizes: AuditReport['audit']['rightSizing'], deniedInLog: number): string[] {
  if (sizes === null) return [];
  const n = groupDigits;
  const denied =
    deniedInLog === 0
      ? []
      : [
          `  the log also shows ${n(deniedInLog)} ${deniedInLog === 1 ? 'checkout' : 'checkouts'} its license server denied: demand not counted here, since a denied checkout has no duration`,
        ];
  return [
    '',
    'Right-sizing (A4): the most checkouts the log has open at once, replayed with no count limiting them',
    ...sizes.map((s) => {
      const verdict = s.verdict === 'right-sized' ? 'right-sized' : `${s.verdict} by ${n(s.by)}`;
      const tier =
        s.tier === null
          ? 'above every tier step'
          : `tier ${s.tier.name === null ? s.tier.sessions : `${s.tier.name} (${s.tier.sessions})`}`;
      const peak = s.peakDay === null ? '' : ` on ${s.peakDay}`;
      return `  ${s.pool}: licensed ${n(s.licensed)}, needs ${n(s.needed)} (peak${peak}; p95 ${n(s.p95)}): ${verdict}; ${tier}`;
    }),
    ...denied,
  ];
}

/** A3: whether the log complies with the policy, and if not each way it does not. */
function complianceLines(
  c: AuditReport['audit']['compliance'],
  at: (iso: string) => string,
  style: NonNullable<TextOptions['style']>,
): string[] {
  const n = groupDigits;
  if (c.compliant) {
    return ['Compliance (A3): compliant: the policy allows every checkout the log shows granted'];
  }
  const lines = [`Compliance (A3): ${style.bad('NOT COMPLIANT')}`];
  if (c.violations > 0) {
    const checkouts = c.violations === 1 ? 'checkout' : 'checkouts';
    lines.push(`  ${n(c.violations)} ${checkouts} the log shows granted the policy refuses:`);
    for (const r of c.byRule) lines.push(`    ${n(r.count)} × "${r.message}" [${r.rule}, ${r.ruleIds}]`);
    for (const v of c.first) lines.push(`    ${at(v.at)}  ${v.user} in ${v.pool}: ${v.rule}`);
    if (c.violations > c.first.length) lines.push(`    … and ${n(c.violations - c.first.length)} more`);
  }
  for (const f of c.unlicensed) {
    const checkouts = f.checkouts === 1 ? 'checkout' : 'checkouts';
    lines.push(`  ${n(f.checkouts)} ${checkouts} of ${f.feature}, which the policy does not license`);
  }
  return lines;
}
