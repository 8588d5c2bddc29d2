import { readdirSync } from 'node:fs';
import path from 'node:path';
import { AffectFusionError } from '@affectfusion/core';

/** The shards of a YouTube-8M folder assigned to training and validation. */
export interface Yt8mShardSplit {
  readonly train: readonly string[];
  readonly validation: readonly string[];
  /** Shards in the folder. */
  readonly available: number;
  /** How the split was made, in one sentence. */
  readonly rule: string;
}

/** Limits on the shards used (a quicker run); `undefined` = all of them. */
export interface Yt8mShardLimits {
  readonly trainShards?: number;
  readonly validationShards?: number;
}

/**
 * Splits a folder of YouTube-8M `.tfrecord` shards. A folder with both `train*` and `validate*` shards
 * (the official download) trains on `train*` and validates on `validate*`; a folder of one kind (the
 * 60 `validate*` shards beside the repository) trains on its first five sixths by name and validates
 * on the last sixth (0000–0049 / 0050–0059, the protocol of `../shared/data/README.md`). Limits take
 * the first shards of each list.
 *
 * @throws AffectFusionError when the folder cannot be read or holds fewer than two shards.
 */
export function yt8mShardSplit(dir: string, limits: Yt8mShardLimits = {}): Yt8mShardSplit {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.tfrecord')).sort();
  } catch {
    throw new AffectFusionError(`cannot read the YouTube-8M folder ${dir}`, 'pass a folder of video-level .tfrecord shards (train*.tfrecord, validate*.tfrecord)');
  }
  if (names.length < 2) {
    throw new AffectFusionError(
      `${dir} holds ${names.length} .tfrecord shard(s); training and validation need at least two`,
      'pass the folder of YouTube-8M v2 video-level shards (https://research.google.com/youtube8m/download.html)',
    );
  }
  const train = names.filter((n) => n.startsWith('train'));
  const validate = names.filter((n) => n.startsWith('validate'));
  let trainNames: string[];
  let validationNames: string[];
  let rule: string;
  if (train.length > 0 && validate.length > 0) {
    trainNames = train;
    validationNames = validate;
    rule = 'train* shards train, validate* shards validate';
  } else {
    const held = Math.max(1, Math.round(names.length / 6));
    trainNames = names.slice(0, names.length - held);
    validationNames = names.slice(names.length - held);
    rule = `the first ${trainNames.length} shards by name train, the last ${held} validate`;
  }
  const limit = (list: string[], n: number | undefined) => (n === undefined ? list : list.slice(0, Math.max(1, n)));
  const t = limit(trainNames, limits.trainShards);
  const v = limit(validationNames, limits.validationShards);
  if (t.length < trainNames.length || v.length < validationNames.length) rule += `; this run uses the first ${t.length} and ${v.length} of them`;
  const full = (list: string[]) => list.map((n) => path.join(path.resolve(dir), n));
  return { train: full(t), validation: full(v), available: names.length, rule };
}
