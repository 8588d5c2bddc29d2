/**
 * Identity for the wasm backend that shares the input's memory instead of copying it, as the cpu
 * backend's and wasm's own Reshape do (reference-counted; no wasm kernel writes into its inputs).
 *
 * Why: tfjs clones every tensor a gradient saves (Engine.saveTensorsForBackwardMode → Identity);
 * the stock wasm Identity copies, which cost ~14 ms a step for a 1152→1024→3862 MLP at batch 1024.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { tf } from './tf.js';

/** Identity for 'wasm'; `original` (the copying stock kernel) still handles strings. */
export function makeSharedIdentityKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
