import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportBlock } from '@affectfusion/report';

/** Probabilities as the charts print them: to 0.001 (the JSON beside the picture keeps every digit). */
const shown = (p: number) => Math.round(p * 1000) / 1000;

/** What `explainClip` writes as JSON (the frames without their pictures). */
interface ExplanationNumbers {
  readonly clip: string;
  readonly classNames: readonly string[];
  readonly probabilities: readonly number[];
  readonly frames: readonly { readonly row: number; readonly time?: number; readonly valid: boolean; readonly importance?: number; readonly probabilities?: readonly number[] }[];
}

/** The files `explainClip` wrote for one clip. */
export interface ExplanationFiles {
  readonly png: string;
  readonly json: string;
  /** The row (run) whose model explained the clip. */
  readonly row: string;
}

/**
 * Figure 2.3 for one clip, from the files `affectfusion explain` writes: its picture (faces, each
 * attention head's map, per-frame class probabilities, temporal importance), then the clip's
 * prediction p(c|S), the per-frame class probabilities p(c|f) and the temporal importance p(f|S)
 * (eq. 2.5 marginalised over frames and over classes) as charts of their own. Frames without a face are left out of the charts (they take no
 * part in the prediction).
 */
export function figure23Blocks(files: ExplanationFiles, title: string): ReportBlock[] {
  const numbers = JSON.parse(readFileSync(files.json, 'utf8')) as ExplanationNumbers;
  const frames = numbers.frames.filter((f) => f.valid);
  const frameLabel = (f: ExplanationNumbers['frames'][number]) => (f.time === undefined ? `#${f.row}` : `#${f.row} ${f.time.toFixed(1)} s`);
  const blocks: ReportBlock[] = [
    {
      kind: 'image',
      caption: `Figure 2.3 (redrawn) — ${numbers.clip} through the ${title} model: (a) the aligned faces, (b) each attention head's map, (c) p(class | frame), (d) temporal importance p(f | S) (drawn by affectfusion explain: ${path.basename(files.png)})`,
      alt: `The frames of ${numbers.clip} with each attention head's map over the face, per-frame emotion probabilities and temporal importance`,
      png: new Uint8Array(readFileSync(files.png)),
    },
    {
      kind: 'bars',
      caption: `Clip prediction p(c | S) = Σ_f p(c, f | S) (eq. 2.5 marginalised over frames) for ${numbers.clip}, to 0.001`,
      xLabel: 'Emotion',
      yLabel: 'p(c | S)',
      yDomain: [0, 1],
      bars: numbers.classNames.map((name, c) => ({ label: name, value: shown(numbers.probabilities[c]) })),
    },
  ];
  if (frames.length > 0 && frames.every((f) => f.probabilities)) {
    blocks.push({
      kind: 'heatmap',
      caption: `Figure 2.3(c) — emotion probability of each frame, p(c | f), for ${numbers.clip}, to 0.001`,
      xLabel: 'Frame (index, time)',
      yLabel: 'Emotion',
      rows: [...numbers.classNames],
      columns: frames.map(frameLabel),
      values: numbers.classNames.map((_, c) => frames.map((f) => shown(f.probabilities![c]))),
      colorLabel: 'p(c | f)',
      colorDomain: [0, 1],
    });
  }
  if (frames.length > 0 && frames.every((f) => f.importance !== undefined)) {
    const peak = Math.max(...frames.map((f) => f.importance!));
    blocks.push({
      kind: 'bars',
      caption: `Figure 2.3(d) — temporal importance p(f | S) = Σ_c p(c, f | S) (eq. 2.5 marginalised over classes) of each frame of ${numbers.clip}, re-normalised so that the most important frame is 100, as the thesis draws it, to 0.1 (raw values in ${path.basename(files.json)})`,
      xLabel: 'Frame (index, time)',
      yLabel: 'Importance (0–100)',
      yDomain: [0, 100],
      bars: frames.map((f) => ({ label: frameLabel(f), value: peak > 0 ? Math.round((1000 * f.importance!) / peak) / 10 : 0 })),
    });
  }
  return blocks;
}
