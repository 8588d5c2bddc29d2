import type { SyntheticSpokenDigitsOptions } from '@affectfusion/example-av-mnist';
import type { SyntheticRecolaOptions } from '@affectfusion/example-thesis-ch3-recola';
import type { SyntheticYt8mOptions } from '@affectfusion/example-thesis-ch3-yt8m';

/**
 * How much of each experiment a run does. Every setting left out keeps the example's own (the
 * pipelines' epochs, every shard): `full` leaves them all out.
 */
export interface ThesisProfile {
  readonly name: ProfileName;
  /** One sentence for the report: what this profile cuts. */
  readonly summary: string;
  readonly yt8m: {
    readonly trainShards?: number;
    readonly validationShards?: number;
    readonly epochs?: number;
    /** The synthetic set written where no real shards are at hand. */
    readonly generated: Omit<SyntheticYt8mOptions, 'seed'>;
  };
  readonly avMnist: {
    readonly epochs?: number;
    /** Images paired with each training recording and the speeds it is heard at (the pipelines: 3 and [1, 0.9, 1.1]). */
    readonly pairsPerRecording?: number;
    readonly trainSpeeds?: readonly number[];
    readonly generated: Omit<SyntheticSpokenDigitsOptions, 'seed'>;
  };
  readonly recola: {
    readonly epochs?: number;
    readonly generated: Omit<SyntheticRecolaOptions, 'seed' | 'annotationLag' | 'droppedVideoFrames'>;
  };
  readonly afew: {
    readonly epochs?: number;
    /** Frames per clip (the pipelines: 16 on AFEW, the synthetic settings: 8). */
    readonly frames?: number;
    /** The synthetic clip set: seconds and frames per second of each clip, faces used (all when absent). */
    readonly generated: { readonly seconds: number; readonly fps: number; readonly maxFaces?: number };
  };
}

export const PROFILE_NAMES = ['smoke', 'default', 'full'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * The profiles. `default` is sized so that `affectfusion thesis all` takes about 15 minutes on a 2-core
 * machine with this machine's data (measured: see the package README); `full` is every example's own
 * settings.
 */
export const PROFILES: Readonly<Record<ProfileName, ThesisProfile>> = {
  smoke: {
    name: 'smoke',
    summary: 'Smoke test: tiny data, one epoch per model — it checks that everything runs and says nothing about the methods.',
    yt8m: { trainShards: 2, validationShards: 1, epochs: 1, generated: { shards: 3, videosPerShard: 40, classes: 12 } },
    avMnist: { epochs: 1, pairsPerRecording: 1, trainSpeeds: [1], generated: { speakers: ['ann', 'bob', 'cyd'], takes: 2 } },
    recola: { epochs: 1, generated: { recordings: 1, frames: 200 } },
    afew: { epochs: 1, frames: 2, generated: { seconds: 1, fps: 2, maxFaces: 4 } },
  },
  default: {
    name: 'default',
    summary:
      'Default profile: every example at its own settings except YouTube-8M, which trains each model for at most 5 epochs instead of 10 ' +
      '(on all its shards). --profile full runs YouTube-8M for its 10 epochs too.',
    yt8m: { epochs: 5, generated: { shards: 12, videosPerShard: 250, classes: 100 } },
    avMnist: { generated: { speakers: ['ann', 'bob', 'cyd', 'dee'], takes: 20 } },
    recola: { generated: { recordings: 3, frames: 1500 } },
    afew: { generated: { seconds: 2, fps: 5 } },
  },
  full: {
    name: 'full',
    summary: "Full profile: every example's own settings — all shards and the pipelines' epochs (early stopping as they set it).",
    yt8m: { generated: { shards: 24, videosPerShard: 250, classes: 100 } },
    avMnist: { generated: { speakers: ['ann', 'bob', 'cyd', 'dee'], takes: 50 } },
    recola: { generated: { recordings: 3, frames: 1500 } },
    afew: { generated: { seconds: 2, fps: 5 } },
  },
};

/** Whether a word names a profile. */
export function isProfileName(word: string): word is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(word);
}
