import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSharedPoolLoad } from './loads.js';
import { loadRuns, runSimulator } from './simulator.js';
import { timedAsync } from './spread.js';

/** The flag that makes the benchmark's process a peak-RSS child: `--rss-child days=365`. */
export const RSS_CHILD_FLAG = '--rss-child';

export const RSS_TARGETS = {
  /** Peak RSS of the 12-month run, bytes. */
  maxBytes: 250 * 2 ** 20,
  /** The 12-month run's peak RSS may exceed the 1-month run's by at most this share. */
  growth: 0.1,
} as const;

export interface RssRun {
  readonly days: number;
  readonly events: number;
  readonly seconds: number;
  /** Peak resident set of the whole child process, Node itself included. */
  readonly peakRssBytes: number;
}

export interface RssFigures {
  readonly oneMonth: RssRun;
  readonly twelveMonths: RssRun;
  /** 12-month peak ÷ 1-month peak − 1. */
  readonly growth: number;
  readonly met: { readonly maxBytes: boolean; readonly growth: boolean };
}

/**
 * Peak RSS of the enterprise load over 30 and 365 days, each run alone in a fresh process so that
 * neither the other run nor the rest of the benchmark counts in its peak.
 */
export function measurePeakRss(): RssFigures {
  const oneMonth = spawnRssChild(30);
  const twelveMonths = spawnRssChild(365);
  const growth = twelveMonths.peakRssBytes / oneMonth.peakRssBytes - 1;
  return {
    oneMonth,
    twelveMonths,
    growth,
    met: {
      maxBytes: twelveMonths.peakRssBytes < RSS_TARGETS.maxBytes,
      growth: growth <= RSS_TARGETS.growth,
    },
  };
}

function spawnRssChild(days: number): RssRun {
  // The same script, with the same Node flags, so a run under a loader (tsx) spawns under it too.
  const script = process.argv[1]!;
  const child = spawnSync(process.execPath, [...process.execArgv, script, RSS_CHILD_FLAG, `days=${days}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) {
    throw new Error(`peak-RSS child (${days} days) exited with ${child.status ?? child.signal}`);
  }
  return JSON.parse(child.stdout) as RssRun;
}

/** The child's side: runs the enterprise load over `days` days and prints its figures as JSON. */
export async function rssChild(argument: string | undefined): Promise<void> {
  const days = Number(/^days=(\d+)$/.exec(argument ?? '')?.[1]);
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`${RSS_CHILD_FLAG} takes days=N (a whole number of days), got ${argument}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'licensim-bench-rss-'));
  try {
    const load = writeSharedPoolLoad(dir, 'enterprise', days);
    const run = (await loadRuns(load.scenarioFile))[0]!;
    const { result, seconds } = await timedAsync(() => runSimulator(run));
    const figures: RssRun = {
      days,
      events: result.events,
      seconds,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
