/**
 * Kernel fixes for tfjs-backend-wasm 4.22, installed by `selectTfjsBackend` when it picks 'wasm':
 *  (a) BatchMatMul and _FusedMatMul re-registered so transposed and batched products use XNNPACK
 *      instead of the backend's scalar loop (see wasm-matmul-kernels.ts; a 1152→1024→3862 MLP trains
 *      many times faster, see bench/wasm-matmul-fix.mjs);
 *      Large products go to onnxruntime's multi-threaded GEMM (wasm-native-matmul.ts);
 *  (c) Sum over leading axes (bias gradients) as a GEMM with ones (wasm-native-sum.ts), and an
 *      Identity that shares memory instead of copying (wasm-shared-identity.ts), and SplitV (concat's
 *      gradient) as block copies (wasm-split-kernel.ts);
 *  (b) kernels wasm lacks and training needs — Conv2DBackpropFilter, the two depthwise conv
 *      gradients, UnsortedSegmentSum (gather's gradient) — written for wasm in
 *      wasm-gradient-kernels.ts, since the cpu backend's versions are far too slow to delegate to.
 * Both are process-wide (tfjs's kernel registry is global) and reversible.
 */
import { tf } from './tf.js';
import { makeCpuDelegateKernel } from './wasm-cpu-delegate.js';
import {
  depthwiseBackpropFilterKernel,
  depthwiseBackpropInputKernel,
  makeConv2DBackpropFilterKernel,
  unsortedSegmentSumKernel,
} from './wasm-gradient-kernels.js';
import { makeBatchMatMulKernel, makeFusedMatMulKernel } from './wasm-matmul-kernels.js';
import { makeSumKernel } from './wasm-native-sum.js';
import { makeSharedIdentityKernel } from './wasm-shared-identity.js';
import { makeSplitKernel } from './wasm-split-kernel.js';

/** Kernels that wasm lacks and that training needs, with their wasm implementations. */
const ADDED_KERNELS: Readonly<Record<string, () => tf.KernelFunc>> = {
  // NCHW (which wasm's forward Conv2D does not run either) goes to the cpu kernel.
  [tf.Conv2DBackpropFilter]: () => makeConv2DBackpropFilterKernel(makeCpuDelegateKernel(tf.Conv2DBackpropFilter).kernelFunc),
  [tf.DepthwiseConv2dNativeBackpropFilter]: () => depthwiseBackpropFilterKernel,
  [tf.DepthwiseConv2dNativeBackpropInput]: () => depthwiseBackpropInputKernel,
  [tf.UnsortedSegmentSum]: () => unsortedSegmentSumKernel,
};

/** Names of the kernels `installWasmFixes` adds to wasm where it has none. */
export const WASM_ADDED_KERNELS: readonly string[] = Object.keys(ADDED_KERNELS);

const WRAPPED_KERNELS: ReadonlyArray<readonly [string, (original: tf.KernelFunc) => tf.KernelFunc]> = [
  [tf.BatchMatMul, makeBatchMatMulKernel],
  [tf._FusedMatMul, makeFusedMatMulKernel],
  [tf.Sum, makeSumKernel],
  [tf.Identity, makeSharedIdentityKernel],
  [tf.SplitV, makeSplitKernel],
];

interface Installed {
  /** The stock configs replaced, to put back on uninstall. */
  replaced: tf.KernelConfig[];
  /** Names of kernels added where wasm had none. */
  added: string[];
}

let installed: Installed | undefined;

/**
 * Installs the wasm kernel fixes. Idempotent. Needs `@tensorflow/tfjs-backend-wasm` imported (its
 * kernels registered) and the cpu kernels (imported by tf.ts); the wasm backend need not be active.
 */
export function installWasmFixes(): void {
  if (installed) return;
  const originals = WRAPPED_KERNELS.map(([name]) => tf.getKernel(name, 'wasm'));
  const missing = WRAPPED_KERNELS.filter((_, i) => originals[i] == null).map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(
      `installWasmFixes: the wasm backend's ${missing.join(', ')} kernel(s) are not registered. ` +
        `Import '@tensorflow/tfjs-backend-wasm' first (selectTfjsBackend({ requested: 'wasm' }) does).`,
    );
  }
  const state: Installed = { replaced: [], added: [] };
  WRAPPED_KERNELS.forEach(([name, wrap], i) => {
    const original = originals[i] as tf.KernelConfig;
    tf.unregisterKernel(name, 'wasm');
    // Keep setupFunc/disposeFunc: the engine calls them on every setBackend('wasm').
    tf.registerKernel({ ...original, kernelFunc: wrap(original.kernelFunc) });
    state.replaced.push(original);
  });
  for (const [name, make] of Object.entries(ADDED_KERNELS)) {
    if (tf.getKernel(name, 'wasm') != null) continue; // a later tfjs-backend-wasm has its own
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: make() });
    state.added.push(name);
  }
  installed = state;
}

/** Puts the stock wasm kernels back and removes the delegated ones. Idempotent. */
export function uninstallWasmFixes(): void {
  if (!installed) return;
  for (const original of installed.replaced) {
    tf.unregisterKernel(original.kernelName, 'wasm');
    tf.registerKernel(original);
  }
  for (const name of installed.added) tf.unregisterKernel(name, 'wasm');
  installed = undefined;
}

/** Whether `installWasmFixes` is in effect. */
export function wasmFixesInstalled(): boolean {
  return installed !== undefined;
}
