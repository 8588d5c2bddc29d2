import type { JsonSchema } from '@affectfusion/core';
import type { Yt8mModalityField } from './video-level-record.js';

/** Options every YouTube-8M dataset takes. */
export interface Yt8mCommonOptions {
  /**
   * Split name → shard paths or glob patterns, relative to the pipeline file's directory, e.g.
   * `{ "train": ["yt8m/validate00[0-4]?.tfrecord"], "validation": ["yt8m/validate005?.tfrecord"] }`.
   */
  readonly splits: Readonly<Record<string, readonly string[]>>;
  /** Size of the label vocabulary: 3862 (2018, v2), 4716 (2017). */
  readonly numClasses: number;
  /** The id feature; `null` takes `id`, or `video_id` (2017 data). */
  readonly idFeature: string | null;
  readonly labelsFeature: string;
  /** Modality name → the feature that holds it and its size; the order is the concatenation order of `l2Normalize`. */
  readonly modalities: Readonly<Record<string, Yt8mModalityField>>;
  /** Scale each sample by the L2 norm of the concatenation of its modalities (starter code). */
  readonly l2Normalize: boolean;
  /** Check every record's masked CRC32Cs. */
  readonly verifyChecksums: boolean;
  /** Shuffle-buffer size when a read asks for a shuffle and does not give its own. */
  readonly shuffleBuffer: number;
  /** A record without a modality's feature: `'error'` (default) or `'omit'` (yield the sample without it). */
  readonly missingModality: 'error' | 'omit';
}

const modalityField = {
  type: 'object',
  required: ['feature', 'size'],
  additionalProperties: false,
  properties: {
    feature: { type: 'string', minLength: 1, description: 'Name of the feature in the record.' },
    size: { type: 'integer', minimum: 1, description: 'Values per vector (per frame for frame-level data).' },
  },
} as const;

/** The JSON Schema properties of {@link Yt8mCommonOptions}, with their defaults. */
export function yt8mCommonSchemaProperties(defaultModalities: Record<string, { feature: string; size: number }>): Record<string, JsonSchema> {
  return {
    splits: {
      type: 'object',
      description:
        'Split name → shard paths or glob patterns relative to the pipeline file, e.g. {"train": ["data/train*.tfrecord"]}.',
      minProperties: 1,
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
    numClasses: { type: 'integer', minimum: 1, default: 3862, description: '3862 for YouTube-8M 2018 (v2), 4716 for 2017 data.' },
    idFeature: {
      anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }],
      default: null,
      description: 'Name of the id feature; null takes "id", or "video_id" for 2017 data.',
    },
    labelsFeature: {
      type: 'string',
      minLength: 1,
      default: 'labels',
      description:
        "Name of the int64-list feature (in a frame-level record's context) holding a video's class ids, each in [0, numClasses), which become its multi-hot target; a record without it has no labels (an all-zero target).",
    },
    modalities: {
      type: 'object',
      description: 'Modality name → { feature, size }; the order is the concatenation order of l2Normalize.',
      minProperties: 1,
      additionalProperties: modalityField,
      default: defaultModalities,
    },
    l2Normalize: {
      type: 'boolean',
      default: false,
      description: 'L2-normalise the concatenation of all modalities, as the YouTube-8M starter code does.',
    },
    verifyChecksums: { type: 'boolean', default: true, description: 'Check the masked CRC32C of every record (turn off only for speed on trusted files).' },
    shuffleBuffer: {
      type: 'integer',
      minimum: 1,
      default: 4096,
      description: 'Samples held by the shuffle buffer when a read is shuffled (bounded memory).',
    },
  };
}

/**
 * The JSON Schema of `missingModality` (`"error"`, the default, or `"omit"`), with a description
 * that says what a missing modality is in the dataset's record format.
 */
export function yt8mMissingModalitySchema(description: string): JsonSchema {
  return { enum: ['error', 'omit'], default: 'error', description };
}

/** Fills in defaults for options given through the typed API rather than a validated pipeline. */
export function withDefaults<T extends object>(options: Partial<T>, defaults: T): T {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as T;
}
