/**
 * Replacement BatchMatMul / _FusedMatMul kernels for the tfjs 'wasm' backend that keep every
 * product on XNNPACK's fully-connected path.
 *
 * Why: tfjs-backend-wasm 4.22 (`batch_mat_mul_impl.cc`) calls XNNPACK only when neither operand is
 * transposed AND both have a batch of 1; anything else runs a scalar blocked loop. Measured here
 * (2-core x86 VM, Node 20, 256×1152·1152×1024): plain 45.8 GFLOP/s, transposeB 3.9, transposeA 1.05,
 * batched [8,256,256]·[8,256,256] 3.2. Backprop of every dense layer uses transposed products
 * (dX = dY·Wᵀ, dW = Xᵀ·dY), so training ran on the slow loop. The wrappers below:
 *  1. materialise a transposed operand with the wasm Transpose kernel (memory-bound, cheap);
 *  2. fold the batch of `a` into its rows when `b` is shared (batch 1): [B,M,K]·[K,N] = [B·M,K]·[K,N];
 *  3. split a true batch ([B,M,K]·[B,K,N]) into B single products when each is big enough to repay
 *     XNNPACK's per-call weight packing;
 * and then call the original kernel with transpose flags off, so the arithmetic is XNNPACK's own.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf.js';
import { nativeMatMul } from './wasm-native-matmul.js';

type TensorInfo = tf.TensorInfo;
type KernelFunc = tf.KernelFunc;
type NamedAttrMap = tf.NamedAttrMap;
type NamedTensorInfoMap = tf.NamedTensorInfoMap;

/**
 * A true batch is split only when each item has at least this many rows and multiply-adds (M·K·N):
 * each item costs a fresh XNNPACK operator (weights packed, ~K·N) plus a few µs of calls. Measured on
 * this VM for [64,M,K]·[64,K,N]: M=K=N=8 split is 5× slower than stock, 16 even, 24 1.9× faster,
 * 32 2.7×; M,K,N=50,64,50 4.6×; few rows lose (M=4, K=N=64: 1.7× slower). [8,256,256]·[8,256,256]: 11.5×.
 */
export const BATCH_SPLIT_MIN_MACS = 16_384;
export const BATCH_SPLIT_MIN_ROWS = 16;

/** `perm` that swaps the two innermost axes of a rank-`rank` tensor. */
function innerTransposePerm(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** Transposes the two innermost axes with the wasm Transpose kernel; the caller disposes the result. */
function transposeInner(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const transpose = tf.getKernel(tf.Transpose, 'wasm');
  if (transpose == null) throw new Error("wasm-fixes: the wasm backend has no 'Transpose' kernel registered");
  return transpose.kernelFunc({
    inputs: { x },
    backend,
    attrs: { perm: innerTransposePerm(x.shape.length) },
  }) as TensorInfo;
}

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** A view of the same data with another shape: valid for kernels that only read `shape`. */
const reshaped = (x: TensorInfo, shape: number[]): TensorInfo => ({ dataId: x.dataId, shape, dtype: x.dtype });

interface MatMulOperands {
  a: TensorInfo;
  b: TensorInfo;
  /** Temporaries to dispose once the product is computed. */
  temps: TensorInfo[];
}

/** Replaces transposed operands by transposed copies, so the product needs no transpose flag. */
function untranspose(inputs: NamedTensorInfoMap, attrs: NamedAttrMap, backend: BackendWasm): MatMulOperands {
  const temps: TensorInfo[] = [];
  let a = inputs.a as TensorInfo;
  let b = inputs.b as TensorInfo;
  if (attrs.transposeA) temps.push((a = transposeInner(a, backend)));
  if (attrs.transposeB) temps.push((b = transposeInner(b, backend)));
  return { a, b, temps };
}

/**
 * a·b with the batch folded or split so each product is a single XNNPACK call. `callOriginal(a, b)`
 * runs the stock kernel (transpose flags off) on rank-3 operands of batch 1; `callUnsplit(a, b)`
 * computes a true batch the stock kernel would send to its scalar loop, for batches not worth splitting.
 */
function batchedProduct(
  a: TensorInfo,
  b: TensorInfo,
  backend: BackendWasm,
  callOriginal: (a: TensorInfo, b: TensorInfo) => TensorInfo,
  callUnsplit: (a: TensorInfo, b: TensorInfo) => TensorInfo,
  canSplit: boolean,
): TensorInfo {
  const [M, K] = a.shape.slice(-2);
  const N = b.shape[b.shape.length - 1];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = size(outerA);
  const batchB = size(outerB);
  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB), M, N];

  if (batchB === 1 && batchA > 1) {
    // Shared weights: one product over all rows; row-major layout of [B,M,N] equals [B·M,N].
    const out = callOriginal(reshaped(a, [1, batchA * M, K]), reshaped(b, [1, K, N]));
    out.shape = outShape;
    return out;
  }
  const splittable =
    canSplit && batchB > 1 && (batchA === 1 || batchA === batchB) && size(outShape) === batchB * M * N;
  if (!splittable || M < BATCH_SPLIT_MIN_ROWS || M * K * N < BATCH_SPLIT_MIN_MACS) return callUnsplit(a, b);
  // True batch: B products, each on XNNPACK, written into one output.
  const out = backend.makeOutput(outShape, 'float32');
  const aItem = backend.makeOutput([1, M, K], 'float32');
  const bItem = backend.makeOutput([1, K, N], 'float32');
  try {
    for (let i = 0; i < batchB; i++) {
      const ai = batchA === 1 ? 0 : i;
      // Views are re-made after every allocation: growing wasm memory detaches old ones.
      backend.typedArrayFromHeap(aItem).set(backend.typedArrayFromHeap(a).subarray(ai * M * K, (ai + 1) * M * K));
      backend.typedArrayFromHeap(bItem).set(backend.typedArrayFromHeap(b).subarray(i * K * N, (i + 1) * K * N));
      const item = callOriginal(aItem, bItem);
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(item), i * M * N);
      backend.disposeData(item.dataId);
      // XNNPACK caches an operator per weight tensor id; a fresh id per item keeps it honest.
      if (i + 1 < batchB) {
        backend.disposeData(bItem.dataId);
        Object.assign(bItem, backend.makeOutput([1, K, N], 'float32'));
      }
    }
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  } finally {
    backend.disposeData(aItem.dataId);
    backend.disposeData(bItem.dataId);
  }
  return out;
}

/** BatchMatMul for 'wasm' without the slow transposed/batched path; `original` is the stock kernel. */
export function makeBatchMatMulKernel(original: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const native = nativeMatMul(inputs, attrs ?? {}, wasm);
    if (native) return native;
    const { a, b, temps } = untranspose(inputs, attrs ?? {}, wasm);
    try {
      if (a.dtype !== 'float32' || b.dtype !== 'float32') {
        return original({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      }
      const call = (a3: TensorInfo, b3: TensorInfo): TensorInfo =>
        original({ inputs: { a: a3, b: b3 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as TensorInfo;
      return batchedProduct(a, b, wasm, call, call, true);
    } finally {
      for (const t of temps) wasm.disposeData(t.dataId);
    }
  };
}

/**
 * _FusedMatMul (matMul + bias + activation) for 'wasm' without the slow transposed path. Also fixes
 * two stock bugs (tested): the scalar loop mis-broadcasts a rank-1 bias (bias[min(i·N+j, len−1)]:
 * rows after the first get the last value), so products that stay unsplit get bias and activation
 * from separate wasm kernels; and XNNPACK reads N bias values, so a one-element bias is broadcast.
 */
export function makeFusedMatMulKernel(original: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const native = nativeMatMul(inputs, attrs ?? {}, wasm);
    if (native) return native;
    const { a, b, temps } = untranspose(inputs, attrs ?? {}, wasm);
    const { bias, preluActivationWeights } = inputs;
    try {
      const N = b.shape[b.shape.length - 1];
      let biasN = bias;
      if (bias != null && size(bias.shape) === 1 && N > 1) {
        // XNNPACK reads one bias per output channel: broadcast a single value to N of them.
        const value = wasm.typedArrayFromHeap(bias)[0];
        biasN = wasm.makeOutput([N], 'float32', undefined, new Float32Array(N).fill(value));
        temps.push(biasN);
      }
      const fusedAttrs = { ...attrs, transposeA: false, transposeB: false };
      const call = (a3: TensorInfo, b3: TensorInfo): TensorInfo =>
        original({ inputs: { a: a3, b: b3, bias: biasN, preluActivationWeights }, backend, attrs: fusedAttrs }) as TensorInfo;
      // The scalar loop mis-adds the bias, so an unsplit batch gets a plain product, then bias and activation.
      const unsplit = (a3: TensorInfo, b3: TensorInfo): TensorInfo => {
        const product = original({ inputs: { a: a3, b: b3 }, backend, attrs: { ...fusedAttrs, activation: 'linear' } }) as TensorInfo;
        return addBiasAndActivate(product, bias, String(attrs?.activation ?? 'linear'), preluActivationWeights, Number(attrs?.leakyreluAlpha ?? 0.2), wasm);
      };
      // PReLU weights may have the full output shape; splitting the batch would need them split too.
      return batchedProduct(a, b, wasm, call, unsplit, preluActivationWeights == null);
    } finally {
      for (const t of temps) wasm.disposeData(t.dataId);
    }
  };
}

/** y = activation(x + bias) with wasm's own kernels; consumes `x`. */
function addBiasAndActivate(
  x: TensorInfo,
  bias: TensorInfo | undefined,
  activation: string,
  preluWeights: TensorInfo | undefined,
  leakyreluAlpha: number,
  backend: BackendWasm,
): TensorInfo {
  let y = x;
  const apply = (kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}) => {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (kernel == null) throw new Error(`wasm-fixes: no '${kernelName}' kernel registered for wasm`);
    const next = kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
    backend.disposeData(y.dataId);
    y = next;
  };
  if (bias != null) apply(tf.Add, { a: y, b: bias });
  switch (activation) {
    case 'linear':
      break;
    case 'relu':
      apply(tf.Relu, { x: y });
      break;
    case 'relu6':
      apply(tf.Relu6, { x: y });
      break;
    case 'elu':
      apply(tf.Elu, { x: y });
      break;
    case 'sigmoid':
      apply(tf.Sigmoid, { x: y });
      break;
    case 'leakyrelu':
      apply(tf.LeakyRelu, { x: y }, { alpha: leakyreluAlpha });
      break;
    case 'prelu':
      apply(tf.Prelu, { x: y, alpha: preluWeights });
      break;
    default:
      backend.disposeData(y.dataId);
      throw new Error(`_FusedMatMul: activation '${activation}' is not supported on wasm`);
  }
  return y;
}
