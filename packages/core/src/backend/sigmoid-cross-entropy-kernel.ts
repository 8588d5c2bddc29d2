/**
 * Sigmoid cross-entropy as one kernel that returns, per row, Σ_c max(x,0) − x·z + log(1 + e^−|x|)
 * and, for the backward pass, σ(x) − z: so the loss costs one pass over the logits instead of ten
 * tfjs kernels (and their ten gradients). On 'wasm' it runs as an onnxruntime graph (vectorised,
 * multi-threaded); on 'cpu', and where native kernels are off, as one JavaScript loop. Other backends
 * (tfjs-node) use the composite formula.
 *
 * Measured on the 2-core VM for 1024×3862 logits: the composite on wasm ~65 ms forward+backward,
 * this kernel ~12 ms (onnxruntime, 2 threads).
 */
import { encodeOnnxModel } from './onnx-model-encoder.js';
import { registerOnJsReachableBackends, withKernelBuffers, type JsReachableBackend } from './kernel-buffers.js';
import { nativeMinMacs, nativeSession } from './native-compute.js';
import { tf } from './tf.js';

export const SIGMOID_CROSS_ENTROPY_KERNEL = 'AffectFusionSigmoidCrossEntropy';

/** The graph: per-row loss (softplus(x) = max(x,0) − log σ(|x|), stable for any x) and σ(x) − z. */
function lossGraph(): Uint8Array {
  return encodeOnnxModel({
    opset: 11,
    inputs: [{ name: 'x', shape: ['b', 'c'] }, { name: 'z', shape: ['b', 'c'] }],
    outputs: [{ name: 'rows', shape: ['b'] }, { name: 'grad', shape: ['b', 'c'] }],
    nodes: [
      { opType: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
      { opType: 'Sub', inputs: ['s', 'z'], outputs: ['grad'] },
      { opType: 'Abs', inputs: ['x'], outputs: ['ax'] },
      { opType: 'Sigmoid', inputs: ['ax'], outputs: ['sax'] },
      { opType: 'Log', inputs: ['sax'], outputs: ['logSax'] },
      { opType: 'Relu', inputs: ['x'], outputs: ['rx'] },
      { opType: 'Sub', inputs: ['rx', 'logSax'], outputs: ['softplus'] },
      { opType: 'Mul', inputs: ['x', 'z'], outputs: ['xz'] },
      { opType: 'Sub', inputs: ['softplus', 'xz'], outputs: ['loss'] },
      // Per-row sums in float32 (≤ a few thousand terms); the caller averages rows in float64.
      { opType: 'ReduceSum', inputs: ['loss'], outputs: ['rows'], attributes: { keepdims: 0, axes: [1] } },
    ],
    graphName: 'sigmoid_cross_entropy',
  });
}

/** The same in one JavaScript pass (row sums in float64). */
function lossLoop(x: Float32Array, z: Float32Array, rows: Float32Array, grad: Float32Array, columns: number): void {
  for (let r = 0; r < rows.length; r++) {
    let sum = 0;
    for (let i = r * columns, end = i + columns; i < end; i++) {
      const xi = x[i];
      const e = Math.exp(-Math.abs(xi));
      sum += (xi > 0 ? xi : 0) - xi * z[i] + Math.log1p(e);
      grad[i] = (xi >= 0 ? 1 / (1 + e) : e / (1 + e)) - z[i];
    }
    rows[r] = sum;
  }
}

function makeKernel(backendName: JsReachableBackend): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const logits = inputs.logits as tf.TensorInfo;
    const labels = inputs.labels as tf.TensorInfo;
    if (logits.dtype !== 'float32' || labels.dtype !== 'float32') {
      throw new Error(`${SIGMOID_CROSS_ENTROPY_KERNEL}: logits and labels must be float32, got ${logits.dtype} and ${labels.dtype}`);
    }
    if (logits.shape.length !== 2 || labels.shape.join() !== logits.shape.join()) {
      throw new Error(`${SIGMOID_CROSS_ENTROPY_KERNEL}: logits [${logits.shape}] and labels [${labels.shape}] must be the same [batch, classes]`);
    }
    const [batch, columns] = logits.shape;
    const session = backendName === 'wasm' && batch * columns >= nativeMinMacs() ? nativeSession('sigmoid-cross-entropy', lossGraph) : undefined;
    const { outputs } = withKernelBuffers(backendName, backend, [logits, labels], [[batch], [batch, columns]], ([x, z], [rows, grad]) => {
      if (session) session.run({ x: { data: x, dims: [batch, columns] }, z: { data: z, dims: [batch, columns] } }, { rows: { data: rows, dims: [batch] }, grad: { data: grad, dims: [batch, columns] } });
      else lossLoop(x, z, rows, grad, columns);
    });
    return outputs;
  };
}

let registered = false;

/** Registers the kernel (wasm, cpu) and its gradient. Idempotent. */
export function registerSigmoidCrossEntropyKernel(): void {
  if (registered) return;
  registered = true;
  registerOnJsReachableBackends(SIGMOID_CROSS_ENTROPY_KERNEL, makeKernel);
  tf.registerGradient({
    kernelName: SIGMOID_CROSS_ENTROPY_KERNEL,
    inputsToSave: ['logits'],
    outputsToSave: [false, true],
    gradFunc: (dy, saved) => {
      const [dRows] = dy as tf.Tensor[];
      const [logits, sigmoidMinusTargets] = saved;
      const perRow = tf.expandDims(dRows, 1);
      // d/dx = σ(x) − z; d/dz = −x (targets are rarely trained, but the gradient is defined).
      return { logits: () => tf.mul(sigmoidMinusTargets, perRow), labels: () => tf.mul(tf.neg(logits), perRow) };
    },
  });
}

const asFloat32 = (t: tf.Tensor2D): tf.Tensor2D => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));

/**
 * Σ over classes of the sigmoid cross-entropy of `logits` against `targets`, one value per row
 * ([B, C] → [B]), differentiable with respect to both.
 */
export function sigmoidCrossEntropyRows(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  registerSigmoidCrossEntropyKernel();
  if (tf.getKernel(SIGMOID_CROSS_ENTROPY_KERNEL, tf.getBackend()) == null) {
    return tf.tidy(() =>
      // max(x, 0) − x·z + log(1 + e^−|x|): the numerically stable form.
      tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))), 1),
    );
  }
  const [rows, gradient] = tf.engine().runKernel(SIGMOID_CROSS_ENTROPY_KERNEL, { logits: asFloat32(logits), labels: asFloat32(targets) }) as unknown as tf.Tensor[];
  gradient.dispose();
  return rows as tf.Tensor1D;
}
