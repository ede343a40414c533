import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../support/cli.js';

/**
 * `licensim watch` as a person uses it: in a real terminal (a tmux pane), driven by keys (send-keys) and
 * read off the screen (capture-pane). tmux is a test requirement, which `.ci/run` installs when missing.
 */

const socket = `licensim-watch-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'watch');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the screen every 200 ms until `test` holds; fails with the last screen after `polls` tries. */
async function until(test: (text: string) => boolean, polls = 300): Promise<string> {
  let text = '';
  for (let i = 0; i < polls; i++) {
    text = screen();
    if (test(text)) return text;
    await sleep(200);
  }
  throw new Error(`the screen never showed what was awaited; it shows:\n${text}`);
}

/** The virtual clock on screen, e.g. "2026-03-02 03:12:40.5 +01:00"; a screen without one fails. */
function clock(text: string): string {
  const shown = /clock (\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d(?:\.\d+)?)? [+-]\d\d:\d\d)/.exec(text)?.[1];
  if (shown === undefined) throw new Error(`no clock on the screen:\n${text}`);
  return shown;
}

beforeAll(() => {
  try {
    execFileSync('tmux', ['-V']);
  } catch {
    throw new Error('tmux is needed for this test: apt-get install tmux (.ci/run does it)');
  }
  // Two hours of the week a second: the run is still going when the keys are pressed.
  const command =
    'node bin/licensim.js watch scenarios/wallix-4-sites-compare.yaml --speed 7200; echo "watch exited $?"; sleep 600';
  // CI=true as on a CI machine, where ink would draw nothing until the end unless watch keeps it from.
  tmux(
    'new-session',
    '-d',
    '-s',
    'watch',
    '-x',
    '120',
    '-y',
    '30',
    '-c',
    root,
    `env CI=true NO_COLOR=1 ${command}`,
  );
});

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
});

describe('licensim watch in a terminal (tmux)', () => {
  it('W11: draws a gauge per pool with capacity, state and thresholds, and the clock moves', async () => {
    const first = await until((t) => t.includes('Pools') && /site-d .* \d+\/500/.test(t));
    for (const pool of ['site-a', 'site-b', 'site-c', 'site-d']) {
      expect(first).toMatch(new RegExp(`${pool} +[█░┆]{30} +\\d+/500 +\\d+% active +peak \\d+`));
    }
    expect(first).toContain('┆ thresholds: warning 80%, critical 95%');
    expect(first).toContain('▶ running');
    expect(first).not.toContain('\u001b'); // NO_COLOR: plain text
    const at = clock(first);
    await until((t) => clock(t) !== at);
  });

  it('space pauses the clock, s steps it by one slice, space resumes', async () => {
    tmux('send-keys', '-t', 'watch', 'Space');
    await until((t) => t.includes('❚❚ paused'));
    // A slice under way when the key came in still ends and is drawn: read the clock after it.
    await sleep(500);
    const at = clock(screen());
    await sleep(1500);
    expect(clock(screen())).toBe(at); // paused: the replay does not move
    tmux('send-keys', '-t', 'watch', 's');
    const stepped = await until((t) => clock(t) !== at);
    expect(stepped).toContain('❚❚ paused'); // one step, still paused
    const afterStep = clock(stepped);
    await sleep(1000);
    expect(clock(screen())).toBe(afterStep);
    tmux('send-keys', '-t', 'watch', 'Space');
    await until((t) => t.includes('▶ running') && clock(t) !== afterStep);
  });

  it('+ speeds the replay up and - slows it down', async () => {
    tmux('send-keys', '-t', 'watch', '+');
    await until((t) => t.includes('4 h/s'));
    tmux('send-keys', '-t', 'watch', '--', '-');
    tmux('send-keys', '-t', 'watch', '--', '-');
    await until((t) => t.includes('1 h/s'));
  });

  it('q quits at once, leaving the last frame and exit code 0', async () => {
    tmux('send-keys', '-t', 'watch', 'q');
    const done = await until((t) => t.includes('watch exited'));
    expect(done).toContain('watch exited 0');
    expect(done).toContain('Pools');
  });
});
