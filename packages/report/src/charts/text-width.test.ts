import { describe, expect, it } from 'vitest';
import { estimateTextWidth } from './text-width.js';

// Widths measured in Chromium 156 (canvas measureText) on Debian 12, where system-ui is DejaVu Sans,
// and in Arial: the estimate must cover the wider face and not overshoot the narrower one by much.
const MEASURED: readonly { text: string; font: string; size: number; bold: boolean; dejavu: number; arial: number }[] = [
  { text: 'string instrument', font: '12px', size: 12, bold: false, dejavu: 104.08, arial: 88.7 },
  { text: 'Validation GAP (%)', font: '12px', size: 12, bold: false, dejavu: 112.39, arial: 102.49 },
  { text: '0123456789', font: '12px', size: 12, bold: false, dejavu: 76.35, arial: 66.74 },
  { text: 'abcdefghijklmnopqrstuvwxyz', font: '12px', size: 12, bold: false, dejavu: 175.75, arial: 152.74 },
  { text: 'Mean activation', font: '600 13px', size: 13, bold: true, dejavu: 117.56, arial: (84.05 * 13) / 12 },
];

describe('estimateTextWidth', () => {
  it('is at least the DejaVu Sans width and at most 1.45 × the Arial width', () => {
    for (const m of MEASURED) {
      const w = estimateTextWidth(m.text, m.size, m.bold);
      expect(w, `${m.font} ${m.text}`).toBeGreaterThanOrEqual(m.dejavu);
      expect(w, `${m.font} ${m.text}`).toBeLessThanOrEqual(1.45 * m.arial);
    }
  });

  it('gives CJK characters a full em and empty text no width', () => {
    expect(estimateTextWidth('情绪', 10)).toBeCloseTo(2 * 10 * 1.2, 9);
    expect(estimateTextWidth('', 12)).toBe(0);
  });
});
