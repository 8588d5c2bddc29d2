import { AffectFusionError } from '@affectfusion/core';
import type { DatasetSource, FeatureSpec, ModalityValue, ReadOptions, Sample, SplitName, TaskSpec } from '@affectfusion/core';
import { readShardedRecords } from '../shards/read-sharded-records.js';
import type { TFRecord } from '../tfrecord/tfrecord-reader.js';
import { multiHot } from './multi-hot.js';
import type { VideoLevelRecordOptions } from './video-level-record.js';
import { withDefaults, type Yt8mCommonOptions } from './yt8m-common-options.js';

/** Options as a caller of the typed API gives them: every option with a default may be left out, `splits` may not. */
export type Yt8mDatasetInput<O extends Yt8mCommonOptions> = Partial<O> & Pick<O, 'splits'>;

/** What every decoded YouTube-8M record has besides its features: the video's id and class ids. */
export interface Yt8mDecodedRecord {
  readonly id: string;
  readonly labels: readonly number[];
}

/**
 * The part of the YouTube-8M datasets that does not depend on the record format: options with
 * defaults, resolved shard files per split, a multi-label task over `numClasses`, streaming reads
 * through {@link readShardedRecords} (shard order and buffer shuffled by `shuffleSeed`), multi-hot
 * targets and the per-split sample count learnt from a complete read. A subclass decodes one
 * record ({@link Yt8mShardedDataset.decodeRecord}) and turns it into inputs
 * ({@link Yt8mShardedDataset.inputsOf}), and declares its modalities' feature specs.
 */
export abstract class Yt8mShardedDataset<O extends Yt8mCommonOptions, R extends Yt8mDecodedRecord> implements DatasetSource {
  abstract readonly type: string;
  abstract readonly modalities: Readonly<Record<string, FeatureSpec>>;
  readonly task: TaskSpec;
  readonly splits: readonly SplitName[];
  /** The options with every default filled in. */
  readonly options: O;
  /** The record options both formats share (id and labels features, classes, modalities, `l2Normalize`, `missingModality`). */
  protected readonly recordFields: VideoLevelRecordOptions;
  readonly #counts = new Map<string, number>();

  /**
   * @param defaults every option but `splits`, for those `options` leaves out.
   * @param shards resolved absolute shard paths per split (see the subclass's `open`).
   */
  protected constructor(
    options: Yt8mDatasetInput<O>,
    defaults: Omit<O, 'splits'>,
    private readonly shards: Readonly<Record<string, readonly string[]>>,
  ) {
    this.options = withDefaults<O>(options, { ...defaults, splits: options.splits } as O);
    this.task = { kind: 'multi-label', outputs: this.options.numClasses };
    this.splits = Object.keys(this.options.splits);
    const o = this.options;
    this.recordFields = {
      idFeature: o.idFeature,
      labelsFeature: o.labelsFeature,
      numClasses: o.numClasses,
      modalities: o.modalities,
      l2Normalize: o.l2Normalize,
      missingModality: o.missingModality,
    };
  }

  /**
   * Decodes and checks one record of `file`.
   * @throws {TFRecordError} naming the file, record index and byte offset.
   */
  protected abstract decodeRecord(record: TFRecord, file: string): R;

  /** The sample inputs of a decoded record, per modality (`undefined`: the record lacks it). */
  protected abstract inputsOf(record: R): Record<string, ModalityValue | undefined>;

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
    const { numClasses, shuffleBuffer, verifyChecksums } = this.options;
    const counts = this.#counts;
    const decode = (record: TFRecord, file: string): R => this.decodeRecord(record, file);
    const inputsOf = (record: R): Record<string, ModalityValue | undefined> => this.inputsOf(record);
    // A fresh pass (and shard shuffle) each time the iterable is iterated.
    return {
      async *[Symbol.asyncIterator]() {
        const sharded = { shuffleSeed: options.shuffleSeed, shuffleBuffer: options.shuffleBuffer ?? shuffleBuffer, verifyChecksums, signal: options.signal };
        let n = 0;
        for await (const r of readShardedRecords(files, sharded, decode)) {
          const inputs = inputsOf(r);
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
    return this.#counts.get(split);
  }
}
