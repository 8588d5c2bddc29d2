import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from './report-model.js';
import { ReportModelError } from './report-model-error.js';
import { sampleReport } from './sample-report.fixture.js';
import { writeReport } from './write-report.js';

const root = mkdtempSync(join(tmpdir(), 'affectfusion-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeReport', () => {
  it('writes report.html, report.md and the linked figures, and leaves no temporary folder', async () => {
    const out = join(root, 'a', 'nested');
    const written = await writeReport(sampleReport(), out);
    expect(written.html).toBe(join(out, 'report.html'));
    expect(written.markdown).toBe(join(out, 'report.md'));
    expect(readdirSync(out).sort()).toEqual(['report-figures', 'report.html', 'report.md']);
    const markdown = readFileSync(written.markdown, 'utf8');
    for (const link of markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(existsSync(join(out, link[1]))).toBe(true);
    expect(written.figures).toHaveLength(6);
    expect(readdirSync(written.figuresDir)).toHaveLength(6);
    expect(readFileSync(written.html, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('replaces an earlier report, including figures that the new one no longer has', async () => {
    const out = join(root, 'replace');
    await writeReport(sampleReport(), out);
    const smaller: Report = { ...sampleReport(), title: 'Second run', sections: [sampleReport().sections[1]] };
    const written = await writeReport(smaller, out);
    expect(readdirSync(written.figuresDir).sort()).toEqual(['s01-ch2-afew-b01-bars.svg', 's01-ch2-afew-b02-heatmap.svg', 's01-ch2-afew-b03-image.png']);
    expect(readFileSync(written.html, 'utf8')).toContain('<h1>Second run</h1>');
    expect(readdirSync(out).sort()).toEqual(['report-figures', 'report.html', 'report.md']);
  });

  it('writes nothing and keeps the earlier report when the model is bad', async () => {
    const out = join(root, 'bad');
    await writeReport(sampleReport(), out);
    const before = readFileSync(join(out, 'report.html'), 'utf8');
    const bad = { ...sampleReport(), sections: [{ id: 'x', title: 'X', blocks: [{ kind: 'curves', caption: 'c', xLabel: 'x', yLabel: 'y', series: [] }] }] } as Report;
    await expect(writeReport(bad, out)).rejects.toBeInstanceOf(ReportModelError);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(before);
    expect(readdirSync(out).sort()).toEqual(['report-figures', 'report.html', 'report.md']);
  });

  it('removes a temporary folder that a crashed writer left more than an hour ago', async () => {
    const out = join(root, 'stale');
    mkdirSync(join(out, '.report-tmp-old'), { recursive: true });
    writeFileSync(join(out, '.report-tmp-old', 'report.html'), 'half');
    const { utimesSync } = await import('node:fs');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(out, '.report-tmp-old'), twoHoursAgo, twoHoursAgo);
    mkdirSync(join(out, '.report-tmp-recent'));
    await writeReport(sampleReport(), out);
    expect(readdirSync(out).sort()).toEqual(['.report-tmp-recent', 'report-figures', 'report.html', 'report.md']);
  });
});
