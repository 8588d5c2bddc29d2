import path from 'node:path';
import { AffectFusionError } from '@affectfusion/core';
import type { DatasetSource, FeatureSpec, InMemoryDataset, ReadOptions, Sample, SplitName, TaskSpec } from '@affectfusion/core';
import { PromiseCache } from '../in-memory/promise-cache.js';
import { readInMemorySplit } from '../in-memory/read-in-memory-split.js';
import { resolveShards } from '../shards/resolve-shards.js';
import { withDefaults } from '../yt8m/yt8m-common-options.js';
import { FeatureStandardizer } from './feature-standardizer.js';
import { RECOLA_DEFAULTS, RECOLA_MODALITY_DEFAULTS, recolaOptionsSchema, type RecolaModalityOptions, type RecolaOptions } from './recola-options.js';
import { readRecolaRecording, type RecolaRecording } from './recola-recording.js';

/** The plugin type name this dataset is registered under. */
export const RECOLA_TYPE = 'affectfusion/recola';

/** A split in memory: the recordings' frames one after another, each recording's rows contiguous. */
export interface RecolaSplit extends InMemoryDataset {
  /** Each recording's name and rows `[start, end)`. */
  readonly recordings: readonly { readonly name: string; readonly start: number; readonly end: number }[];
  /** The target of every row (`[size]`, one output). */
  readonly targets: Float32Array;
  /** Frames without features, per modality. */
  readonly absentFrames: Readonly<Record<string, number>>;
}

/** Options as a caller gives them: the schema's defaults may be left out. */
export type RecolaDatasetOptions = Partial<Omit<RecolaOptions, 'modalities' | 'labels'>> &
  Pick<RecolaOptions, 'splits'> & {
    readonly modalities: Readonly<Record<string, Partial<RecolaModalityOptions> & Pick<RecolaModalityOptions, 'dirs'>>>;
    readonly labels: { readonly dir: string; readonly column?: string | null };
  };
type RecolaInput = RecolaDatasetOptions;

/**
 * RECOLA / AVEC 2016 continuous emotion as a regression DatasetSource: per recording, a
 * gold-standard file (`Instance_name, frameTime, GoldStandard`) and feature files per modality in
 * their folders (ARFF or CSV: eGeMAPS 88 for audio; 84 LGBP-TOP appearance + 316 geometric for
 * video), aligned by frame time. Options give the label delay, sliding-window functionals,
 * standardisation with training statistics and what a frame without features becomes.
 *
 * Sample ids are `<recording>#<frame>`, so CCC can be computed per recording
 * (`mode: "per-recording"`) as well as over the concatenation.
 */
export class RecolaDataset implements DatasetSource {
  readonly type = RECOLA_TYPE;
  readonly task: TaskSpec;
  readonly modalities: Readonly<Record<string, FeatureSpec>>;
  readonly splits: readonly SplitName[];
  readonly options: RecolaOptions;
  readonly root: string;
  readonly #recordings = new PromiseCache<string, RecolaRecording>();
  readonly #loaded = new PromiseCache<SplitName, RecolaSplit>();
  #standardizers?: Promise<Record<string, FeatureStandardizer> | undefined>;

  /**
   * @param files gold-standard files per split, resolved.
   * @param widths feature width per modality (from the first recording).
   */
  constructor(
    options: RecolaInput,
    private readonly files: Readonly<Record<string, readonly string[]>>,
    widths: Readonly<Record<string, { dim: number; names: readonly string[] }>>,
    baseDir: string,
  ) {
    const { modalities: _m, labels: _l, ...rest } = options;
    const o = withDefaults(rest, { ...RECOLA_DEFAULTS, splits: options.splits });
    this.options = {
      ...o,
      labels: { dir: options.labels.dir, column: options.labels.column ?? null },
      modalities: Object.fromEntries(Object.entries(options.modalities).map(([n, m]) => [n, withDefaults(m, { ...RECOLA_MODALITY_DEFAULTS, dirs: m.dirs })])),
    };
    this.root = path.resolve(baseDir, this.options.root);
    this.splits = Object.keys(files);
    this.task = { kind: 'regression', outputs: 1, classNames: [this.options.labels.column ?? 'GoldStandard'] };
    this.modalities = Object.fromEntries(Object.entries(widths).map(([n, w]) => [n, { shape: [w.dim], frameRate: 1 / this.options.frameStep, names: w.names }]));
  }

  /** Resolves the splits and reads the first recording to learn each modality's width. */
  static async open(options: RecolaInput, baseDir: string): Promise<RecolaDataset> {
    const root = path.resolve(baseDir, options.root ?? RECOLA_DEFAULTS.root);
    const labelDir = path.resolve(root, options.labels.dir);
    const files: Record<string, string[]> = {};
    for (const [split, patterns] of Object.entries(options.splits)) files[split] = await resolveShards(patterns, labelDir, `split "${split}"`);
    const probe = new RecolaDataset(options, files, {}, baseDir);
    const first = Object.values(files)[0][0];
    const recording = await probe.recording(first);
    const widths = Object.fromEntries(Object.entries(recording.modalities).map(([n, m]) => [n, { dim: m.dim, names: m.names }]));
    const dataset = new RecolaDataset(options, files, widths, baseDir);
    dataset.#recordings.set(first, Promise.resolve(recording));
    return dataset;
  }

  /** The gold-standard files of a split. */
  labelFiles(split: SplitName): readonly string[] {
    const files = this.files[split];
    if (!files) throw new AffectFusionError(`dataset ${this.type} has no split "${split}"`, `known splits: ${this.splits.join(', ')}`);
    return files;
  }

  /** One recording as read (not standardised), cached. */
  recording(labelFile: string): Promise<RecolaRecording> {
    return this.#recordings.get(labelFile, () => readRecolaRecording(labelFile, this.options, this.root));
  }

  async size(split: SplitName): Promise<number | undefined> {
    return (await this.loadInMemory(split)).size;
  }

  /** The split's frames as samples (a frame without a modality's features leaves that modality out), target `[1]`. */
  read(split: SplitName, options: ReadOptions = {}): AsyncIterable<Sample> {
    return readInMemorySplit(() => this.loadInMemory(split), options);
  }

  /** A split in memory: every recording's frames, standardised with training statistics. */
  loadInMemory(split: SplitName): Promise<RecolaSplit> {
    return this.#loaded.get(split, () => this.#load(split));
  }

  async #load(split: SplitName): Promise<RecolaSplit> {
    const recordings: RecolaRecording[] = [];
    for (const file of this.labelFiles(split)) recordings.push(await this.recording(file));
    const standardizers = await this.standardizers();
    const size = recordings.reduce((n, r) => n + r.frames.length, 0);
    const ids: string[] = [];
    const targets = new Float32Array(size);
    const spans: { name: string; start: number; end: number }[] = [];
    const modalities: Record<string, { dim: number; data: Float32Array; present: Uint8Array }> = {};
    const absentFrames: Record<string, number> = {};
    for (const [name, spec] of Object.entries(this.modalities)) {
      modalities[name] = { dim: spec.shape[0]!, data: new Float32Array(size * spec.shape[0]!), present: new Uint8Array(size) };
      absentFrames[name] = 0;
    }
    let row = 0;
    for (const r of recordings) {
      spans.push({ name: r.name, start: row, end: row + r.frames.length });
      targets.set(r.targets, row);
      for (let i = 0; i < r.frames.length; i++) ids.push(`${r.name}#${r.frames[i]}`);
      for (const [name, m] of Object.entries(r.modalities)) {
        const target = modalities[name];
        if (m.dim !== target.dim) {
          throw new AffectFusionError(`recording "${r.name}": modality "${name}" has ${m.dim} features, other recordings ${target.dim}`, 'every recording needs the same feature columns');
        }
        target.data.set(m.data, row * m.dim);
        target.present.set(m.present, row);
        for (let i = 0; i < m.present.length; i++) if (!m.present[i]) absentFrames[name]++;
      }
      row += r.frames.length;
    }
    if (standardizers) {
      for (const [name, m] of Object.entries(modalities)) {
        standardizers[name].apply(m.data);
        // Absent frames stay zeros (the training mean) rather than −μ/σ.
        for (let i = 0; i < size; i++) if (!m.present[i]) m.data.fill(0, i * m.dim, (i + 1) * m.dim);
      }
    }
    return {
      size,
      ids,
      modalities,
      targetWidth: 1,
      writeTargets(rows, out) {
        for (let i = 0; i < rows.length; i++) out[i] = targets[rows[i]];
      },
      recordings: spans,
      targets,
      absentFrames,
    };
  }

  /** Per-modality standardisation fitted on the training recordings' present frames (undefined when off). */
  standardizers(): Promise<Record<string, FeatureStandardizer> | undefined> {
    this.#standardizers ??= (async () => {
      if (!this.options.standardize) return undefined;
      let files: readonly string[];
      if (this.options.statisticsFrom) files = await resolveShards(this.options.statisticsFrom, path.resolve(this.root, this.options.labels.dir), 'statisticsFrom');
      else if (this.files.train) files = this.files.train;
      else {
        throw new AffectFusionError(
          `dataset ${this.type} standardises with training statistics but has no "train" split`,
          'set options.statisticsFrom to the training recordings\' gold-standard files (affectfusion eval replaces the splits), or standardize: false',
        );
      }
      const blocks: Record<string, Float32Array[]> = Object.fromEntries(Object.keys(this.modalities).map((n) => [n, []]));
      for (const file of files) {
        const r = await this.recording(file);
        for (const [name, m] of Object.entries(r.modalities)) {
          const rows: number[] = [];
          for (let i = 0; i < m.present.length; i++) if (m.present[i]) rows.push(i);
          const block = new Float32Array(rows.length * m.dim);
          rows.forEach((i, k) => block.set(m.data.subarray(i * m.dim, (i + 1) * m.dim), k * m.dim));
          blocks[name].push(block);
        }
      }
      return Object.fromEntries(Object.entries(blocks).map(([n, b]) => [n, FeatureStandardizer.fit(b, this.modalities[n].shape[0]!)]));
    })();
    return this.#standardizers;
  }
}

/** The plugin factory. */
export function createRecolaDataset(options: RecolaInput, context: { readonly baseDir: string }): Promise<RecolaDataset> {
  return RecolaDataset.open(options, context.baseDir);
}

/** `{ description, optionsSchema, create }`, ready to be a plugin's `datasets` contribution. */
export const recolaContribution = {
  description: 'RECOLA / AVEC 2016 continuous emotion (ARFF or CSV features per recording, gold standard, label delay, windows), regression',
  optionsSchema: recolaOptionsSchema,
  create: createRecolaDataset,
} as const;
