import type { Metric } from '../contracts/metric.js';
import type { BivariateMoments } from './bivariate-moments.js';
import { checkBatch } from './check-batch.js';
import { defaultName, RegressionAccumulator, type RegressionMetricOptions } from './regression-accumulator.js';

/**
 * A metric computed from the bivariate moments of predictions and targets (CCC, PCC), in either
 * regression mode ({@link RegressionMetricOptions}); subclasses name the statistic.
 */
export abstract class CorrelationMetric implements Metric {
  readonly name: string;
  readonly higherIsBetter = true;
  private readonly accumulator: RegressionAccumulator;

  protected constructor(
    statistic: string,
    private readonly of: (moments: BivariateMoments) => number,
    options: RegressionMetricOptions,
  ) {
    this.name = options.name ?? defaultName(statistic, options);
    this.accumulator = new RegressionAccumulator(this.name, options);
  }

  get mode(): RegressionAccumulator['mode'] {
    return this.accumulator.mode;
  }

  update(predictions: Float32Array, targets: Float32Array, batchSize: number, width: number, ids?: readonly string[]): void {
    checkBatch(this.name, predictions, targets, batchSize, width, ids, this.accumulator.outputs);
    this.accumulator.add(predictions, targets, batchSize, width, ids);
  }

  compute(): number {
    return this.accumulator.reduce(this.of);
  }

  /** The value of each recording (one entry `''` in concatenated mode). */
  perRecording(): Map<string, number> {
    return this.accumulator.perRecording(this.of);
  }

  reset(): void {
    this.accumulator.reset();
  }
}
