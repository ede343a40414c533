import { createColors } from 'picocolors';
import type { Paint } from '../config/diagnostics.js';
import type { Style } from '../report/style.js';
import type { CliIo, TextStream } from './io.js';

/**
 * Whether text for `stream` is coloured. `NO_COLOR` (set and not empty) always wins; `FORCE_COLOR` turns
 * colours on even on a pipe, unless it is `0` or `false`; otherwise only a terminal gets them, and not a
 * `TERM=dumb` one. Each stream is judged on its own: `licensim simulate | less` keeps coloured
 * diagnostics on the terminal's standard error.
 *
 * picocolors decides differently on its own (it colours whenever `CI` is set or `FORCE_COLOR` is `0`,
 * and looks at standard output only), so it is asked for colours, never whether to use them.
 */
export function wantsColour(stream: TextStream, env: CliIo['env']): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY && env.TERM !== 'dumb';
}

/** The style for text written to `stream`: colours when it wants them, plain otherwise. */
export function styleFor(stream: TextStream, env: CliIo['env']): Style {
  const c = createColors(wantsColour(stream, env));
  return { good: c.green, warning: c.yellow, bad: c.red, info: c.cyan };
}

/** How diagnostics on standard error are marked: errors in red, warnings in yellow. */
export function diagnosticPaint(io: CliIo): Paint {
  const style = styleFor(io.stderr, io.env);
  return (severity, head) => (severity === 'error' ? style.bad(head) : style.warning(head));
}
