/**
 * Shared by the backend's tests (not part of the package): deterministic inputs, and a way to run the
 * same computation on the cpu and wasm backends and compare them.
 */
import { tf } from './tf.js';

/** Deterministic values in [lo, hi) from a 32-bit LCG, so every backend sees identical inputs. */
export function lcgValues(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** A tensor of {@link lcgValues} in [-1, 1). */
export const lcgTensor = (shape: number[], seed: number): tf.Tensor => tf.tensor(lcgValues(sizeOf(shape), seed), shape);

export type Compute = () => tf.Tensor | tf.Tensor[];
export type Outputs = { shape: number[]; data: Float32Array }[];

/** Runs `compute` on `backend` and returns its outputs' shapes and values (nothing left allocated). */
export async function runOn(backend: 'cpu' | 'wasm', compute: Compute): Promise<Outputs> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(() => {
    const r = compute();
    return Array.isArray(r) ? r : [r];
  });
  const result = outputs.map((t) => ({ shape: t.shape, data: Float32Array.from(t.dataSync()) }));
  tf.dispose(outputs);
  return result;
}

/** Largest |got − want| / max(1, |want|) over all outputs (Infinity for a NaN); shapes are the caller's to check. */
export function maxRelativeDifference(got: Outputs, want: Outputs): number {
  let worst = 0;
  want.forEach((ref, k) => {
    ref.data.forEach((r, i) => {
      const d = Math.abs(got[k].data[i] - r) / Math.max(1, Math.abs(r));
      worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
    });
  });
  return worst;
}

/** The number of data buffers the wasm backend holds (leak checks). */
export const wasmDataIds = (): number => (tf.findBackend('wasm') as unknown as { numDataIds(): number }).numDataIds();
