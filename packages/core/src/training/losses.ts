import { sigmoidCrossEntropyRows } from '../backend/sigmoid-cross-entropy-kernel.js';
import { tf, type Scalar, type Tensor2D } from '../backend/tf.js';
import type { TaskSpec } from '../contracts/feature-spec.js';
import type { HeadLoss } from '../contracts/fusion-strategy.js';

/**
 * Sigmoid cross-entropy for multi-label tasks, summed over classes and averaged over the batch,
 * as the YouTube-8M starter code's CrossEntropyLoss does.
 */
export const sigmoidCrossEntropy: HeadLoss = (logits: Tensor2D, targets: Tensor2D): Scalar =>
  // One fused kernel (backend/sigmoid-cross-entropy-kernel.ts) for max(x, 0) − x·z + log(1 + e^−|x|).
  tf.tidy(() => tf.mean(sigmoidCrossEntropyRows(logits, targets)));

/** Softmax cross-entropy for single-label classification with one-hot (or soft) targets. */
export const softmaxCrossEntropy: HeadLoss = (logits: Tensor2D, targets: Tensor2D): Scalar =>
  tf.tidy(() => tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))));

/** Mean squared error over every output, for regression. */
export const meanSquaredError: HeadLoss = (predictions: Tensor2D, targets: Tensor2D): Scalar =>
  tf.tidy(() => tf.mean(tf.square(tf.sub(predictions, targets))));

/**
 * 1 − CCC (Lin's concordance correlation coefficient, thesis eq. 3.10) over the batch, per output
 * column, averaged over the columns: 1 − 2·cov(x, y) / (σ_x² + σ_y² + (μ_x − μ_y)²) with population
 * moments. Training on it maximises the metric RECOLA is scored by (Trigeorgis et al. 2016); it
 * needs batches of many frames, since the moments are the batch's. A tiny ε in the denominator
 * keeps a constant batch finite.
 */
export const concordanceLoss: HeadLoss = (predictions: Tensor2D, targets: Tensor2D): Scalar =>
  tf.tidy(() => {
    const meanX = tf.mean(predictions, 0);
    const meanY = tf.mean(targets, 0);
    const dx = tf.sub(predictions, meanX);
    const dy = tf.sub(targets, meanY);
    const covariance = tf.mean(tf.mul(dx, dy), 0);
    const denominator = tf.add(tf.add(tf.mean(tf.square(dx), 0), tf.mean(tf.square(dy), 0)), tf.add(tf.square(tf.sub(meanX, meanY)), 1e-12));
    return tf.sub(1, tf.mean(tf.div(tf.mul(covariance, 2), denominator)));
  });

/** The head losses by name, as a pipeline's `training.loss` would name them. */
export const HEAD_LOSSES = {
  'sigmoid-cross-entropy': sigmoidCrossEntropy,
  'softmax-cross-entropy': softmaxCrossEntropy,
  mse: meanSquaredError,
  ccc: concordanceLoss,
} as const satisfies Record<string, HeadLoss>;

/** A head-loss name of {@link HEAD_LOSSES}. */
export type HeadLossName = keyof typeof HEAD_LOSSES;

/**
 * The loss named `name`, or the task's usual one when `name` is undefined. Regression takes `mse`
 * or `ccc`; classification and multi-label tasks their cross-entropy.
 */
export function headLossByName(task: TaskSpec, name?: HeadLossName): HeadLoss {
  if (name === undefined) return lossForTask(task);
  const loss = HEAD_LOSSES[name];
  if (!loss) throw new Error(`unknown loss "${String(name)}"; known: ${Object.keys(HEAD_LOSSES).join(', ')}`);
  if (task.kind === 'regression' ? name !== 'mse' && name !== 'ccc' : name === 'mse' || name === 'ccc') {
    throw new Error(`loss "${name}" does not fit a ${task.kind} task`);
  }
  return loss;
}

/** The task's usual loss. */
export function lossForTask(task: TaskSpec): HeadLoss {
  switch (task.kind) {
    case 'multi-label':
      return sigmoidCrossEntropy;
    case 'classification':
      return softmaxCrossEntropy;
    case 'regression':
      return meanSquaredError;
  }
}

/** Turns logits into what metrics and predictions use: probabilities, or the values themselves. */
export function outputActivation(task: TaskSpec, logits: Tensor2D): Tensor2D {
  switch (task.kind) {
    case 'multi-label':
      return tf.sigmoid(logits);
    case 'classification':
      return tf.softmax(logits);
    case 'regression':
      return logits;
  }
}
