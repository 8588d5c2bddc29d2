import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SeededRandom } from '@affectfusion/core';
import { bytesFeature, encodeExample, floatFeature, int64Feature, writeTFRecordFile } from '@affectfusion/datasets';

/** Size of a synthetic YouTube-8M-like set. */
export interface SyntheticYt8mOptions {
  /** Shards, named `validate0000.tfrecord` … as the real ones beside the repository. */
  readonly shards: number;
  readonly videosPerShard: number;
  /** The label vocabulary (YouTube-8M v2: 3862). */
  readonly classes: number;
  readonly seed: number;
}

export const SYNTHETIC_YT8M_DEFAULTS: SyntheticYt8mOptions = { shards: 12, videosPerShard: 250, classes: 100, seed: 8 };

/** The file that marks a finished synthetic set (and records its options). */
export const SYNTHETIC_YT8M_MARKER = 'SYNTHETIC.json';

/** Raised whenever the generator's output changes, so that sets written by an older one are written again. */
const GENERATOR_VERSION = 2;

const RGB = 1024;
const AUDIO = 128;
/** Prototype gains (noise: 1): chosen so that, as on the real data, audio alone < video alone < fusion (GAP about 35, 47, 52 % on the default set). */
const RGB_GAIN = 0.12;
const AUDIO_GAIN = 0.4;

/**
 * Writes a SYNTHETIC set of YouTube-8M v2 video-level shards — tf.train.Example records with `id`,
 * `labels`, `mean_rgb` (1024 floats) and `mean_audio` (128 floats), framed as TFRecord by the datasets
 * package's writer — so that the chapter 3 pipelines run where no real shards are at hand.
 *
 * The numbers mean nothing about video: each class has a random prototype in each modality; a video
 * has one to three labels, drawn with Zipf frequencies (class 0 the most frequent, as the real
 * vocabulary is ordered), and its features are the sum of its labels' prototypes plus unit noise.
 * Most classes show mainly in the video; every fourth class mainly in the audio, so that fusing the
 * two modalities has something to gain. It shows that the code runs, not how well any
 * method recognises anything.
 *
 * A folder that already holds a finished set of the same options is left as it is.
 * @returns the options used, the number of videos, and whether the set was written now (`false`: it was there).
 */
export async function writeSyntheticYt8m(dir: string, options: Partial<SyntheticYt8mOptions> = {}): Promise<SyntheticYt8mOptions & { videos: number; written: boolean }> {
  const o = { ...SYNTHETIC_YT8M_DEFAULTS, ...options };
  const marker = path.join(dir, SYNTHETIC_YT8M_MARKER);
  const videos = o.shards * o.videosPerShard;
  if (existsSync(marker)) {
    const previous = JSON.parse(readFileSync(marker, 'utf8')) as { options?: SyntheticYt8mOptions; generator?: number };
    if (previous.generator === GENERATOR_VERSION && JSON.stringify(previous.options) === JSON.stringify(o)) return { ...o, videos, written: false };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const random = new SeededRandom(o.seed);
  const prototype = (width: number, gain: number) => Float32Array.from({ length: width }, () => gain * random.normal());
  const audioCarried = (k: number) => k % 4 === 3;
  // Weak signals in strong noise: 1024 dimensions make even these separable, so they are kept small.
  const rgbPrototypes = Array.from({ length: o.classes }, (_, k) => prototype(RGB, audioCarried(k) ? 0.02 : RGB_GAIN));
  const audioPrototypes = Array.from({ length: o.classes }, (_, k) => prototype(AUDIO, audioCarried(k) ? AUDIO_GAIN : 0.1));
  // Zipf frequencies: p(k) ∝ 1 / (k + 1).
  const weights = Array.from({ length: o.classes }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push((sum + w) / total), sum + w), 0);
  const drawClass = () => {
    const u = random.next();
    const k = cumulative.findIndex((c) => u <= c);
    return k < 0 ? o.classes - 1 : k;
  };

  for (let s = 0; s < o.shards; s++) {
    const records: Uint8Array[] = [];
    for (let v = 0; v < o.videosPerShard; v++) {
      const labels = new Set<number>();
      const count = 1 + Math.floor(random.next() * 3);
      while (labels.size < Math.min(count, o.classes)) labels.add(drawClass());
      const sorted = [...labels].sort((a, b) => a - b);
      const rgb = Float32Array.from({ length: RGB }, () => random.normal());
      const audio = Float32Array.from({ length: AUDIO }, () => random.normal());
      for (const k of sorted) {
        for (let d = 0; d < RGB; d++) rgb[d] += rgbPrototypes[k][d];
        for (let d = 0; d < AUDIO; d++) audio[d] += audioPrototypes[k][d];
      }
      records.push(
        encodeExample({
          id: bytesFeature(`syn${String(s).padStart(4, '0')}${String(v).padStart(4, '0')}`),
          labels: int64Feature(sorted),
          mean_rgb: floatFeature(rgb),
          mean_audio: floatFeature(audio),
        }),
      );
    }
    await writeTFRecordFile(path.join(dir, `validate${String(s).padStart(4, '0')}.tfrecord`), records);
  }
  const note =
    'SYNTHETIC YouTube-8M-shaped video-level shards written by examples/thesis-ch3-yt8m (writeSyntheticYt8m). ' +
    'Random class prototypes plus noise: use them to check that the code runs, never to report results.';
  await writeFile(marker, `${JSON.stringify({ note, generator: GENERATOR_VERSION, options: o, videos }, null, 2)}\n`);
  return { ...o, videos, written: true };
}
