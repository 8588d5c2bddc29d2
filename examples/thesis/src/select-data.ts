import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AffectFusionError } from '@affectfusion/core';
import type { ExperimentId } from './thesis-experiments.js';
import type { ThesisProfile } from './thesis-profile.js';

/** Folders of the user's own data, from the command line (`--yt8m DIR` …). */
export interface DataFlags {
  /** YouTube-8M v2 video-level `.tfrecord` shards. */
  readonly yt8m?: string;
  /** AFEW: `Train/` and `Val/`, one folder per emotion. */
  readonly afew?: string;
  /** AVEC 2016 RECOLA: `features_audio/`, `features_video_appearance/`, `features_video_geometric/`, `ratings_gold_standard/`. */
  readonly recola?: string;
  /** Spoken digits named `{digit}_{speaker}_{index}.wav` (the Free Spoken Digit Dataset). */
  readonly fsdd?: string;
}

/** Where an experiment's data comes from, decided before anything runs. */
export interface DataSelection {
  readonly experiment: ExperimentId;
  /** The user's data, the data this machine has beside the repository, or data the project generates. */
  readonly kind: 'user' | 'machine' | 'generated';
  /** The folder read, or (generated) the folder the data is written to. */
  readonly path: string;
  /** One line for the console: what was chosen and why. */
  readonly reason: string;
}

/** Where the machine's data is looked for, and where generated data goes. */
export interface DataLocations {
  /** The machine's data folder (`../shared` beside the repository); `null` to ignore it. */
  readonly shared: string | null;
  /** Where generated data is written (`<out>/data`). */
  readonly generated: string;
}

/** Which flag gives each experiment's data, and what a folder of it must hold. */
const SOURCES: Readonly<Record<ExperimentId, { flag: keyof DataFlags; shared: readonly string[]; what: string; check: (dir: string) => string | undefined }>> = {
  'ch3-yt8m': {
    flag: 'yt8m',
    shared: ['data/yt8m-video-level'],
    what: 'YouTube-8M v2 video-level shards',
    check: (dir) => (files(dir).some((f) => f.endsWith('.tfrecord')) ? undefined : 'holds no .tfrecord shards'),
  },
  'av-mnist': {
    flag: 'fsdd',
    shared: ['data/fsdd'],
    what: 'spoken digits ({digit}_{speaker}_{index}.wav)',
    check: (dir) => (files(dir).some((f) => /^\d_[^_]+_\d+\.wav$/i.test(f)) ? undefined : 'holds no {digit}_{speaker}_{index}.wav recordings'),
  },
  'ch3-recola': {
    flag: 'recola',
    shared: ['data/avec2016', 'data/recola'],
    what: 'AVEC 2016 RECOLA features',
    check: (dir) => (isDir(path.join(dir, 'ratings_gold_standard/arousal')) ? undefined : 'has no ratings_gold_standard/arousal/ folder (the AVEC 2016 layout)'),
  },
  ch2: {
    flag: 'afew',
    shared: ['data/afew'],
    what: 'AFEW clips',
    check: (dir) => (isDir(path.join(dir, 'Train')) && isDir(path.join(dir, 'Val')) ? undefined : 'has no Train/ and Val/ folders (the AFEW layout)'),
  },
};

/** The command-line flag that gives an experiment's data. */
export function dataFlagOf(experiment: ExperimentId): keyof DataFlags {
  return SOURCES[experiment].flag;
}

/**
 * Chooses an experiment's data: the user's folder where its flag gives one (checked: a folder that
 * does not hold the data is an error, not a silent fallback), else the machine's data beside the
 * repository where it is there, else data the project generates (named after the profile's sizes, so
 * that profiles do not overwrite each other's).
 *
 * @throws AffectFusionError when a flag names a folder that is missing or holds no such data.
 */
export function selectData(experiment: ExperimentId, flags: DataFlags, locations: DataLocations, profile: ThesisProfile): DataSelection {
  const source = SOURCES[experiment];
  const given = flags[source.flag];
  if (given !== undefined) {
    const dir = path.resolve(given);
    const problem = isDir(dir) ? source.check(dir) : 'is not a folder';
    if (problem) throw new AffectFusionError(`--${source.flag} ${given}: ${dir} ${problem}`, `pass the folder of ${source.what}`);
    return { experiment, kind: 'user', path: dir, reason: `your data (--${source.flag})` };
  }
  if (locations.shared) {
    for (const candidate of source.shared) {
      const dir = path.join(locations.shared, candidate);
      if (isDir(dir) && !source.check(dir)) return { experiment, kind: 'machine', path: dir, reason: `data on this machine (${candidate} in ${locations.shared})` };
    }
  }
  return {
    experiment,
    kind: 'generated',
    path: path.join(locations.generated, generatedFolder(experiment, profile)),
    reason: `generated data (no --${source.flag} given${!locations.shared ? '' : isDir(locations.shared) ? `, none in ${locations.shared}` : `, no ${locations.shared} beside the repository`})`,
  };
}

/** The folder name of an experiment's generated data, after its sizes. */
function generatedFolder(experiment: ExperimentId, profile: ThesisProfile): string {
  switch (experiment) {
    case 'ch3-yt8m': {
      const g = profile.yt8m.generated;
      return `synthetic-yt8m-${g.shards}x${g.videosPerShard}-${g.classes}`;
    }
    case 'av-mnist': {
      const g = profile.avMnist.generated;
      return `synthetic-fsdd-${g.speakers.length}x${g.takes}`;
    }
    case 'ch3-recola': {
      const g = profile.recola.generated;
      return `synthetic-avec2016-${g.recordings}x${g.frames}`;
    }
    case 'ch2': {
      const g = profile.afew.generated;
      return `synthetic-afew-${g.seconds}s${g.fps}fps${g.maxFaces ? `-${g.maxFaces}faces` : ''}`;
    }
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function files(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
