// Vega lays out axes and legends by text width. Without a canvas it guesses 0.8 em for every character,
// about 1.6 times too wide for proportional type: charts came out with wide blank margins and were then
// shrunk to fit the page, text with them. This table gives Vega the advance widths of Helvetica/Arial
// (Adobe AFM metrics, 1/1000 em), scaled up by 20% so that the widest common system face still fits:
// DejaVu Sans, Linux's system-ui, measured in Chromium at 1.15–1.17 × Arial (bold 600: 1.15 × regular). Vega supports replacing `textMetrics.width` for exactly this (vl-convert does the same).
import * as vega from 'vega';

/** Advance widths of the printable ASCII characters " " (32) to "~" (126), in 1/1000 em (Helvetica). */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 … 9
  278, 278, 584, 584, 584, 556, 1015, // : ; < = > ? @
  667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A … M
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N … Z
  278, 278, 278, 469, 556, 333, // [ \ ] ^ _ `
  556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a … m
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n … z
  334, 260, 334, 584, // { | } ~
];
/** Other characters: an average letter, or a full em for CJK and other wide scripts. */
const OTHER_WIDTH = 600;
const WIDE_WIDTH = 1000;
/** Headroom for faces wider than Helvetica. */
const SAFETY = 1.2;
/** Bold (Vega's titles are weight 600 here) runs up to 15% wider (DejaVu Sans Bold). */
const BOLD = 1.15;

/** The estimated width in pixels of `text` set at `fontSize` px, bold or not. */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let thousandths = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    thousandths += code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32] : code >= 0x2e80 ? WIDE_WIDTH : OTHER_WIDTH;
  }
  return (thousandths / 1000) * fontSize * SAFETY * (bold ? BOLD : 1);
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
  estimateWidth: (item: TextItem, text: unknown) => number;
}

/** Vega's width function over `estimateTextWidth`; a label with a `limit` is truncated to it when drawn. */
function vegaTextWidth(item: TextItem, text: unknown): number {
  const value = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11; // Vega's default size
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (Number(weight) || 400) >= 600;
  const width = estimateTextWidth(value, size, bold);
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}

/** How many renders are using `vegaTextWidth` now: the last one to finish puts Vega's measure back. */
let active = 0;

/**
 * Runs `render` with Vega measuring text by `estimateTextWidth`, where Vega has no canvas to measure
 * with, and puts Vega's own measure back when no render needs it any more.
 */
export async function withTextWidths<T>(render: () => Promise<T>): Promise<T> {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  if (active === 0 && metrics.width !== metrics.estimateWidth) return render(); // a canvas measures better; keep it
  active += 1;
  metrics.width = vegaTextWidth;
  try {
    return await render();
  } finally {
    active -= 1;
    if (active === 0) metrics.width = metrics.estimateWidth;
  }
}
