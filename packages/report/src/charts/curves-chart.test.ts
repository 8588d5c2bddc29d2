import { describe, expect, it } from 'vitest';
import type { ReportCurves } from '../report-model.js';
import { renderCurvesSvg } from './curves-chart.js';
import { labelFields, svgMarks, svgTexts, translateOf } from './svg-marks.fixture.js';

const block: ReportCurves = {
  kind: 'curves',
  caption: 'Validation GAP per epoch',
  xLabel: 'Epoch <n>',
  yLabel: 'Validation GAP & (%)',
  seriesLabel: 'Model',
  series: [
    { name: 'Early fusion', points: [1, 2, 3, 4, 5].map((x) => ({ x, y: 70 + 2 * x })) },
    // Points out of x order: the line must still be drawn through them left to right.
    { name: 'Late "fusion"', points: [3, 1, 2].map((x) => ({ x, y: 65 + x * x })) },
  ],
};

describe('renderCurvesSvg', () => {
  it('titles both axes and names every series in the legend (text escaped)', async () => {
    const svg = await renderCurvesSvg(block);
    const texts = svgTexts(svg);
    expect(texts).toContain('Epoch <n>');
    expect(texts).toContain('Validation GAP & (%)');
    expect(texts).toContain('Model');
    expect(texts).toContain('Early fusion');
    expect(texts).toContain('Late "fusion"');
    expect(svg).not.toContain('<n>');
  });

  it('draws one point per data point, at positions linear in x and y', async () => {
    const svg = await renderCurvesSvg(block);
    const points = svgMarks(svg, 'point');
    expect(points).toHaveLength(8);
    const data = points.map((p) => {
      const f = labelFields(p.label);
      return { series: f.Model, x: Number(f['Epoch <n>']), y: Number(f['Validation GAP & (%)']), at: translateOf(p) };
    });
    const expected = block.series.flatMap((s) => s.points.map((p) => `${s.name}|${p.x}|${p.y}`)).sort();
    expect(data.map((d) => `${d.series}|${d.x}|${d.y}`).sort()).toEqual(expected);
    // Pixel = a + b·value on each axis: fit from two points, check all (y grows downwards: b < 0).
    for (const axis of ['x', 'y'] as const) {
      const i = axis === 'x' ? 0 : 1;
      const [p, q] = [data[0], data.find((d) => d[axis] !== data[0][axis])!];
      const b = (q.at[i] - p.at[i]) / (q[axis] - p[axis]);
      for (const d of data) expect(d.at[i]).toBeCloseTo(p.at[i] + b * (d[axis] - p[axis]), 6);
      expect(axis === 'x' ? b > 0 : b < 0).toBe(true);
    }
  });

  it('draws one line per series', async () => {
    const svg = await renderCurvesSvg(block);
    expect(svgMarks(svg, 'line mark')).toHaveLength(2);
  });

  it('respects a fixed y domain', async () => {
    const svg = await renderCurvesSvg({ ...block, yDomain: [0, 100] });
    const texts = svgTexts(svg);
    expect(texts).toContain('0');
    expect(texts).toContain('100');
  });
});
