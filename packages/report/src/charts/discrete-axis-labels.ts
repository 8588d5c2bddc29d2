import { estimateTextWidth } from './text-width.js';

/** The slant of labels that do not fit upright; readable down to bands of about 24 px. */
const SLANT = -35;
const MIN_SLANTED_BAND = 24;
const MAX_SLANTED_LABELS = 40;

/** Which labels a discrete axis draws, and at what angle. */
export interface DiscreteAxisLabels {
  readonly values: string[];
  readonly angle: number;
}

/**
 * Chooses the tick labels of a discrete axis whose bands are `band` px wide (x) or tall (y), so that no
 * two overprint: every label upright where they fit; on x, every label slanted where the bands are
 * still wide enough for that; otherwise every k-th label upright, k a round step (1, 2, 5 × 10ⁿ), as for
 * the 1152 features of Figure 3.5 or the frames of a long clip.
 */
export function discreteAxisLabels(labels: readonly string[], band: number, orient: 'x' | 'y' = 'x', fontSize = 12): DiscreteAxisLabels {
  const widest = labels.reduce((m, l) => Math.max(m, estimateTextWidth(l, fontSize)), 0);
  const need = orient === 'x' ? widest + 8 : fontSize + 4;
  if (band >= need) return { values: [...labels], angle: 0 };
  if (orient === 'x' && band >= MIN_SLANTED_BAND && labels.length <= MAX_SLANTED_LABELS) return { values: [...labels], angle: SLANT };
  const step = roundStep(Math.ceil(need / Math.max(band, 1e-9)));
  return { values: labels.filter((_, i) => i % step === 0), angle: 0 };
}

/** The smallest of 1, 2, 5, 10, 20, 50, … that is at least n. */
function roundStep(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= n)!;
}
