/**
 * Settings and shared instances of the backend's onnxruntime-backed kernels: the multi-threaded
 * GEMM behind the wasm backend's large matrix products and column sums, and the fused
 * sigmoid cross-entropy. On by default where onnxruntime-node loads; `AFFECTFUSION_NATIVE_KERNELS=0`
 * turns them off (everything then runs on tfjs's own kernels) and `AFFECTFUSION_THREADS` sets their
 * thread count (default: every core this process may use).
 */
import { OnnxGemm } from './onnx-gemm.js';
import { OnnxSyncSession, defaultComputeThreads } from './onnx-sync-session.js';

export const NATIVE_KERNELS_ENV = 'AFFECTFUSION_NATIVE_KERNELS';
export const THREADS_ENV = 'AFFECTFUSION_THREADS';

/**
 * Products below this many multiply-adds stay on XNNPACK. Measured on the 2-core VM: a session run
 * costs ~10–20 µs, which XNNPACK (~35 GFLOP/s) spends on ~0.2–0.3 M multiply-adds.
 */
export const NATIVE_MIN_MACS = 1 << 18;

export interface NativeKernelSettings {
  enabled: boolean;
  threads: number;
  /** Work below this many multiply-adds (or elements) stays on tfjs's kernels. */
  minMacs: number;
}

let settings: NativeKernelSettings | undefined;
let gemm: OnnxGemm | undefined;
const sessions = new Map<string, OnnxSyncSession>();
let unavailable: string | undefined;

function fromEnvironment(): NativeKernelSettings {
  const flag = process.env[NATIVE_KERNELS_ENV]?.trim().toLowerCase();
  const threadsText = process.env[THREADS_ENV]?.trim();
  const threads = threadsText ? Number(threadsText) : defaultComputeThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`${THREADS_ENV}='${threadsText}' is not a positive integer: set it to the number of threads to use, or unset it`);
  }
  return { enabled: !(flag === '0' || flag === 'false' || flag === 'off'), threads, minMacs: NATIVE_MIN_MACS };
}

function current(): NativeKernelSettings {
  return settings ?? configureNativeKernels();
}

function release(): void {
  gemm?.dispose();
  gemm = undefined;
  for (const s of sessions.values()) s.dispose();
  sessions.clear();
}

/** Changes the native kernels' settings for this process (tests and benchmarks compare both paths). */
export function configureNativeKernels(change: Partial<NativeKernelSettings> = {}): NativeKernelSettings {
  const next = { ...(settings ?? fromEnvironment()), ...change };
  if (settings && next.threads !== settings.threads) release();
  settings = next;
  return { ...next };
}

/**
 * The settings in effect and whether onnxruntime can run them here (the reason when not). Probes
 * onnxruntime even when the kernels are off, so `available` is a fact, not an assumption.
 */
export function nativeKernelsStatus(): NativeKernelSettings & { available: boolean; reason?: string } {
  const now = current();
  loadGemm();
  return { ...now, available: unavailable == null, ...(unavailable ? { reason: unavailable } : {}) };
}

/** The multiply-add threshold below which work stays on tfjs's kernels. */
export const nativeMinMacs = (): number => current().minMacs;

/** The shared GEMM, or undefined when native kernels are off or onnxruntime cannot run here. */
export function nativeGemm(): OnnxGemm | undefined {
  return current().enabled ? loadGemm() : undefined;
}

/** Creates the GEMM once and proves it on a 1×1 product, so a broken install falls back once, not on every call. */
function loadGemm(): OnnxGemm | undefined {
  if (gemm || unavailable) return gemm;
  try {
    gemm = new OnnxGemm({ threads: current().threads });
    const out = new Float32Array(1);
    gemm.run({ a: Float32Array.of(2), aShape: [1, 1], b: Float32Array.of(3), bShape: [1, 1], transposeA: false, transposeB: false, out });
    if (out[0] !== 6) throw new Error(`a 1×1 product gave ${out[0]}, not 6`);
  } catch (error) {
    unavailable = `onnxruntime-node could not run a GEMM: ${(error as Error).message}`;
    gemm?.dispose();
    gemm = undefined;
  }
  return gemm;
}

/** A cached session of one of the backend's own graphs (built by `model` on first use), or undefined when native kernels are off. */
export function nativeSession(key: string, model: () => Uint8Array): OnnxSyncSession | undefined {
  if (!nativeGemm()) return undefined;
  let session = sessions.get(key);
  if (!session) {
    session = new OnnxSyncSession(model(), current().threads);
    sessions.set(key, session);
  }
  return session;
}
