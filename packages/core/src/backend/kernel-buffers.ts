/**
 * Float32 buffers of tensors for the backend's own kernels, on the two backends whose memory
 * JavaScript can reach: 'wasm' (views of the wasm heap) and 'cpu' (its typed arrays).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf.js';

/** The backends the own kernels are registered for. */
export const JS_REACHABLE_BACKENDS = ['wasm', 'cpu'] as const;
export type JsReachableBackend = (typeof JS_REACHABLE_BACKENDS)[number];

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** Allocates outputs, then reads views: on wasm, views are taken after the last allocation (growth detaches them). */
export function withKernelBuffers<T>(
  backendName: JsReachableBackend,
  backend: unknown,
  inputs: readonly tf.TensorInfo[],
  outputShapes: readonly number[][],
  compute: (inputs: Float32Array[], outputs: Float32Array[]) => T,
): { result: T; outputs: tf.TensorInfo[] } {
  if (backendName === 'wasm') {
    const wasm = backend as unknown as BackendWasm;
    const outputs = outputShapes.map((shape) => wasm.makeOutput(shape, 'float32'));
    try {
      const result = compute(
        inputs.map((t) => wasm.typedArrayFromHeap(t) as Float32Array),
        outputs.map((t) => wasm.typedArrayFromHeap(t) as Float32Array),
      );
      return { result, outputs };
    } catch (error) {
      for (const t of outputs) wasm.disposeData(t.dataId);
      throw error;
    }
  }
  const cpu = backend as unknown as CpuBackendLike;
  const values = outputShapes.map((shape) => new Float32Array(shape.reduce((p, d) => p * d, 1)));
  const result = compute(
    inputs.map((t) => cpu.data.get(t.dataId).values),
    values,
  );
  return { result, outputs: outputShapes.map((shape, i) => cpu.makeTensorInfo(shape, 'float32', values[i])) };
}

/** Registers `make(backend)` as `kernelName` on wasm and cpu, where a (newer) tfjs has none of its own. */
export function registerOnJsReachableBackends(kernelName: string, make: (backend: JsReachableBackend) => tf.KernelFunc): void {
  for (const backendName of JS_REACHABLE_BACKENDS) {
    if (tf.getKernel(kernelName, backendName) == null) tf.registerKernel({ kernelName, backendName, kernelFunc: make(backendName) });
  }
}
