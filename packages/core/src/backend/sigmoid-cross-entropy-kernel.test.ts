import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureNativeKernels, nativeKernelsStatus, NATIVE_MIN_MACS, type NativeKernelSettings } from './native-compute.js';
import { OnnxSyncSession } from './onnx-sync-session.js';
import { registerSigmoidCrossEntropyKernel, sigmoidCrossEntropyRows, SIGMOID_CROSS_ENTROPY_KERNEL } from './sigmoid-cross-entropy-kernel.js';
import { lcgValues } from './backend-comparison.fixture.js';
import { tf } from './tf.js';
import { selectTfjsBackend } from './tfjs-backend.js';

/** Deterministic values in [lo, hi) (a 32-bit LCG). */
const values = lcgValues;

/** Logits in [-8, 8) with the extremes spliced in, and soft targets in [0, 1] with some exact 0s and 1s. */
function inputs(batch: number, classes: number, seed: number) {
  const x = values(batch * classes, seed, -8, 8);
  const z = values(batch * classes, seed + 1, 0, 1);
  const special = [100, -100, 30, -30, 0, 1e-3, -1e-3, 17, -17];
  for (let i = 0; i < x.length; i += 7) x[i] = special[(i / 7) % special.length];
  for (let i = 3; i < z.length; i += 11) z[i] = (i / 11) % 2 < 1 ? 0 : 1;
  // Each row weighs its loss differently, so the gradient must scale each row by its own dy.
  const rowWeights = values(batch, seed + 2, 0.5, 2);
  return { x, z, rowWeights };
}

/**
 * The float64 closed forms: per row Σ max(x,0) − xz + log1p(e^−|x|) and Σ of its terms' sizes
 * (float32 evaluation errs relative to that), and the gradients of Σ_r w_r·loss_r:
 * w_r(σ(x) − z) for the logits and −w_r·x for the targets.
 */
function reference(x: Float32Array, z: Float32Array, rowWeights: Float32Array, classes: number) {
  const batch = rowWeights.length;
  const rows = new Float64Array(batch);
  const magnitude = new Float64Array(batch);
  const dx = new Float64Array(x.length);
  const dz = new Float64Array(x.length);
  for (let r = 0; r < batch; r++) {
    for (let i = r * classes; i < (r + 1) * classes; i++) {
      const softplus = Math.log1p(Math.exp(-Math.abs(x[i])));
      rows[r] += Math.max(x[i], 0) - x[i] * z[i] + softplus;
      magnitude[r] += Math.abs(x[i]) + Math.abs(x[i] * z[i]) + softplus;
      dx[i] = rowWeights[r] * (1 / (1 + Math.exp(-x[i])) - z[i]);
      dz[i] = -rowWeights[r] * x[i];
    }
  }
  return { rows, magnitude, dx, dz };
}

/** The kernel's rows and gradients on the active backend, and how often its onnxruntime graph ran. */
function evaluate(batch: number, classes: number, seed: number) {
  const { x, z, rowWeights } = inputs(batch, classes, seed);
  const spy = vi.spyOn(OnnxSyncSession.prototype, 'run');
  try {
    const [rows, dx, dz] = tf.tidy(() => {
      const logits = tf.tensor2d(x, [batch, classes]);
      const targets = tf.tensor2d(z, [batch, classes]);
      const w = tf.tensor1d(rowWeights);
      const f = (l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(sigmoidCrossEntropyRows(l as tf.Tensor2D, t as tf.Tensor2D), w));
      const [gl, gt] = tf.grads(f)([logits, targets]);
      return [sigmoidCrossEntropyRows(logits, targets), gl, gt].map((t) => t.dataSync() as Float32Array);
    });
    // The loss graph's runs: its feeds are named x and z (the GEMM's a and b).
    const graphRuns = spy.mock.calls.filter(([feeds]) => 'x' in feeds && 'z' in feeds).length;
    return { rows, dx, dz, graphRuns, want: reference(x, z, rowWeights, classes) };
  } finally {
    spy.mockRestore();
  }
}

/** The worst errors seen on each path, printed at the end. */
const worst = new Map<string, { rows: number; dx: number; dz: number }>();

/** Checks one evaluation against the closed forms, recording the worst errors under `path`. */
function expectClosedForms(result: ReturnType<typeof evaluate>, path: string): void {
  const { rows, dx, dz, want } = result;
  let rowError = 0;
  for (let r = 0; r < rows.length; r++) rowError = Math.max(rowError, Math.abs(rows[r] - want.rows[r]) / want.magnitude[r]);
  let dxError = 0;
  let dzError = 0;
  for (let i = 0; i < dx.length; i++) {
    dxError = Math.max(dxError, Math.abs(dx[i] - want.dx[i]));
    dzError = Math.max(dzError, Math.abs(dz[i] - want.dz[i]) / Math.max(1, Math.abs(want.dz[i])));
  }
  const seen = worst.get(path) ?? { rows: 0, dx: 0, dz: 0 };
  worst.set(path, { rows: Math.max(seen.rows, rowError), dx: Math.max(seen.dx, dxError), dz: Math.max(seen.dz, dzError) });
  // Rows: float32 sums of up to a few thousand terms, relative to Σ|terms|. dx: σ(x) − z is within
  // [−1, 1], scaled by w ≤ 2, so an absolute bound. dz: one float32 product.
  expect(rowError).toBeLessThan(1e-6);
  expect(dxError).toBeLessThan(1e-6);
  expect(dzError).toBeLessThan(1e-6);
}

// 64·4100 = 262 400 logits ≥ 2^18: the onnxruntime graph's threshold.
const LARGE = [64, 4100] as const;
const SMALL = [5, 37] as const;

describe('sigmoidCrossEntropyRows against the float64 closed forms', () => {
  let savedEnv: string | undefined;
  let initial: NativeKernelSettings;
  let tensorsBefore = 0;

  beforeAll(async () => {
    savedEnv = process.env.AFFECTFUSION_BACKEND;
    delete process.env.AFFECTFUSION_BACKEND;
    expect((await selectTfjsBackend({ requested: 'wasm' })).chosen).toBe('wasm');
    initial = configureNativeKernels();
    tensorsBefore = tf.memory().numTensors;
  });

  afterEach(() => {
    configureNativeKernels({ enabled: true, minMacs: NATIVE_MIN_MACS });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  afterAll(async () => {
    configureNativeKernels(initial);
    await tf.setBackend('wasm');
    if (savedEnv === undefined) delete process.env.AFFECTFUSION_BACKEND;
    else process.env.AFFECTFUSION_BACKEND = savedEnv;
    const lines = [...worst].map(
      ([path, w]) => `  ${path}: rows |Δ|/Σ|terms| ${w.rows.toExponential(2)}, d/dlogits |Δ| ${w.dx.toExponential(2)}, d/dtargets |Δ|/max(1,|·|) ${w.dz.toExponential(2)}`,
    );
    console.log(`sigmoid cross-entropy vs float64:\n${lines.join('\n')}`);
  });

  it('the inputs include logits ±100, ±30 and 0, and targets 0, 1 and in between', () => {
    const { x, z } = inputs(...SMALL, 1);
    for (const v of [100, -100, 30, -30, 0]) expect(x).toContain(v);
    expect(z).toContain(0);
    expect(z).toContain(1);
    expect(z.some((v) => v > 0.1 && v < 0.9)).toBe(true);
    expect(LARGE[0] * LARGE[1]).toBeGreaterThanOrEqual(NATIVE_MIN_MACS);
  });

  it('wasm with native kernels on: a large batch runs the onnxruntime graph', async () => {
    await tf.setBackend('wasm');
    configureNativeKernels({ enabled: true, minMacs: NATIVE_MIN_MACS });
    expect(nativeKernelsStatus().available).toBe(true);
    const result = evaluate(...LARGE, 2);
    // Once for the rows, once inside tf.grads' forward pass.
    expect(result.graphRuns).toBe(2);
    expectClosedForms(result, 'wasm, onnxruntime graph');
  });

  it('wasm with native kernels on every size: a small batch runs the graph too', async () => {
    await tf.setBackend('wasm');
    configureNativeKernels({ enabled: true, minMacs: 0 });
    const result = evaluate(...SMALL, 3);
    expect(result.graphRuns).toBe(2);
    expectClosedForms(result, 'wasm, onnxruntime graph');
  });

  it.each([
    ['native kernels off', { enabled: false }, LARGE],
    ['below the threshold', { enabled: true }, SMALL],
  ] as const)('wasm, %s: the JavaScript loop', async (_name, settings, size) => {
    await tf.setBackend('wasm');
    configureNativeKernels(settings);
    const result = evaluate(size[0], size[1], 4);
    expect(result.graphRuns).toBe(0);
    expectClosedForms(result, 'wasm, JavaScript loop');
  });

  it.each([['large', LARGE], ['small', SMALL]] as const)('cpu (the JavaScript loop), %s', async (_name, size) => {
    await tf.setBackend('cpu');
    const result = evaluate(size[0], size[1], 5);
    expect(result.graphRuns).toBe(0);
    expectClosedForms(result, 'cpu, JavaScript loop');
  });

  it('cpu without the kernel: the tfjs-op composite gives the same closed forms', async () => {
    await tf.setBackend('cpu');
    registerSigmoidCrossEntropyKernel();
    const config = tf.getKernel(SIGMOID_CROSS_ENTROPY_KERNEL, 'cpu')!;
    tf.unregisterKernel(SIGMOID_CROSS_ENTROPY_KERNEL, 'cpu');
    try {
      expectClosedForms(evaluate(...SMALL, 6), 'cpu, tfjs-op composite');
    } finally {
      tf.registerKernel(config);
    }
  });

  it.each([
    ['wasm, native graph', 'wasm', { enabled: true, minMacs: 0 }],
    ['wasm, loop', 'wasm', { enabled: false }],
    ['cpu', 'cpu', {}],
  ] as const)('finite differences of the mean loss agree with its gradient (%s)', async (_name, backend, settings) => {
    await tf.setBackend(backend);
    configureNativeKernels(settings);
    const [B, C] = [2, 3];
    const x = values(B * C, 7, -3, 3);
    const z = values(B * C, 8, 0, 1);
    const meanLoss = (l: tf.Tensor, t: tf.Tensor) => tf.mean(sigmoidCrossEntropyRows(l as tf.Tensor2D, t as tf.Tensor2D));
    const at = (xs: Float32Array, zs: Float32Array) => tf.tidy(() => meanLoss(tf.tensor2d(xs, [B, C]), tf.tensor2d(zs, [B, C])).dataSync()[0]);
    const [gx, gz] = tf.tidy(() => tf.grads(meanLoss)([tf.tensor2d(x, [B, C]), tf.tensor2d(z, [B, C])]).map((g) => g.dataSync() as Float32Array));
    const h = 1e-2;
    for (const [point, gradient, other] of [[x, gx, 'x'], [z, gz, 'z']] as const) {
      for (let i = 0; i < B * C; i++) {
        const plus = Float32Array.from(point);
        const minus = Float32Array.from(point);
        plus[i] += h;
        minus[i] -= h;
        const numeric = other === 'x' ? (at(plus, z) - at(minus, z)) / (2 * h) : (at(x, plus) - at(x, minus)) / (2 * h);
        // Central differences: O(h²·f''') ≈ 1e-5 plus float32 noise ≈ 1e-7 / h.
        expect(Math.abs(numeric - gradient[i])).toBeLessThan(1e-4);
      }
    }
    // And against the closed form, so the gradient checked above is not zero by mistake.
    for (let i = 0; i < B * C; i++) expect(gx[i]).toBeCloseTo((1 / (1 + Math.exp(-x[i])) - z[i]) / B, 6);
  });

  it('rejects logits and targets of different shapes, naming both', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.tidy(() => sigmoidCrossEntropyRows(tf.zeros([2, 3]), tf.zeros([3, 2])))).toThrow(
      /logits \[2,3\] and labels \[3,2\] must be the same \[batch, classes\]/,
    );
  });
});
