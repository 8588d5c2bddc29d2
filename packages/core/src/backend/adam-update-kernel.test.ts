import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdamOptimizer } from '../training/optimizers/adam-optimizer.js';
import { ADAM_UPDATE_KERNEL, adamUpdate, registerAdamUpdateKernel, type AdamUpdateAttributes } from './adam-update-kernel.js';
import { lcgValues } from './backend-comparison.fixture.js';
import { tf } from './tf.js';
import { selectTfjsBackend } from './tfjs-backend.js';
import { adamSimdFor, adamSimdModule } from './wasm-adam-simd.js';

/** Deterministic values in [lo, hi) (a 32-bit LCG). */
const values = lcgValues;

/** A step's gradient: mostly in [-1, 1), with exact zeros, large values and small ones spliced in. */
function gradient(n: number, step: number): Float32Array {
  const g = values(n, 100 + step);
  const special = [0, 250, -250, 1e-4, -3e-5];
  for (let i = step; i < n; i += 9) g[i] = special[(i + step) % special.length];
  return g;
}

const HYPER = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
const STEPS = 3;
const SIZES = [1, 3, 4, 5, 1001, 262_147];

/** tfjs-style attributes of step t (1-based), as AdamOptimizer computes them. */
function attributesAt(t: number, learningRate = HYPER.learningRate): AdamUpdateAttributes {
  const { beta1, beta2, epsilon } = HYPER;
  return { stepSize: learningRate / (1 - beta1 ** t), beta1, beta2, epsilon, correction2: 1 - beta2 ** t };
}

/** Float64 Adam state, with the running scales that float32 rounding errors are relative to. */
interface Reference {
  w: Float64Array;
  m: Float64Array;
  v: Float64Array;
  /** |w₀| + Σ_t (size of step t's update with |m|'s terms in place of m): w's rounding errors accumulate relative to this. */
  wScale: Float64Array;
  /** β₁·mScale + (1−β₁)|g|: m's terms' sizes (m itself may cancel). v needs none: its terms are ≥ 0. */
  mScale: Float64Array;
}

const reference = (w0: Float32Array): Reference => ({
  w: Float64Array.from(w0),
  m: new Float64Array(w0.length),
  v: new Float64Array(w0.length),
  wScale: Float64Array.from(w0, Math.abs),
  mScale: new Float64Array(w0.length),
});

/**
 * One Adam step in float64 from its definition (Kingma & Ba 2015, Algorithm 1, ε outside the root):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 */
function referenceStep(r: Reference, g: Float32Array, t: number, learningRate = HYPER.learningRate): void {
  const { beta1, beta2, epsilon } = HYPER;
  for (let i = 0; i < r.w.length; i++) {
    r.m[i] = beta1 * r.m[i] + (1 - beta1) * g[i];
    r.v[i] = beta2 * r.v[i] + (1 - beta2) * g[i] * g[i];
    r.mScale[i] = beta1 * r.mScale[i] + (1 - beta1) * Math.abs(g[i]);
    const denominator = Math.sqrt(r.v[i] / (1 - beta2 ** t)) + epsilon;
    r.w[i] -= (learningRate * (r.m[i] / (1 - beta1 ** t))) / denominator;
    r.wScale[i] += (learningRate * (r.mScale[i] / (1 - beta1 ** t))) / denominator;
  }
}

/** Largest |got − want| / scale (0/0 counts as 0; NaN as infinite). */
function maxScaledError(got: Float32Array, want: Float64Array, scale: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const error = Math.abs(got[i] - want[i]);
    const e = error === 0 ? 0 : error / scale[i];
    worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
  }
  return worst;
}

/** The update in float32 arithmetic, one rounding per operation in the SIMD function's order. */
function float32Step(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, a: AdamUpdateAttributes): [Float32Array, Float32Array, Float32Array] {
  const f = Math.fround;
  const [step, b1, a1, b2, a2, eps, inv2] = [a.stepSize, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.epsilon, 1 / a.correction2].map(f);
  const out: [Float32Array, Float32Array, Float32Array] = [new Float32Array(w.length), new Float32Array(w.length), new Float32Array(w.length)];
  for (let i = 0; i < w.length; i++) {
    const mi = f(f(b1 * m[i]) + f(a1 * g[i]));
    const vi = f(f(b2 * v[i]) + f(f(a2 * g[i]) * g[i]));
    out[0][i] = f(w[i] - f(f(step * mi) / f(f(Math.sqrt(f(vi * inv2))) + eps)));
    out[1][i] = mi;
    out[2][i] = vi;
  }
  return out;
}

const worstSeen: Record<string, number> = {};

/** Runs 3 steps of adamUpdate on the active backend and checks each against the float64 reference. */
function checkThreeSteps(n: number, path: string, bitwiseFloat32: boolean): void {
  const w0 = values(n, 7);
  const ref = reference(w0);
  let [w, m, v]: tf.Tensor[] = [tf.tensor1d(w0), tf.zeros([n]), tf.zeros([n])];
  let emulated: [Float32Array, Float32Array, Float32Array] = [w0, new Float32Array(n), new Float32Array(n)];
  try {
    for (let t = 1; t <= STEPS; t++) {
      const gValues = gradient(n, t);
      const g = tf.tensor1d(gValues);
      const attributes = attributesAt(t);
      const [wNew, mNew, vNew] = adamUpdate(w, m, v, g, attributes);
      tf.dispose([w, m, v, g]);
      [w, m, v] = [wNew, mNew, vNew];
      referenceStep(ref, gValues, t);
      const got = [w, m, v].map((x) => x.dataSync() as Float32Array);
      expect(got.map((x) => x.length)).toEqual([n, n, n]);
      const errors = [maxScaledError(got[0], ref.w, ref.wScale), maxScaledError(got[1], ref.m, ref.mScale), maxScaledError(got[2], ref.v, ref.v)];
      worstSeen[path] = Math.max(worstSeen[path] ?? 0, ...errors);
      for (const e of errors) expect(e).toBeLessThan(1e-5);
      if (bitwiseFloat32) {
        // The SIMD function rounds after every operation, exactly as emulated here (the JavaScript
        // loop keeps doubles in between, and differs in the last bit for some elements).
        emulated = float32Step(...emulated, gValues, attributes);
        for (let k = 0; k < 3; k++) expect(got[k].findIndex((x, i) => !Object.is(x, emulated[k][i]))).toBe(-1);
      }
    }
  } finally {
    tf.dispose([w, m, v]);
  }
}

/** Runs `body` with the fused kernel unregistered from `backend`, so adamUpdate takes the tfjs-op composite. */
function withoutKernel(backend: string, body: () => void): void {
  registerAdamUpdateKernel();
  const config = tf.getKernel(ADAM_UPDATE_KERNEL, backend)!;
  expect(config).toBeDefined();
  tf.unregisterKernel(ADAM_UPDATE_KERNEL, backend);
  try {
    body();
  } finally {
    tf.registerKernel(config);
  }
}

describe('adamUpdate against a float64 Adam', () => {
  let savedEnv: string | undefined;
  let tensorsBefore = 0;

  beforeAll(async () => {
    savedEnv = process.env.AFFECTFUSION_BACKEND;
    delete process.env.AFFECTFUSION_BACKEND;
    expect((await selectTfjsBackend({ requested: 'wasm' })).chosen).toBe('wasm');
  });

  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });

  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  afterAll(async () => {
    await tf.setBackend('wasm');
    if (savedEnv === undefined) delete process.env.AFFECTFUSION_BACKEND;
    else process.env.AFFECTFUSION_BACKEND = savedEnv;
    console.log(`adam vs float64, worst |Δ|/scale: ${Object.entries(worstSeen).map(([k, e]) => `${k} ${e.toExponential(2)}`).join(', ')}`);
  });

  it('adamSimdModule() is valid WebAssembly (SIMD) and binds to a memory', () => {
    const WebAssemblyApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean; Memory: new (d: { initial: number }) => object } }).WebAssembly;
    const bytes = adamSimdModule();
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(WebAssemblyApi.validate(bytes)).toBe(true);
    const memory = new WebAssemblyApi.Memory({ initial: 1 });
    const adam = adamSimdFor(memory);
    expect(typeof adam).toBe('function');
    expect(adamSimdFor(memory)).toBe(adam); // one instance per memory
  });

  it('the SIMD function, called directly: every n from 0 to 13 at unaligned offsets, nothing written outside [0, n)', () => {
    const WebAssemblyApi = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
    const memory = new WebAssemblyApi.Memory({ initial: 1 });
    const adam = adamSimdFor(memory)!;
    const heap = new Float32Array(memory.buffer);
    const a = attributesAt(2);
    for (let n = 0; n <= 13; n++) {
      heap.fill(-7.25); // sentinel
      // Seven regions of 32 floats, each starting 4 bytes past a 16-byte boundary.
      const base = (k: number) => 4 + k * 128;
      const [w, m, v, g] = [values(n, 1), values(n, 2), values(n, 3, 0, 1), values(n, 4)];
      [w, m, v, g].forEach((x, k) => heap.set(x, base(k) / 4));
      adam(base(0), base(1), base(2), base(3), base(4), base(5), base(6), n, a.stepSize, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.epsilon, 1 / a.correction2);
      const want = float32Step(w, m, v, g, a);
      for (let k = 0; k < 3; k++) expect(heap.subarray(base(4 + k) / 4, base(4 + k) / 4 + n)).toEqual(want[k]);
      // Inputs untouched; everything else still the sentinel.
      [w, m, v, g].forEach((x, k) => expect(heap.subarray(base(k) / 4, base(k) / 4 + n)).toEqual(x));
      const inside = (i: number) => Array.from({ length: 7 }, (_, k) => base(k) / 4).some((start) => i >= start && i < start + n);
      const stray = heap.subarray(0, 7 * 32 + 8).findIndex((x, i) => !inside(i) && x !== -7.25);
      expect(stray).toBe(-1);
    }
  });

  it.each(SIZES)('wasm (SIMD kernel), n = %i: 3 steps, bitwise the float32 emulation', async (n) => {
    await tf.setBackend('wasm');
    checkThreeSteps(n, 'wasm SIMD', true);
  });

  it.each(SIZES)('cpu (JavaScript loop), n = %i: 3 steps', async (n) => {
    await tf.setBackend('cpu');
    checkThreeSteps(n, 'cpu loop', false);
  });

  it('the cpu loop and the SIMD function differ in the last bit somewhere (the bitwise check tells them apart)', async () => {
    const n = 1001;
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => adamUpdate(tf.tensor1d(values(n, 7)), tf.tensor1d(values(n, 8)), tf.tensor1d(values(n, 9, 0, 1)), tf.tensor1d(gradient(n, 1)), attributesAt(2))[0].dataSync());
    };
    const [cpu, wasm] = [await run('cpu'), await run('wasm')];
    expect(cpu.some((x, i) => x !== wasm[i])).toBe(true);
  });

  it.each([
    ['cpu', SIZES],
    ['wasm', [1, 5, 1001]],
  ] as const)('%s without the kernel (tfjs-op composite): 3 steps', async (backend, sizes) => {
    await tf.setBackend(backend);
    withoutKernel(backend, () => {
      expect(tf.getKernel(ADAM_UPDATE_KERNEL, backend)).toBeUndefined();
      for (const n of sizes) checkThreeSteps(n, `${backend} composite`, false);
    });
    expect(tf.getKernel(ADAM_UPDATE_KERNEL, backend)).toBeDefined();
  });

  it('rejects a moment or gradient of another size or dtype, naming it', async () => {
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      tf.tidy(() => {
        const w = tf.zeros([2, 3]);
        expect(() => adamUpdate(w, tf.zeros([6]), tf.zeros([5]), tf.zeros([2, 3]), attributesAt(1))).toThrow(/'v' is float32 \[5\], the parameter float32 \[2,3\]/);
        expect(() => adamUpdate(w, tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([2, 3], 'int32'), attributesAt(1))).toThrow(/'g' is int32/);
        // An int32 parameter would be read as float bits by the SIMD function: refused, not mangled.
        expect(() => adamUpdate(tf.zeros([2, 3], 'int32'), tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([2, 3]), attributesAt(1))).toThrow(/'w' is int32/);
      });
    }
  });

  it('AdamOptimizer: 5 steps on wasm equal 5 on cpu (≤ 1e-5) and the float64 reference', async () => {
    const shapes = { kernel: [37, 29], bias: [29], scaled: [4, 4, 3] } as const;
    const scales = { kernel: 1, bias: 1, scaled: 0.5 } as const;
    const train = async (backend: string) => {
      await tf.setBackend(backend);
      const entries = Object.entries(shapes).map(([name, shape], k) => ({
        name,
        variable: tf.tidy(() => tf.variable(tf.tensor(values(shape.reduce((p, d) => p * d, 1), 20 + k), [...shape]), true, `${backend}-${name}`)),
        learningRateScale: scales[name as keyof typeof scales],
      }));
      const optimizer = new AdamOptimizer(entries, { beta1: HYPER.beta1, beta2: HYPER.beta2, epsilon: HYPER.epsilon });
      for (let t = 1; t <= 5; t++) {
        const gradients = Object.fromEntries(entries.map((e, k) => [e.variable.name, tf.tensor(gradient(e.variable.size, t + k), e.variable.shape)]));
        optimizer.apply(gradients, HYPER.learningRate);
        tf.dispose(Object.values(gradients));
      }
      const state = optimizer.getState();
      expect(state.step).toBe(5);
      const result = entries.map((e) => Float32Array.from(e.variable.dataSync()));
      optimizer.dispose();
      entries.forEach((e) => e.variable.dispose());
      return result;
    };
    const cpu = await train('cpu');
    const wasm = await train('wasm');
    let diff = 0;
    let toReference = 0;
    Object.values(shapes).forEach((shape, k) => {
      const n = shape.reduce((p, d) => p * d, 1);
      const ref = reference(values(n, 20 + k));
      for (let t = 1; t <= 5; t++) referenceStep(ref, gradient(n, t + k), t, HYPER.learningRate * Object.values(scales)[k]);
      for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs(wasm[k][i] - cpu[k][i]) / Math.max(1, Math.abs(cpu[k][i])));
      toReference = Math.max(toReference, maxScaledError(wasm[k], ref.w, ref.wScale), maxScaledError(cpu[k], ref.w, ref.wScale));
    });
    worstSeen['AdamOptimizer wasm vs cpu'] = diff;
    worstSeen['AdamOptimizer vs float64'] = toReference;
    expect(diff).toBeLessThan(1e-5);
    expect(toReference).toBeLessThan(1e-5);
  });
});
