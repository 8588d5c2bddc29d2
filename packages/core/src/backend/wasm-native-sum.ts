/**
 * Sum for the wasm backend that reduces leading axes (a dense layer's bias gradient: dy summed over
 * the batch) as a product with a ones vector on onnxruntime's multi-threaded GEMM.
 *
 * Why: tfjs-backend-wasm sums over any axis but the last by first transposing the whole tensor;
 * measured on the 2-core VM, the two bias gradients of a 1152→1024→3862 MLP at batch 1024 cost
 * ~30 ms a step that way, against ~1 ms as 1·dy; below the GEMM's threshold a one-pass column
 * sum in JavaScript beats the transpose too (0.5 → ~0.1 ms for 256×512). Other reductions stay stock.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeGemm, nativeMinMacs } from './native-compute.js';
import { tf } from './tf.js';

let ones = new Float32Array(0);

function onesOf(length: number): Float32Array {
  if (ones.length < length) ones = new Float32Array(length).fill(1);
  return ones.subarray(0, length);
}

/** Sum for 'wasm'; `original` is the stock kernel. */
export function makeSumKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const backend = args.backend as BackendWasm;
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank < 2) return original(args);
    const axes = [...new Set(tf.util.parseAxisParam(args.attrs?.axis as number | number[], x.shape))].sort((a, b) => a - b);
    const leading = axes.length < rank && axes.every((axis, i) => axis === i);
    const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const columns = x.shape.slice(axes.length).reduce((p, d) => p * d, 1);
    if (!leading) return original(args);
    const kept = x.shape.slice(axes.length);
    const outShape = args.attrs?.keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const gemm = rows * columns >= nativeMinMacs() ? nativeGemm() : undefined;
    const out = backend.makeOutput(outShape, 'float32');
    if (!gemm) {
      // Small (or no onnxruntime): column sums in one pass, accumulated in float64.
      const values = backend.typedArrayFromHeap(x) as Float32Array;
      const sums = new Float64Array(columns);
      for (let r = 0; r < rows; r++) for (let c = 0, i = r * columns; c < columns; c++, i++) sums[c] += values[i];
      (backend.typedArrayFromHeap(out) as Float32Array).set(sums);
      return out;
    }
    try {
      gemm.run({
        a: onesOf(rows),
        aShape: [1, rows],
        b: backend.typedArrayFromHeap(x) as Float32Array,
        bShape: [rows, columns],
        transposeA: false,
        transposeB: false,
        out: backend.typedArrayFromHeap(out) as Float32Array,
      });
    } catch (error) {
      backend.disposeData(out.dataId);
      throw error;
    }
    return out;
  };
}
