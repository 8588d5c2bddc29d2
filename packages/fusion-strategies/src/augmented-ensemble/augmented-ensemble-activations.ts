import { batchRows, disposeBatch, makeBatch, tf, type FusionInputs, type FusionModel, type InMemoryDataset, type Tensor2D } from '@affectfusion/core';
import { ClassConditionalMeans } from './class-conditional-means.js';

/** The mean context-gating activation of one modality's layer, per class (Figure 3.5, heatmaps). */
export interface ContextGateActivations {
  readonly modality: string;
  readonly layer: number;
  /** Features of the layer (the gate's width). */
  readonly width: number;
  /** `means[k][d]`: the mean gate of feature d over the samples of class k (NaN for a class never seen). */
  readonly means: readonly Float32Array[];
}

/** The attention unit of one layer, per class (Figure 3.5, bars). */
export interface AttentionActivations {
  readonly layer: number;
  /** `takeS12[k]`: the mean probability, over the samples of class k, of taking s₁₂ over v_e (eq. 3.6, column 1). */
  readonly takeS12: Float32Array;
}

/** What an augmented-ensemble model does, per class, over a split: the statistics of Figure 3.5. */
export interface AugmentedEnsembleActivations {
  /** Samples per class (a multi-label sample counts for each of its classes). */
  readonly classCounts: Float64Array;
  /** Every `contextGate/<modality>/<layer>` diagnostic, by modality then layer. */
  readonly contextGates: readonly ContextGateActivations[];
  /** Every `attention/<layer>` diagnostic, by layer. */
  readonly attention: readonly AttentionActivations[];
}

const GATE = /^contextGate\/(.+)\/(\d+)$/;
const ATTENTION = /^attention\/(\d+)$/;

/**
 * Runs a trained model over a split in inference mode (no dropout, running batch statistics) and
 * averages, per class, the diagnostics Figure 3.5 plots: each context gating's activations
 * (eq. 3.8: σ(W₂·ReLU(W₁·x)), one value per feature) and each attention unit's probability of
 * taking the unimodal features s₁₂ over the early stream's v_e (eq. 3.6). Read-only: the model's
 * weights are not touched. Works for any model that returns those diagnostic keys
 * ({@link contextGateKey}, {@link attentionKey}); a model without them gives empty lists.
 *
 * Targets must be one-hot or multi-hot (classification, multi-label); the split's samples whose
 * modalities are all present take the early-stream path, so a split with missing modalities gives
 * attention statistics over its complete samples only.
 */
export function augmentedEnsembleActivations(
  model: FusionModel,
  data: InMemoryDataset,
  options: { readonly batchSize?: number } = {},
): AugmentedEnsembleActivations {
  if (model.spec.task.kind === 'regression') {
    throw new Error(`Figure 3.5 averages activations per class; the model's task is ${model.spec.task.kind}`);
  }
  const classes = data.targetWidth;
  const names = model.spec.modalities.map((m) => m.name);
  const accumulators = new Map<string, ClassConditionalMeans>();
  // Class counts from the targets alone, so that a class seen only in batches without diagnostics still counts.
  const classCounts = new Float64Array(classes);
  for (const rows of batchRows(data.size, options.batchSize ?? 512)) {
    const batch = makeBatch(data, rows, names);
    try {
      const targets = batch.targets.dataSync();
      for (let i = 0; i < targets.length; i++) if (targets[i] > 0.5) classCounts[i % classes]++;
      tf.tidy(() => {
        const out = model.apply(batch.inputs as FusionInputs, { training: false, masks: batch.masks });
        for (const [key, value] of Object.entries(out.diagnostics)) {
          if (!GATE.test(key) && !ATTENTION.test(key)) continue;
          let acc = accumulators.get(key);
          if (!acc) accumulators.set(key, (acc = new ClassConditionalMeans(classes)));
          acc.add(value as Tensor2D, batch.targets);
        }
      });
    } finally {
      disposeBatch(batch);
    }
  }

  const meansOf = (acc: ClassConditionalMeans): { width: number; rows: Float32Array[] } => {
    const t = acc.means();
    const [k, width] = t.shape;
    const flat = t.dataSync() as Float32Array;
    t.dispose();
    return { width, rows: Array.from({ length: k }, (_, c) => flat.slice(c * width, (c + 1) * width)) };
  };
  const contextGates: ContextGateActivations[] = [];
  const attention: AttentionActivations[] = [];
  for (const [key, acc] of accumulators) {
    const gate = GATE.exec(key);
    const { width, rows } = meansOf(acc);
    if (gate) contextGates.push({ modality: gate[1], layer: Number(gate[2]), width, means: rows });
    else attention.push({ layer: Number(ATTENTION.exec(key)![1]), takeS12: Float32Array.from(rows, (r) => r[1]) });
  }
  const order = new Map(names.map((n, i) => [n, i]));
  contextGates.sort((a, b) => (order.get(a.modality) ?? 0) - (order.get(b.modality) ?? 0) || a.layer - b.layer);
  attention.sort((a, b) => a.layer - b.layer);
  return { classCounts, contextGates, attention };
}

/**
 * The `count` most frequent classes of a split (most samples first; ties by class index), leaving out
 * classes with no sample — the rows Figure 3.5 shows when there are too many classes to draw.
 */
export function mostFrequentClasses(classCounts: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: classCounts.length }, (_, k) => k)
    .filter((k) => classCounts[k] > 0)
    .sort((a, b) => classCounts[b] - classCounts[a] || a - b)
    .slice(0, count);
}
