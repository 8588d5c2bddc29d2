import { IDENTITY_FUSION_TYPE, PLUGIN_API_VERSION, definePlugin, identityFusionContribution } from '@affectfusion/core';
import { temporalPoolerContributions } from './poolers/pooler-contributions.js';
import { faceMapsContribution } from './backbones/face-maps-contribution.js';

export * from './frames/sample-frames.js';
export * from './frames/afew-classes.js';
export * from './poolers/masked-reduction-pooler.js';
export * from './poolers/trainable-pooler.js';
export * from './poolers/temporal-softmax-pooler.js';
export * from './poolers/class-softmax-pooler.js';
export * from './poolers/lstm-pooler.js';
export * from './poolers/attention-cluster-pooler.js';
export * from './poolers/spatial-temporal-pooler.js';
export * from './poolers/pooler-contributions.js';
export * from './attention/attention-penalty.js';
export * from './attention/multi-head-spatial-attention.js';
export * from './attention/attention-cluster.js';
export * from './explain/clip-explanation.js';
export * from './explain/render-explanation-png.js';
export * from './explain/render-explanation-html.js';
export * from './explain/explain-clip.js';
export * from './video/index.js';
export * from './faces/index.js';
export * from './backbones/index.js';
export * from './cache/index.js';

/** @affectfusion/modality-video: video input, face backbones and temporal poolers. */
export default definePlugin({
  name: '@affectfusion/modality-video',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description:
    'Face maps from video (face-api detection and alignment; VGG-Face conv5_3 via ONNX, or the bundled face-expression CNN), spatial attention and temporal poolers (thesis chapter 2)',
  contributions: {
    extractors: {
      'affectfusion/face-maps': faceMapsContribution,
    },
    // average, max, temporal softmax (TP), per-class softmax, LSTM, attention clusters, spatial-temporal.
    poolers: temporalPoolerContributions,
    // TP pools to log p(c|S): this passes it through as the logits (the model class lives in core).
    fusionStrategies: { [IDENTITY_FUSION_TYPE]: identityFusionContribution },
  },
});
