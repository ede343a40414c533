import type { RunProgress } from '../sim/simulation.js';
import type { CliIo, TextStream } from './io.js';

/** Wall time before the line appears: a run shorter than this shows nothing at all. */
const SHOW_AFTER_MS = 1000;
/** Least wall time between two redraws, so that a fast run does not flood the terminal. */
const REDRAW_EVERY_MS = 100;
/** Go back to the start of the line and erase it. */
const ERASE_LINE = '\r\x1b[K';
/** Cells of the bar. */
const BAR_WIDTH = 20;

/**
 * One line on standard error that a long run keeps rewriting in place (`\r`): which run, a bar and the
 * share done (of its virtual time, or of the files of a suite), the pace (events or files per second)
 * and the time left at that pace. Erased when the run ends, so that nothing of it is left among the
 * output. Only on a terminal: a pipe or a file gets nothing (see `progressLine`).
 */
export class ProgressLine {
  private readonly started: number;
  private lastDrawn = Number.NEGATIVE_INFINITY;
  private shown = false;
  /** Where the current run's pace is measured from: its label, and the time and events when it began. */
  private current = { label: '', at: 0, events: 0, done: 0 };

  constructor(
    private readonly stream: TextStream,
    private readonly now: () => number,
  ) {
    this.started = now();
  }

  /**
   * The run called `label` has got this far, counted in `unit` (events, files); redrawn at most every
   * 100 ms, and after the first second.
   */
  update(label: string, progress: RunProgress, unit = 'events'): void {
    const t = this.now();
    const done = Math.min(1, Math.max(0, progress.done));
    if (label !== this.current.label || progress.events < this.current.events) {
      this.current = { label, at: t, events: progress.events, done };
    }
    if (t - this.started < SHOW_AFTER_MS || t - this.lastDrawn < REDRAW_EVERY_MS) return;
    this.lastDrawn = t;
    this.shown = true;
    const seconds = (t - this.current.at) / 1000;
    const pace = seconds > 0 ? `  ${rate((progress.events - this.current.events) / seconds)} ${unit}/s` : '';
    // At the pace since this run began: the share still to do takes as long as the share done took.
    const gained = done - this.current.done;
    const left = seconds > 0 && gained > 0 ? `  ${duration((seconds * (1 - done)) / gained)} left` : '';
    const filled = Math.floor(done * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const percent = `${Math.floor(done * 100)}%`;
    this.stream.write(
      `${ERASE_LINE}${cut(`${label}  ${bar} ${percent}${pace}${left}`, this.stream.columns)}`,
    );
  }

  /** Draws the line again after other output was written to the terminal (see `clear`). */
  redraw(label: string, progress: RunProgress, unit = 'events'): void {
    this.lastDrawn = Number.NEGATIVE_INFINITY;
    this.update(label, progress, unit);
  }

  /** Erases the line, if it was drawn; call before writing anything else to the terminal. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(ERASE_LINE);
    this.shown = false;
  }
}

/**
 * A progress line on standard error when a person is watching it there, otherwise none: on a pipe or a
 * file a rewritten line is only noise, and `TERM=dumb` cannot erase it.
 */
export function progressLine(io: CliIo): ProgressLine | undefined {
  if (!io.stderr.isTTY || io.env.TERM === 'dumb') return undefined;
  return new ProgressLine(io.stderr, io.now);
}

/**
 * The line cut to the terminal's width, less one column: a line that wrapped could no longer be
 * rewritten in place by `\r`, and each redraw would leave a line behind.
 */
function cut(line: string, columns: number | undefined): string {
  const chars = [...line];
  if (columns === undefined || chars.length < columns) return line;
  return `${chars.slice(0, Math.max(0, columns - 2)).join('')}…`;
}

/** 2.5, 950, 12k, 3.4M: a pace to read at a glance. */
function rate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e3) return `${Math.round(perSecond / 1e3)}k`;
  if (perSecond < 10) return String(Math.round(perSecond * 10) / 10);
  return String(Math.round(perSecond));
}

/** 7s, 3m05s, 1h02m: time left, to the second below an hour. */
export function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
