import { CorrelationMetric } from './correlation-metric.js';
import type { RegressionMetricOptions } from './regression-accumulator.js';

/** Options of {@link PccMetric}. */
export type PccMetricOptions = RegressionMetricOptions;

/**
 * Pearson's correlation coefficient ρ = cov(x, y) / (σxσy). NaN when the predictions or the targets
 * are constant (within a recording, in per-recording mode). Modes and columns as {@link CccMetric}.
 */
export class PccMetric extends CorrelationMetric {
  constructor(options: PccMetricOptions = {}) {
    super('pcc', (m) => m.pcc(), options);
  }
}
