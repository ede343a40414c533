import type { StateName } from '../vocabulary.js';

/**
 * What a marked word says to the reader: fine, needs a look, wrong, or for information. Renderers mark
 * words by tone; how a tone looks (a colour, or nothing) is the caller's choice, so that renderers stay
 * pure and their output is plain unless a terminal asks for more.
 */
export const tones = ['good', 'warning', 'bad', 'info'] as const;
export type Tone = (typeof tones)[number];

/** How each tone is shown. */
export type Style = { readonly [tone in Tone]: (text: string) => string };

const same = (text: string) => text;

/** No marks at all: files, pipes, JSON and JUnit. */
export const plain: Style = { good: same, warning: same, bad: same, info: same };

/** The tone of each lifecycle state: serving, serving on borrowed time, not serving, on trial. */
export const stateTone: { readonly [state in StateName]: Tone } = {
  trial: 'info',
  active: 'good',
  grace: 'warning',
  'restricted-access': 'warning',
  expired: 'bad',
};

/** The ✓ or ✗ of a check, in its tone. */
export function mark(passed: boolean, style: Style): string {
  return passed ? style.good('✓') : style.bad('✗');
}
