import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/config/schema/report.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { licensim } from '../support/cli.js';
import { hostile, PAYLOAD } from '../support/html-report.js';

/** Debian's chromium package, which `.ci/run` installs when it is missing. */
const CHROMIUM = process.env.LICENSIM_CHROMIUM ?? '/usr/bin/chromium';

let browser: Browser;
let scratch: string;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  }
  scratch = await mkdtemp(join(tmpdir(), 'licensim-browser-'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // CI runs as root in a container, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});
afterAll(async () => {
  await browser?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Opens a report file as a person would, from a file URL, noting every console error, page error and dialog. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('dialog', async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
  });
  await page.setViewport({ width: 1100, height: 1400 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

/** How many distinct colours a PNG holds, counted by the browser on a blank page of its own. */
async function coloursIn(png: Uint8Array): Promise<number> {
  const page = await browser.newPage();
  try {
    const url = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    return await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      const { data } = context.getImageData(0, 0, img.width, img.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4)
        seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    }, url);
  } finally {
    await page.close();
  }
}

describe('the HTML report in headless Chromium', () => {
  it('draws every pool chart with data, with no console error, and a screenshot that is not blank', async () => {
    const file = join(scratch, 'compare.html');
    const out = await licensim(
      'simulate',
      'scenarios/wallix-ha-failover.yaml',
      '--format',
      'html',
      '--out',
      file,
    );
    expect(out.code).toBeLessThan(2);
    const { page, problems } = await open(file);
    const drawn = await page.evaluate(() => {
      const charts = [...document.querySelectorAll('figure.pool > svg')];
      return charts.map((svg) => {
        const box = svg.getBoundingClientRect();
        const paths = [...svg.querySelectorAll('path')].filter(
          (p) => (p.getAttribute('d') ?? '').length > 20,
        );
        return {
          width: box.width,
          height: box.height,
          paths: paths.length,
          titles: svg.querySelectorAll('title').length,
        };
      });
    });
    expect(drawn.length).toBeGreaterThan(0);
    for (const chart of drawn) {
      expect(chart.width).toBeGreaterThan(500);
      expect(chart.height).toBeGreaterThan(150);
      // The concurrency band and line, capacity: paths with real data in them.
      expect(chart.paths).toBeGreaterThanOrEqual(3);
      // Hover texts: capacity, lifecycle bands.
      expect(chart.titles).toBeGreaterThan(0);
    }
    const shot = join(scratch, 'report.png');
    const png = await page.screenshot({ path: shot, fullPage: false });
    await page.close();
    expect((await readFile(shot)).subarray(1, 4).toString()).toBe('PNG');
    // A blank page is one colour; a chart with bands, lines and text has many.
    expect(await coloursIn(png)).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('shows a policy named <img src=x onerror=alert(1)> as text and runs no script', async () => {
    const json = await licensim('simulate', 'scenarios/wallix-trial.yaml', '--format', 'json');
    const report = JSON.parse(json.stdout) as Report;
    const file = join(scratch, 'hostile.html');
    await writeFile(
      file,
      renderHtmlReport({ title: PAYLOAD, runs: [hostile(report.scenarios[0]!)], passed: false }),
    );
    const { page, problems } = await open(file);
    const seen = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      heading: document.querySelector('h2')?.textContent ?? '',
      title: document.title,
    }));
    await page.close();
    expect(seen.images).toBe(0);
    expect(seen.scripts).toBe(0);
    expect(seen.title).toBe(PAYLOAD);
    expect(seen.heading).toContain(`${PAYLOAD} × ${PAYLOAD}`);
    // An onerror that ran would have opened an alert dialog.
    expect(problems).toEqual([]);
  });
});
