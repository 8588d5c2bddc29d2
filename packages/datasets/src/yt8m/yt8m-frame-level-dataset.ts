import type { FeatureSpec, JsonSchema, ModalityValue } from '@affectfusion/core';
import { resolveSplits } from '../shards/resolve-shards.js';
import type { TFRecord } from '../tfrecord/tfrecord-reader.js';
import { decodeFrameLevelRecord, FRAME_LEVEL_DEFAULTS, type FrameLevelRecord, type FrameLevelRecordOptions } from './frame-level-record.js';
import type { Yt8mModalityField } from './video-level-record.js';
import { yt8mCommonSchemaProperties, yt8mMissingModalitySchema, type Yt8mCommonOptions } from './yt8m-common-options.js';
import { Yt8mShardedDataset, type Yt8mDatasetInput } from './yt8m-sharded-dataset.js';

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
}

/** The plugin type name this dataset is registered under. */
export const YT8M_FRAME_LEVEL_TYPE = 'affectfusion/yt8m-frame-level';

// The record defaults (maxFrames 300, dequantised, no L2 normalisation, a missing modality is an error), then the reading ones.
const DEFAULTS: Omit<Yt8mFrameLevelOptions, 'splits'> = { ...FRAME_LEVEL_DEFAULTS, padToMaxFrames: false, verifyChecksums: true, shuffleBuffer: 256 };

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
    missingModality: yt8mMissingModalitySchema(
      'A record without the feature list of a modality: fail ("error"), or yield the video without that modality ("omit"), which fusion then treats as missing.',
    ),
  },
};

/**
 * YouTube-8M frame-level features (tf.train.SequenceExample: context `id`, `labels`; feature lists
 * `rgb` and `audio`, one uint8 vector per second) as a multi-label DatasetSource yielding
 * dequantised sequences `video` `[T, 1024]` and `audio` `[T, 128]`, frame rate 1 Hz.
 */
export class Yt8mFrameLevelDataset extends Yt8mShardedDataset<Yt8mFrameLevelOptions, FrameLevelRecord> {
  readonly type = YT8M_FRAME_LEVEL_TYPE;
  readonly modalities: Readonly<Record<string, FeatureSpec>>;
  private readonly record: FrameLevelRecordOptions;

  /** `shards`: resolved absolute shard paths per split (see {@link Yt8mFrameLevelDataset.open}). */
  constructor(options: Yt8mDatasetInput<Yt8mFrameLevelOptions>, shards: Readonly<Record<string, readonly string[]>>) {
    super(options, DEFAULTS, shards);
    const o = this.options;
    this.record = { ...this.recordFields, maxFrames: o.maxFrames, dequantize: o.dequantize };
    const frames = o.padToMaxFrames ? o.maxFrames : null;
    this.modalities = Object.fromEntries(
      Object.entries(o.modalities).map(([name, m]) => [name, { shape: [frames, m.size], frameRate: 1 }]),
    );
  }

  /** Resolves the split globs relative to `baseDir` (failing early on a pattern that matches nothing). */
  static async open(options: Yt8mDatasetInput<Yt8mFrameLevelOptions>, baseDir: string): Promise<Yt8mFrameLevelDataset> {
    return new Yt8mFrameLevelDataset(options, await resolveSplits(options.splits, baseDir));
  }

  protected decodeRecord(record: TFRecord, file: string): FrameLevelRecord {
    return decodeFrameLevelRecord(record, file, this.record);
  }

  /** `[T, D]` per modality, or `[maxFrames, D]` zero-padded with a frame mask when `padToMaxFrames`. */
  protected inputsOf(record: FrameLevelRecord): Record<string, ModalityValue | undefined> {
    const { padToMaxFrames, maxFrames, modalities } = this.options;
    const inputs: Record<string, ModalityValue | undefined> = {};
    for (const [name, f] of Object.entries(record.features)) {
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
    return inputs;
  }
}

/** The plugin factory: options (defaults applied by the schema) and the pipeline's directory. */
export function createYt8mFrameLevelDataset(options: Yt8mDatasetInput<Yt8mFrameLevelOptions>, context: { readonly baseDir: string }): Promise<Yt8mFrameLevelDataset> {
  return Yt8mFrameLevelDataset.open(options, context.baseDir);
}

/** `{ description, optionsSchema, create }`, ready to be a plugin's `datasets` contribution. */
export const yt8mFrameLevelContribution = {
  description: 'YouTube-8M frame-level features (rgb 1024 + audio 128 per second, uint8) from TFRecord shards, multi-label',
  optionsSchema: yt8mFrameLevelOptionsSchema,
  create: createYt8mFrameLevelDataset,
} as const;
