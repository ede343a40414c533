import type { EntitlementSettings } from '../model/entitlements.js';
import type { License } from '../model/policy.js';

/** Why a license began to count, in the words of its rule. */
export function startedReason(
  license: License,
  licenses: readonly License[],
  settings: EntitlementSettings,
): string {
  switch (license.kind) {
    case 'renewal':
      return `renews ${licenses[license.renews!]!.id}, which has expired (P11)`;
    case 'emergency':
      return `emergency mode: +${license.count} sessions while its ${settings.emergencyFor} last (P10)`;
    case 'evaluation':
      return `evaluation key: valid for ${settings.evaluationFor} (P10)`;
    default:
      return `${license.termName} term begins (P11)`;
  }
}

/** What ended a license's count: its term, or (an emergency key) its emergency time, or emergency mode off. */
export type EndCause = 'term' | 'used-up' | 'disabled';

/** Why a license stopped counting, in the words of its rule. */
export function endedReason(license: License, cause: EndCause, settings: EntitlementSettings): string {
  switch (license.kind) {
    case 'emergency':
      if (cause === 'disabled') return 'emergency mode off: it keeps its remaining time (P10)';
      if (cause === 'used-up')
        return `its ${settings.emergencyFor} of emergency time are used up: all it added is gone (P10)`;
      return 'emergency key term ended (P10)';
    case 'evaluation':
      return `evaluation period of ${settings.evaluationFor} over (P10)`;
    default:
      return `${license.termName} term ended (P11)`;
  }
}
