import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureNativeKernels, nativeKernelsStatus, NATIVE_MIN_MACS, type NativeKernelSettings } from './native-compute.js';
import { OnnxGemm } from './onnx-gemm.js';
import { defaultComputeThreads } from './onnx-sync-session.js';
import { lcgTensor, lcgValues, maxRelativeDifference, runOn, sizeOf, wasmDataIds, type Compute } from './backend-comparison.fixture.js';
import { tf } from './tf.js';
import { selectTfjsBackend } from './tfjs-backend.js';

/**
 * The onnxruntime-backed wasm kernels (wasm-native-matmul.ts, wasm-native-sum.ts,
 * wasm-shared-identity.ts) against the cpu backend, with native products forced on every size
 * (minMacs 0), at the default threshold, and off. Each comparison also counts the GEMM runs, so a
 * routing mistake (a product that silently stays on XNNPACK, or a batch that should) fails too.
 */

const rand = lcgTensor;
const values = lcgValues;
const size = sizeOf;

/** The worst difference seen under each setting, printed at the end. */
const worstSeen = new Map<string, number>();

/**
 * Largest |wasm − cpu| / max(1, |cpu|) over all outputs (shapes must match), and how many times
 * onnxruntime's GEMM ran during the wasm run.
 */
async function compare(compute: Compute): Promise<{ diff: number; gemmRuns: number }> {
  const cpu = await runOn('cpu', compute);
  // Creates the shared GEMM now (when on), so its one-off 1×1 self-test is not counted below.
  const { enabled, minMacs } = nativeKernelsStatus();
  const mode = enabled ? `native, minMacs ${minMacs}` : 'native off';
  const spy = vi.spyOn(OnnxGemm.prototype, 'run');
  let wasm: Awaited<ReturnType<typeof runOn>>;
  let gemmRuns: number;
  try {
    wasm = await runOn('wasm', compute);
    gemmRuns = spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
  expect(wasm.map((o) => o.shape)).toEqual(cpu.map((o) => o.shape));
  const diff = maxRelativeDifference(wasm, cpu);
  worstSeen.set(mode, Math.max(worstSeen.get(mode) ?? 0, diff));
  return { diff, gemmRuns };
}


/** The three settings every product is checked under, and whether a big-enough product goes native. */
const MODES: ReadonlyArray<readonly [string, Partial<NativeKernelSettings>, 'all' | 'large' | 'none']> = [
  ['native on every size (minMacs 0)', { enabled: true, minMacs: 0 }, 'all'],
  ['native at the default threshold', { enabled: true, minMacs: NATIVE_MIN_MACS }, 'large'],
  ['native off', { enabled: false }, 'none'],
];
const TOLERANCE = 1e-4;

describe('native kernels on the wasm backend (compared with the cpu backend)', () => {
  let savedEnv: string | undefined;
  let initial: NativeKernelSettings;
  let defaults: NativeKernelSettings;
  let tensorsBefore = 0;
  let wasmIdsBefore = 0;

  beforeAll(async () => {
    savedEnv = process.env.AFFECTFUSION_BACKEND;
    delete process.env.AFFECTFUSION_BACKEND;
    const report = await selectTfjsBackend({ requested: 'wasm' });
    expect(report.chosen).toBe('wasm');
    expect(report.wasmFixes).toBe(true);
    initial = configureNativeKernels();
    // The defaults the kernels ship with, whatever AFFECTFUSION_NATIVE_KERNELS/THREADS say here.
    defaults = { enabled: true, threads: defaultComputeThreads(), minMacs: NATIVE_MIN_MACS };
    configureNativeKernels(defaults);
  });

  beforeEach(async () => {
    await tf.setBackend('wasm');
    tensorsBefore = tf.memory().numTensors;
    wasmIdsBefore = wasmDataIds();
  });

  afterEach(async () => {
    configureNativeKernels(defaults);
    // No test leaks an engine tensor or a wasm buffer (outputs of native kernels included).
    await tf.setBackend('wasm');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(wasmDataIds()).toBe(wasmIdsBefore);
  });

  afterAll(() => {
    configureNativeKernels(initial);
    if (savedEnv === undefined) delete process.env.AFFECTFUSION_BACKEND;
    else process.env.AFFECTFUSION_BACKEND = savedEnv;
    const worst = [...worstSeen].map(([mode, d]) => `${mode}: ${d.toExponential(2)}`).join('; ');
    console.log(`native kernels, worst |wasm − cpu| / max(1, |cpu|) — ${worst}`);
  });

  it('nativeKernelsStatus reports onnxruntime available, with the settings in effect', () => {
    expect(nativeKernelsStatus()).toEqual({ ...defaults, available: true });
    configureNativeKernels({ enabled: false });
    expect(nativeKernelsStatus()).toMatchObject({ enabled: false, available: true });
    configureNativeKernels({ threads: 1, enabled: true });
    expect(nativeKernelsStatus()).toEqual({ enabled: true, threads: 1, minMacs: NATIVE_MIN_MACS, available: true });
  });

  // Sizes: 64·72·60 = 276 480 multiply-adds ≥ the default threshold (2^18); 7·13·5 below it.
  const LARGE = [64, 72, 60] as const;
  const SMALL = [7, 13, 5] as const;

  it('the large sizes are above the default threshold, the small ones below', () => {
    expect(LARGE[0] * LARGE[1] * LARGE[2]).toBeGreaterThanOrEqual(NATIVE_MIN_MACS);
    expect(SMALL[0] * SMALL[1] * SMALL[2]).toBeLessThan(NATIVE_MIN_MACS);
    expect(16 * 128 * 130).toBeGreaterThanOrEqual(NATIVE_MIN_MACS);
  });

  describe.each(MODES)('%s', (_name, settings, routes) => {
    const expectRuns = (runs: number, large: boolean, expected = 1) =>
      expect(runs).toBe(routes === 'all' || (routes === 'large' && large) ? expected : 0);

    it.each([
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ])('matMul transposeA=%s transposeB=%s, large and small', async (ta, tb) => {
      configureNativeKernels(settings);
      for (const [M, K, N] of [LARGE, SMALL]) {
        const { diff, gemmRuns } = await compare(() => tf.matMul(rand(ta ? [K, M] : [M, K], 1), rand(tb ? [N, K] : [K, N], 2), ta, tb));
        expect(diff).toBeLessThan(TOLERANCE);
        expectRuns(gemmRuns, M === LARGE[0]);
      }
    });

    it('rank-3 a with a shared rank-2 b (batch folded into rows), plain and b transposed', async () => {
      configureNativeKernels(settings);
      const [M, K, N] = LARGE;
      for (const tb of [false, true]) {
        const { diff, gemmRuns } = await compare(() => tf.matMul(rand([4, M / 4, K], 3), rand(tb ? [N, K] : [K, N], 4), false, tb));
        expect(diff).toBeLessThan(TOLERANCE);
        expectRuns(gemmRuns, true);
      }
    });

    it('rank-3 a transposed with a shared b stays on XNNPACK', async () => {
      configureNativeKernels(settings);
      const [M, K, N] = LARGE;
      const { diff, gemmRuns } = await compare(() => tf.matMul(rand([4, K, M / 4], 5), rand([K, N], 6), true, false));
      expect(diff).toBeLessThan(TOLERANCE);
      expect(gemmRuns).toBe(0);
    });

    it('a true batch stays on XNNPACK', async () => {
      configureNativeKernels(settings);
      const [M, K, N] = LARGE;
      for (const [ta, tb] of [[false, false], [true, true]]) {
        const { diff, gemmRuns } = await compare(() => tf.matMul(rand(ta ? [3, K, M] : [3, M, K], 7), rand(tb ? [3, N, K] : [3, K, N], 8), ta, tb));
        expect(diff).toBeLessThan(TOLERANCE);
        expect(gemmRuns).toBe(0);
      }
    });

    it.each(['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid'] as const)(
      'fused matMul with a bias of N values and %s, every transpose',
      async (activation) => {
        configureNativeKernels(settings);
        const [M, K, N] = LARGE;
        for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]]) {
          const { diff, gemmRuns } = await compare(() =>
            tf.fused.matMul({
              // ×3 so that pre-activations pass 6 (relu6) and reach elu's and sigmoid's flat parts.
              a: rand(ta ? [K, M] : [M, K], 9).mul(3),
              b: rand(tb ? [N, K] : [K, N], 10),
              transposeA: ta,
              transposeB: tb,
              bias: rand([N], 11),
              activation,
              leakyreluAlpha: 0.3,
            }),
          );
          expect(diff).toBeLessThan(TOLERANCE);
          expectRuns(gemmRuns, true);
        }
      },
    );

    it('fused matMul with a one-value bias, a full [M, N] bias and a rank-3 a; prelu stays on XNNPACK', async () => {
      configureNativeKernels(settings);
      const [M, K, N] = LARGE;
      for (const biasShape of [[1], [M, N], [1, N]]) {
        const { diff, gemmRuns } = await compare(() => tf.fused.matMul({ a: rand([M, K], 12), b: rand([K, N], 13), bias: rand(biasShape, 14), activation: 'relu' }));
        expect(diff).toBeLessThan(TOLERANCE);
        expectRuns(gemmRuns, true);
      }
      const folded = await compare(() => tf.fused.matMul({ a: rand([2, M / 2, K], 15), b: rand([K, N], 16), bias: rand([N], 17), activation: 'elu' }));
      expect(folded.diff).toBeLessThan(TOLERANCE);
      expectRuns(folded.gemmRuns, true);
      // A bias of one value per row ([M, 1]) is not one GEMM bias shape: XNNPACK's path handles it,
      // also when M = N (so that it has N values, and only its shape tells it from a row bias).
      for (const [rows, columns] of [[M, N], [M, M]]) {
        const column = await compare(() => tf.fused.matMul({ a: rand([rows, K], 18), b: rand([K, columns], 19), bias: rand([rows, 1], 20) }));
        expect(column.diff).toBeLessThan(TOLERANCE);
        expect(column.gemmRuns).toBe(0);
      }
      const prelu = await compare(() =>
        tf.fused.matMul({ a: rand([M, K], 21), b: rand([K, N], 22), bias: rand([N], 23), activation: 'prelu', preluActivationWeights: rand([N], 24) }),
      );
      expect(prelu.diff).toBeLessThan(TOLERANCE);
      expect(prelu.gemmRuns).toBe(0);
    });

    it.each(['linear', 'relu'] as const)('gradients of a dense layer (%s) with respect to input, weights and bias', async (activation) => {
      configureNativeKernels(settings);
      const [M, K, N] = LARGE;
      const dense = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation }).mul(rand([M, N], 25)).sum();
      const { diff, gemmRuns } = await compare(() => tf.grads(dense)([rand([M, K], 26), rand([K, N], 27), rand([N], 28)]));
      expect(diff).toBeLessThan(TOLERANCE);
      // The forward product, dX = dY·Wᵀ and dW = Xᵀ·dY, and the bias gradient (Σ over rows of dY,
      // 64·60 values: a GEMM only when the threshold allows).
      expect(gemmRuns).toBe(routes === 'all' ? 4 : routes === 'large' ? 3 : 0);
    });

    it('gradients of a dense layer on a rank-3 input (rows folded, bias summed over two leading axes)', async () => {
      configureNativeKernels(settings);
      const [M, K, N] = LARGE;
      // As a Keras dense layer on [batch, time, features] does. (tfjs 4.22's BatchMatMul gradient
      // cannot reduce a broadcast b, on any backend, so the fold is explicit.)
      const dense = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.relu(tf.matMul(x.reshape([M, K]), w).reshape([4, M / 4, N]).add(b)).mul(rand([4, M / 4, N], 29)).sum();
      const { diff, gemmRuns } = await compare(() => tf.grads(dense)([rand([4, M / 4, K], 30), rand([K, N], 31), rand([N], 32)]));
      expect(diff).toBeLessThan(TOLERANCE);
      expect(gemmRuns).toBe(routes === 'all' ? 4 : routes === 'large' ? 3 : 0);
    });

    it('gradients of a true batched product stay on XNNPACK', async () => {
      configureNativeKernels(settings);
      const [M, K, N] = LARGE;
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b).mul(rand([3, M, N], 33)).sum();
      const { diff, gemmRuns } = await compare(() => tf.grads(f)([rand([3, M, K], 34), rand([3, K, N], 35)]));
      expect(diff).toBeLessThan(TOLERANCE);
      expect(gemmRuns).toBe(0);
    });
  });

  describe.each(MODES)('Sum, %s', (_name, settings, routes) => {
    // 16·128·130 = 266 240 values ≥ 2^18.
    const shape = [16, 128, 130];

    it.each([
      ['axis 0', 0, false, true],
      ['axes [0, 1]', [0, 1], false, true],
      ['axes [1, 0] (order ignored)', [1, 0], false, true],
      ['axis 0, keepDims', 0, true, true],
      ['axes [0, 1], keepDims', [0, 1], true, true],
      ['axis -3 (negative)', -3, false, true],
      ['the last axis (stock kernel)', 2, false, false],
      ['axis 1 (not leading: stock kernel)', 1, false, false],
      ['every axis (stock kernel)', [0, 1, 2], false, false],
    ] as const)('%s', async (_label, axis, keepDims, leading) => {
      configureNativeKernels(settings);
      const { diff, gemmRuns } = await compare(() => tf.sum(rand(shape, 40), axis as number | number[], keepDims));
      expect(diff).toBeLessThan(TOLERANCE);
      expect(gemmRuns).toBe(leading && routes !== 'none' ? 1 : 0);
    });

    it('a small rank-2 column sum, and an int32 sum (stock kernel)', async () => {
      configureNativeKernels(settings);
      const small = await compare(() => tf.sum(rand([9, 7], 41), 0));
      expect(small.diff).toBeLessThan(TOLERANCE);
      expect(small.gemmRuns).toBe(routes === 'all' ? 1 : 0);
      const ints = await compare(() => tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], undefined, 'int32'), 0));
      expect(ints.diff).toBe(0);
      expect(ints.gemmRuns).toBe(0);
    });
  });

  it('the column sum has the closed-form value', async () => {
    configureNativeKernels({ minMacs: 0 });
    await tf.setBackend('wasm');
    const sums = tf.tidy(() => tf.sum(tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), [0, 1], true).arraySync());
    expect(sums).toEqual([[[16, 20]]]);
  });

  it('Identity shares memory: a clone allocates no wasm buffer, and disposing both frees it', async () => {
    await tf.setBackend('wasm');
    const before = wasmDataIds();
    const x = rand([3, 4], 50);
    expect(wasmDataIds()).toBe(before + 1);
    const y = tf.clone(x);
    expect(wasmDataIds()).toBe(before + 1);
    expect(y.dataId).toBe(x.dataId);
    x.dispose();
    // The clone still reads the values after the original is gone.
    expect(Array.from(y.dataSync())).toEqual(Array.from(values(12, 50)));
    expect(wasmDataIds()).toBe(before + 1);
    y.dispose();
    expect(wasmDataIds()).toBe(before);
    // Strings still take the copying stock kernel.
    const s = tf.tensor1d(['a', 'bc']);
    const t = tf.clone(s);
    expect(t.arraySync()).toEqual(['a', 'bc']);
    tf.dispose([s, t]);
    expect(wasmDataIds()).toBe(before);
  });

  it('a gradient that saves its inputs (Identity clones) frees them once done', async () => {
    await tf.setBackend('wasm');
    const before = wasmDataIds();
    const x = rand([5, 6], 51);
    const g = tf.grad((t: tf.Tensor) => t.square().sum())(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(values(30, 51), (v) => Math.fround(2 * v)));
    tf.dispose([x, g]);
    expect(wasmDataIds()).toBe(before);
  });
});
