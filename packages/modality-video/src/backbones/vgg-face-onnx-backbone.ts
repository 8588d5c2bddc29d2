import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { AffectFusionError, createOnnxSession, ort, type OnnxProviderChoice, type OnnxSessionReport } from '@affectfusion/core';
import type { RgbImage } from '../video/rgb-image.js';
import { checkFit, faceInput, type FaceBackbone, type FaceInputFit, type SpatialMapShape } from './face-backbone.js';

/**
 * VGG-Face's mean pixel, in R, G, B order: subtracted from 0–255 pixels, no scaling. The original
 * Caffe model takes B, G, R planes minus (93.5940, 104.7624, 129.1863) — keras-vggface's
 * `preprocess_input(version=1)` flips RGB to BGR and subtracts exactly these; the MatConvNet and
 * PyTorch ports (`vgg_face_dag`, meta mean [129.186279296875, 104.76238250732422, 93.59396362304688],
 * std 1) take R, G, B planes minus the same values in R, G, B order.
 */
export const VGG_FACE_MEAN_RGB: readonly [number, number, number] = [129.1863, 104.7624, 93.594];

/** Options of {@link VggFaceOnnxBackbone.load}. */
export interface VggFaceOnnxOptions {
  /** Path to the ONNX model: VGG16 up to conv5_3 (+ ReLU), see docs/video-weights.md. */
  readonly model: string;
  /** The model's input name (default: its only input). */
  readonly inputName?: string;
  /** The output holding conv5_3 (default: the model's first output). */
  readonly outputName?: string;
  /** `'nchw'` `[N, 3, H, W]` (PyTorch, Caffe), `'nhwc'` `[N, H, W, 3]` (Keras/tf2onnx), or `'auto'` (default: from the declared input shape). */
  readonly layout?: 'auto' | 'nchw' | 'nhwc';
  /** Channel order the model takes: `'bgr'` (default: the Caffe model, keras-vggface) or `'rgb'` (vgg_face_dag.pth). */
  readonly channelOrder?: 'bgr' | 'rgb';
  /** Mean pixel subtracted, R, G, B order (default {@link VGG_FACE_MEAN_RGB}). */
  readonly meanRgb?: readonly [number, number, number];
  /** Multiplier after mean subtraction (default 1: VGG-Face takes 0–255 minus mean). */
  readonly scale?: number;
  /** Network input side (default 224). */
  readonly inputSize?: number;
  /** How a face crop becomes the input (default `'centre-crop'`: 224 of the 256 crop, as the thesis). */
  readonly fit?: FaceInputFit;
  readonly provider?: OnnxProviderChoice;
  readonly intraOpNumThreads?: number;
  /** Faces per onnxruntime run (default 8). */
  readonly batchSize?: number;
}

const DOCS = 'see docs/video-weights.md for converting the public VGG-Face weights to an ONNX model of VGG16 up to conv5_3';

/**
 * VGG-Face (VGG16) up to conv5_3 on onnxruntime, from a user-supplied ONNX file: aligned face crops
 * in, 14×14×512 maps out at 224×224 (thesis §2.2.1: L = H/16 · W/16 local descriptors of D = 512).
 * Loading checks the input's element type, rank, layout and size, runs the model once to learn
 * the map's shape, and fails with a message naming the file and what it has instead.
 */
export class VggFaceOnnxBackbone implements FaceBackbone {
  readonly name = 'vgg-face';

  private constructor(
    readonly session: ort.InferenceSession,
    readonly file: string,
    readonly inputName: string,
    readonly outputName: string,
    readonly layout: 'nchw' | 'nhwc',
    readonly channelOrder: 'bgr' | 'rgb',
    readonly mean: readonly [number, number, number],
    readonly scale: number,
    readonly inputSize: number,
    readonly fit: FaceInputFit,
    readonly batchSize: number,
    readonly map: SpatialMapShape,
    readonly fingerprint: string,
    readonly report: OnnxSessionReport,
  ) {}

  /** Loads and checks the model (see the class notes). */
  static async load(options: VggFaceOnnxOptions): Promise<VggFaceOnnxBackbone> {
    if (typeof options?.model !== 'string' || !options.model) {
      throw new AffectFusionError('VGG-Face: options.model (the path to the VGG-Face ONNX file) is required', DOCS);
    }
    const inputSize = options.inputSize ?? 224;
    const batchSize = options.batchSize ?? 8;
    const scale = options.scale ?? 1;
    const mean = options.meanRgb ?? VGG_FACE_MEAN_RGB;
    const channelOrder = options.channelOrder ?? 'bgr';
    const fit = checkFit(options.fit ?? 'centre-crop', 'VGG-Face');
    if (!(Number.isInteger(inputSize) && inputSize >= 32)) throw new AffectFusionError(`VGG-Face inputSize must be a whole number ≥ 32, got ${inputSize}`, 'leave it out for 224');
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new AffectFusionError(`VGG-Face batchSize must be a positive integer, got ${batchSize}`, 'leave it out for 8');
    if (channelOrder !== 'bgr' && channelOrder !== 'rgb') throw new AffectFusionError(`VGG-Face channelOrder must be 'bgr' or 'rgb', got '${channelOrder}'`, DOCS);
    if (!(Array.isArray(mean) && mean.length === 3 && mean.every(Number.isFinite)) || !Number.isFinite(scale)) {
      throw new AffectFusionError(`VGG-Face meanRgb must be three numbers and scale a number, got ${JSON.stringify(mean)} and ${scale}`, 'leave them out for VGG-Face’s own normalisation');
    }
    const file = resolve(options.model);
    const { session, report } = await createOnnxSession(file, { provider: options.provider, intraOpNumThreads: options.intraOpNumThreads });
    try {
      const inputName = pickName('input', session.inputNames, options.inputName, file);
      const outputName = pickName('output', session.outputNames, options.outputName ?? session.outputNames[0], file);
      const meta = session.inputMetadata[session.inputNames.indexOf(inputName)];
      if (!meta.isTensor || meta.type !== 'float32') {
        throw new AffectFusionError(`${file}: input '${inputName}' is ${meta.isTensor ? meta.type : 'not a tensor'}; VGG-Face needs float32 images`, DOCS);
      }
      const layout = detectLayout(meta.shape, options.layout ?? 'auto', inputSize, inputName, file);
      const backbone0 = { session, inputName, outputName, layout, channelOrder, mean, scale, inputSize };
      // One run on a grey face: checks that the graph runs on this input and reads the map's shape.
      const probe = await runBatch(backbone0, [{ width: inputSize, height: inputSize, data: new Uint8Array(inputSize * inputSize * 3).fill(128) }], 1, file);
      const map = probe.map;
      const fingerprint = createHash('sha256')
        .update(JSON.stringify({ backbone: 'vgg-face-onnx/1', inputName, outputName, layout, channelOrder, mean, scale, inputSize, fit, map }))
        .update(await fileHash(file))
        .digest('hex');
      return new VggFaceOnnxBackbone(session, file, inputName, outputName, layout, channelOrder, mean, scale, inputSize, fit, batchSize, map, fingerprint, report);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  async run(faces: readonly RgbImage[]): Promise<Float32Array> {
    const { height, width, channels } = this.map;
    const L = height * width;
    const out = new Float32Array(faces.length * L * channels);
    for (let start = 0; start < faces.length; start += this.batchSize) {
      const batch = faces.slice(start, start + this.batchSize).map((f) => faceInput(f, this.inputSize, this.fit));
      const { data } = await runBatch(this, batch, batch.length, this.file, this.map);
      out.set(data, start * L * channels);
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

interface RunnableVgg {
  readonly session: ort.InferenceSession;
  readonly inputName: string;
  readonly outputName: string;
  readonly layout: 'nchw' | 'nhwc';
  readonly channelOrder: 'bgr' | 'rgb';
  readonly mean: readonly [number, number, number];
  readonly scale: number;
  readonly inputSize: number;
}

/** One session run: normalised input in, `[n, L, D]` maps out (transposed from NCHW when needed). */
async function runBatch(net: RunnableVgg, faces: readonly RgbImage[], n: number, file: string, expected?: SpatialMapShape): Promise<{ data: Float32Array; map: SpatialMapShape }> {
  const S = net.inputSize;
  const plane = S * S;
  const input = new Float32Array(n * 3 * plane);
  // Model channel c reads RGB channel order[c].
  const order = net.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let i = 0; i < n; i++) {
    const px = faces[i].data;
    if (faces[i].width !== S || faces[i].height !== S) throw new RangeError(`VGG-Face input ${i} is ${faces[i].width}×${faces[i].height}, expected ${S}×${S}`);
    const base = i * 3 * plane;
    for (let c = 0; c < 3; c++) {
      const src = order[c];
      const m = net.mean[src];
      for (let p = 0; p < plane; p++) {
        const v = (px[p * 3 + src] - m) * net.scale;
        if (net.layout === 'nchw') input[base + c * plane + p] = v;
        else input[base + p * 3 + c] = v;
      }
    }
  }
  const dims = net.layout === 'nchw' ? [n, 3, S, S] : [n, S, S, 3];
  const feed = new ort.Tensor('float32', input, dims);
  let result: ort.InferenceSession.OnnxValueMapType;
  try {
    result = await net.session.run({ [net.inputName]: feed });
  } catch (error) {
    feed.dispose();
    throw new AffectFusionError(`${file}: the model failed on a [${dims.join(', ')}] input: ${String((error as Error).message).split('\n')[0]}`, DOCS, { cause: error });
  }
  try {
    const y = result[net.outputName] as ort.Tensor;
    const d = y.dims;
    if (y.type !== 'float32' || d.length !== 4 || d[0] !== n) {
      throw new AffectFusionError(`${file}: output '${net.outputName}' is ${y.type} [${d.join(', ')}] for ${n} faces; expected a float32 map [N, 512, 14, 14] (or [N, 14, 14, 512])`, DOCS);
    }
    const map: SpatialMapShape = net.layout === 'nchw' ? { channels: d[1], height: d[2], width: d[3] } : { height: d[1], width: d[2], channels: d[3] };
    if (expected && (map.height !== expected.height || map.width !== expected.width || map.channels !== expected.channels)) {
      throw new AffectFusionError(`${file}: output '${net.outputName}' changed shape to [${d.join(', ')}]`, DOCS);
    }
    const src = y.data as Float32Array;
    const L = map.height * map.width;
    const D = map.channels;
    let data: Float32Array;
    if (net.layout === 'nhwc') data = src.slice(0, n * L * D);
    else {
      // [n, D, L] → [n, L, D]: each region's descriptor contiguous.
      data = new Float32Array(n * L * D);
      for (let i = 0; i < n; i++) {
        const o = i * L * D;
        for (let c = 0; c < D; c++) {
          const row = src.subarray(o + c * L, o + (c + 1) * L);
          for (let l = 0; l < L; l++) data[o + l * D + c] = row[l];
        }
      }
    }
    return { data, map };
  } finally {
    for (const t of Object.values(result)) (t as ort.Tensor).dispose();
    feed.dispose();
  }
}

function pickName(kind: 'input' | 'output', names: readonly string[], wanted: string | undefined, file: string): string {
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    throw new AffectFusionError(`${file}: the model has no ${kind} '${wanted}'; its ${kind}s are ${names.map((n) => `'${n}'`).join(', ')}`, `set ${kind}Name to one of them, or ${DOCS}`);
  }
  if (names.length === 1) return names[0];
  throw new AffectFusionError(`${file}: the model has ${names.length} ${kind}s (${names.map((n) => `'${n}'`).join(', ')}); VGG-Face takes one image batch`, `set ${kind}Name, or ${DOCS}`);
}

/** The input layout from the declared shape, checked against the expected input size. */
function detectLayout(shape: ReadonlyArray<number | string>, requested: 'auto' | 'nchw' | 'nhwc', size: number, name: string, file: string): 'nchw' | 'nhwc' {
  const fixed = (d: number | string | undefined): d is number => typeof d === 'number' && d > 0;
  const shown = `[${shape.map((d) => (fixed(d) ? d : typeof d === 'string' && d ? d : '?')).join(', ')}]`;
  const expectedText = `expected [N, 3, ${size}, ${size}] (PyTorch/Caffe layout) or [N, ${size}, ${size}, 3] (Keras layout)`;
  const fits = (layout: 'nchw' | 'nhwc'): boolean => {
    if (shape.length !== 4) return false;
    const [c, h, w] = layout === 'nchw' ? [shape[1], shape[2], shape[3]] : [shape[3], shape[1], shape[2]];
    return (!fixed(c) || c === 3) && (!fixed(h) || h === size) && (!fixed(w) || w === size);
  };
  if (requested !== 'auto') {
    if (requested !== 'nchw' && requested !== 'nhwc') throw new AffectFusionError(`VGG-Face layout must be 'auto', 'nchw' or 'nhwc', got '${requested}'`, DOCS);
    if (!fits(requested)) throw new AffectFusionError(`${file}: input '${name}' is declared ${shown}, which is not a ${requested.toUpperCase()} ${size}×${size} RGB batch; ${expectedText}`, DOCS);
    return requested;
  }
  const candidates = (['nchw', 'nhwc'] as const).filter(fits);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    throw new AffectFusionError(
      `${file}: input '${name}' is declared ${shown}: wrong input shape for VGG-Face; ${expectedText}`,
      // affectfusion/face-maps has no inputSize option: in a pipeline the model must take 224×224.
      `export the model again with a ${size}×${size} input or with symbolic height and width (docs/video-weights.md has a conversion script that writes a 224×224 one); ` +
        "a pipeline's affectfusion/face-maps always feeds 224×224 faces, and only code calling VggFaceOnnxBackbone.load({ inputSize }) can feed another size",
    );
  }
  // Both fit only when channels and sizes are all symbolic: PyTorch exports are the common case.
  if (fixed(shape[1]) && shape[1] === 3) return 'nchw';
  if (fixed(shape[3]) && shape[3] === 3) return 'nhwc';
  throw new AffectFusionError(`${file}: input '${name}' is declared ${shown}, whose sizes are symbolic, so its layout cannot be told`, "set layout to 'nchw' or 'nhwc'");
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
