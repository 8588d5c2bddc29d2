import { afterAll, describe, expect, it } from 'vitest';
import { ONNX_GEMM_ACTIVATIONS, OnnxGemm, type OnnxGemmActivation } from './onnx-gemm.js';

/** Deterministic values in [-scale, scale) (a 32-bit LCG). */
function values(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 31 - 1) * scale;
  }
  return out;
}

/** The activations in float64, written from their definitions (tfjs's, which onnxruntime must match). */
const ACTIVATE: Record<OnnxGemmActivation, (x: number, alpha: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(x, 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  leakyrelu: (x, alpha) => (x > 0 ? x : alpha * x),
};

interface Case {
  M: number;
  K: number;
  N: number;
  transposeA: boolean;
  transposeB: boolean;
  /** Bias length: N, 1 or M·N values, or none. */
  bias?: 'N' | '1' | 'MN';
  activation?: OnnxGemmActivation;
  alpha?: number;
}

/** The operands as stored, and the float64 pre-activation product + bias (entries of op(a)·op(b) read by index). */
function problemOf(c: Case, seed: number) {
  const { M, K, N, transposeA, transposeB } = c;
  // Scaled so that pre-activations cross 0 and 6 (relu6), and reach the flat parts of sigmoid/elu.
  const a = values(M * K, seed, 4);
  const b = values(K * N, seed + 1, 2);
  const biasLength = c.bias === 'N' ? N : c.bias === '1' ? 1 : c.bias === 'MN' ? M * N : 0;
  const bias = biasLength > 0 ? values(biasLength, seed + 2, 3) : undefined;
  const aAt = (i: number, k: number) => (transposeA ? a[k * M + i] : a[i * K + k]);
  const bAt = (k: number, j: number) => (transposeB ? b[j * K + k] : b[k * N + j]);
  const pre = new Float64Array(M * N);
  /** Σ|terms| of each entry: float32 summation errs by at most (K + 1)·2⁻²⁴ of it. */
  const magnitude = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      let abs = 0;
      for (let k = 0; k < K; k++) {
        sum += aAt(i, k) * bAt(k, j);
        abs += Math.abs(aAt(i, k) * bAt(k, j));
      }
      if (bias) {
        const term = bias.length === 1 ? bias[0] : bias.length === N && c.bias === 'N' ? bias[j] : bias[i * N + j];
        sum += term;
        abs += Math.abs(term);
      }
      pre[i * N + j] = sum;
      magnitude[i * N + j] = abs;
    }
  }
  return {
    problem: {
      a,
      aShape: (transposeA ? [K, M] : [M, K]) as [number, number],
      b,
      bShape: (transposeB ? [N, K] : [K, N]) as [number, number],
      transposeA,
      transposeB,
      bias,
      activation: c.activation,
      leakyreluAlpha: c.alpha,
      out: new Float32Array(M * N).fill(Number.NaN),
    },
    pre,
    magnitude,
  };
}

const EPS32 = 2 ** -24;

/**
 * Runs the case and returns the largest error in units of its float32 bound: |got − want| divided by
 * (K + 2)·2⁻²⁴·(Σ|terms| + |want|) — the summation bound γ_K·Σ|terms| (every activation here has slope
 * ≤ 1, so it carries over) plus the output's rounding. ≤ 1 passes; a transposition or bias mistake
 * gives errors of order 1/2⁻²⁴. Also records the plain relative error |got − want| / max(1, |want|).
 */
function check(gemm: OnnxGemm, c: Case, seed: number): number {
  const { problem, pre, magnitude } = problemOf(c, seed);
  gemm.run(problem);
  const activation = c.activation ?? 'linear';
  const alpha = c.alpha ?? 0.2;
  let worst = 0;
  for (let i = 0; i < pre.length; i++) {
    const want = ACTIVATE[activation](pre[i], alpha);
    const error = Math.abs(problem.out[i] - want);
    worstRelative = Math.max(worstRelative, Number.isNaN(error) ? Infinity : error / Math.max(1, Math.abs(want)));
    const units = error / ((c.K + 2) * EPS32 * (magnitude[i] + Math.abs(want)));
    worst = Number.isNaN(units) ? Infinity : Math.max(worst, units);
  }
  worstUnits = Math.max(worstUnits, worst);
  return worst;
}

const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** The worst errors seen, printed at the end. */
let worstRelative = 0;
let worstUnits = 0;

describe('OnnxGemm against a float64 reference', () => {
  const gemm = new OnnxGemm({ threads: 1 });

  afterAll(() => {
    gemm.dispose();
    console.log(`onnx-gemm vs float64: worst |Δ|/max(1,|y|) ${worstRelative.toExponential(2)}, worst |Δ| / bound ${worstUnits.toFixed(3)}`);
  });

  it.each(TRANSPOSES)('odd sizes 7×13·13×5, transposeA=%s transposeB=%s, no bias', (transposeA, transposeB) => {
    expect(check(gemm, { M: 7, K: 13, N: 5, transposeA, transposeB }, 1)).toBeLessThanOrEqual(1);
  });

  it.each(TRANSPOSES)('bias of N, 1 and M·N values, transposeA=%s transposeB=%s', (transposeA, transposeB) => {
    for (const bias of ['N', '1', 'MN'] as const) {
      expect(check(gemm, { M: 7, K: 13, N: 5, transposeA, transposeB, bias }, 2)).toBeLessThanOrEqual(1);
    }
  });

  it('an M·N bias on a 1-column product (M·N values, not N) and a 1-row product (M·N = N)', () => {
    expect(check(gemm, { M: 6, K: 4, N: 1, transposeA: false, transposeB: true, bias: 'MN' }, 3)).toBeLessThanOrEqual(1);
    expect(check(gemm, { M: 1, K: 4, N: 6, transposeA: true, transposeB: false, bias: 'MN' }, 4)).toBeLessThanOrEqual(1);
  });

  it.each(ONNX_GEMM_ACTIVATIONS.flatMap((activation) => TRANSPOSES.map(([ta, tb]) => [activation, ta, tb] as const)))(
    'activation %s with a bias of N values, transposeA=%s transposeB=%s',
    (activation, transposeA, transposeB) => {
      const c: Case = { M: 7, K: 13, N: 5, transposeA, transposeB, bias: 'N', activation, alpha: activation === 'leakyrelu' ? 0.37 : undefined };
      // The inputs reach every piece of the activation: below 0, between 0 and 6, above 6.
      const { pre } = problemOf(c, 5);
      expect(pre.some((x) => x < -1)).toBe(true);
      expect(pre.some((x) => x > 0 && x < 6)).toBe(true);
      expect(pre.some((x) => x > 6)).toBe(true);
      expect(check(gemm, c, 5)).toBeLessThanOrEqual(1);
    },
  );

  it('leakyrelu uses the given alpha (0.37 vs the 0.2 default differ), and two alphas get two sessions', () => {
    const c: Case = { M: 7, K: 13, N: 5, transposeA: false, transposeB: false, activation: 'leakyrelu' };
    expect(check(gemm, { ...c, alpha: 0.37 }, 6)).toBeLessThanOrEqual(1);
    expect(check(gemm, c, 6)).toBeLessThanOrEqual(1); // default 0.2
    expect(check(gemm, { ...c, alpha: 0.01 }, 6)).toBeLessThanOrEqual(1);
  });

  it.each(TRANSPOSES)('a large product (96×80·80×72 = 552 960 multiply-adds), transposeA=%s transposeB=%s', (transposeA, transposeB) => {
    expect(96 * 80 * 72).toBeGreaterThanOrEqual(2 ** 18);
    expect(check(gemm, { M: 96, K: 80, N: 72, transposeA, transposeB, bias: 'N', activation: 'relu' }, 7)).toBeLessThanOrEqual(1);
  });

  it('the same session serves every size (symbolic shapes)', () => {
    for (const [M, K, N] of [[1, 1, 1], [3, 2, 9], [17, 1, 4], [2, 31, 3]]) {
      expect(check(gemm, { M, K, N, transposeA: true, transposeB: true, bias: '1' }, 8 + M)).toBeLessThanOrEqual(1);
    }
  });
});

describe('OnnxGemm input checks', () => {
  const gemm = new OnnxGemm({ threads: 1 });
  afterAll(() => gemm.dispose());
  const base = () => problemOf({ M: 3, K: 4, N: 2, transposeA: false, transposeB: false }, 9).problem;

  it('rejects inner sizes that differ', () => {
    expect(() => gemm.run({ ...base(), bShape: [2, 4] })).toThrow(/inner sizes differ \(a gives 4, b gives 2\)/);
    expect(() => gemm.run({ ...base(), transposeB: true })).toThrow(/inner sizes differ/);
  });

  it('rejects operands whose length disagrees with their shape', () => {
    expect(() => gemm.run({ ...base(), a: new Float32Array(11) })).toThrow(/fewer or more values than its shape/);
    expect(() => gemm.run({ ...base(), b: new Float32Array(9) })).toThrow(/fewer or more values than its shape/);
  });

  it('rejects an output of the wrong size, and a bias that does not broadcast', () => {
    expect(() => gemm.run({ ...base(), out: new Float32Array(5) })).toThrow(/out holds 5 values, the product 3×2/);
    expect(() => gemm.run({ ...base(), bias: new Float32Array(3) })).toThrow(/a bias of 3 values does not broadcast to 3×2/);
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => new OnnxGemm({ threads: 0 })).toThrow(/threads must be a positive integer, got 0/);
    expect(() => new OnnxGemm({ threads: 1.5 })).toThrow(/threads must be a positive integer/);
  });
});

describe('OnnxGemm thread counts', () => {
  it('1 and 2 threads give bitwise-identical products (MLAS splits the output, not the inner sum)', () => {
    const one = new OnnxGemm({ threads: 1 });
    const two = new OnnxGemm({ threads: 2 });
    try {
      expect(two.threads).toBe(2);
      for (const [transposeA, transposeB] of TRANSPOSES) {
        // Large enough for MLAS to use both threads (≈ 31 M multiply-adds).
        const { problem } = problemOf({ M: 384, K: 256, N: 320, transposeA, transposeB, bias: 'N', activation: 'sigmoid' }, 10);
        one.run(problem);
        const first = Float32Array.from(problem.out);
        problem.out.fill(Number.NaN);
        two.run(problem);
        let differing = 0;
        for (let i = 0; i < first.length; i++) if (Object.is(first[i], problem.out[i]) === false) differing++;
        expect(differing).toBe(0);
      }
    } finally {
      one.dispose();
      two.dispose();
    }
  });
});
