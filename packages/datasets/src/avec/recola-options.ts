import type { JsonSchema } from '@affectfusion/core';

/** One modality of a RECOLA-layout dataset. */
export interface RecolaModalityOptions {
  /**
   * Folders (relative to `root`) of per-recording feature files `<recording>.arff` (or `.csv`);
   * the feature columns of several folders are concatenated, frame by frame
   * (`["features_video_appearance/arousal", "features_video_geometric/arousal"]`: 84 + 316).
   */
  readonly dirs: readonly string[];
  /** Columns that are not features (ids, times); matched case-insensitively. */
  readonly exclude: readonly string[];
  /**
   * Sliding-window functionals: each frame's features replaced by their mean and standard
   * deviation over a window of this many seconds centred on it (width doubles). `null`: the
   * features as they are (AVEC 2016's files hold such functionals already).
   */
  readonly window: number | null;
}

/** Options of {@link RecolaDataset}. */
export interface RecolaOptions {
  /** The dataset's folder, relative to the pipeline file. */
  readonly root: string;
  readonly modalities: Readonly<Record<string, RecolaModalityOptions>>;
  /** The gold standard: a folder (relative to `root`) of `<recording>.arff`/`.csv` and its value column. */
  readonly labels: { readonly dir: string; readonly column: string | null };
  /**
   * Split name → gold-standard files or glob patterns, relative to the labels folder
   * (`{ "train": ["train_*.arff"], "validation": ["dev_*.arff"] }`); each file's name is its recording's.
   */
  readonly splits: Readonly<Record<string, readonly string[]>>;
  /** The name of the time column (seconds) in every file. */
  readonly timeColumn: string;
  /** Seconds between frames (RECOLA: 0.04). */
  readonly frameStep: number;
  /** Annotation delay compensated (seconds): the target of frame t is the gold standard at t + delay. */
  readonly labelDelay: number;
  /** The last frames that have no gold standard `delay` later: repeat the last value (`edge`) or leave them out (`drop`). */
  readonly delayPadding: 'edge' | 'drop';
  /** Standardise each feature with the mean and standard deviation of the training recordings. */
  readonly standardize: boolean;
  /** Gold-standard files of the recordings whose features give the statistics; `null`: the `train` split. */
  readonly statisticsFrom: readonly string[] | null;
  /**
   * A labelled frame without features of a modality (a dropped video frame, a `?` value):
   * `absent` (the modality is missing for that frame: the fusion model's missing-modality
   * behaviour applies), `nearest` (the closest frame that has them), `error`.
   */
  readonly missingFeatures: 'absent' | 'nearest' | 'error';
}

const modalitySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['dirs'],
  properties: {
    dirs: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
      description: 'Folders (relative to root) of <recording>.arff or .csv feature files; several folders are concatenated column-wise.',
    },
    exclude: {
      type: 'array',
      items: { type: 'string' },
      default: ['Instance_name', 'name', 'frameTime', 'time', 'timestamp'],
      description: 'Columns that are not features (case-insensitive).',
    },
    window: {
      anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'null' }],
      default: null,
      description: 'Replace each frame by the mean and std of its features over a centred window of this many seconds (3–9 s in the thesis\'s setting); null: as they are.',
    },
  },
} as const;

/** JSON Schema of {@link RecolaOptions}; the defaults live here. */
export const recolaOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['modalities', 'labels', 'splits'],
  properties: {
    root: { type: 'string', default: '.', description: 'The dataset folder (AVEC 2016 layout), relative to the pipeline file.' },
    modalities: {
      type: 'object',
      minProperties: 1,
      additionalProperties: modalitySchema,
      description: 'Modality name → its feature folders, e.g. {"audio": {"dirs": ["features_audio/arousal"]}}.',
    },
    labels: {
      type: 'object',
      additionalProperties: false,
      required: ['dir'],
      description:
        'The gold standard, the regression target: a folder of <recording>.arff or .csv files (Instance_name, frameTime, GoldStandard) and the column to read, one value per frame.',
      properties: {
        dir: { type: 'string', minLength: 1, description: 'Folder (relative to root) of gold-standard files, e.g. "ratings_gold_standard/arousal".' },
        column: {
          anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }],
          default: null,
          description: 'The value column; null: "GoldStandard" when present, else the last numeric column.',
        },
      },
    },
    splits: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      description: 'Split name → gold-standard files or globs relative to the labels folder, e.g. {"train": ["train_*.arff"], "validation": ["dev_*.arff"]}.',
    },
    timeColumn: { type: 'string', minLength: 1, default: 'frameTime', description: 'The time column (seconds) of every file.' },
    frameStep: { type: 'number', exclusiveMinimum: 0, default: 0.04, description: 'Seconds between frames (RECOLA: 40 ms).' },
    labelDelay: { type: 'number', minimum: 0, default: 0, description: 'Annotation delay to compensate, in seconds (0–9.6 s): frame t is trained on the gold standard at t + delay.' },
    delayPadding: {
      enum: ['edge', 'drop'],
      default: 'edge',
      description: 'Frames whose delayed label falls past the end: repeat the last gold value ("edge", as the AVEC baselines) or drop them.',
    },
    standardize: { type: 'boolean', default: true, description: 'Standardise every feature with training statistics.' },
    statisticsFrom: {
      anyOf: [{ type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }, { type: 'null' }],
      default: null,
      description: 'Gold-standard files of the recordings that give the standardisation statistics; null: the train split. Set it for `affectfusion eval`, which replaces the splits.',
    },
    missingFeatures: {
      enum: ['absent', 'nearest', 'error'],
      default: 'absent',
      description: 'A labelled frame without features of a modality: the modality is absent there, the nearest frame\'s features are used, or it is an error.',
    },
  },
};

export const RECOLA_DEFAULTS: Omit<RecolaOptions, 'modalities' | 'labels' | 'splits'> = {
  root: '.',
  timeColumn: 'frameTime',
  frameStep: 0.04,
  labelDelay: 0,
  delayPadding: 'edge',
  standardize: true,
  statisticsFrom: null,
  missingFeatures: 'absent',
};

export const RECOLA_MODALITY_DEFAULTS: Omit<RecolaModalityOptions, 'dirs'> = {
  exclude: ['Instance_name', 'name', 'frameTime', 'time', 'timestamp'],
  window: null,
};
