import { describe, expect, it, vi } from 'vitest';
import type { ReportHeatmap } from '../report-model.js';
import { renderHeatmapSvg } from './heatmap-chart.js';
import { labelFields, rectOf, svgMarks, svgTexts } from './svg-marks.fixture.js';

const block: ReportHeatmap = {
  kind: 'heatmap',
  caption: 'Mean gate activation',
  xLabel: 'Feature',
  yLabel: 'Class',
  rows: ['game', 'string instrument', 'racing'],
  columns: ['f0', 'f1', 'f2', 'f3'],
  values: [
    [0.1, 0.2, 0.3, 0.4],
    [0.5, 0.6, 0.7, 0.8],
    [0.9, 0.25, 0.5, 0.75],
  ],
  colorLabel: 'Mean activation',
};

/** Viridis's two ends (matplotlib's table, as d3-scale-chromatic ships it). */
const VIRIDIS_LOW = 'rgb(68, 1, 84)';
const VIRIDIS_HIGH = 'rgb(253, 231, 37)';

describe('renderHeatmapSvg', () => {
  it('titles both axes and the colour legend, and labels every row and column', async () => {
    const texts = svgTexts(await renderHeatmapSvg(block));
    for (const t of ['Feature', 'Class', 'Mean activation', ...block.rows, ...block.columns!]) expect(texts).toContain(t);
  });

  it('draws one rect per cell, in row and column order, with the cell value', async () => {
    const cells = svgMarks(await renderHeatmapSvg(block), 'rect mark');
    expect(cells).toHaveLength(12);
    const [, , w, h] = rectOf(cells[0]);
    for (const cell of cells) {
      const f = labelFields(cell.label);
      const r = block.rows.indexOf(f.Class);
      const c = block.columns!.indexOf(f.Feature);
      expect(Number(f['Mean activation'])).toBe(block.values[r][c]);
      const [x, y] = rectOf(cell);
      expect(x).toBeCloseTo(c * w, 6);
      expect(y).toBeCloseTo(r * h, 6);
    }
  });

  it('maps the smallest value to one end of viridis and the largest to the other; equal values share a colour', async () => {
    const cells = svgMarks(await renderHeatmapSvg(block), 'rect mark');
    const fillOf = (v: number) => cells.filter((c) => Number(labelFields(c.label)['Mean activation']) === v).map((c) => c.attrs.fill);
    expect(fillOf(0.1)).toEqual([VIRIDIS_LOW]);
    expect(fillOf(0.9)).toEqual([VIRIDIS_HIGH]);
    expect(new Set(fillOf(0.5)).size).toBe(1);
    expect(fillOf(0.5)).toHaveLength(2);
  });

  it('prints each value in a small heatmap', async () => {
    const texts = svgTexts(await renderHeatmapSvg(block));
    for (const v of block.values.flat()) expect(texts).toContain(String(v));
  });

  it('numbers columns from 0 when no labels are given, fits 1200 columns and thins their tick labels', async () => {
    // Values in (0.1, 0.9): the colour legend's labels are decimals, so whole numbers are axis labels.
    const values = [0, 1].map((r) => Array.from({ length: 1200 }, (_, c) => 0.1 + 0.3 * r + c / 2400));
    const svg = await renderHeatmapSvg({ ...block, rows: ['a', 'b'], columns: undefined, values });
    const cells = svgMarks(svg, 'rect mark');
    expect(cells).toHaveLength(2400);
    expect(labelFields(cells[1199].label).Feature).toBe('1199');
    // 1200 columns fit the page width: about half a pixel each.
    expect(rectOf(cells[0])[2]).toBeCloseTo(0.5, 6);
    const numbers = svgTexts(svg).filter((t) => /^\d+$/.test(t));
    // Upright labels at a round step that leaves room for four digits between them.
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => String(100 * i)));
  });

  it('gives ids a per-chart prefix, so two heatmaps on one page do not share a gradient', async () => {
    const a = await renderHeatmapSvg(block, 'fig-a');
    const b = await renderHeatmapSvg(block, 'fig-b');
    const ids = (svg: string) => [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(a).every((id) => id.startsWith('fig-a-'))).toBe(true);
    expect(ids(b).every((id) => id.startsWith('fig-b-'))).toBe(true);
    for (const svg of [a, b]) {
      for (const ref of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids(svg)).toContain(ref[1]);
    }
  });

  it('draws a constant heatmap in one colour, without warnings', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const cells = svgMarks(await renderHeatmapSvg({ ...block, values: block.values.map((row) => row.map(() => 0.5)) }), 'rect mark');
      expect(cells).toHaveLength(12);
      expect(new Set(cells.map((c) => c.attrs.fill)).size).toBe(1);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
