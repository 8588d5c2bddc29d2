import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AVEC2016_LAYOUT, RECOLA_EVALUATION_FILE, runRecolaTable, writeSyntheticRecola, type SplitCcc } from '@affectfusion/example-thesis-ch3-recola';
import type { FittedPostProcessing } from '@affectfusion/datasets';
import type { ReportBlock, ReportTable } from '@affectfusion/report';
import { exampleDir } from '../repository-paths.js';
import { readRunJson, readRunMetrics, validationValue } from '../report/run-files.js';
import { trainingCurves } from '../report/training-curves.js';
import { GENERATED_NOTE, count, plural, type ExperimentRunner } from './thesis-experiment.js';

/** A Table 3.2 row and its run folder. */
export interface RecolaRun {
  readonly key: string;
  readonly title: string;
  readonly thesis: number;
  readonly run: string;
}

/** What the RECOLA runner writes beside metrics.json. */
interface RecolaEvaluation {
  readonly development: SplitCcc;
  readonly test?: SplitCcc;
  readonly postProcessing: FittedPostProcessing;
}

/**
 * Table 3.2 from the run folders: the thesis's development CCC (after post-processing) beside this
 * run's — before post-processing from metrics.json (validation.ccc at the best epoch), after it (and
 * on test) from evaluation.json.
 */
export function recolaTable(runs: readonly RecolaRun[], note: string): ReportTable {
  const rows = runs.map((r) => ({ r, m: readRunMetrics(r.run), e: readRunJson<RecolaEvaluation>(r.run, RECOLA_EVALUATION_FILE) }));
  const test = rows.some(({ e }) => e.test);
  return {
    kind: 'table',
    caption: "Table 3.2 — arousal CCC on RECOLA: the thesis's (development, post-processed), then this run's on development before and after post-processing" + (test ? ', and on test' : ''),
    columns: [
      { key: 'model', label: 'Model' },
      { key: 'thesis', label: 'Thesis CCC', digits: 3 },
      { key: 'raw', label: 'Dev CCC', digits: 3 },
      { key: 'processed', label: 'Dev, post-proc.', digits: 3 },
      ...(test ? [{ key: 'test', label: 'Test, post-proc.', digits: 3 }] : []),
      { key: 'best', label: 'Best epoch', digits: 0 },
      { key: 'seconds', label: 'Train s', digits: 0 },
    ],
    rows: rows.map(({ r, m, e }) => ({
      model: r.title,
      thesis: r.thesis,
      raw: validationValue(m, 'ccc'),
      processed: e.development.processed,
      ...(test ? { test: e.test?.processed ?? null } : {}),
      best: m.bestEpoch,
      seconds: m.trainingSeconds,
    })),
    note,
  };
}

/** The post-processing chain each model kept (fitted on its development predictions), from evaluation.json. */
export function recolaPostProcessingTable(runs: readonly RecolaRun[]): ReportTable {
  return {
    kind: 'table',
    caption: 'The post-processing chain kept for each model (each step only if it raised development CCC)',
    columns: [
      { key: 'model', label: 'Model' },
      { key: 'median', label: 'Median filter (frames)', digits: 0 },
      { key: 'centre', label: 'Centring' },
      { key: 'scale', label: 'Scaling' },
      { key: 'shift', label: 'Time shift (frames)', digits: 0 },
    ],
    rows: runs.map((r) => {
      const p = readRunJson<RecolaEvaluation>(r.run, RECOLA_EVALUATION_FILE).postProcessing;
      return {
        model: r.title,
        median: p.medianWindow ?? null,
        centre: p.goldMean === undefined ? 'no' : 'yes',
        scale: p.goldStd === undefined ? 'no' : 'yes',
        shift: p.shift ?? null,
      };
    }),
    note: `"—": the step was not kept. The whole trace (CCC after each step tried) is in each run's ${RECOLA_EVALUATION_FILE}.`,
  };
}

/** Chapter 3 on RECOLA: Table 3.2's seven rows with the post-processing chain, and their training curves. */
export const runRecolaExperiment: ExperimentRunner = async (context) => {
  const { profile, data } = context;
  const p = profile.recola;
  // Runs trained on an earlier generated set have the same configuration: new data must train them again.
  let force = context.force;
  if (data.kind === 'generated' && !existsSync(path.join(data.path, 'SYNTHETIC.txt'))) {
    context.log(`writing a synthetic RECOLA-layout set to ${data.path}`);
    await writeSyntheticRecola(data.path, p.generated);
    force = true;
  }
  const gold = path.join(data.path, AVEC2016_LAYOUT.gold);
  const hasTest = readdirSync(gold).some((f) => /^test_.*\.(arff|csv)$/i.test(f));
  const result = await runRecolaTable({
    pipelinesDir: path.join(exampleDir('thesis-ch3-recola'), 'pipelines'),
    root: data.path,
    out: context.out,
    force,
    epochs: p.epochs,
    test: hasTest ? ['test_*'] : undefined,
    onEvent: context.onEvent,
    log: context.log,
  });
  const runs: RecolaRun[] = result.rows.map((r) => ({ key: r.key, title: r.title, thesis: r.thesis, run: r.run }));
  const frames = Object.entries(result.sizes).map(([s, n]) => `${s} ${count(n)}`).join(', ');
  const described =
    data.kind === 'generated'
      ? `Generated: a synthetic set in the AVEC 2016 RECOLA layout (${plural(p.generated.recordings, 'recording')} × ${count(p.generated.frames)} frames per partition; a random slow "arousal" drives made-up eGeMAPS-named audio and LGBP-TOP/geometric-shaped video features); frames: ${frames}.`
      : `${data.kind === 'user' ? 'Your' : 'The'} AVEC 2016 RECOLA features (eGeMAPS 88 audio; 84 appearance + 316 geometric video) and arousal gold standard; frames: ${frames}.`;
  const blocks: ReportBlock[] = [
    {
      kind: 'text',
      text:
        'Seven models regress arousal frame by frame (40 ms) with MSE and SGD (0.01, batch 256), stopped early on development CCC; ' +
        'the post-processing chain (median filter, centring, scaling, time shift, each kept only if it raises development CCC) is fitted on the development predictions. ' +
        `Data: ${described}` +
        (data.kind === 'generated' ? ` ${GENERATED_NOTE}` : ''),
    },
    recolaTable(
      runs,
      `"Dev CCC" is each run's metrics.json validation.ccc (best epoch); the post-processed values are in each run's ${RECOLA_EVALUATION_FILE} in ${context.out}/<model>/. ` +
        'Post-processed development CCC is fitted on the development predictions themselves, as the thesis reports it' +
        (hasTest ? '; test CCC applies the development fit.' : '.') +
        ' Figure 3.5 averages activations per class, which continuous arousal does not have; it is drawn for YouTube-8M and AV-MNIST.',
    ),
    recolaPostProcessingTable(runs),
    ...trainingCurves(
      runs.map((r) => ({ title: r.title, metrics: readRunMetrics(r.run) })),
      { key: 'ccc', label: 'CCC' },
      'Table 3.2 models',
    ),
  ];
  return {
    blocks,
    provenance: { experiment: 'ch3-recola', kind: data.kind, description: described, path: data.path },
    backend: result.backend || undefined,
  };
};
