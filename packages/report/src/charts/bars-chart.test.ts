import { describe, expect, it } from 'vitest';
import type { ReportBars } from '../report-model.js';
import { renderBarsSvg } from './bars-chart.js';
import { labelFields, rectOf, svgMarks, svgTexts } from './svg-marks.fixture.js';

const plain: ReportBars = {
  kind: 'bars',
  caption: 'Temporal importance',
  xLabel: 'Frame',
  yLabel: 'p(f|S)',
  bars: [0.1, 0.4, 0.25, 0.05, 0.2].map((value, i) => ({ label: `frame ${i}`, value })),
};

const grouped: ReportBars = {
  kind: 'bars',
  caption: 'Attention unit',
  xLabel: 'Class',
  yLabel: 'p(s12)',
  groupLabel: 'Network',
  bars: ['game', 'racing', 'concert'].flatMap((label, i) => [
    { label, group: 'audio', value: 0.2 + 0.1 * i },
    { label, group: 'video', value: 0.8 - 0.2 * i },
  ]),
};

/** Bar heights from a zero baseline are proportional to the values: height / value is one constant. */
function expectHeightsProportional(bars: ReturnType<typeof svgMarks>, valueKey: string): void {
  const ratios = bars.map((b) => rectOf(b)[3] / Number(labelFields(b.label)[valueKey]));
  for (const r of ratios) expect(r).toBeCloseTo(ratios[0], 6);
}

describe('renderBarsSvg', () => {
  it('draws one bar per entry in the model order, heights proportional to the values, axes titled', async () => {
    const svg = await renderBarsSvg(plain);
    const bars = svgMarks(svg, 'bar');
    expect(bars.map((b) => labelFields(b.label).Frame)).toEqual(plain.bars.map((b) => b.label));
    expect(bars.map((b) => Number(labelFields(b.label)['p(f|S)']))).toEqual(plain.bars.map((b) => b.value));
    expectHeightsProportional(bars, 'p(f|S)');
    const xs = bars.map((b) => rectOf(b)[0]);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    const texts = svgTexts(svg);
    expect(texts).toContain('Frame');
    expect(texts).toContain('p(f|S)');
    // Each bar carries its value.
    for (const b of plain.bars) expect(texts).toContain(String(b.value));
  });

  it('groups bars side by side with a legend when group is set', async () => {
    const svg = await renderBarsSvg(grouped);
    const bars = svgMarks(svg, 'bar');
    expect(bars).toHaveLength(6);
    expectHeightsProportional(bars, 'p(s12)');
    const texts = svgTexts(svg);
    for (const t of ['Network', 'audio', 'video', 'game', 'racing', 'concert', 'Class', 'p(s12)']) expect(texts).toContain(t);
    // Within a label, the audio bar stands left of the video bar; the two have different colours.
    for (const label of ['game', 'racing', 'concert']) {
      const pair = bars.filter((b) => labelFields(b.label).Class === label);
      const [audio, video] = ['audio', 'video'].map((g) => pair.find((b) => labelFields(b.label).Network === g)!);
      expect(rectOf(audio)[0]).toBeLessThan(rectOf(video)[0]);
      expect(audio.attrs.fill).not.toBe(video.attrs.fill);
    }
  });

  it('draws negative bars below the zero line', async () => {
    const svg = await renderBarsSvg({ ...plain, bars: [{ label: 'a', value: 2 }, { label: 'b', value: -1 }] });
    const [a, b] = svgMarks(svg, 'bar').map(rectOf);
    // Both start or end at the same baseline: a's bottom equals b's top.
    expect(a[1] + a[3]).toBeCloseTo(b[1], 6);
    expect(a[3] / b[3]).toBeCloseTo(2, 6);
  });

  it('draws hundreds of bars (p(f|S) of a long clip) in order, with thinned labels and no value labels', async () => {
    const many: ReportBars = { ...plain, bars: Array.from({ length: 600 }, (_, i) => ({ label: String(i), value: (i % 7) / 7 })) };
    const svg = await renderBarsSvg(many);
    const bars = svgMarks(svg, 'bar');
    expect(bars.map((b) => labelFields(b.label).Frame)).toEqual(many.bars.map((b) => b.label));
    const xs = bars.map((b) => rectOf(b)[0]);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    const ticks = svgTexts(svg).filter((t) => /^\d+$/.test(t) && Number(t) >= 1);
    expect(ticks.length).toBeGreaterThan(5);
    expect(ticks.length).toBeLessThan(40);
    for (const t of ticks) expect(Number(t) % 10).toBe(0);
  });
});
