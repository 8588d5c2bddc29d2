/**
 * A synchronous onnxruntime session for the backend's own small compute graphs (a GEMM, a fused
 * loss): built from an in-memory model, run in place on Float32Arrays — inputs read where they lie,
 * outputs written into caller-provided arrays (preallocated outputs) — so a tfjs kernel, which must
 * be synchronous, can run it.
 *
 * onnxruntime-node's native session is synchronous (`binding.InferenceSession.run`); the public
 * `InferenceSession.run` only defers it with setImmediate and wraps it in a Promise. The binding is
 * reached through dist/binding.js (the package has no exports map), pinned with onnxruntime-node.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import type * as OrtNamespace from 'onnxruntime-node';

interface NativeSession {
  run(feeds: Record<string, unknown>, fetches: Record<string, unknown>, options: object): Record<string, { data: unknown }>;
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: object): void;
  dispose(): void;
}

interface NativeBinding {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}

const require = createRequire(import.meta.url);
let loaded: { ort: typeof OrtNamespace; native: NativeBinding } | undefined;

function load(): { ort: typeof OrtNamespace; native: NativeBinding } {
  if (!loaded) {
    process.env.ORT_DISABLE_TELEMETRY ??= '1';
    const entry = require.resolve('onnxruntime-node');
    const ort = require(entry) as typeof OrtNamespace;
    const native = require(entry.replace(/index\.js$/, 'binding.js')) as NativeBinding;
    native.initOrt();
    loaded = { ort, native };
  }
  return loaded;
}

/** The default thread count: every core this process may use. */
export const defaultComputeThreads = (): number => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** A float32 array and the shape to read it as. */
export interface FloatView {
  data: Float32Array;
  dims: readonly number[];
}

export class OnnxSyncSession {
  private readonly session: NativeSession;

  /** Loads `model` (ONNX bytes) on onnxruntime's CPU provider with `threads` intra-op threads. */
  constructor(model: Uint8Array, threads: number) {
    const { native } = load();
    this.session = new native.binding.InferenceSession();
    this.session.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      // Idle pool threads must not spin: between these runs tfjs computes on the main thread.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
  }

  /** Runs the graph; each output is written into its preallocated array. */
  run(inputs: Readonly<Record<string, FloatView>>, outputs: Readonly<Record<string, FloatView>>): void {
    const { ort } = load();
    const tensor = (v: FloatView) => new ort.Tensor('float32', v.data, [...v.dims]);
    const feeds: Record<string, unknown> = {};
    for (const [name, view] of Object.entries(inputs)) feeds[name] = tensor(view);
    const fetches: Record<string, unknown> = {};
    for (const [name, view] of Object.entries(outputs)) fetches[name] = tensor(view);
    this.session.run(feeds, fetches, {});
  }

  dispose(): void {
    this.session.dispose();
  }
}
