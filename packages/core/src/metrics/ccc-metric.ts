import { CorrelationMetric } from './correlation-metric.js';
import type { RegressionMetricOptions } from './regression-accumulator.js';

/** Options of {@link CccMetric}. */
export type CccMetricOptions = RegressionMetricOptions;

/**
 * Lin's concordance correlation coefficient (thesis eq. 3.10, population variances): the RECOLA
 * arousal metric of Table 3.2. Constant predictions against varying targets score 0; a series where
 * predictions and targets are the same constant is NaN (0/0).
 *
 * Modes ({@link RegressionMetricOptions}): `concatenated` (default) over every frame of every
 * recording; `per-recording` the mean of each recording's value (frames grouped by their id's
 * recording key). Multi-output targets: each column scored on its own and the values averaged,
 * unless `output` picks one column. Accumulated with Welford's float64 updates.
 */
export class CccMetric extends CorrelationMetric {
  constructor(options: CccMetricOptions = {}) {
    super('ccc', (m) => m.ccc(), options);
  }
}
