import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AffectFusionError, selectTfjsBackend, tf } from '@affectfusion/core';
import { FACE_API_EXPRESSIONS, FaceDetector, FaceExpressionTrunk, alignFace, decodeFrameImages, faceApiModelDir, ffmpegAvailable } from '@affectfusion/modality-video';

/** face-api's expression names → AFEW's emotion folders. */
const AFEW_FOLDER: Readonly<Record<string, string>> = {
  neutral: 'Neutral',
  happy: 'Happy',
  sad: 'Sad',
  angry: 'Angry',
  fearful: 'Fear',
  disgusted: 'Disgust',
  surprised: 'Surprise',
};

/** Options of {@link makeClips}. */
export interface MakeClipsOptions {
  /** The clip set's folder (AFEW layout: Train/ and Val/, one folder per emotion, and manifest.json). */
  readonly out: string;
  /** Seconds per clip. */
  readonly seconds?: number;
  /** Frames per second. */
  readonly fps?: number;
  /** Make the set again even where one is there. */
  readonly force?: boolean;
  /** At most this many faces (a quick set for tests); every face found by default. */
  readonly maxFaces?: number;
  readonly log?: (line: string) => void;
}

/** One clip of the set, as manifest.json lists it. */
export interface SyntheticClip {
  /** Relative to the set's folder, e.g. `Val/Sad/face03a.mp4`. */
  readonly file: string;
  readonly split: 'Train' | 'Val';
  readonly emotion: string;
  readonly source: string;
  /** The face in the photo, in the decoded photo's pixels. */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly faceApiExpression: string;
  readonly probability: number;
}

/** manifest.json of a clip set. */
export interface ClipManifest {
  readonly note: string;
  readonly seconds: number;
  readonly fps: number;
  readonly maxFaces?: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly clips: readonly SyntheticClip[];
}

/** Reads a clip set's manifest.json. */
export function readClipManifest(dir: string): ClipManifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ClipManifest;
}

/**
 * Makes a small clip set in AFEW's layout (Train/ and Val/, one folder per emotion) from the sample
 * photos that @vladmandic/face-api ships: every face found in them becomes two short clips (a slow
 * zoom, a mirrored zoom with a lighting change), encoded by ffmpeg, filed under the emotion that
 * face-api's own expression network gives it; every fourth face goes to Val. It lets the chapter 2
 * pipelines run end to end — decoding, face detection and alignment, backbone, attention, temporal
 * pooling, training, explanation. It is NOT an emotion dataset: ~20 faces of posed group photos,
 * labels from a network rather than from people, most of them "happy". Numbers from it show
 * function, not accuracy. A folder whose manifest was made with the same options is left as it is.
 *
 * @returns the manifest file, and whether the set was made now (`false`: it was there).
 * @throws AffectFusionError without ffmpeg/ffprobe on the PATH.
 */
export async function makeClips(options: MakeClipsOptions): Promise<{ manifest: string; made: boolean }> {
  const { out, seconds = 2, fps = 5, force = false, maxFaces } = options;
  const log = options.log ?? (() => {});
  if (!ffmpegAvailable()) throw new AffectFusionError('making the synthetic clips needs ffmpeg and ffprobe on the PATH', 'install them (Debian/Ubuntu: apt-get install ffmpeg)');
  const manifestFile = path.join(out, 'manifest.json');
  if (existsSync(manifestFile) && !force) {
    const previous = readClipManifest(out);
    if (previous.seconds === seconds && previous.fps === fps && previous.maxFaces === maxFaces) {
      log(`clips: ${out} already holds the clip set`);
      return { manifest: manifestFile, made: false };
    }
  }
  rmSync(out, { recursive: true, force: true });
  const samples = path.resolve(faceApiModelDir(), '../demo');
  const photos = [1, 2, 3, 4, 5, 6].map((i) => path.join(samples, `sample${i}.jpg`)).filter((f) => existsSync(f));
  if (photos.length === 0) throw new AffectFusionError(`no sample photos in ${samples}`, 'they ship with @vladmandic/face-api; reinstall the dependencies');

  const backend = await selectTfjsBackend({ requested: 'auto' });
  log(`clips: tfjs backend ${backend.chosen}; finding faces in ${photos.length} photos of ${samples}`);
  const detector = await FaceDetector.create({ detector: 'ssd-mobilenetv1', minConfidence: 0.5 });
  const trunk = await FaceExpressionTrunk.load();
  const faces: { photo: string; box: { x: number; y: number; width: number; height: number }; scale: number; expression: string; probability: number }[] = [];
  try {
    for (const photo of photos) {
      if (maxFaces !== undefined && faces.length >= maxFaces) break;
      const width = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width', '-of', 'csv=p=0', photo]).toString().trim());
      const frames = decodeFrameImages([photo], [{ index: 0, time: 0 }], { maxSize: 1280 });
      const { value: image } = await frames.next();
      await frames.return?.(undefined);
      if (!image) continue;
      const scale = width / image.width; // decoded → original pixels
      for (const face of await detector.detect(image)) {
        if (maxFaces !== undefined && faces.length >= maxFaces) break;
        if (Math.max(face.box.width, face.box.height) < 48) continue;
        // face-api's expression network on the aligned face gives the clip's label.
        const crop = alignFace(image, face, { size: 112 }).image;
        const maps = await trunk.run([crop]);
        const probabilities = tf.tidy(() => Array.from(trunk.classify(tf.tensor4d(maps, [1, 7, 7, 256])).dataSync()));
        const best = probabilities.indexOf(Math.max(...probabilities));
        faces.push({ photo, box: face.box, scale, expression: FACE_API_EXPRESSIONS[best], probability: probabilities[best] });
      }
    }
  } finally {
    detector.dispose();
    trunk.dispose();
  }
  log(`clips: ${faces.length} faces`);

  const clips: SyntheticClip[] = [];
  faces.forEach((face, k) => {
    const split = k % 4 === 3 ? 'Val' : 'Train';
    const folder = AFEW_FOLDER[face.expression];
    const dir = path.join(out, split, folder);
    mkdirSync(dir, { recursive: true });
    // A square around the face, 2.4× its size, in the photo's own pixels.
    const side = Math.round(2.4 * Math.max(face.box.width, face.box.height) * face.scale);
    const cx = (face.box.x + face.box.width / 2) * face.scale;
    const cy = (face.box.y + face.box.height / 2) * face.scale;
    const x = Math.max(0, Math.round(cx - side / 2));
    const y = Math.max(0, Math.round(cy - side / 2));
    const frames = Math.round(seconds * fps);
    const variants = [
      { name: 'a', filters: `zoompan=z='1+0.12*on/${frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=320x320:fps=${fps}` },
      { name: 'b', filters: `hflip,zoompan=z='1.12-0.12*on/${frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=320x320:fps=${fps},eq=brightness=0.06:contrast=1.1` },
    ];
    for (const v of variants) {
      const file = path.join(dir, `face${String(k).padStart(2, '0')}${v.name}.mp4`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', face.photo, '-frames:v', String(frames), '-vf', `crop=${side}:${side}:${x}:${y},scale=320:320,${v.filters},format=yuv420p`, '-c:v', 'libx264', file]);
      clips.push({ file: path.relative(out, file), split, emotion: folder, source: path.basename(face.photo), box: face.box, faceApiExpression: face.expression, probability: face.probability });
    }
  });
  const counts: Record<string, number> = {};
  for (const c of clips) counts[`${c.split}/${c.emotion}`] = (counts[`${c.split}/${c.emotion}`] ?? 0) + 1;
  const manifest: ClipManifest = {
    note: "Synthetic clips from face-api sample photos, labelled by face-api's expression network: for showing that the pipelines run, not for accuracy.",
    seconds,
    fps,
    ...(maxFaces !== undefined ? { maxFaces } : {}),
    counts,
    clips,
  };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`clips: ${clips.length} clips in ${out}: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return { manifest: manifestFile, made: true };
}
