/**
 * A synchronous, multi-threaded GEMM on Float32Arrays — y = act(op(a)·op(b) + bias) — run by
 * onnxruntime's CPU kernels (MLAS), for the tfjs kernels that need fast matrix products.
 *
 * Why: tfjs keeps its wasm backend single-threaded in Node, and wasm SIMD is 128 bits wide without
 * FMA; XNNPACK reaches 31–46 GFLOP/s there. MLAS, bundled in onnxruntime-node (already a dependency
 * for the pretrained extractors), uses the CPU's widest vectors and every core: measured on the 2-core
 * AMD EPYC VM, 1024×1024·1024×3862 runs at ~200 GFLOP/s on one thread and ~410 on two. tfjs kernels
 * are synchronous, and so is onnxruntime-node's native session (`binding.InferenceSession.run`; the
 * public `InferenceSession.run` only wraps it in a Promise), so the product can be a kernel.
 *
 * One tiny session per variant (transposes × bias × activation), with symbolic shapes, serves every
 * size. Inputs are read in place; the output is written in place into `out` (a preallocated output).
 */
import { encodeOnnxModel, type OnnxNodeSpec } from './onnx-model-encoder.js';
import { OnnxSyncSession, defaultComputeThreads } from './onnx-sync-session.js';

/** The activations tfjs fuses into a matMul that onnxruntime can apply in the same session. */
export type OnnxGemmActivation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'elu' | 'leakyrelu';

export const ONNX_GEMM_ACTIVATIONS: readonly OnnxGemmActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu'];

/** One product: shapes are of `a` and `b` as stored (before the transposes). */
export interface OnnxGemmProblem {
  a: Float32Array;
  aShape: readonly [number, number];
  b: Float32Array;
  bShape: readonly [number, number];
  transposeA: boolean;
  transposeB: boolean;
  /** Added to every row: N values, one value (broadcast), or M·N values. */
  bias?: Float32Array;
  activation?: OnnxGemmActivation;
  /** LeakyRelu's slope for negative inputs (tfjs's default 0.2). */
  leakyreluAlpha?: number;
  /** Receives the M×N result, row-major. */
  out: Float32Array;
}

/**
 * GEMMs through onnxruntime, one cached session per variant. Not thread-safe across workers (each
 * worker makes its own). `dispose()` frees the sessions and their thread pools.
 */
export class OnnxGemm {
  private readonly sessions = new Map<string, OnnxSyncSession>();
  readonly threads: number;

  constructor(options: { threads?: number } = {}) {
    this.threads = options.threads ?? defaultComputeThreads();
    if (!Number.isInteger(this.threads) || this.threads < 1) {
      throw new Error(`OnnxGemm: threads must be a positive integer, got ${options.threads}`);
    }
  }

  /** Computes `problem.out = act(op(a)·op(b) + bias)`. Throws on inconsistent shapes. */
  run(problem: OnnxGemmProblem): void {
    const { aShape, bShape, transposeA, transposeB } = problem;
    const [M, K] = transposeA ? [aShape[1], aShape[0]] : aShape;
    const [K2, N] = transposeB ? [bShape[1], bShape[0]] : bShape;
    if (K !== K2) throw new Error(`OnnxGemm: inner sizes differ (a gives ${K}, b gives ${K2})`);
    if (problem.a.length !== aShape[0] * aShape[1] || problem.b.length !== bShape[0] * bShape[1]) {
      throw new Error('OnnxGemm: an operand has fewer or more values than its shape says');
    }
    if (problem.out.length !== M * N) throw new Error(`OnnxGemm: out holds ${problem.out.length} values, the product ${M}×${N}`);
    const bias = problem.bias;
    const biasShape = bias == null ? undefined : bias.length === N ? [1, N] : bias.length === 1 ? [1, 1] : bias.length === M * N ? [M, N] : undefined;
    if (bias != null && biasShape == null) throw new Error(`OnnxGemm: a bias of ${bias.length} values does not broadcast to ${M}×${N}`);
    const activation = problem.activation ?? 'linear';
    const alpha = problem.leakyreluAlpha ?? 0.2;

    const session = this.session(transposeA, transposeB, bias != null, activation, alpha);
    session.run(
      {
        a: { data: problem.a, dims: aShape },
        b: { data: problem.b, dims: bShape },
        ...(bias != null ? { c: { data: bias, dims: biasShape! } } : {}),
      },
      { y: { data: problem.out, dims: [M, N] } },
    );
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
  }

  private session(transA: boolean, transB: boolean, bias: boolean, activation: OnnxGemmActivation, alpha: number): OnnxSyncSession {
    const key = `${+transA}${+transB}${+bias}:${activation}${activation === 'leakyrelu' ? `:${alpha}` : ''}`;
    let session = this.sessions.get(key);
    if (session) return session;
    session = new OnnxSyncSession(gemmModel(transA, transB, bias, activation, alpha), this.threads);
    this.sessions.set(key, session);
    return session;
  }
}

/** The one-GEMM model of a variant; shapes symbolic so one session serves every size. */
function gemmModel(transA: boolean, transB: boolean, bias: boolean, activation: OnnxGemmActivation, alpha: number): Uint8Array {
  const aShape = transA ? ['k', 'm'] : ['m', 'k'];
  const bShape = transB ? ['n', 'k'] : ['k', 'n'];
  const product = activation === 'linear' ? 'y' : 'product';
  const nodes: OnnxNodeSpec[] = [
    { opType: 'Gemm', inputs: bias ? ['a', 'b', 'c'] : ['a', 'b'], outputs: [product], attributes: { transA: +transA, transB: +transB } },
  ];
  const initializers = [];
  switch (activation) {
    case 'linear':
      break;
    case 'relu':
      nodes.push({ opType: 'Relu', inputs: [product], outputs: ['y'] });
      break;
    case 'relu6':
      nodes.push({ opType: 'Clip', inputs: [product, 'zero', 'six'], outputs: ['y'] });
      initializers.push({ name: 'zero', dims: [], values: [0] }, { name: 'six', dims: [], values: [6] });
      break;
    case 'sigmoid':
      nodes.push({ opType: 'Sigmoid', inputs: [product], outputs: ['y'] });
      break;
    case 'elu':
      nodes.push({ opType: 'Elu', inputs: [product], outputs: ['y'], attributes: { alpha: { float: 1 } } });
      break;
    case 'leakyrelu':
      nodes.push({ opType: 'LeakyRelu', inputs: [product], outputs: ['y'], attributes: { alpha: { float: alpha } } });
      break;
  }
  return encodeOnnxModel({
    inputs: [
      { name: 'a', shape: aShape },
      { name: 'b', shape: bShape },
      ...(bias ? [{ name: 'c', shape: ['cm', 'cn'] }] : []),
    ],
    outputs: [{ name: 'y', shape: ['m', 'n'] }],
    nodes,
    initializers,
    graphName: `gemm_${activation}`,
  });
}
