import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AFEW_ROWS, TABLE_2_2_ROWS, makeClips, readClipManifest, runAfewTables } from '@affectfusion/example-thesis-ch2-afew';
import { ffmpegAvailable } from '@affectfusion/modality-video';
import type { ReportBlock, ReportTable } from '@affectfusion/report';
import { exampleDir } from '../repository-paths.js';
import { figure23Blocks } from '../report/figure-2-3.js';
import { readRunMetrics, validationValue } from '../report/run-files.js';
import { trainingCurves } from '../report/training-curves.js';
import { ExperimentSkipped, GENERATED_NOTE, count, type ExperimentRunner } from './thesis-experiment.js';

/** A Table 2.1/2.2 pipeline and its run folder. */
export interface AfewRun {
  readonly key: string;
  readonly run: string;
}

const pct = (v: number | null) => (v === null ? null : 100 * v);

/** Table 2.1 from the run folders: accuracy and UAR from each metrics.json (×100). */
export function afewTable21(runs: readonly AfewRun[], note: string): ReportTable {
  const byKey = new Map(runs.map((r) => [r.key, r.run]));
  return {
    kind: 'table',
    caption: 'Table 2.1 — spatial attention (SA) with temporal softmax pooling (TP): validation accuracy, the thesis (AFEW) beside this run',
    columns: [
      { key: 'model', label: 'Model' },
      { key: 'units', label: '# Att.', align: 'right' },
      { key: 'reg', label: 'Reg.', align: 'right' },
      { key: 'thesis', label: 'Thesis ACC %', digits: 1 },
      { key: 'accuracy', label: 'This run ACC %', digits: 1 },
      { key: 'uar', label: 'UAR %', digits: 1 },
      { key: 'best', label: 'Best epoch', digits: 0 },
      { key: 'seconds', label: 'Train s', digits: 0 },
    ],
    rows: AFEW_ROWS.filter((r) => r.table === '2.1' && byKey.has(r.key)).map((r) => {
      const m = readRunMetrics(byKey.get(r.key)!);
      return { model: r.title, units: r.units, reg: r.reg, thesis: r.thesis, accuracy: pct(validationValue(m, 'accuracy')), uar: pct(validationValue(m, 'uar')), best: m.bestEpoch, seconds: m.trainingSeconds };
    }),
    note,
  };
}

/** Table 2.2 from the run folders (its rows are runs of Table 2.1's pipelines and the LSTM and AVG ones). */
export function afewTable22(runs: readonly AfewRun[], note: string): ReportTable {
  const byKey = new Map(runs.map((r) => [r.key, r.run]));
  return {
    kind: 'table',
    caption: 'Table 2.2 — temporal pooling: validation accuracy, the thesis (AFEW) beside this run',
    columns: [
      { key: 'model', label: 'Model' },
      { key: 'thesis', label: 'Thesis ACC %', digits: 1 },
      { key: 'accuracy', label: 'This run ACC %', digits: 1 },
      { key: 'uar', label: 'UAR %', digits: 1 },
    ],
    rows: TABLE_2_2_ROWS.filter((r) => byKey.has(r.key)).map((r) => {
      const m = readRunMetrics(byKey.get(r.key)!);
      return { model: r.title, thesis: r.thesis, accuracy: pct(validationValue(m, 'accuracy')), uar: pct(validationValue(m, 'uar')) };
    }),
    note,
  };
}

/** AFEW's first validation clip by name, for Figure 2.3. */
function firstValidationClip(dir: string): string | undefined {
  const val = path.join(dir, 'Val');
  if (!existsSync(val)) return undefined;
  const clips = readdirSync(val, { recursive: true }).map(String).filter((f) => /\.(avi|mp4|mkv|mov|webm)$/i.test(f)).sort();
  return clips[0] && path.join(val, clips[0]);
}

/** Chapter 2: Tables 2.1 and 2.2, their training curves, and Figure 2.3 for one validation clip. */
export const runAfewExperiment: ExperimentRunner = async (context) => {
  const { profile, data } = context;
  const p = profile.afew;
  const synthetic = data.kind === 'generated';
  if (!ffmpegAvailable()) {
    throw new ExperimentSkipped('chapter 2 decodes video with ffmpeg, and ffmpeg/ffprobe are not on the PATH', 'install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg) and run again');
  }
  // Runs trained on an earlier generated set have the same configuration: new data must train them again.
  let force = context.force;
  if (synthetic) {
    context.log(`the synthetic clip set in ${data.path} (faces from face-api's sample photos)`);
    const made = await makeClips({ out: data.path, seconds: p.generated.seconds, fps: p.generated.fps, maxFaces: p.generated.maxFaces, log: context.log });
    force ||= made.made;
  }
  const backbone = context.vggFace ? 'vgg-face' : 'face-expression';
  const clip = synthetic ? path.join(data.path, readClipManifest(data.path).clips.find((c) => c.split === 'Val')!.file) : firstValidationClip(data.path);
  const result = await runAfewTables({
    pipelinesDir: path.join(exampleDir('thesis-ch2-afew'), 'pipelines'),
    dataDir: data.path,
    out: context.out,
    backbone,
    model: context.vggFace,
    synthetic,
    epochs: p.epochs,
    frames: p.frames,
    force,
    explain: clip,
    onEvent: context.onEvent,
    log: context.log,
  });
  const runs: AfewRun[] = result.rows.map((r) => ({ key: r.key, run: r.run }));
  const first = readRunMetrics(runs[0].run);
  const backboneText = backbone === 'vgg-face' ? `VGG-Face conv5_3 from ${context.vggFace} (frozen, features cached)` : "face-api's bundled expression CNN (7×7×256 maps, frozen), not the thesis's VGG-Face";
  const skipped = Object.values(first.skipped ?? {}).reduce((n, ids) => n + ids.length, 0);
  const sizes = `${count(first.trainSize)} training and ${count(first.validationSize)} validation clips${skipped ? ` (${skipped} left out: no face found)` : ''}`;
  const described = synthetic
    ? `Generated: short clips made from the sample photos that face-api ships (each face a slow zoom and a mirrored, re-lit zoom), labelled by face-api's own expression network — not an emotion dataset; ${sizes}; backbone ${backboneText}.`
    : `${data.kind === 'user' ? 'Your' : 'The'} AFEW clips; ${sizes}; backbone ${backboneText}.`;
  const tableNote =
    `This run's numbers are each run's metrics.json values (validation.accuracy and validation.uar at the best epoch, ×100) in ${context.out}/<pipeline>/. ` +
    (synthetic ? `With ${count(first.validationSize)} validation clips, one clip moves accuracy by ${(100 / Math.max(1, first.validationSize ?? 1)).toFixed(1)} points.` : 'The thesis reports AFEW validation accuracy too.');
  const blocks: ReportBlock[] = [
    {
      kind: 'text',
      text:
        'Faces are detected and aligned in every sampled frame, a frozen CNN turns each face into a map of local descriptors, and the trainable part — spatial attention over the map ' +
        '(eqs. 2.2–2.4), temporal softmax pooling (eq. 2.5) or its alternatives — is trained with SGD with momentum and warm restarts. ' +
        `Data: ${described}` +
        (synthetic ? ` ${GENERATED_NOTE}` : ''),
    },
    afewTable21(runs, tableNote),
    afewTable22(runs, 'The same runs as Table 2.1 for TP and TP + SA (2 heads, regularisation 1), with the LSTM and average-pooling pipelines.'),
    ...trainingCurves(
      result.rows.map((r) => ({ title: `${r.key}`, metrics: readRunMetrics(r.run) })),
      { key: 'accuracy', label: 'accuracy (%)', scale: 100 },
      'Tables 2.1 and 2.2 pipelines (named by their pipeline files)',
    ),
  ];
  if (result.explanation) {
    const row = AFEW_ROWS.find((r) => r.key === result.explanation!.row);
    blocks.push(...figure23Blocks(result.explanation, row ? `${row.title} (${row.key})` : result.explanation.row));
  } else {
    blocks.push({ kind: 'text', text: 'Figure 2.3: no validation clip was found to explain.' });
  }
  return {
    blocks,
    provenance: { experiment: 'ch2', kind: data.kind, description: described, path: data.path },
    backend: first.backend?.chosen,
  };
};
