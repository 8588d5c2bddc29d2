import type { DatasetSource, FeatureSpec, JsonSchema, ModalityValue, ReadOptions, Sample, SplitName, TaskSpec } from '@affectfusion/core';
import { AffectFusionError } from '@affectfusion/core';
import { readShardedRecords } from '../shards/read-sharded-records.js';
import { resolveSplits } from '../shards/resolve-shards.js';
import { decodeFrameLevelRecord, FRAME_LEVEL_DEFAULTS, type FrameLevelRecordOptions } from './frame-level-record.js';
import { multiHot } from './multi-hot.js';
import type { Yt8mModalityField } from './video-level-record.js';
import { withDefaults, yt8mCommonSchemaProperties, type Yt8mCommonOptions } from './yt8m-common-options.js';

/** Options of {@link Yt8mFrameLevelDataset}. */
export interface Yt8mFrameLevelOptions extends Yt8mCommonOptions {
  /** Modality name → feature list: `{ video: { feature: 'rgb', size: 1024 }, audio: { feature: 'audio', size: 128 } }`. */
  readonly modalities: Readonly<Record<string, Yt8mModalityField>>;
  /** Frames kept per video (default 300); later frames are dropped. */
  readonly maxFrames: number;
  /** Dequantise bytes to x·4/255 + 4/512 − 2 (default true). */
  readonly dequantize: boolean;
  /** Pad every sequence to `[maxFrames, D]` with a mask instead of `[T, D]` (default false). */
  readonly padToMaxFrames: boolean;
  readonly missingModality: 'error' | 'omit';
}

/** The plugin type name this dataset is registered under. */
export const YT8M_FRAME_LEVEL_TYPE = 'affectfusion/yt8m-frame-level';

const DEFAULTS: Omit<Yt8mFrameLevelOptions, 'splits'> = {
  numClasses: FRAME_LEVEL_DEFAULTS.numClasses,
  idFeature: FRAME_LEVEL_DEFAULTS.idFeature,
  labelsFeature: FRAME_LEVEL_DEFAULTS.labelsFeature,
  modalities: FRAME_LEVEL_DEFAULTS.modalities,
  maxFrames: FRAME_LEVEL_DEFAULTS.maxFrames,
  dequantize: true,
  padToMaxFrames: false,
  l2Normalize: false,
  missingModality: 'error',
  verifyChecksums: true,
  shuffleBuffer: 256,
};

/** JSON Schema (draft-07) of {@link Yt8mFrameLevelOptions}; the defaults live here. */
export const yt8mFrameLevelOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['splits'],
  properties: {
    ...yt8mCommonSchemaProperties({ video: { feature: 'rgb', size: 1024 }, audio: { feature: 'audio', size: 128 } }),
    shuffleBuffer: {
      type: 'integer',
      minimum: 1,
      default: 256,
      description: 'Videos held by the shuffle buffer when a read is shuffled (a video is up to 1.4 MB as float32).',
    },
    maxFrames: { type: 'integer', minimum: 1, default: 300, description: 'Frames kept per video; later frames are dropped.' },
    dequantize: { type: 'boolean', default: true, description: 'Map uint8 x to x·4/255 + 4/512 − 2; off gives raw 0…255.' },
    padToMaxFrames: {
      type: 'boolean',
      default: false,
      description: 'Yield [maxFrames, D] zero-padded sequences with a frame mask instead of [T, D].',
    },
    missingModality: {
      enum: ['error', 'omit'],
      default: 'error',
      description: 'A record without the feature list of a modality: fail ("error"), or yield the video without that modality ("omit"), which fusion then treats as missing.',
    },
  },
};

/**
 * YouTube-8M frame-level features (tf.train.SequenceExample: context `id`, `labels`; feature lists
 * `rgb` and `audio`, one uint8 vector per second) as a multi-label DatasetSource yielding
 * dequantised sequences `video` `[T, 1024]` and `audio` `[T, 128]`, frame rate 1 Hz.
 */
export class Yt8mFrameLevelDataset implements DatasetSource {
  readonly type = YT8M_FRAME_LEVEL_TYPE;
  readonly task: TaskSpec;
  readonly modalities: Readonly<Record<string, FeatureSpec>>;
  readonly splits: readonly SplitName[];
  readonly options: Yt8mFrameLevelOptions;
  private readonly record: FrameLevelRecordOptions;
  private readonly counts = new Map<string, number>();

  constructor(
    options: Partial<Yt8mFrameLevelOptions> & Pick<Yt8mFrameLevelOptions, 'splits'>,
    private readonly shards: Readonly<Record<string, readonly string[]>>,
  ) {
    this.options = withDefaults(options, { ...DEFAULTS, splits: options.splits });
    const o = this.options;
    this.record = {
      idFeature: o.idFeature,
      labelsFeature: o.labelsFeature,
      numClasses: o.numClasses,
      modalities: o.modalities,
      maxFrames: o.maxFrames,
      dequantize: o.dequantize,
      l2Normalize: o.l2Normalize,
      missingModality: o.missingModality,
    };
    this.task = { kind: 'multi-label', outputs: o.numClasses };
    const frames = o.padToMaxFrames ? o.maxFrames : null;
    this.modalities = Object.fromEntries(
      Object.entries(o.modalities).map(([name, m]) => [name, { shape: [frames, m.size], frameRate: 1 }]),
    );
    this.splits = Object.keys(o.splits);
  }

  /** Resolves the split globs relative to `baseDir` (failing early on a pattern that matches nothing). */
  static async open(
    options: Partial<Yt8mFrameLevelOptions> & Pick<Yt8mFrameLevelOptions, 'splits'>,
    baseDir: string,
  ): Promise<Yt8mFrameLevelDataset> {
    return new Yt8mFrameLevelDataset(options, await resolveSplits(options.splits, baseDir));
  }

  /** The shard files of a split, in name order. */
  files(split: SplitName): readonly string[] {
    const files = this.shards[split];
    if (!files) {
      throw new AffectFusionError(
        `dataset ${this.type} has no split "${split}"`,
        `known splits: ${this.splits.join(', ')}; add it under options.splits`,
      );
    }
    return files;
  }

  read(split: SplitName, options: ReadOptions = {}): AsyncIterable<Sample> {
    const files = this.files(split);
    const { numClasses, padToMaxFrames, maxFrames, modalities } = this.options;
    const counts = this.counts;
    const own = this.options;
    const recordOptions = this.record;
    // A fresh pass (and shard shuffle) each time the iterable is iterated.
    return {
      async *[Symbol.asyncIterator]() {
        const records = readShardedRecords(
          files,
          {
            shuffleSeed: options.shuffleSeed,
            shuffleBuffer: options.shuffleBuffer ?? own.shuffleBuffer,
            verifyChecksums: own.verifyChecksums,
            signal: options.signal,
          },
          (record, file) => decodeFrameLevelRecord(record, file, recordOptions),
        );
        let n = 0;
        for await (const r of records) {
          const inputs: Record<string, ModalityValue | undefined> = {};
          for (const [name, f] of Object.entries(r.features)) {
            if (!f) continue;
            const width = modalities[name].size;
            if (!padToMaxFrames) inputs[name] = { data: f.data, shape: [f.frames, width] };
            else {
              const data = new Float32Array(maxFrames * width);
              data.set(f.data);
              const mask = new Uint8Array(maxFrames).fill(1, 0, f.frames);
              inputs[name] = { data, shape: [maxFrames, width], mask };
            }
          }
          n++;
          yield { id: r.id, inputs, target: multiHot(r.labels, numClasses) };
        }
        counts.set(split, n);
      },
    };
  }

  /** Samples in a split: known after one complete read, `undefined` before. */
  async size(split: SplitName): Promise<number | undefined> {
    this.files(split);
    return this.counts.get(split);
  }
}

/** The plugin factory: options (defaults applied by the schema) and the pipeline's directory. */
export function createYt8mFrameLevelDataset(
  options: Partial<Yt8mFrameLevelOptions> & Pick<Yt8mFrameLevelOptions, 'splits'>,
  context: { readonly baseDir: string },
): Promise<Yt8mFrameLevelDataset> {
  return Yt8mFrameLevelDataset.open(options, context.baseDir);
}

/** `{ description, optionsSchema, create }`, ready to be a plugin's `datasets` contribution. */
export const yt8mFrameLevelContribution = {
  description: 'YouTube-8M frame-level features (rgb 1024 + audio 128 per second, uint8) from TFRecord shards, multi-label',
  optionsSchema: yt8mFrameLevelOptionsSchema,
  create: createYt8mFrameLevelDataset,
} as const;
