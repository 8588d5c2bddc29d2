import { describe, expect, it } from 'vitest';
import { discreteAxisLabels } from './discrete-axis-labels.js';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe('discreteAxisLabels', () => {
  it('draws every label upright when they fit their bands', () => {
    expect(discreteAxisLabels(['game', 'racing'], 120)).toEqual({ values: ['game', 'racing'], angle: 0 });
  });

  it('slants every label when the bands are too narrow upright but wide enough slanted', () => {
    expect(discreteAxisLabels(['string instrument', 'concert'], 60)).toEqual({ values: ['string instrument', 'concert'], angle: -35 });
  });

  it('keeps every k-th label, k a round step, leaving a label its width', () => {
    // 1152 features in 600 px: 0.52 px a band; "1151" needs about 40 px, so k = 100.
    const { values, angle } = discreteAxisLabels(numbered(1152), 600 / 1152);
    expect(angle).toBe(0);
    expect(values).toEqual(numbered(12).map((i) => String(100 * Number(i))));
    // Rows (y): a label needs its line height, 16 px at 12 px type.
    expect(discreteAxisLabels(numbered(100), 6, 'y').values).toEqual(numbered(20).map((i) => String(5 * Number(i))));
  });
});
