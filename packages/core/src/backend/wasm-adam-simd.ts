/**
 * The Adam update (adam-update-kernel.ts) as a 128-bit SIMD WebAssembly function that runs directly
 * on the tfjs wasm backend's memory (it imports that WebAssembly.Memory), four floats at a time.
 *
 * Why hand-assembled: the update is a handful of instructions, no C toolchain for wasm is assumed,
 * and it is the hot loop of every training step once the products are fast: measured on the 2-core
 * VM for 5.1 M parameters, ~40 ms a step as a JavaScript loop (V8 computes each element in scalar
 * doubles), against ~12 ms here, close to the memory traffic's bound. The module is ~200 bytes,
 * validated before use; where it does not validate (no wasm SIMD), the JavaScript loop is used.
 *
 *   adam(w, m, v, g, wOut, mOut, vOut, n, stepSize, beta1, 1−beta1, beta2, 1−beta2, epsilon, 1/c₂)
 *   m' = β₁m + (1−β₁)g;  v' = β₂v + (1−β₂)g²;  w' = w − stepSize·m' / (√(v'/c₂) + ε)
 * Pointers are byte offsets into the memory; n is the element count.
 */

// Opcodes (WebAssembly core 2.0 and its fixed-width SIMD proposal, merged into 2.0).
const OP = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Const: 0x41, i32GeU: 0x4f, i32Add: 0x6a, i32And: 0x71, i32Shl: 0x74,
  f32Load: 0x2a, f32Store: 0x38, f32Sqrt: 0x91, f32Add: 0x92, f32Sub: 0x93, f32Mul: 0x94, f32Div: 0x95,
} as const;
const SIMD = 0xfd;
const V = { load: 0x00, store: 0x0b, splat: 0x13, sqrt: 0xe3, add: 0xe4, sub: 0xe5, mul: 0xe6, div: 0xe7 } as const;
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

const uleb = (value: number): number[] => {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
};
const sleb = (value: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (text: string): number[] => vec([...text].map((c) => [c.charCodeAt(0)]));

// Parameters (locals 0–14) and locals.
const P = { w: 0, m: 1, v: 2, g: 3, wOut: 4, mOut: 5, vOut: 6, n: 7, step: 8, b1: 9, a1: 10, b2: 11, a2: 12, eps: 13, inv2: 14 } as const;
const L = { i: 15, end4: 16, endAll: 17, vStep: 18, vB1: 19, vA1: 20, vB2: 21, vA2: 22, vEps: 23, vInv2: 24 } as const;
/** The element being updated: v128 locals in the vector loop, f32 locals in the scalar tail. */
const VECTOR_TEMPS = { g: 25, m: 26, v: 27 } as const;
const SCALAR_TEMPS = { g: 28, m: 29, v: 30 } as const;

function adamBody(): number[] {
  const get = (l: number) => [OP.localGet, l];
  const set = (l: number) => [OP.localSet, l];
  const simd = (op: number, ...imm: number[]) => [SIMD, ...uleb(op), ...imm];
  const memarg = [2, 0]; // align 2^2, offset 0
  const at = (base: number) => [...get(base), ...get(L.i), OP.i32Add];
  const vload = (base: number) => [...at(base), ...simd(V.load, ...memarg)];
  const fload = (base: number) => [...at(base), OP.f32Load, ...memarg];
  const splat = (from: number, to: number) => [...get(from), ...simd(V.splat), ...set(to)];

  // One element or four: the same expression tree with scalar or vector instructions.
  const update = (load: (b: number) => number[], k: { add: number[]; sub: number[]; mul: number[]; div: number[]; sqrt: number[] }, c: { step: number; b1: number; a1: number; b2: number; a2: number; eps: number; inv2: number }, store: (base: number, value: number[]) => number[], t: { g: number; m: number; v: number }) => [
    ...load(P.g), ...set(t.g),
    // m' = b1·m + a1·g
    ...get(c.b1), ...load(P.m), ...k.mul, ...get(c.a1), ...get(t.g), ...k.mul, ...k.add, ...set(t.m),
    // v' = b2·v + a2·g·g
    ...get(c.b2), ...load(P.v), ...k.mul, ...get(c.a2), ...get(t.g), ...k.mul, ...get(t.g), ...k.mul, ...k.add, ...set(t.v),
    ...store(P.mOut, get(t.m)),
    ...store(P.vOut, get(t.v)),
    // w' = w − step·m' / (sqrt(v'·inv2) + eps)
    ...store(P.wOut, [...load(P.w), ...get(c.step), ...get(t.m), ...k.mul, ...get(t.v), ...get(c.inv2), ...k.mul, ...k.sqrt, ...get(c.eps), ...k.add, ...k.div, ...k.sub]),
  ];
  const vectorOps = { add: simd(V.add), sub: simd(V.sub), mul: simd(V.mul), div: simd(V.div), sqrt: simd(V.sqrt) };
  const scalarOps = { add: [OP.f32Add], sub: [OP.f32Sub], mul: [OP.f32Mul], div: [OP.f32Div], sqrt: [OP.f32Sqrt] };
  const vectorConsts = { step: L.vStep, b1: L.vB1, a1: L.vA1, b2: L.vB2, a2: L.vA2, eps: L.vEps, inv2: L.vInv2 };
  const scalarConsts = { step: P.step, b1: P.b1, a1: P.a1, b2: P.b2, a2: P.a2, eps: P.eps, inv2: P.inv2 };
  const vstore = (base: number, value: number[]) => [...at(base), ...value, ...simd(V.store, ...memarg)];
  const fstore = (base: number, value: number[]) => [...at(base), ...value, OP.f32Store, ...memarg];
  const loopOver = (endLocal: number, stride: number, body: number[]) => [
    OP.block, 0x40, OP.loop, 0x40,
    ...get(L.i), ...get(endLocal), OP.i32GeU, OP.brIf, 1,
    ...body,
    ...get(L.i), OP.i32Const, ...sleb(stride), OP.i32Add, ...set(L.i),
    OP.br, 0, OP.end, OP.end,
  ];
  return [
    // end4 = (n & ~3) << 2; endAll = n << 2 (byte offsets)
    ...get(P.n), OP.i32Const, ...sleb(-4), OP.i32And, OP.i32Const, 2, OP.i32Shl, ...set(L.end4),
    ...get(P.n), OP.i32Const, 2, OP.i32Shl, ...set(L.endAll),
    ...splat(P.step, L.vStep), ...splat(P.b1, L.vB1), ...splat(P.a1, L.vA1), ...splat(P.b2, L.vB2), ...splat(P.a2, L.vA2), ...splat(P.eps, L.vEps), ...splat(P.inv2, L.vInv2),
    ...loopOver(L.end4, 16, update(vload, vectorOps, vectorConsts, vstore, VECTOR_TEMPS)),
    ...loopOver(L.endAll, 4, update(fload, scalarOps, scalarConsts, fstore, SCALAR_TEMPS)),
    OP.end,
  ];
}

/** The module's bytes: one function `adam`, importing `env.memory`. */
export function adamSimdModule(): Uint8Array {
  const body = adamBody();
  const locals = vec([
    [3, I32], // i, end4, endAll
    [10, V128], // vStep … vInv2, then g, m, v of the vector loop
    [3, F32], // g, m, v of the scalar tail
  ]);
  const code = [...locals, ...body];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([...Array(8).fill([I32]), ...Array(7).fill([F32])]), 0]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('adam'), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return Uint8Array.from(bytes);
}

/** The signature of the exported function (pointers are byte offsets). */
export type AdamSimdFunction = (
  w: number, m: number, v: number, g: number, wOut: number, mOut: number, vOut: number, n: number,
  stepSize: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, epsilon: number, inverseCorrection2: number,
) => void;

/** The part of the WebAssembly JS API used here (the project's TypeScript libs omit the DOM's declarations). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => object;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Whether `value` is a WebAssembly.Memory. */
export const isWasmMemory = (value: unknown): value is object => value instanceof wasmApi.Memory;

const instances = new WeakMap<object, AdamSimdFunction | null>();

/** The SIMD Adam bound to `memory` (a WebAssembly.Memory), or null where this engine cannot run wasm SIMD. */
export function adamSimdFor(memory: object): AdamSimdFunction | null {
  let fn = instances.get(memory);
  if (fn === undefined) {
    const bytes = adamSimdModule();
    fn = wasmApi.validate(bytes) ? (new wasmApi.Instance(new wasmApi.Module(bytes), { env: { memory } }).exports.adam as AdamSimdFunction) : null;
    instances.set(memory, fn);
  }
  return fn;
}
