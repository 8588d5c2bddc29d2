// Opens a written report.html in headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) the way
// a reader would: from file://, with the network unused. Checks that the page renders without console
// errors, makes no request beyond itself, shows its tables with the model's numbers and every figure at
// a non-zero size, and saves a full-page screenshot to /tmp/report-screenshot.png for a person to look at.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCell } from './format-cell.js';
import type { ReportTable } from './report-model.js';
import { sampleReport } from './sample-report.fixture.js';
import { writeReport } from './write-report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(
    `report-in-chromium.test.ts: skipped — no Chromium at ${CHROMIUM}. Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
}

/** Flags for a closed network: without the background-networking ones Chromium waits on it and hangs. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SCREENSHOT = '/tmp/report-screenshot.png';

// The page callbacks below run in Chromium; the package compiles without the DOM library, so the one
// browser global they use is declared here, for this module only.
declare const getComputedStyle: (element: unknown) => { textAlign: string; fontSize: string; visibility: string };

describe.skipIf(!HAVE_CHROMIUM)('report.html in headless Chromium', () => {
  const report = sampleReport();
  const dir = mkdtempSync(join(tmpdir(), 'affectfusion-report-chromium-'));
  let browser: Browser;
  let page: Page;
  const consoleProblems: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  let pageUrl: string;

  beforeAll(async () => {
    const written = await writeReport(report, dir);
    pageUrl = pathToFileURL(written.html).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders without console errors or page errors, and requests nothing but itself', () => {
    expect(consoleProblems).toEqual([]);
    expect(pageErrors).toEqual([]);
    // data: URIs are decoded in place and never show as requests; anything else would be a leak.
    expect(requests).toEqual([pageUrl]);
  });

  it('shows each table with the model numbers, formatted by column', async () => {
    const tables = report.sections.flatMap((s) => s.blocks).filter((b): b is ReportTable => b.kind === 'table');
    const shown = await page.$$eval('table', (els) =>
      els.map((t) => ({
        visible: t.getBoundingClientRect().width > 0 && getComputedStyle(t).visibility === 'visible',
        rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as unknown as { innerText: string }).innerText)),
        align: [...t.querySelectorAll('tbody tr:first-child td')].map((td) => getComputedStyle(td).textAlign),
        fontSize: parseFloat(getComputedStyle(t.querySelector('td')!).fontSize),
      })),
    );
    expect(shown).toHaveLength(tables.length);
    tables.forEach((table, i) => {
      expect(shown[i].visible).toBe(true);
      expect(shown[i].rows).toEqual(table.rows.map((row) => table.columns.map((c) => formatCell(row[c.key], c))));
      expect(shown[i].fontSize).toBeGreaterThanOrEqual(14);
    });
    expect(shown[0].rows[6]).toEqual(['Augmented ensemble (ours)', '85.1', '83.35', '-1.75']);
    expect(shown[0].align).toEqual(['left', 'right', 'right', 'right']);
  });

  it('draws every figure at a non-zero size, with its axis titles and caption, text not shrunk', async () => {
    const figures = await page.$$eval('.report-figure', (els) =>
      els.map((f) => {
        const svg = f.querySelector('svg');
        const img = f.querySelector('img');
        const box = (svg ?? img)!.getBoundingClientRect();
        return {
          width: box.width,
          height: box.height,
          // Rendered size over drawn size: below 1 the page shrank the chart and its text.
          scale: svg ? box.width / svg.viewBox.baseVal.width : 1,
          texts: svg ? [...svg.querySelectorAll('text')].map((t) => t.textContent) : [],
          caption: f.querySelector('figcaption')!.textContent,
          naturalWidth: img ? img.naturalWidth : null,
        };
      }),
    );
    const blocks = report.sections.flatMap((s) => s.blocks).filter((b) => b.kind !== 'table' && b.kind !== 'text');
    expect(figures).toHaveLength(blocks.length);
    blocks.forEach((block, i) => {
      expect(figures[i].width).toBeGreaterThan(50);
      expect(figures[i].height).toBeGreaterThan(30);
      expect(figures[i].caption).toBe(block.caption);
      if (block.kind === 'image') expect(figures[i].naturalWidth).toBe(96);
      else {
        expect(figures[i].texts).toContain(block.xLabel);
        expect(figures[i].texts).toContain(block.yLabel);
        expect(figures[i].scale).toBeGreaterThanOrEqual(0.999);
      }
    });
  });

  it('flags generated data where the reader sees it', async () => {
    const badges = page.locator('.badge-generated');
    expect(await badges.count()).toBe(2);
    expect(await badges.first().isVisible()).toBe(true);
    expect(await badges.first().innerText()).toBe('generated data — function, not accuracy');
  });

  it('saves a full-page screenshot', async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
