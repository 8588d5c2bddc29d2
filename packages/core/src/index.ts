/**
 * @affectfusion/core — contracts, plugins, validated JSON pipelines, backends, training and metrics.
 * @packageDocumentation
 */
export * from './contracts/index.js';
export * from './errors.js';

export { tf } from './backend/tf.js';
export type { Tensor, Scalar, Tensor1D, Tensor2D, Tensor3D, Variable, NamedTensorMap } from './backend/tf.js';
export * from './backend/tfjs-backend.js';
export * from './backend/onnx-session.js';

export * from './plugins/plugin.js';
export * from './plugins/type-registry.js';
export * from './plugins/plugin-registry.js';
export * from './plugins/plugin-loader.js';
export * from './plugins/core-plugin.js';
export { didYouMean } from './plugins/suggest.js';

export * from './pipeline/pipeline-config.js';
export * from './pipeline/validate-pipeline.js';
export * from './pipeline/load-pipeline.js';
export * from './pipeline/pipeline.js';

export * from './nn/index.js';
export * from './fusion/index.js';
export * from './training/index.js';
export * from './metrics/index.js';
export { VERSION } from './version.js';
export * from './run/index.js';
export { trainingProgress } from './cli/training-progress.js';
export { issuesFromAjv } from './pipeline/json-schema-issues.js';
export * from './backend/onnx-graph-writer.js';
export { configureNativeKernels, nativeKernelsStatus, NATIVE_KERNELS_ENV, THREADS_ENV, type NativeKernelSettings } from './backend/native-compute.js';
