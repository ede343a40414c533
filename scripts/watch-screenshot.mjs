// Renders docs/watch.png, the README's picture of `licensim watch`: the view runs in a tmux pane, is
// paused once its clock reaches Monday afternoon (site A's busy hours), and the pane's text with its
// colours (capture-pane -e) is drawn as HTML in headless Chromium. Needs tmux and chromium; run after
// `npm run build`:  node scripts/watch-screenshot.mjs [out.png]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'docs/watch.png');
const [columns, rows] = [112, 27];
const socket = `licensim-shot-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

tmux(
  'new-session',
  '-d',
  '-s',
  'shot',
  '-x',
  String(columns),
  '-y',
  String(rows),
  'env FORCE_COLOR=1 node bin/licensim.js watch scenarios/wallix-4-sites-compare.yaml --speed 14400; sleep 600',
);
let ansi = '';
try {
  // Pause once the clock passes 15:00 on the first day, when site A has warned and denied.
  for (let i = 0; i < 600; i++) {
    const text = tmux('capture-pane', '-p', '-t', 'shot');
    if (/clock 2026-03-02 1[5-9]:/.test(text)) break;
    await sleep(100);
  }
  tmux('send-keys', '-t', 'shot', 'Space');
  await sleep(800);
  ansi = tmux('capture-pane', '-p', '-e', '-t', 'shot');
} finally {
  tmux('kill-server');
}

/** The 16 colours of a dark terminal theme, by SGR code. */
const palette = {
  30: '#3b4252',
  31: '#e06c75',
  32: '#98c379',
  33: '#e5c07b',
  34: '#61afef',
  35: '#c678dd',
  36: '#56b6c2',
  37: '#dcdfe4',
  90: '#7f848e',
  91: '#ff7b86',
  92: '#b5e890',
  93: '#ffd88a',
  94: '#82c4ff',
  95: '#dd9af0',
  96: '#7fd4de',
  97: '#ffffff',
};
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The escape character that starts an SGR sequence. */
const ESC = '\u001b';

/** ANSI SGR text to HTML spans: colours, bold and dim, which is all the view uses. */
function toHtml(text) {
  let style = { color: null, bold: false, dim: false };
  let html = '';
  for (const part of text.split(new RegExp(`(${ESC}\\[[0-9;]*m)`))) {
    const sgr = new RegExp(`^${ESC}\\[([0-9;]*)m$`).exec(part);
    if (sgr) {
      for (const code of (sgr[1] || '0').split(';').map(Number)) {
        if (code === 0) style = { color: null, bold: false, dim: false };
        else if (code === 1) style.bold = true;
        else if (code === 2) style.dim = true;
        else if (code === 22) style = { ...style, bold: false, dim: false };
        else if (code === 39) style.color = null;
        else if (palette[code]) style.color = palette[code];
      }
      continue;
    }
    if (part === '') continue;
    const css = [
      style.color ? `color:${style.color}` : '',
      style.bold ? 'font-weight:bold' : '',
      style.dim ? 'opacity:0.6' : '',
    ].filter(Boolean);
    html += css.length ? `<span style="${css.join(';')}">${escapeHtml(part)}</span>` : escapeHtml(part);
  }
  return html;
}

const page = `<!doctype html><meta charset="utf-8"><style>
html,body{margin:0;background:#1e2127}
pre{margin:0;padding:14px 16px;color:#dcdfe4;font:15px/1.25 'DejaVu Sans Mono',monospace}
</style><pre>${toHtml(ansi.replace(/\n+$/, ''))}</pre>`;
const dir = mkdtempSync(join(tmpdir(), 'licensim-shot-'));
try {
  const html = join(dir, 'watch.html');
  writeFileSync(html, page);
  const [width, height] = [Math.ceil(columns * 9.05 + 32), Math.ceil(rows * 18.75 + 28)];
  execFileSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--window-size=${width},${height}`,
      `--screenshot=${out}`,
      `file://${html}`,
    ],
    { stdio: 'ignore' },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`wrote ${out}`);
