import type { FeatureSpec, InMemoryDataset, JsonSchema, SplitName } from '@affectfusion/core';
import { resolveSplits } from '../shards/resolve-shards.js';
import type { TFRecord } from '../tfrecord/tfrecord-reader.js';
import { loadVideoLevelArrays, type VideoLevelArrays } from './load-video-level-arrays.js';
import { decodeVideoLevelRecord, VIDEO_LEVEL_DEFAULTS, type VideoLevelRecord, type Yt8mModalityField } from './video-level-record.js';
import { yt8mCommonSchemaProperties, yt8mMissingModalitySchema, type Yt8mCommonOptions } from './yt8m-common-options.js';
import { Yt8mShardedDataset, type Yt8mDatasetInput } from './yt8m-sharded-dataset.js';

/** Options of {@link Yt8mVideoLevelDataset}. */
export interface Yt8mVideoLevelOptions extends Yt8mCommonOptions {
  /** Modality name → feature: `{ video: { feature: 'mean_rgb', size: 1024 }, audio: { feature: 'mean_audio', size: 128 } }`. */
  readonly modalities: Readonly<Record<string, Yt8mModalityField>>;
}

/** The plugin type name this dataset is registered under. */
export const YT8M_VIDEO_LEVEL_TYPE = 'affectfusion/yt8m-video-level';

// The record defaults (no L2 normalisation, a missing modality is an error), then the reading ones.
const DEFAULTS: Omit<Yt8mVideoLevelOptions, 'splits'> = { ...VIDEO_LEVEL_DEFAULTS, verifyChecksums: true, shuffleBuffer: 4096 };

/** JSON Schema (draft-07) of {@link Yt8mVideoLevelOptions}; the defaults live here. */
export const yt8mVideoLevelOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['splits'],
  properties: {
    ...yt8mCommonSchemaProperties({ video: { feature: 'mean_rgb', size: 1024 }, audio: { feature: 'mean_audio', size: 128 } }),
    missingModality: yt8mMissingModalitySchema('A record without a modality: fail ("error") or yield the sample without it ("omit").'),
  },
};

/**
 * YouTube-8M video-level features (tf.train.Example with `id`, `labels`, `mean_rgb` 1024 and
 * `mean_audio` 128) as a multi-label DatasetSource: inputs `video` `[1024]` and `audio` `[128]`,
 * target multi-hot `[numClasses]`. Streams shard by shard with bounded memory; for training on
 * everything in memory, see {@link Yt8mVideoLevelDataset.loadArrays}.
 */
export class Yt8mVideoLevelDataset extends Yt8mShardedDataset<Yt8mVideoLevelOptions, VideoLevelRecord> {
  readonly type = YT8M_VIDEO_LEVEL_TYPE;
  readonly modalities: Readonly<Record<string, FeatureSpec>>;

  /** `shards`: resolved absolute shard paths per split (see {@link Yt8mVideoLevelDataset.open}). */
  constructor(options: Yt8mDatasetInput<Yt8mVideoLevelOptions>, shards: Readonly<Record<string, readonly string[]>>) {
    super(options, DEFAULTS, shards);
    this.modalities = Object.fromEntries(Object.entries(this.options.modalities).map(([name, m]) => [name, { shape: [m.size] }]));
  }

  /** Resolves the split globs relative to `baseDir` (failing early on a pattern that matches nothing). */
  static async open(options: Yt8mDatasetInput<Yt8mVideoLevelOptions>, baseDir: string): Promise<Yt8mVideoLevelDataset> {
    return new Yt8mVideoLevelDataset(options, await resolveSplits(options.splits, baseDir));
  }

  protected decodeRecord(record: TFRecord, file: string): VideoLevelRecord {
    return decodeVideoLevelRecord(record, file, this.recordFields);
  }

  /** `[size]` per modality. */
  protected inputsOf(record: VideoLevelRecord): Record<string, { data: Float32Array; shape: number[] } | undefined> {
    const inputs: Record<string, { data: Float32Array; shape: number[] } | undefined> = {};
    for (const [name, data] of Object.entries(record.features)) inputs[name] = data && { data, shape: [data.length] };
    return inputs;
  }

  /** A whole split in memory, for the trainer: features as loaded, multi-hot targets built per batch. */
  async loadInMemory(split: SplitName): Promise<InMemoryDataset> {
    const arrays = await this.loadArrays(split);
    const { labelOffsets, labelIndices, numClasses } = arrays;
    return {
      size: arrays.count,
      ids: arrays.ids,
      modalities: Object.fromEntries(Object.entries(arrays.features).map(([name, data]) => [name, { dim: arrays.sizes[name], data }])),
      targetWidth: numClasses,
      writeTargets(rows, out) {
        for (let i = 0; i < rows.length; i++) {
          for (let j = labelOffsets[rows[i]]; j < labelOffsets[rows[i] + 1]; j++) out[i * numClasses + labelIndices[j]] = 1;
        }
      },
    };
  }

  /** Loads a whole split into flat arrays (see {@link loadVideoLevelArrays}). */
  loadArrays(split: SplitName, options: { multiHot?: boolean; signal?: AbortSignal } = {}): Promise<VideoLevelArrays> {
    return loadVideoLevelArrays(this.files(split), { ...this.recordFields, verifyChecksums: this.options.verifyChecksums, ...options });
  }
}

/** The plugin factory: options (defaults applied by the schema) and the pipeline's directory. */
export function createYt8mVideoLevelDataset(options: Yt8mDatasetInput<Yt8mVideoLevelOptions>, context: { readonly baseDir: string }): Promise<Yt8mVideoLevelDataset> {
  return Yt8mVideoLevelDataset.open(options, context.baseDir);
}

/** `{ description, optionsSchema, create }`, ready to be a plugin's `datasets` contribution. */
export const yt8mVideoLevelContribution = {
  description: 'YouTube-8M video-level features (mean_rgb 1024 + mean_audio 128) from TFRecord shards, multi-label',
  optionsSchema: yt8mVideoLevelOptionsSchema,
  create: createYt8mVideoLevelDataset,
} as const;
