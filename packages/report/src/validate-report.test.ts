import { describe, expect, it } from 'vitest';
import type { Report, ReportBlock } from './report-model.js';
import { ReportModelError } from './report-model-error.js';
import { renderReportHtml } from './render-report-html.js';
import { renderReportMarkdown } from './render-report-markdown.js';
import { sampleReport } from './sample-report.fixture.js';
import { validateReport } from './validate-report.js';

/** The sample report with block `blockIndex` of section 0 replaced. */
function withBlock(blockIndex: number, block: unknown): Report {
  const report = sampleReport();
  const blocks = [...report.sections[0].blocks];
  blocks[blockIndex] = block as ReportBlock;
  return { ...report, sections: [{ ...report.sections[0], blocks }, ...report.sections.slice(1)] };
}

function errorOf(report: Report): ReportModelError {
  try {
    validateReport(report);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportModelError);
    return error as ReportModelError;
  }
  throw new Error('validateReport accepted a bad report');
}

const heatmap = sampleReport().sections[0].blocks[3];
const curves = sampleReport().sections[0].blocks[2];
const bars = sampleReport().sections[0].blocks[4];
const table = sampleReport().sections[0].blocks[1];

describe('validateReport', () => {
  it('accepts the sample report', () => {
    expect(() => validateReport(sampleReport())).not.toThrow();
  });

  it('names the section and block when heatmap rows and values disagree', () => {
    if (heatmap.kind !== 'heatmap') throw new Error('fixture changed');
    const error = errorOf(withBlock(3, { ...heatmap, rows: heatmap.rows.slice(0, 3) }));
    expect(error.message).toContain('section "ch3-yt8m" (#0), block #3 (heatmap "Figure 3.5 (redrawn)');
    expect(error.message).toContain('3 row labels but 4 rows of values; give one label per row of values');
    expect(error.location).toEqual({ sectionId: 'ch3-yt8m', sectionIndex: 0, blockIndex: 3, blockKind: 'heatmap' });
  });

  it('rejects NaN in a heatmap, a curve, bars and a table, saying where', () => {
    if (heatmap.kind !== 'heatmap' || curves.kind !== 'curves' || bars.kind !== 'bars' || table.kind !== 'table') throw new Error('fixture changed');
    const values = heatmap.values.map((row) => [...row]);
    values[2][5] = Number.NaN;
    expect(errorOf(withBlock(3, { ...heatmap, values })).message).toMatch(/block #3 \(heatmap .*values\[2\]\[5\] \(row "racing"\) is NaN/);

    const series = curves.series.map((s) => ({ ...s, points: [...s.points] }));
    series[1].points[4] = { x: 5, y: Number.NaN };
    expect(errorOf(withBlock(2, { ...curves, series })).message).toMatch(
      /block #2 \(curves .*series\[1\] \("Late fusion"\), points\[4\] = \{"x":5,"y":"NaN"\}: x and y must be finite/,
    );

    const barList = [...bars.bars];
    barList[3] = { ...barList[3], value: Number.POSITIVE_INFINITY };
    expect(errorOf(withBlock(4, { ...bars, bars: barList })).message).toMatch(/block #4 \(bars .*bars\[3\] \("string instrument"\): value Infinity/);

    const rows = table.rows.map((r) => ({ ...r }));
    rows[1].run = Number.NaN;
    expect(errorOf(withBlock(1, { ...table, rows })).message).toMatch(/block #1 \(table .*rows\[1\], column "run": NaN is not a finite number; use null/);
  });

  it('rejects an empty series and an empty figure', () => {
    if (curves.kind !== 'curves' || bars.kind !== 'bars') throw new Error('fixture changed');
    const series = [curves.series[0], { name: 'Empty', points: [] }];
    expect(errorOf(withBlock(2, { ...curves, series })).message).toContain(
      'block #2 (curves "Validation GAP per epoch for each fusion model (this run)"): series[1] ("Empty") has no points',
    );
    expect(errorOf(withBlock(2, { ...curves, series: [] })).message).toContain('series is empty');
    expect(errorOf(withBlock(4, { ...bars, bars: [] })).message).toContain('bars is empty');
  });

  it('rejects ragged heatmaps, column label mismatches, mixed grouping and duplicate bars', () => {
    if (heatmap.kind !== 'heatmap' || bars.kind !== 'bars') throw new Error('fixture changed');
    const ragged = heatmap.values.map((row, r) => (r === 1 ? row.slice(1) : row));
    expect(errorOf(withBlock(3, { ...heatmap, values: ragged })).message).toContain('values[1] has 23 values but values[0] has 24');
    expect(errorOf(withBlock(3, { ...heatmap, columns: ['a', 'b'] })).message).toContain('2 column labels but each row has 24 values');
    const mixed = bars.bars.map((b, i) => (i === 2 ? { label: b.label, value: b.value } : b));
    expect(errorOf(withBlock(4, { ...bars, bars: mixed })).message).toContain('bars[2] ("string instrument") has no group');
    const twice = [...bars.bars, bars.bars[0]];
    expect(errorOf(withBlock(4, { ...bars, bars: twice })).message).toContain('label "game" in group "audio" appears twice');
  });

  it('rejects tables with missing cells, images that are not PNG, duplicate section ids and bad anchors', () => {
    if (table.kind !== 'table') throw new Error('fixture changed');
    const rows = table.rows.map((r, i) => (i === 0 ? { model: r.model } : r));
    expect(errorOf(withBlock(1, { ...table, rows })).message).toContain('rows[0] has no value for column "thesis"; use null for an empty cell');
    expect(errorOf(withBlock(0, { kind: 'image', caption: 'x', alt: 'x', png: new Uint8Array([1, 2, 3]) })).message).toContain(
      'block #0 (image "x"): png does not start with the PNG signature',
    );
    const report = sampleReport();
    expect(errorOf({ ...report, sections: [report.sections[0], { ...report.sections[1], id: 'ch3-yt8m' }] }).message).toContain(
      'section "ch3-yt8m" (#1): the id is already used by section #0',
    );
    expect(errorOf({ ...report, sections: [{ ...report.sections[0], id: 'has space' }] }).message).toContain('section "has space" (#0): id "has space" is not a usable anchor');
    expect(errorOf(withBlock(0, { kind: 'pie', caption: 'p' })).message).toContain('block #0 (pie "p"): kind "pie" is not one of');
    expect(errorOf({ ...report, createdAt: 'yesterday' }).message).toContain('`createdAt` must be an ISO date-time');
  });

  it('makes both renderers fail with the same error before drawing anything', async () => {
    if (heatmap.kind !== 'heatmap') throw new Error('fixture changed');
    const bad = withBlock(3, { ...heatmap, rows: [] });
    await expect(renderReportHtml(bad)).rejects.toThrow(/block #3 \(heatmap .*0 row labels but 4 rows/);
    await expect(renderReportMarkdown(bad)).rejects.toThrow(ReportModelError);
  });
});
