/**
 * One Adam step for one parameter as a single kernel: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − stepSize·m / (√(v/c₂) + ε), where stepSize = lr/c₁ and c₁, c₂ are the bias corrections.
 *
 * Why: written with tfjs ops, each step of each parameter runs ten kernels, each a pass over memory
 * with a fresh allocation; one loop reads w, m, v, g once and writes w, m, v once. Measured on the
 * 2-core VM for the 5.1 M parameters of a 1152→1024→3862 MLP: ~40 ms a step as tfjs ops on wasm,
 * ~40 ms as a JavaScript loop, ~5 ms as the SIMD WebAssembly function of wasm-adam-simd.ts, which
 * wasm uses. Registered for 'wasm' and 'cpu' (the JavaScript loop); elsewhere the optimizer uses tfjs ops.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { adamSimdFor, isWasmMemory } from './wasm-adam-simd.js';
import { registerOnJsReachableBackends, withKernelBuffers, type JsReachableBackend } from './kernel-buffers.js';
import { tf } from './tf.js';

export const ADAM_UPDATE_KERNEL = 'AffectFusionAdamUpdate';

export interface AdamUpdateAttributes {
  /** lr / c₁. */
  stepSize: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** c₂ = 1 − β₂ᵗ. */
  correction2: number;
}

function makeKernel(backendName: JsReachableBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { w, m, v, g } = inputs as Record<'w' | 'm' | 'v' | 'g', tf.TensorInfo>;
    const shape = w.shape;
    const size = shape.reduce((p, d) => p * d, 1);
    for (const [name, t] of Object.entries({ w, m, v, g })) {
      if (t.shape.reduce((p, d) => p * d, 1) !== size || t.dtype !== 'float32') {
        throw new Error(`${ADAM_UPDATE_KERNEL}: '${name}' is ${t.dtype} [${t.shape}], the parameter float32 [${shape}]`);
      }
    }
    const { stepSize, beta1, beta2, epsilon, correction2 } = attrs as unknown as AdamUpdateAttributes;
    const a1 = 1 - beta1;
    const a2 = 1 - beta2;
    const inverse2 = 1 / correction2;
    if (backendName === 'wasm') {
      const simd = wasmAdam(backend as BackendWasm, [w, m, v, g], size, attrs as unknown as AdamUpdateAttributes);
      if (simd) return simd;
    }
    const { outputs } = withKernelBuffers(backendName, backend, [w, m, v, g], [shape, shape, shape], ([wIn, mIn, vIn, gIn], [wOut, mOut, vOut]) => {
      for (let i = 0; i < size; i++) {
        const gi = gIn[i];
        const mi = beta1 * mIn[i] + a1 * gi;
        const vi = beta2 * vIn[i] + a2 * gi * gi;
        mOut[i] = mi;
        vOut[i] = vi;
        wOut[i] = wIn[i] - (stepSize * mi) / (Math.sqrt(vi * inverse2) + epsilon);
      }
    });
    return outputs;
  };
}

interface WasmInternals {
  wasm: { asm: { memory: unknown } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

/**
 * The update with the SIMD function on the wasm heap; null where wasm SIMD is unavailable. The
 * moments are updated in place when nothing else holds them (the optimizer's own slots): writing
 * over the lines just read saves the memory traffic of fresh buffers (~20 % of the step). The
 * weights always get a new buffer — XNNPACK caches packed weights by tensor id.
 */
function wasmAdam(backend: BackendWasm, inputs: tf.TensorInfo[], size: number, a: AdamUpdateAttributes): tf.TensorInfo[] | null {
  const internals = backend as unknown as WasmInternals;
  const memory = internals.wasm?.asm?.memory;
  const adam = isWasmMemory(memory) ? adamSimdFor(memory) : null;
  if (!adam) return null;
  const [, m, v] = inputs;
  const reuse = (t: tf.TensorInfo): tf.TensorInfo | undefined => {
    if (backend.refCount(t.dataId) !== 1) return undefined;
    backend.incRef(t.dataId);
    return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  };
  const outputs = [backend.makeOutput(inputs[0].shape, 'float32'), reuse(m) ?? backend.makeOutput(m.shape, 'float32'), reuse(v) ?? backend.makeOutput(v.shape, 'float32')];
  const [wIn, mIn, vIn, g, wOut, mOut, vOut] = [...inputs, ...outputs].map((t) => internals.dataIdMap.get(t.dataId).memoryOffset);
  adam(wIn, mIn, vIn, g, wOut, mOut, vOut, size, a.stepSize, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.epsilon, 1 / a.correction2);
  return outputs;
}

let registered = false;

/** Registers the kernel for wasm and cpu. Idempotent. */
export function registerAdamUpdateKernel(): void {
  if (registered) return;
  registered = true;
  registerOnJsReachableBackends(ADAM_UPDATE_KERNEL, makeKernel);
}

/**
 * The new [w, m, v] after one Adam step, from one kernel where the active backend has it, else from
 * tfjs ops (same arithmetic).
 */
export function adamUpdate(w: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, attributes: AdamUpdateAttributes): [tf.Tensor, tf.Tensor, tf.Tensor] {
  registerAdamUpdateKernel();
  if (tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend()) != null) {
    return tf.engine().runKernel(ADAM_UPDATE_KERNEL, { w, m, v, g }, attributes as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  const { stepSize, beta1, beta2, epsilon, correction2 } = attributes;
  return tf.tidy(() => {
    const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
    const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
    const denominator = tf.add(tf.sqrt(tf.div(vNew, correction2)), epsilon);
    return [tf.sub(w, tf.mul(tf.div(mNew, denominator), stepSize)), mNew, vNew] as [tf.Tensor, tf.Tensor, tf.Tensor];
  });
}
