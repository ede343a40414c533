import { alertLog } from './alert-log.js';
import type { Analysis } from './analysis.js';
import { autoLeaseLog } from './auto-lease-log.js';
import { busyHourLoad } from './busy-hour.js';
import { capacityLog } from './capacity-log.js';
import { denialLog } from './denial-log.js';
import { entitlementLog } from './entitlement-log.js';
import { failoverLog } from './failover-log.js';
import { firedLog } from './fired.js';
import { keyDownloadLog } from './key-download-log.js';
import { leaseLog } from './lease-log.js';
import { licenseLog } from './license-log.js';
import { lifecycleLog } from './lifecycle-log.js';
import { poolUsage } from './pool-usage.js';
import { serverLog } from './server-log.js';
import { usageOverTime } from './usage-over-time.js';

/** Every analysis a run can reduce its trace with, by name. Reports and expectations read these. */
export const analyses = {
  usage: poolUsage,
  capacity: capacityLog,
  lifecycle: lifecycleLog,
  alerts: alertLog,
  denials: denialLog,
  failovers: failoverLog,
  licenseEvents: licenseLog,
  leases: leaseLog,
  autoLeasing: autoLeaseLog,
  servers: serverLog,
  entitlements: entitlementLog,
  keyDownloads: keyDownloadLog,
  fired: firedLog,
  usageOverTime,
  busyHour: busyHourLoad,
} as const;

export type AnalysisName = keyof typeof analyses;
type ResultOf<A> = A extends Analysis<infer R> ? R : never;
/** The results of a run's analyses: plain, structured-cloneable data. */
export type RunResults = { readonly [name in AnalysisName]: ResultOf<(typeof analyses)[name]> };
