import { SeededRandom, tf, type FusionBuildSpec, type InMemoryDataset } from '@affectfusion/core';
import { describe, expect, it } from 'vitest';
import { augmentedEnsembleActivations, mostFrequentClasses } from './augmented-ensemble-activations.js';
import { attentionKey, contextGateKey } from './augmented-ensemble-model.js';
import { augmentedEnsembleStrategy } from './augmented-ensemble-strategy.js';

const SPEC: FusionBuildSpec = {
  modalities: [
    { name: 'video', dim: 6 },
    { name: 'audio', dim: 3 },
  ],
  task: { kind: 'multi-label', outputs: 4 },
  seed: 11,
};

/** 9 samples, multi-hot targets over 4 classes; class 3 never occurs. */
function split(): { data: InMemoryDataset; targets: number[][] } {
  const random = new SeededRandom(5);
  const size = 9;
  const video = Float32Array.from({ length: size * 6 }, () => random.normal());
  const audio = Float32Array.from({ length: size * 3 }, () => random.normal());
  const targets = Array.from({ length: size }, (_, i) => [i % 3 === 0 ? 1 : 0, i % 2, i < 4 ? 1 : 0, 0]);
  const data: InMemoryDataset = {
    size,
    ids: Array.from({ length: size }, (_, i) => `s${i}`),
    modalities: { video: { dim: 6, data: video }, audio: { dim: 3, data: audio } },
    targetWidth: 4,
    writeTargets: (rows, out) => Array.from(rows).forEach((r, i) => out.set(targets[r], i * 4)),
  };
  return { data, targets };
}

describe('augmentedEnsembleActivations (Figure 3.5)', () => {
  it('averages each gate and the attention probability of s12 per class, as one sample at a time does', () => {
    const model = augmentedEnsembleStrategy.create({ unimodal: { hidden: [5, 4] }, contextGating: { reduction: 2 } }).build(SPEC);
    const { data, targets } = split();
    const result = augmentedEnsembleActivations(model, data, { batchSize: 4 });

    // Reference: the model on each sample alone, its diagnostics averaged per class in float64.
    const perSample = Array.from({ length: data.size }, (_, i) =>
      tf.tidy(() => {
        const out = model.apply(
          {
            video: tf.tensor2d(data.modalities.video.data.slice(i * 6, i * 6 + 6), [1, 6]),
            audio: tf.tensor2d(data.modalities.audio.data.slice(i * 3, i * 3 + 3), [1, 3]),
          },
          { training: false },
        );
        return Object.fromEntries(Object.entries(out.diagnostics).map(([k, v]) => [k, Array.from(v.dataSync())]));
      }),
    );
    const classMean = (key: string, k: number, d: number) => {
      const rows = perSample.filter((_, i) => targets[i][k] === 1);
      return rows.reduce((s, r) => s + r[key][d], 0) / rows.length;
    };

    expect(Array.from(result.classCounts)).toEqual([3, 4, 4, 0]);
    expect(result.contextGates.map((g) => `${g.modality}/${g.layer}/${g.width}`)).toEqual(['video/1/5', 'video/2/4', 'audio/1/5', 'audio/2/4']);
    for (const g of result.contextGates) {
      for (let k = 0; k < 3; k++) {
        for (let d = 0; d < g.width; d++) expect(g.means[k][d]).toBeCloseTo(classMean(contextGateKey(g.modality, g.layer), k, d), 6);
      }
      expect(g.means[3].every(Number.isNaN)).toBe(true);
    }
    expect(result.attention.map((a) => a.layer)).toEqual([1, 2]);
    for (const a of result.attention) {
      // Column 1 of the attention weights is the probability of s12 (eq. 3.6).
      for (let k = 0; k < 3; k++) expect(a.takeS12[k]).toBeCloseTo(classMean(attentionKey(a.layer), k, 1), 6);
      for (let k = 0; k < 3; k++) expect(a.takeS12[k] > 0 && a.takeS12[k] < 1).toBe(true);
    }
    model.dispose();
  });

  it('refuses a regression model and ranks classes by frequency', () => {
    const model = augmentedEnsembleStrategy.create({ unimodal: { hidden: [3] } }).build({ ...SPEC, task: { kind: 'regression', outputs: 1 } });
    expect(() => augmentedEnsembleActivations(model, split().data)).toThrow(/per class.*regression/);
    model.dispose();
    expect(mostFrequentClasses([3, 4, 4, 0, 1], 3)).toEqual([1, 2, 0]);
    expect(mostFrequentClasses([0, 2, 0], 5)).toEqual([1]);
  });
});
