/**
 * Routes the wasm backend's large matrix products to onnxruntime's multi-threaded GEMM (onnx-gemm.ts),
 * reading the operands straight from the wasm heap and writing the product straight into it.
 *
 * Taken: float32 products whose `b` has no batch (every dense layer, forward and backward), with
 * transposes, bias and a fused activation other than prelu; a batched `a` is folded into rows when
 * it is not transposed. Everything else — small products, true batches — stays on XNNPACK
 * (wasm-matmul-kernels.ts), where a call costs less than onnxruntime's ~10 µs.
 * Settings (on/off, threads): native-compute.ts.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ONNX_GEMM_ACTIVATIONS, type OnnxGemmActivation } from './onnx-gemm.js';
import { nativeGemm, nativeMinMacs } from './native-compute.js';
import { tf } from './tf.js';

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/**
 * The product through onnxruntime, or `null` when this product should stay on XNNPACK (or native
 * products are off). `activation`/`bias` come from _FusedMatMul; BatchMatMul passes neither.
 */
export function nativeMatMul(
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
  backend: BackendWasm,
): tf.TensorInfo | null {
  const a = inputs.a as tf.TensorInfo;
  const b = inputs.b as tf.TensorInfo;
  const bias = inputs.bias as tf.TensorInfo | undefined;
  if (inputs.preluActivationWeights != null || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (bias != null && bias.dtype !== 'float32') return null;
  const activation = String(attrs.activation ?? 'linear') as OnnxGemmActivation;
  if (!ONNX_GEMM_ACTIVATIONS.includes(activation)) return null;
  const transposeA = Boolean(attrs.transposeA);
  const transposeB = Boolean(attrs.transposeB);
  if (a.shape.length < 2 || b.shape.length < 2) return null;

  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = size(outerA);
  if (size(outerB) !== 1 || (batchA > 1 && transposeA)) return null;
  const [rowsA, colsA] = a.shape.slice(-2);
  const [rowsB, colsB] = b.shape.slice(-2);
  const M = (transposeA ? colsA : rowsA) * batchA;
  const K = transposeA ? rowsA : colsA;
  const N = transposeB ? rowsB : colsB;
  if ((transposeB ? colsB : rowsB) !== K) return null; // let the stock kernel report the mismatch
  if (M * K * N === 0 || M * K * N < nativeMinMacs()) return null; // an empty product stays stock
  const biasSize = bias == null ? 0 : size(bias.shape);
  const biasBroadcasts = biasSize === 1 || (biasSize === N && bias!.shape[bias!.shape.length - 1] === N) || biasSize === M * N;
  if (bias != null && !biasBroadcasts) return null;
  const native = nativeGemm();
  if (!native) return null;

  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB), M / batchA, N];
  const out = backend.makeOutput(outShape, 'float32');
  try {
    // Views are taken after the last allocation: growing wasm memory detaches earlier ones.
    native.run({
      a: backend.typedArrayFromHeap(a) as Float32Array,
      aShape: transposeA ? [K, M] : [M, K],
      b: backend.typedArrayFromHeap(b) as Float32Array,
      bShape: transposeB ? [N, K] : [K, N],
      transposeA,
      transposeB,
      bias: bias == null ? undefined : (backend.typedArrayFromHeap(bias) as Float32Array),
      activation,
      leakyreluAlpha: attrs.leakyreluAlpha == null ? undefined : Number(attrs.leakyreluAlpha),
      out: backend.typedArrayFromHeap(out) as Float32Array,
    });
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  }
  return out;
}
