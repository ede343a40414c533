import { Box, Text, useApp, useInput } from 'ink';
import { createElement as h, type ReactElement } from 'react';
import type { LiveNotice, LivePool, LiveSnapshot } from '../../analysis/live-state.js';
import { printable } from '../../config/printable.js';
import { formatLocal } from '../../model/time.js';
import type { PaceStatus } from './pacer.js';

// Rendered with createElement rather than JSX: the bundle and the tests need no JSX transform.

/** Cells of a pool's gauge bar. */
export const GAUGE_WIDTH = 30;

/** The colours the text report gives lifecycle states (see the README's colour rules). */
const stateColour = {
  trial: 'cyan',
  active: 'green',
  grace: 'yellow',
  'restricted-access': 'yellow',
  expired: 'red',
} as const;

/** The cell of the bar a share of capacity falls in. */
const cellOf = (share: number) => Math.min(GAUGE_WIDTH - 1, Math.floor(share * GAUGE_WIDTH));

/**
 * A pool's gauge: sessions in use against capacity, a bar with the warning (┆ yellow) and critical
 * (┆ red) thresholds marked, in use / capacity, the lifecycle state and the peak so far.
 */
export function PoolGauge({ pool }: { pool: LivePool }): ReactElement {
  const share = pool.capacity > 0 ? pool.inUse / pool.capacity : pool.inUse > 0 ? 1 : 0;
  const filled = Math.min(GAUGE_WIDTH, Math.round(share * GAUGE_WIDTH));
  const level =
    pool.critical !== null && share >= pool.critical
      ? 'red'
      : pool.warning !== null && share >= pool.warning
        ? 'yellow'
        : 'green';
  const marks = new Map<number, string>();
  if (pool.warning !== null) marks.set(cellOf(pool.warning), 'yellow');
  if (pool.critical !== null) marks.set(cellOf(pool.critical), 'red');
  const cells: ReactElement[] = [];
  for (let i = 0; i < GAUGE_WIDTH; i++) {
    const mark = marks.get(i);
    const full = i < filled;
    cells.push(
      mark !== undefined && !full
        ? h(Text, { key: i, color: mark }, '┆')
        : h(Text, { key: i, color: full ? level : 'gray' }, full ? '█' : '░'),
    );
  }
  const percent = `${Math.round(share * 100)}%`.padStart(5);
  // One Text, not a row of boxes: a narrow terminal truncates the line instead of wrapping each part.
  return h(
    Text,
    { wrap: 'truncate-end' },
    h(Text, { bold: true }, printable(pool.id).padEnd(12)),
    ' ',
    ...cells,
    ' ',
    `${pool.inUse}/${pool.capacity}`.padStart(11),
    percent,
    ' ',
    h(Text, { color: stateColour[pool.state] }, pool.state.padEnd(17)),
    ' ',
    h(Text, { dimColor: true }, `peak ${pool.peak}  denied ${pool.denied}`),
  );
}

/** The thresholds of the gauges, once: the policy sets them for every pool alike. */
function Thresholds({ pool }: { pool: LivePool | undefined }): ReactElement | null {
  if (pool === undefined || (pool.warning === null && pool.critical === null)) return null;
  const parts = [
    pool.warning !== null ? `warning ${Math.round(pool.warning * 100)}%` : '',
    pool.critical !== null ? `critical ${Math.round(pool.critical * 100)}%` : '',
  ].filter(Boolean);
  return h(Text, { dimColor: true }, `  ┆ thresholds: ${parts.join(', ')}`);
}

/** A titled list of the latest alerts or denials, "none yet" when empty. */
function Notices({
  title,
  notices,
  zone,
  colour,
}: {
  title: string;
  notices: readonly LiveNotice[];
  zone: string;
  colour: string;
}): ReactElement {
  return h(
    Box,
    { flexDirection: 'column', marginTop: 1 },
    h(Text, { bold: true }, title),
    notices.length === 0
      ? h(Text, { dimColor: true }, '  none yet')
      : notices.map((n, i) =>
          h(
            Text,
            { key: i, wrap: 'truncate-end' },
            `  ${formatLocal(n.at, zone)}  `,
            h(Text, { color: colour }, printable(n.what)),
            `  ${printable(n.pool)}: ${printable(n.message)}`,
          ),
        ),
  );
}

/** Simulated time per real second, as a person reads it: 1 min/s, 2 h/s, 3 d/s. */
export function paceText(speed: number): string {
  const s = speed / 1000;
  if (s >= 86_400) return `${+(s / 86_400).toFixed(1)} d/s`;
  if (s >= 3600) return `${+(s / 3600).toFixed(1)} h/s`;
  if (s >= 60) return `${+(s / 60).toFixed(1)} min/s`;
  return `${+s.toFixed(1)} s/s`;
}

export interface WatchViewProps {
  readonly snapshot: LiveSnapshot;
  readonly status: PaceStatus;
}

/** The whole live view of one run at one instant: it renders what it is given and nothing else. */
export function WatchView({ snapshot: s, status }: WatchViewProps): ReactElement {
  const done = s.end > s.start ? Math.min(1, (s.at - s.start) / (s.end - s.start)) : 1;
  const mode = status.finished
    ? h(Text, { color: 'green' }, '■ finished')
    : status.paused
      ? h(Text, { color: 'yellow' }, '❚❚ paused')
      : h(Text, { color: 'green' }, '▶ running');
  return h(
    Box,
    { flexDirection: 'column' },
    h(
      Text,
      { bold: true },
      `licensim watch  ${printable(s.scenario)} × ${printable(s.policy)}`,
      s.product ? h(Text, { dimColor: true }, `  (${printable(s.product)})`) : null,
    ),
    h(
      Text,
      { wrap: 'truncate-end' },
      'clock ',
      h(Text, { bold: true }, formatLocal(s.at, s.timeZone)),
      '  ',
      mode,
      `  ${paceText(status.speed)}  ${Math.floor(done * 100)}% of `,
      `${formatLocal(s.start, s.timeZone)} → ${formatLocal(s.end, s.timeZone)}`,
    ),
    h(
      Box,
      { flexDirection: 'column', marginTop: 1 },
      h(Text, { bold: true }, 'Pools'),
      ...s.pools.map((p) => h(PoolGauge, { key: p.id, pool: p })),
      h(Thresholds, { pool: s.pools[0] }),
    ),
    h(Notices, { title: 'Latest alerts', notices: s.alerts, zone: s.timeZone, colour: 'yellow' }),
    h(Notices, { title: 'Latest denials', notices: s.denials, zone: s.timeZone, colour: 'red' }),
    h(
      Box,
      { marginTop: 1 },
      h(
        Text,
        { dimColor: true },
        status.finished ? 'q quit' : 'space pause/resume  s step  + faster  - slower  q quit',
      ),
    ),
  );
}

/** What the keys do to the replay. */
export interface WatchControls {
  togglePause(): void;
  step(): void;
  faster(): void;
  slower(): void;
  quit(): void;
}

/** The live view with its keys: space pauses, s steps while paused, + and - change the pace, q quits. */
export function WatchApp(props: WatchViewProps & { readonly controls: WatchControls }): ReactElement {
  const { exit } = useApp();
  useInput((input, key) => {
    if (key.ctrl && input === 'c') {
      props.controls.quit();
      exit();
      return;
    }
    // Keys typed quickly (or sent at once) arrive in one read: each character is a key of its own.
    for (const char of input) {
      if (char === 'q') {
        props.controls.quit();
        exit();
        return;
      }
      if (char === ' ') props.controls.togglePause();
      else if (char === 's') props.controls.step();
      else if (char === '+' || char === '=') props.controls.faster();
      else if (char === '-' || char === '_') props.controls.slower();
    }
  });
  return h(WatchView, props);
}

/** The app's element, for `render` and `rerender`: callers that load this module late need no React. */
export function watchApp(props: WatchViewProps & { readonly controls: WatchControls }): ReactElement {
  return h(WatchApp, props);
}
