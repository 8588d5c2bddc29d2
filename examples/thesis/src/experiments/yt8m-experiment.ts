import path from 'node:path';
import { runYt8mTable, writeSyntheticYt8m, yt8mShardSplit } from '@affectfusion/example-thesis-ch3-yt8m';
import type { ReportBlock, ReportTable } from '@affectfusion/report';
import { exampleDir } from '../repository-paths.js';
import { figure35Blocks, figure35FromRun } from '../report/figure-3-5.js';
import { readRunMetrics, validationValue } from '../report/run-files.js';
import { trainingCurves } from '../report/training-curves.js';
import { GENERATED_NOTE, count, plural, type ExperimentRunner } from './thesis-experiment.js';
import { readYt8mVocabulary } from './yt8m-vocabulary.js';

/** A Table 3.1 row and its run folder. */
export interface Yt8mRun {
  readonly key: string;
  readonly title: string;
  readonly thesis: number;
  readonly run: string;
}

/** Table 3.1: the thesis's GAP beside this run's metrics, each read from the row's metrics.json (×100). */
export function yt8mTable(runs: readonly Yt8mRun[], note: string): ReportTable {
  const pct = (v: number | null) => (v === null ? null : 100 * v);
  return {
    kind: 'table',
    caption: 'Table 3.1 — YouTube-8M v2 (video-level features): the thesis\'s GAP, then this run\'s GAP, Hit@1, PERR, mAP, best epoch and training time',
    columns: [
      { key: 'model', label: 'Model' },
      { key: 'thesis', label: 'Thesis GAP %', digits: 1 },
      { key: 'gap', label: 'GAP %', digits: 2 },
      { key: 'hit1', label: 'Hit@1 %', digits: 2 },
      { key: 'perr', label: 'PERR %', digits: 2 },
      { key: 'map', label: 'mAP %', digits: 2 },
      { key: 'best', label: 'Best epoch', digits: 0 },
      { key: 'seconds', label: 'Train s', digits: 0 },
    ],
    rows: runs.map((r) => {
      const m = readRunMetrics(r.run);
      return {
        model: r.title,
        thesis: r.thesis,
        gap: pct(validationValue(m, 'gap')),
        hit1: pct(validationValue(m, 'hit@1')),
        perr: pct(validationValue(m, 'perr')),
        map: pct(validationValue(m, 'map')),
        best: m.bestEpoch,
        seconds: m.trainingSeconds,
      };
    }),
    note,
  };
}

/** Chapter 3 on YouTube-8M: Table 3.1's seven rows, their training curves, and Figure 3.5 from the augmented ensemble. */
export const runYt8mExperiment: ExperimentRunner = async (context) => {
  const { profile, data } = context;
  const p = profile.yt8m;
  let numClasses: number | undefined;
  // Runs trained on an earlier generated set have the same configuration: new data must train them again.
  let force = context.force;
  if (data.kind === 'generated') {
    const made = await writeSyntheticYt8m(data.path, p.generated);
    context.log(`${made.written ? 'wrote' : 'reusing'} synthetic YouTube-8M-shaped shards in ${data.path}`);
    numClasses = made.classes;
    force ||= made.written;
  }
  const split = yt8mShardSplit(data.path, { trainShards: p.trainShards, validationShards: p.validationShards });
  context.log(`shards: ${split.rule}`);
  const result = await runYt8mTable({
    pipelinesDir: path.join(exampleDir('thesis-ch3-yt8m'), 'pipelines'),
    train: split.train,
    validation: split.validation,
    out: context.out,
    force,
    epochs: p.epochs,
    numClasses,
    onEvent: context.onEvent,
    log: context.log,
  });
  const runs: Yt8mRun[] = result.rows.map((r) => ({ key: r.key, title: r.title, thesis: r.thesis, run: r.run }));
  const first = readRunMetrics(runs[0].run);
  const sizes = `${count(first.trainSize)} training videos (${plural(split.train.length, 'shard')}) and ${count(first.validationSize)} validation videos (${plural(split.validation.length, 'shard')})`;
  const described =
    data.kind === 'generated'
      ? `Generated: synthetic YouTube-8M-shaped video-level shards (${p.generated.shards} × ${p.generated.videosPerShard} videos, ${p.generated.classes} classes; random class prototypes plus noise), written with the datasets package's TFRecord writer; ${sizes}.`
      : `${data.kind === 'user' ? 'Your' : 'Real'} YouTube-8M v2 video-level features (mean_rgb 1024 + mean_audio 128): ${split.available} shards in the folder, ${split.rule}: ${sizes}.`;

  const vocabulary = readYt8mVocabulary(data.path);
  const blocks: ReportBlock[] = [
    {
      kind: 'text',
      text:
        'Seven fusion models on YouTube-8M video-level features, each trained with sigmoid cross-entropy and Adam (learning rate 0.01, ×0.9 every 400k examples), ' +
        `batch 256, early stopping on validation GAP. Data: ${described}` +
        (data.kind === 'generated' ? ` ${GENERATED_NOTE}` : ''),
    },
    yt8mTable(
      runs,
      `Every column after the thesis's is this run: each run's metrics.json values (validation.gap, hit@1, perr, map at the best epoch, ×100; bestEpoch of epochs run; trainingSeconds) in ${context.out}/<model>/. ` +
        'They are measured on the validation shards, which also chose each model\'s best epoch: validation, not test, numbers. ' +
        'The thesis trained on the whole YouTube-8M training set (about 3.9 million videos); compare the rows with each other more than with the thesis column.',
    ),
    ...trainingCurves(
      runs.map((r) => ({ title: r.title, metrics: readRunMetrics(r.run) })),
      { key: 'gap', label: 'GAP (%)', scale: 100 },
      'Table 3.1 models',
    ),
  ];
  const augmented = runs.find((r) => r.key === 'augmented-ensemble');
  if (augmented) {
    context.log('Figure 3.5: the augmented ensemble over the validation split');
    const figure = await figure35FromRun(augmented.run, {
      topClasses: 20,
      classLabel: (k) => (vocabulary.has(k) ? `${k} ${vocabulary.get(k)}` : `class ${k}`),
    });
    blocks.push(...figure35Blocks(figure, 'YouTube-8M' + (vocabulary.size === 0 ? ' (class indices: no vocabulary.csv beside the shards to name them)' : '')));
  }
  return {
    blocks,
    provenance: { experiment: 'ch3-yt8m', kind: data.kind, description: described, path: data.path },
    backend: first.backend?.chosen,
  };
};
