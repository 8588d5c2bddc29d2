import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AccuracyMetric,
  loadRun,
  trainPipeline,
  validatePipeline,
  type PipelineConfig,
  type RunEvent,
  type RunMetrics,
} from '@affectfusion/core';
import { AvMnistDataset, type AvMnistOptions, type AvMnistSplit, type SpokenDigitFeatureOptions } from '@affectfusion/datasets';
import { speakerHeldOutSplits } from './fsdd-speaker-splits.js';
import { evaluateWithModalitiesRemoved, type MissingModalityResult } from './missing-modality-evaluation.js';

/** The rows of the table, in Table 3.1's order ("video" is the image here). */
export const AV_MNIST_ROWS = [
  { key: 'audio-only', title: 'Audio only' },
  { key: 'image-only', title: 'Image only' },
  { key: 'early', title: 'Early fusion' },
  { key: 'late', title: 'Late fusion' },
  { key: 'ensemble', title: 'Ensemble' },
  { key: 'centralnet', title: 'CentralNet' },
  { key: 'augmented-ensemble', title: 'Augmented ensemble' },
] as const;

export const AV_MNIST_MODALITIES = ['image', 'audio'] as const;

/**
 * The file each run folder gets beside metrics.json: accuracy with every modality and with each one
 * removed, on the validation (and test) speakers — `{ fusion, missingModality, validation, test? }`.
 */
export const AV_MNIST_EVALUATION_FILE = 'evaluation.json';

export interface AvMnistTableOptions {
  /** The folder of the seven pipeline files. */
  readonly pipelinesDir: string;
  /** Spoken digits in FSDD naming: training speakers and the validation speaker. */
  readonly fsddDir: string;
  /** Held out for validation (early stopping); the last speaker by name when left out. */
  readonly validationSpeaker?: string;
  /** Spoken digits of other speakers: the test split. */
  readonly testDir?: string;
  /** Where the runs go, one folder per row. */
  readonly out: string;
  /** Only these rows (keys). */
  readonly only?: readonly string[];
  /** Train again even where a finished run with the same configuration exists. */
  readonly force?: boolean;
  /** Probability of dropping each modality from a training batch, replacing the pipelines' (0.25 for the fusion rows). */
  readonly dropProbability?: number;
  /** Overrides of the pipelines' training epochs. */
  readonly epochs?: number;
  /** Overrides of the audio features. */
  readonly audio?: Partial<SpokenDigitFeatureOptions>;
  /** Overrides of other dataset options (tests use smaller image shares). */
  readonly data?: Partial<Omit<AvMnistOptions, 'splits' | 'audio'>>;
  readonly onEvent?: (row: string) => (event: RunEvent) => void;
  readonly log?: (line: string) => void;
}

export interface AvMnistRowResult {
  readonly key: string;
  readonly title: string;
  /** The run folder: run.json, model.afck, metrics.json and this row's {@link AV_MNIST_EVALUATION_FILE}. */
  readonly run: string;
  readonly fusion: string;
  /** What the trained model declares for a missing modality. */
  readonly missingModality: string;
  readonly metrics: RunMetrics;
  readonly reused: boolean;
  readonly validation: MissingModalityResult;
  readonly test?: MissingModalityResult;
  readonly evaluationSeconds: number;
}

export interface AvMnistTableResult {
  readonly rows: readonly AvMnistRowResult[];
  readonly trainSpeakers: readonly string[];
  readonly validationSpeaker: string;
  readonly testSpeakers?: readonly string[];
  readonly sizes: Readonly<Record<string, number>>;
  /** Wall-clock seconds of the whole table: features, training, evaluation. */
  readonly seconds: number;
}

/**
 * Trains the seven AV-MNIST pipelines with one speaker held out for validation and evaluates each
 * trained model on the validation (and test) speakers with every modality, and with each modality
 * removed at inference.
 */
export async function runAvMnistTable(options: AvMnistTableOptions): Promise<AvMnistTableResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { splits, trainSpeakers, validationSpeaker, testSpeakers } = speakerHeldOutSplits(options.fsddDir, options);
  log(`train speakers: ${trainSpeakers.join(', ')}; validation speaker: ${validationSpeaker}${testSpeakers ? `; test speakers: ${testSpeakers.join(', ')}` : ''}`);
  const rows = AV_MNIST_ROWS.filter((r) => !options.only || options.only.includes(r.key));
  await mkdir(options.out, { recursive: true });

  let dataset: AvMnistDataset | undefined;
  const evaluation = new Map<string, AvMnistSplit>();
  const results: AvMnistRowResult[] = [];
  for (const row of rows) {
    const file = path.join(options.pipelinesDir, `${row.key}.json`);
    const config = configure(JSON.parse(readFileSync(file, 'utf8')) as PipelineConfig, splits, options);
    const out = path.join(options.out, row.key);
    const fingerprintFile = path.join(out, 'av-mnist-config.json');
    // What training depends on: the configuration without the test split (a test folder given
    // later is evaluated with the models already trained).
    const fingerprint = `${JSON.stringify(withoutTestSplit(config), null, 2)}\n`;
    const finished = existsSync(path.join(out, 'metrics.json'));
    const same = existsSync(fingerprintFile) && readFileSync(fingerprintFile, 'utf8') === fingerprint;
    let metrics: RunMetrics;
    const reused = finished && same && !options.force;
    if (reused) {
      metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')) as RunMetrics;
      log(`${row.key}: reusing the finished run in ${out}`);
    } else {
      // A run of other options (or a forced one) starts from nothing: no checkpoint of it may be resumed.
      if (!same || options.force) await rm(out, { recursive: true, force: true });
      await mkdir(out, { recursive: true });
      await writeFile(fingerprintFile, fingerprint);
      const validated = await validatePipeline(config, { source: file, baseDir: options.pipelinesDir });
      metrics = await trainPipeline(validated, { out, onEvent: options.onEvent?.(row.key) });
    }

    const evaluationStarted = performance.now();
    dataset ??= await AvMnistDataset.open(config.data!.options as unknown as AvMnistOptions, options.pipelinesDir, config.seed);
    for (const split of Object.keys(splits).filter((s) => s !== 'train')) {
      if (!evaluation.has(split)) evaluation.set(split, await dataset.loadInMemory(split));
    }
    const { model, manifest } = await loadRun(out);
    try {
      const evaluate = (split: string) =>
        evaluateWithModalitiesRemoved(model, manifest.config.task, evaluation.get(split)!, () => new AccuracyMetric(), AV_MNIST_MODALITIES, {
          batchSize: 512,
        });
      const validation = evaluate('validation');
      const test = evaluation.has('test') ? evaluate('test') : undefined;
      await writeFile(
        path.join(out, AV_MNIST_EVALUATION_FILE),
        `${JSON.stringify({ fusion: config.fusion.type, missingModality: model.missingModality, validation, ...(test ? { test } : {}) }, null, 2)}\n`,
      );
      results.push({
        key: row.key,
        title: row.title,
        run: out,
        fusion: config.fusion.type,
        missingModality: model.missingModality,
        metrics,
        reused,
        validation,
        test,
        evaluationSeconds: (performance.now() - evaluationStarted) / 1000,
      });
    } finally {
      model.dispose();
    }
  }
  const sizes: Record<string, number> = { train: results[0]?.metrics.trainSize ?? 0 };
  for (const [split, data] of evaluation) sizes[split] = data.size;
  return { rows: results, trainSpeakers, validationSpeaker, testSpeakers, sizes, seconds: (performance.now() - started) / 1000 };
}

function withoutTestSplit(config: PipelineConfig): PipelineConfig {
  const options = config.data!.options as { splits: Record<string, string[]> };
  const { test: _test, ...splits } = options.splits;
  return { ...config, data: { ...config.data!, options: { ...options, splits } } };
}

/** The pipeline with this table's splits and overrides. */
function configure(config: PipelineConfig, splits: Record<string, string[]>, options: AvMnistTableOptions): PipelineConfig {
  const data = config.data!;
  const dataOptions = data.options as Record<string, unknown>;
  return {
    ...config,
    data: {
      ...data,
      options: {
        ...dataOptions,
        ...options.data,
        splits,
        // `affectfusion eval` replaces the splits; the statistics stay those of the training speakers.
        statisticsFrom: splits.train,
        audio: { ...(dataOptions.audio as object), ...options.audio },
      },
    },
    modalities: Object.fromEntries(
      Object.entries(config.modalities).map(([name, m]) => [name, options.dropProbability === undefined ? m : { ...m, dropProbability: options.dropProbability }]),
    ),
    training: options.epochs ? { ...config.training, epochs: options.epochs } : config.training,
  };
}

const percent = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : (100 * v).toFixed(1));

/** The table as Markdown, with notes on the protocol. */
export function formatAvMnistTable(result: AvMnistTableResult, machine: string): string {
  const test = result.rows.some((r) => r.test);
  const header = ['Model', 'Val. acc. %', 'no image', 'no audio'];
  if (test) header.push('Test acc. %', 'no image', 'no audio');
  header.push('Missing modality', 'Best epoch', 'Training');
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 || i === (test ? 7 : 4) ? '---' : '---:')).join(' | ')} |`];
  for (const r of result.rows) {
    const cells = [r.title, percent(r.validation.full), percent(r.validation.without.image), percent(r.validation.without.audio)];
    if (test) cells.push(percent(r.test?.full), percent(r.test?.without.image), percent(r.test?.without.audio));
    cells.push(r.missingModality, `${r.metrics.bestEpoch}/${r.metrics.epochs}`, `${r.metrics.trainingSeconds.toFixed(0)} s`);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const notes = [
    `Speaker-independent: trained on ${result.trainSpeakers.join(', ')} (${result.sizes.train} audio–image pairs); validated on ${result.validationSpeaker} (${result.sizes.validation} pairs), the split that also chose each model's best epoch${test ? `; tested on ${result.testSpeakers!.join(', ')} (${result.sizes.test} pairs), never seen in training or model selection` : ''}.`,
    '"no image" / "no audio": the same trained model with that modality absent from every sample at inference, handled as its strategy declares (early: zero-fill; late, ensemble, CentralNet, augmented ensemble: the heads of the modality present; unimodal: — when its own modality is gone, unchanged otherwise).',
    `Wall time of the whole table ${result.seconds.toFixed(0)} s (audio features, training, evaluation); machine: ${machine}.`,
  ];
  return `${lines.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}
