/**
 * @affectfusion/fusion-strategies — the fusion strategies of the thesis's chapter 3: unimodal
 * baselines, early, late, their ensemble, CentralNet and the augmented ensemble, with their
 * building blocks (context gating, the attention mixing unit, MLP towers).
 *
 * Name the package in a pipeline's `plugins` and a strategy in `fusion.type`
 * (`"affectfusion/augmented-ensemble"`), or use the classes directly.
 * @packageDocumentation
 */
import { PLUGIN_API_VERSION, definePlugin } from '@affectfusion/core';
import { augmentedEnsembleStrategy } from './augmented-ensemble/augmented-ensemble-strategy.js';
import { centralNetStrategy } from './centralnet/centralnet-strategy.js';
import { earlyFusionStrategy } from './early/early-fusion-strategy.js';
import { ensembleStrategy } from './ensemble/ensemble-strategy.js';
import { lateFusionStrategy } from './late/late-fusion-strategy.js';
import { unimodalStrategy } from './unimodal/unimodal-strategy.js';
import { VERSION } from './version.js';

// Layers.
export { ContextGating, type GatedFeatures } from './layers/context-gating.js';
export { AttentionMixingUnit, type MixedStream } from './layers/attention-mixing-unit.js';
export { MlpTower } from './layers/mlp-tower.js';
export { Dropout } from './layers/dropout.js';
export { ScoreCombiner } from './layers/score-combiner.js';
export { UnimodalNetwork } from './layers/unimodal-network.js';
export { zeroPadFeatures } from './layers/zero-pad.js';

// Options.
export * from './options/schema-fragments.js';
export { resolveOptions } from './options/resolve-options.js';
export { FusionStrategyModel } from './base/fusion-strategy-model.js';
export { defineStrategy, type DefinedStrategy, type StrategyDefinition, type DeepPartial } from './base/define-strategy.js';

// Strategies.
export * from './unimodal/unimodal-options.js';
export * from './unimodal/unimodal-model.js';
export * from './unimodal/unimodal-strategy.js';
export * from './early/early-fusion-options.js';
export * from './early/early-fusion-network.js';
export * from './early/early-fusion-model.js';
export * from './early/early-fusion-strategy.js';
export * from './late/late-fusion-options.js';
export * from './late/late-fusion-network.js';
export * from './late/late-fusion-model.js';
export * from './late/late-fusion-strategy.js';
export * from './ensemble/ensemble-options.js';
export * from './ensemble/ensemble-model.js';
export * from './ensemble/ensemble-strategy.js';
export * from './centralnet/centralnet-options.js';
export * from './centralnet/centralnet-model.js';
export * from './centralnet/centralnet-strategy.js';
export * from './augmented-ensemble/augmented-ensemble-options.js';
export * from './augmented-ensemble/augmented-ensemble-model.js';
export * from './augmented-ensemble/augmented-ensemble-strategy.js';
export { ClassConditionalMeans } from './augmented-ensemble/class-conditional-means.js';
export * from './augmented-ensemble/augmented-ensemble-activations.js';
export { VERSION };

const strategies = [
  unimodalStrategy,
  earlyFusionStrategy,
  lateFusionStrategy,
  ensembleStrategy,
  centralNetStrategy,
  augmentedEnsembleStrategy,
];

/** The plugin object: every strategy of this package under its `affectfusion/…` type. */
export default definePlugin({
  name: '@affectfusion/fusion-strategies',
  version: VERSION,
  apiVersion: PLUGIN_API_VERSION,
  description: 'Unimodal, early, late, ensemble, CentralNet and augmented-ensemble fusion (thesis chapter 3)',
  contributions: {
    fusionStrategies: Object.fromEntries(strategies.map((s) => [s.type, s.contribution])),
  },
});
