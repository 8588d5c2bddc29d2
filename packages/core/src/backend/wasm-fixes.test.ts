import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lcgTensor, lcgValues, maxRelativeDifference, runOn, sizeOf, wasmDataIds, type Compute } from './backend-comparison.fixture.js';
import { tf } from './tf.js';
import { selectTfjsBackend } from './tfjs-backend.js';
import { cpuDelegateTensorCount } from './wasm-cpu-delegate.js';
import { installWasmFixes, uninstallWasmFixes, wasmFixesInstalled, WASM_ADDED_KERNELS } from './wasm-fixes.js';
import { BATCH_SPLIT_MIN_MACS, BATCH_SPLIT_MIN_ROWS } from './wasm-matmul-kernels.js';

const rand = lcgTensor;
const values = lcgValues;
const size = sizeOf;

/** Largest |wasm − cpu| / max(1, |cpu|) over all outputs, after checking shapes match. */
async function maxRelDiff(compute: Compute): Promise<number> {
  const cpu = await runOn('cpu', compute);
  const wasm = await runOn('wasm', compute);
  expect(wasm.map((o) => o.shape)).toEqual(cpu.map((o) => o.shape));
  return maxRelativeDifference(wasm, cpu);
}

describe('wasm kernel fixes (compared with the cpu backend)', () => {
  let savedEnv: string | undefined;
  let tensorsBefore = 0;
  let wasmIdsBefore = 0;

  beforeAll(async () => {
    savedEnv = process.env.AFFECTFUSION_BACKEND;
    delete process.env.AFFECTFUSION_BACKEND;
    const report = await selectTfjsBackend({ requested: 'wasm' });
    expect(report.chosen).toBe('wasm');
    expect(report.wasmFixes).toBe(true);
    tensorsBefore = tf.memory().numTensors;
    wasmIdsBefore = wasmDataIds();
  });

  afterAll(async () => {
    // Nothing leaked: not engine tensors, not wasm heap tensors made inside the kernels, not cpu copies.
    await tf.setBackend('wasm');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(wasmDataIds()).toBe(wasmIdsBefore);
    expect(cpuDelegateTensorCount()).toBe(0);
    if (savedEnv === undefined) delete process.env.AFFECTFUSION_BACKEND;
    else process.env.AFFECTFUSION_BACKEND = savedEnv;
  });

  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('matMul transposeA=%s transposeB=%s', async (ta, tb) => {
    const [M, K, N] = [37, 53, 29];
    const diff = await maxRelDiff(() => tf.matMul(rand(ta ? [K, M] : [M, K], 1), rand(tb ? [N, K] : [K, N], 2), ta, tb));
    expect(diff).toBeLessThan(1e-5);
  });

  it.each([
    ['small batch (stock kernel)', [4, 6, 5], [4, 5, 3], false, false],
    ['large batch (split into XNNPACK products)', [3, 40, 41], [3, 41, 39], false, false],
    ['large batch, both transposed', [3, 41, 40], [3, 39, 41], true, true],
    ['shared b (batch folded into rows)', [2, 3, 17, 19], [19, 23], false, false],
    ['shared b of batch 1, transposed', [5, 19, 17], [1, 23, 19], true, true],
    ['shared a, batched b', [1, 40, 41], [3, 41, 39], false, false],
    ['4-D batch, b transposed', [2, 3, 33, 34], [2, 3, 35, 34], false, true],
  ])('batched matMul: %s', async (_name, aShape, bShape, ta, tb) => {
    const diff = await maxRelDiff(() => tf.matMul(rand(aShape as number[], 3), rand(bShape as number[], 4), ta as boolean, tb as boolean));
    expect(diff).toBeLessThan(1e-5);
  });

  it('the batched cases above cover both the split and the stock path', () => {
    const splits = (M: number, K: number, N: number) => M >= BATCH_SPLIT_MIN_ROWS && M * K * N >= BATCH_SPLIT_MIN_MACS;
    expect(splits(40, 41, 39)).toBe(true);
    expect(splits(33, 34, 35)).toBe(true);
    expect(splits(6, 5, 3)).toBe(false);
  });

  it('fused matMul with transposed operands adds a rank-1 bias per column (closed form)', async () => {
    // The stock wasm kernel's scalar path gives [[11,22],[23,24],[25,26]] here: rows after the first get bias[1].
    await tf.setBackend('wasm');
    const out = tf.tidy(() =>
      tf.fused
        .matMul({ a: tf.tensor2d([[1, 3, 5], [2, 4, 6]]), b: tf.eye(2), transposeA: true, bias: tf.tensor1d([10, 20]) })
        .arraySync(),
    );
    expect(out).toEqual([[11, 22], [13, 24], [15, 26]]);
  });

  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('fused matMul + bias + relu, transposeA=%s transposeB=%s', async (ta, tb) => {
    const [M, K, N] = [21, 30, 13];
    const diff = await maxRelDiff(() =>
      tf.fused.matMul({
        a: rand(ta ? [K, M] : [M, K], 5),
        b: rand(tb ? [N, K] : [K, N], 6),
        transposeA: ta,
        transposeB: tb,
        bias: rand([N], 7),
        activation: 'relu',
      }),
    );
    expect(diff).toBeLessThan(1e-5);
  });

  it('fused matMul: batched with bias+relu, and a one-element bias', async () => {
    expect(
      await maxRelDiff(() =>
        tf.fused.matMul({ a: rand([3, 40, 41], 8), b: rand([3, 39, 41], 9), transposeB: true, bias: rand([39], 10), activation: 'relu' }),
      ),
    ).toBeLessThan(1e-5);
    expect(
      await maxRelDiff(() => tf.fused.matMul({ a: rand([9, 8], 11), b: rand([8, 7], 12), bias: rand([1], 13), activation: 'relu' })),
    ).toBeLessThan(1e-5);
  });

  it.each(['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'prelu'] as const)(
    'fused matMul on a small true batch with bias and %s activation',
    async (activation) => {
      const diff = await maxRelDiff(() =>
        tf.fused.matMul({
          a: rand([4, 6, 5], 14),
          b: rand([4, 3, 5], 15),
          transposeB: true,
          bias: rand([3], 16),
          activation,
          preluActivationWeights: activation === 'prelu' ? rand([3], 17) : undefined,
          leakyreluAlpha: 0.3,
        }),
      );
      expect(diff).toBeLessThan(1e-5);
    },
  );

  it.each(['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'prelu'] as const)(
    'fused matMul (2-D, XNNPACK path) with bias and %s activation',
    async (activation) => {
      const diff = await maxRelDiff(() =>
        tf.fused.matMul({
          a: rand([6, 5], 18),
          b: rand([5, 3], 19),
          bias: rand([3], 20),
          activation,
          preluActivationWeights: activation === 'prelu' ? rand([3], 21) : undefined,
          leakyreluAlpha: 0.3,
        }),
      );
      expect(diff).toBeLessThan(1e-5);
    },
  );

  it('gradients of a small conv2d network', async () => {
    const diff = await maxRelDiff(() => {
      const x = rand([2, 9, 8, 3], 20);
      const w1 = rand([3, 3, 3, 4], 21);
      const w2 = rand([2, 2, 4, 5], 22);
      const f = (x: tf.Tensor4D, w1: tf.Tensor4D, w2: tf.Tensor4D) =>
        tf.conv2d(tf.relu(tf.conv2d(x, w1, 2, 'same')), w2, 1, 'valid').square().sum();
      return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, w1, w2]);
    });
    expect(diff).toBeLessThan(1e-5);
  });

  it('gradients of a small depthwise conv2d network', async () => {
    const diff = await maxRelDiff(() => {
      const x = rand([2, 8, 9, 3], 30);
      const d1 = rand([3, 3, 3, 2], 31);
      const d2 = rand([2, 2, 6, 1], 32);
      const f = (x: tf.Tensor4D, d1: tf.Tensor4D, d2: tf.Tensor4D) =>
        tf.depthwiseConv2d(tf.relu(tf.depthwiseConv2d(x, d1, 1, 'same')), d2, 2, 'valid').square().sum();
      return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, d1, d2]);
    });
    expect(diff).toBeLessThan(1e-5);
  });

  type Geometry = { strides: number | [number, number]; pad: 'same' | 'valid' | number; dilations?: number };
  const geometries: [string, Geometry][] = [
    ['stride 1 same', { strides: 1, pad: 'same' }],
    ['stride 2 same (asymmetric padding)', { strides: 2, pad: 'same' }],
    ['strides [2,3] valid', { strides: [2, 3], pad: 'valid' }],
    ['explicit pad 2', { strides: 1, pad: 2 }],
  ];

  it.each(geometries)('Conv2DBackpropFilter kernel, %s', async (_name, g) => {
    const filterShape: [number, number, number, number] = [3, 4, 5, 6];
    const xShape: [number, number, number, number] = [2, 11, 10, 5];
    const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, g.strides, 1, g.pad);
    const diff = await maxRelDiff(
      () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: rand(xShape, 60), dy: rand(info.outShape, 61) }, {
          strides: g.strides,
          pad: g.pad,
          dataFormat: 'NHWC',
          filterShape,
        }) as tf.Tensor,
    );
    expect(diff).toBeLessThan(1e-5);
  });

  it('Conv2DBackpropFilter kernel, NCHW (delegated to the cpu kernel)', async () => {
    const filterShape: [number, number, number, number] = [2, 2, 3, 4];
    const diff = await maxRelDiff(
      () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: rand([2, 3, 6, 5], 62), dy: rand([2, 4, 5, 4], 63) }, {
          strides: 1,
          pad: 'valid',
          dataFormat: 'NCHW',
          filterShape,
        }) as tf.Tensor,
    );
    expect(diff).toBeLessThan(1e-5);
  });

  it.each(geometries)(
    'depthwise backprop filter and input kernels, %s',
    async (_name, g) => {
      const filterShape: [number, number, number, number] = [3, 2, 4, 3];
      const xShape: [number, number, number, number] = [2, 9, 11, 4];
      const dilations = g.dilations ?? 1;
      const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, g.strides, dilations, g.pad, undefined, true);
      const attrs = { strides: g.strides, pad: g.pad, dilations };
      const diff = await maxRelDiff(() => {
        const dy = rand(info.outShape, 64);
        return [
          tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x: rand(xShape, 65), dy }, { ...attrs, filterShape }) as tf.Tensor,
          tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter: rand(filterShape, 66) }, { ...attrs, inputShape: xShape }) as tf.Tensor,
        ];
      });
      expect(diff).toBeLessThan(1e-5);
    },
  );

  it.each([...geometries, ['dilation 2 same', { strides: 1, pad: 'same', dilations: 2 }] as [string, Geometry]])(
    'depthwise gradients are the adjoints of the forward depthwise conv, %s',
    async (_name, g) => {
      // <conv(x, W), dY> = <W, dW(x, dY)> = <x, dX(W, dY)> for any x, W, dY. An independent check that
      // also covers dilations, which the cpu gradient kernels ignore (tfjs's own gradient refuses them).
      // The forward conv runs on cpu: stock wasm's crashes when a pad exceeds the filter extent (pad 2, 3×2 filter).
      const filterShape: [number, number, number, number] = [3, 2, 4, 3];
      const xShape: [number, number, number, number] = [2, 9, 11, 4];
      const dilations = g.dilations ?? 1;
      const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, g.strides, dilations, g.pad, undefined, true);
      const attrs = { strides: g.strides, pad: g.pad, dilations };
      const dot = (u: ArrayLike<number>, v: ArrayLike<number>) => Array.from(u).reduce((sum, ui, i) => sum + ui * v[i], 0);
      for (const seed of [70, 80]) {
        const [x, w, dy] = [values(size(xShape), seed), values(size(filterShape), seed + 1), values(size(info.outShape), seed + 2)];
        await tf.setBackend('cpu');
        const y = tf.tidy(() =>
          tf.depthwiseConv2d(tf.tensor4d(x, xShape), tf.tensor4d(w, filterShape), g.strides, g.pad, 'NHWC', dilations).dataSync(),
        );
        await tf.setBackend('wasm');
        const [dW, dX] = tf.tidy(() => {
          const dyT = tf.tensor(dy, info.outShape);
          return [
            tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x: tf.tensor(x, xShape), dy: dyT }, { ...attrs, filterShape }) as tf.Tensor,
            tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy: dyT, filter: tf.tensor(w, filterShape) }, { ...attrs, inputShape: xShape }) as tf.Tensor,
          ].map((t) => t.dataSync());
        });
        const reference = dot(y, dy);
        expect(Math.abs(dot(w, dW) - reference)).toBeLessThan(1e-5 * Math.abs(reference));
        expect(Math.abs(dot(x, dX) - reference)).toBeLessThan(1e-5 * Math.abs(reference));
      }
    },
  );

  it('unsortedSegmentSum, directly and as the gradient of gather', async () => {
    const ids = [3, 0, 3, 1, 0, 3, 2];
    expect(await maxRelDiff(() => tf.unsortedSegmentSum(rand([7, 5], 40), tf.tensor1d(ids, 'int32'), 5))).toBeLessThan(1e-5);
    const diff = await maxRelDiff(() => {
      const table = rand([6, 4], 41);
      const weights = rand([7, 4], 42);
      return tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d(ids, 'int32')).mul(weights).sum())(table);
    });
    expect(diff).toBeLessThan(1e-5);
  });

  it('unsortedSegmentSum gives the closed-form sums', async () => {
    await tf.setBackend('wasm');
    const sums = tf.tidy(() =>
      tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([1, 1, 0], 'int32'), 3).arraySync(),
    );
    expect(sums).toEqual([[5, 6], [4, 6], [0, 0]]);
    // int32 values, 2-D segment ids, and ids outside [0, numSegments) dropped as in TensorFlow.
    const ints = tf.tidy(() =>
      tf.engine().runKernel(tf.UnsortedSegmentSum, { x: tf.tensor3d([[[1], [2]], [[3], [4]]], undefined, 'int32'), segmentIds: tf.tensor2d([[0, 5], [-1, 0]], undefined, 'int32') }, { numSegments: 2 }) as tf.Tensor,
    );
    expect(ints.dtype).toBe('int32');
    expect(ints.arraySync()).toEqual([[5], [0]]);
    ints.dispose();
  });

  it('an Adam-trained MLP reaches the same weights on wasm-with-fixes and cpu', async () => {
    const train = (): tf.Tensor[] => {
      const x = rand([32, 20], 50);
      const y = tf.tensor(values(32 * 6, 51).map((v) => (v > 0 ? 1 : 0)), [32, 6]);
      const w1 = tf.variable(rand([20, 16], 52).mul(0.3));
      const b1 = tf.variable(tf.zeros([16]));
      const w2 = tf.variable(rand([16, 6], 53).mul(0.3));
      const b2 = tf.variable(tf.zeros([6]));
      const optimizer = tf.train.adam(0.01);
      for (let step = 0; step < 5; step++) {
        optimizer.minimize(() => {
          const hidden = tf.relu(tf.matMul(x, w1).add(b1));
          const logits = tf.matMul(hidden, w2).add(b2);
          return tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar;
        });
      }
      optimizer.dispose();
      const weights = [w1, b1, w2, b2].map((v) => v.clone());
      [w1, b1, w2, b2].forEach((v) => v.dispose());
      return weights;
    };
    expect(await maxRelDiff(train)).toBeLessThan(1e-5);
  });

  it('install is idempotent and uninstall restores the stock kernels', () => {
    const fixed = tf.getKernel('BatchMatMul', 'wasm');
    installWasmFixes();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(fixed);
    uninstallWasmFixes();
    expect(wasmFixesInstalled()).toBe(false);
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(fixed);
    for (const name of WASM_ADDED_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeUndefined();
    uninstallWasmFixes();
    installWasmFixes();
    expect(wasmFixesInstalled()).toBe(true);
    for (const name of WASM_ADDED_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });
});
