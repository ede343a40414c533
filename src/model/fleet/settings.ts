import type { Static } from '@sinclair/typebox';
import { fraction } from '../../config/schema/common.js';
import type { LicenseServer as WrittenServer } from '../../config/schema/license-servers.js';
import type { YamlPath } from '../../config/yaml-source.js';
import { licenseServerDefaults as defaults, MS } from '../../vocabulary.js';
import type { Problems } from '../problems.js';
import { durationMs } from '../time.js';
import type { Heartbeat, LeaseSettings } from './fleet.js';

type Written = Static<typeof WrittenServer>;

/** A duration setting in ms, or its default; a setting of zero length is an error at its key. */
function setting(given: string | undefined, fallback: string, at: YamlPath, problems: Problems): number {
  const ms = durationMs(given ?? fallback) ?? 0;
  if (ms <= 0) problems.error(at, `${String(at.at(-1))} must be longer than zero (got ${given})`);
  return ms;
}

/**
 * A server's lease settings with their defaults (the guide's 10-day reserved lease, 1-day incremental
 * lease, 4-hour renewal). P3: the renewal interval is from one hour to half the incremental lease.
 */
export function leaseSettings(written: Written['leasing'], at: YamlPath, problems: Problems): LeaseSettings {
  const w = written ?? {};
  const leasing = defaults.leasing;
  const incrementalLeaseMs = setting(
    w.incrementalLease,
    leasing.incrementalLease,
    [...at, 'incrementalLease'],
    problems,
  );
  const renewEveryMs = setting(w.renewEvery, leasing.renewEvery, [...at, 'renewEvery'], problems);
  const renew = w.renewEvery ?? leasing.renewEvery;
  const incremental = w.incrementalLease ?? leasing.incrementalLease;
  if (renewEveryMs < MS.hour) {
    problems.error(
      [...at, 'renewEvery'],
      `renewal interval ${renew} is under an hour; it is at least PT1H (P3)`,
    );
  } else if (renewEveryMs * 2 > incrementalLeaseMs) {
    problems.error(
      [...at, w.renewEvery !== undefined ? 'renewEvery' : 'incrementalLease'],
      `renewal interval ${renew} is more than half the incremental lease ${incremental}; it is from PT1H to incrementalLease / 2 (P3)`,
    );
  }
  const auto = w.autoLease ?? {};
  const autoAt = [...at, 'autoLease'];
  const surrender = w.surrender ?? {};
  const surrenderAt = [...at, 'surrender'];
  return {
    reservedLeaseMs: setting(w.reservedLease, leasing.reservedLease, [...at, 'reservedLease'], problems),
    incrementalLeaseMs,
    renewEveryMs,
    minimumHoldMs: setting(w.minimumHold, leasing.minimumHold, [...at, 'minimumHold'], problems),
    autoLease: {
      threshold: auto.threshold === undefined ? defaults.autoLease.threshold : fraction(auto.threshold),
      averagedOverMs: setting(
        auto.averagedOver,
        defaults.autoLease.averagedOver,
        [...autoAt, 'averagedOver'],
        problems,
      ),
      disconnectedForMs: setting(
        auto.disconnectedFor,
        defaults.autoLease.disconnectedFor,
        [...autoAt, 'disconnectedFor'],
        problems,
      ),
      penaltyMs: setting(auto.penalty, defaults.autoLease.penalty, [...autoAt, 'penalty'], problems),
    },
    surrender: {
      expiresAfterMs: setting(
        surrender.expiresAfter,
        defaults.surrender.expiresAfter,
        [...surrenderAt, 'expiresAfter'],
        problems,
      ),
      refreshEveryMs: setting(
        surrender.refreshEvery,
        defaults.surrender.refreshEvery,
        [...surrenderAt, 'refreshEvery'],
        problems,
      ),
    },
  };
}

/** P9: a virtual server's heartbeat with its defaults; a hardware server has none, and may not set one. */
export function heartbeat(server: Written, at: YamlPath, problems: Problems): Heartbeat | null {
  if (server.kind === 'hardware') {
    if (server.heartbeat !== undefined) {
      problems.error(
        [...at, 'heartbeat'],
        `hardware license server '${server.id}' has no vendor-cloud heartbeat (P9); remove heartbeat or make it kind: virtual`,
        'key',
      );
    }
    return null;
  }
  const w = server.heartbeat ?? {};
  const hb = defaults.heartbeat;
  const where = [...at, 'heartbeat'];
  return {
    everyMs: setting(w.every, hb.every, [...where, 'every'], problems),
    disabledAfterMs: setting(w.disabledAfter, hb.disabledAfter, [...where, 'disabledAfter'], problems),
    restoredGraceMs: setting(w.restoredGrace, hb.restoredGrace, [...where, 'restoredGrace'], problems),
  };
}
