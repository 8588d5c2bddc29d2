import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SeededRandom } from '@affectfusion/core';

/** Size of a synthetic spoken-digit folder. */
export interface SyntheticSpokenDigitsOptions {
  /** Speaker names (FSDD has george, jackson, lucas, nicolas; the last by name is held out). */
  readonly speakers: readonly string[];
  /** Recordings per speaker and digit (FSDD: 50). */
  readonly takes: number;
  readonly seed: number;
}

export const SYNTHETIC_SPOKEN_DIGITS_DEFAULTS: SyntheticSpokenDigitsOptions = { speakers: ['ann', 'bob', 'cyd', 'dee'], takes: 20, seed: 10 };

/** The file that marks a finished synthetic folder (and records its options). */
export const SYNTHETIC_SPOKEN_DIGITS_MARKER = 'SYNTHETIC.json';

const RATE = 8000;

/**
 * Writes a SYNTHETIC folder in the Free Spoken Digit Dataset's naming (`{digit}_{speaker}_{index}.wav`,
 * 8 kHz mono 16-bit) for machines without FSDD: each "word" is two tone glides whose frequencies say
 * the digit, shifted in pitch and tempo per speaker and take, with noise. Not speech: it lets the
 * AV-MNIST pipelines (MFCC features, speaker-held-out splits, seven fusion rows) run end to end, and
 * says nothing about spoken-digit recognition. A folder that already holds a finished set of the same
 * options is left as it is (`written: false`).
 */
export async function writeSyntheticSpokenDigits(
  dir: string,
  options: Partial<SyntheticSpokenDigitsOptions> = {},
): Promise<SyntheticSpokenDigitsOptions & { recordings: number; written: boolean }> {
  const o = { ...SYNTHETIC_SPOKEN_DIGITS_DEFAULTS, ...options };
  const recordings = o.speakers.length * 10 * o.takes;
  const marker = path.join(dir, SYNTHETIC_SPOKEN_DIGITS_MARKER);
  if (existsSync(marker)) {
    const previous = JSON.parse(readFileSync(marker, 'utf8')) as { options?: SyntheticSpokenDigitsOptions };
    if (JSON.stringify(previous.options) === JSON.stringify(o)) return { ...o, recordings, written: false };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const random = new SeededRandom(o.seed);
  for (const [s, speaker] of o.speakers.entries()) {
    const pitch = 1 + 0.06 * (s - (o.speakers.length - 1) / 2); // each speaker a little higher or lower
    for (let digit = 0; digit < 10; digit++) {
      // Two glides per digit: the first rises with the digit, the second follows a permutation of it.
      const f1 = 280 + 55 * digit;
      const f2 = 1200 + 130 * ((digit * 7) % 10);
      for (let take = 0; take < o.takes; take++) {
        const seconds = 0.35 + 0.15 * random.next();
        const n = Math.round((seconds + 0.2) * RATE);
        const start = Math.round((0.05 + 0.1 * random.next()) * RATE);
        const length = Math.round(seconds * RATE);
        const jitter = pitch * (1 + 0.03 * random.normal());
        const x = new Float32Array(n);
        let phase1 = 0;
        let phase2 = 0;
        for (let i = 0; i < length && start + i < n; i++) {
          const t = i / length; // 0…1 through the word
          const envelope = Math.sin(Math.PI * t) ** 0.5;
          phase1 += (2 * Math.PI * f1 * jitter * (1 + 0.15 * t)) / RATE;
          phase2 += (2 * Math.PI * f2 * jitter * (1.1 - 0.2 * t)) / RATE;
          x[start + i] = envelope * (0.35 * Math.sin(phase1) + (t > 0.4 ? 0.25 : 0.05) * Math.sin(phase2));
        }
        for (let i = 0; i < n; i++) x[i] += 0.01 * random.normal();
        await writeFile(path.join(dir, `${digit}_${speaker}_${take}.wav`), wavBytes(x, RATE));
      }
    }
  }
  const note =
    'SYNTHETIC spoken digits in FSDD naming, written by examples/av-mnist (writeSyntheticSpokenDigits): tone glides, not speech. ' +
    'Use them to check that the code runs, never to report results.';
  await writeFile(marker, `${JSON.stringify({ note, options: o, recordings }, null, 2)}\n`);
  return { ...o, recordings, written: true };
}

/** A mono 16-bit PCM WAV (RIFF header, then little-endian samples). */
function wavBytes(samples: Float32Array, rate: number): Buffer {
  const b = Buffer.alloc(44 + 2 * samples.length);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + 2 * samples.length, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16); // fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(2 * rate, 28); // byte rate
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write('data', 36);
  b.writeUInt32LE(2 * samples.length, 40);
  samples.forEach((v, i) => b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), 44 + 2 * i));
  return b;
}
