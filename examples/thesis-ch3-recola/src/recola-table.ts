import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluateModel, loadRun, trainOrReuse, type FusionModel, type PipelineConfig, type RunEvent, type RunMetrics } from '@affectfusion/core';
import {
  RecolaDataset,
  applyPostProcessing,
  concordanceCorrelation,
  fitPostProcessing,
  type FittedPostProcessing,
  type PostProcessingOptions,
  type RecolaDatasetOptions,
  type RecolaSplit,
} from '@affectfusion/datasets';


/** The rows of the thesis's Table 3.2 with its arousal CCC on the RECOLA development set. */
export const RECOLA_ROWS = [
  { key: 'audio-only', title: 'Audio only', thesis: 0.772 },
  { key: 'video-only', title: 'Video only', thesis: 0.444 },
  { key: 'early', title: 'Early fusion', thesis: 0.794 },
  { key: 'late', title: 'Late fusion', thesis: 0.783 },
  { key: 'ensemble', title: 'Ensemble', thesis: 0.802 },
  { key: 'centralnet', title: 'CentralNet', thesis: 0.82 },
  { key: 'augmented-ensemble', title: 'Augmented ensemble', thesis: 0.823 },
] as const;

/**
 * The file each run folder gets beside metrics.json: CCC on the development (and test) recordings
 * before and after the post-processing chain, and the fitted chain — `{ development, test?, postProcessing }`.
 */
export const RECOLA_EVALUATION_FILE = 'evaluation.json';

export interface RecolaTableOptions {
  /** The folder of the seven pipeline files. */
  readonly pipelinesDir: string;
  /** The dataset root in the AVEC 2016 layout (replaces the pipelines' `data.options.root`). */
  readonly root: string;
  /** Where the runs go, one folder per row. */
  readonly out: string;
  readonly only?: readonly string[];
  /** Train again even where a finished run of the same configuration exists. */
  readonly force?: boolean;
  /** `mse` (the thesis) or `ccc` (1 − CCC), as the pipeline's `training.loss`. */
  readonly loss?: 'mse' | 'ccc';
  readonly epochs?: number;
  /** Label delay in seconds (replaces the pipelines'). */
  readonly labelDelay?: number;
  /** Gold-standard files of a test split (relative to the labels folder), e.g. `["test_*.arff"]`. */
  readonly test?: readonly string[];
  readonly postProcessing?: Partial<PostProcessingOptions>;
  readonly onEvent?: (row: string) => (event: RunEvent) => void;
  readonly log?: (line: string) => void;
}

/** CCC of one split before and after the post-processing chain. */
export interface SplitCcc {
  readonly raw: number;
  readonly processed: number;
}

export interface RecolaRowResult {
  readonly key: string;
  readonly title: string;
  readonly thesis: number;
  /** The run folder: run.json, model.afck, metrics.json and {@link RECOLA_EVALUATION_FILE}. */
  readonly run: string;
  readonly metrics: RunMetrics;
  readonly reused: boolean;
  readonly development: SplitCcc;
  readonly test?: SplitCcc;
  readonly postProcessing: FittedPostProcessing;
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly trainingSeconds: number;
  readonly parameters: number;
}

export interface RecolaTableResult {
  readonly rows: readonly RecolaRowResult[];
  readonly sizes: Readonly<Record<string, number>>;
  readonly absentFrames: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly loss: 'mse' | 'ccc';
  /** The tfjs backend the models trained on. */
  readonly backend: string;
  readonly seconds: number;
}

/**
 * Trains the seven Table 3.2 pipelines on the train recordings (early stopping on development CCC),
 * each into `<out>/<row>/` (finished runs of the same configuration are reused), predicts the
 * development (and test) recordings, fits the post-processing chain on development and applies it to
 * test, and writes the CCCs to each run's {@link RECOLA_EVALUATION_FILE}.
 */
export async function runRecolaTable(options: RecolaTableOptions): Promise<RecolaTableResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const loss = options.loss ?? 'mse';
  await mkdir(options.out, { recursive: true });
  let dataset: RecolaDataset | undefined;
  let datasetKey = '';
  let backend = '';
  const rows: RecolaRowResult[] = [];
  for (const row of RECOLA_ROWS.filter((r) => !options.only || options.only.includes(r.key))) {
    const file = path.join(options.pipelinesDir, `${row.key}.json`);
    const config = configure(JSON.parse(readFileSync(file, 'utf8')) as PipelineConfig, options);
    const out = path.join(options.out, row.key);
    const { metrics, reused } = await trainOrReuse(config, { source: file, baseDir: options.pipelinesDir, out, force: options.force, onEvent: options.onEvent?.(row.key) });
    if (reused) log(`${row.key}: reusing the finished run in ${out}`);
    backend = metrics.backend.chosen;
    const { manifest, model } = await loadRun(out);
    try {
      // One dataset for all rows that read the same data: recordings are read and standardised once.
      const key = JSON.stringify(manifest.config.data);
      if (!dataset || key !== datasetKey) {
        dataset = await RecolaDataset.open(manifest.config.data!.options as unknown as RecolaDatasetOptions, manifest.baseDir);
        datasetKey = key;
      }
      const task = manifest.config.task;
      const development = await dataset.loadInMemory('validation');
      const test = dataset.splits.includes('test') ? await dataset.loadInMemory('test') : undefined;
      const devSeries = predictSeries(model, task, development);
      const postProcessing = fitPostProcessing(devSeries.predictions, devSeries.gold, options.postProcessing);
      const score = (split: RecolaSplit): SplitCcc => {
        const s = predictSeries(model, task, split);
        return { raw: concordanceCorrelation(s.predictions, s.gold), processed: concordanceCorrelation(applyPostProcessing(s.predictions, postProcessing), s.gold) };
      };
      const developmentCcc = { raw: postProcessing.trace[0].ccc, processed: postProcessing.trace.filter((s) => s.kept).at(-1)!.ccc };
      const testCcc = test ? score(test) : undefined;
      await writeFile(
        path.join(out, RECOLA_EVALUATION_FILE),
        `${JSON.stringify({ development: developmentCcc, ...(testCcc ? { test: testCcc } : {}), postProcessing }, null, 2)}\n`,
      );
      rows.push({
        key: row.key,
        title: row.title,
        thesis: row.thesis,
        run: out,
        metrics,
        reused,
        development: developmentCcc,
        test: testCcc,
        postProcessing,
        epochs: metrics.epochs,
        bestEpoch: metrics.bestEpoch,
        trainingSeconds: metrics.trainingSeconds,
        parameters: metrics.parameters,
      });
      log(`${row.key}: development CCC ${developmentCcc.raw.toFixed(3)} → ${developmentCcc.processed.toFixed(3)} after post-processing`);
    } finally {
      model.dispose();
    }
  }
  const sizes: Record<string, number> = {};
  const absentFrames: Record<string, Record<string, number>> = {};
  if (dataset) {
    for (const split of dataset.splits) {
      const data = await dataset.loadInMemory(split);
      sizes[split] = data.size;
      absentFrames[split] = { ...data.absentFrames };
    }
  }
  return { rows, sizes, absentFrames, loss, backend, seconds: (performance.now() - started) / 1000 };
}

/** A model's predictions and the gold standard of a split, one series per recording. */
export function predictSeries(model: FusionModel, task: PipelineConfig['task'], split: RecolaSplit): { predictions: Float32Array[]; gold: Float32Array[] } {
  const all = new Float32Array(split.size);
  evaluateModel(model, task, split, [], {
    batchSize: 2048,
    onBatch: (rows, predictions) => rows.forEach((r, i) => (all[r] = predictions[i * task.outputs])),
  });
  return {
    predictions: split.recordings.map((r) => all.slice(r.start, r.end)),
    gold: split.recordings.map((r) => split.targets.slice(r.start, r.end)),
  };
}

function configure(config: PipelineConfig, options: RecolaTableOptions): PipelineConfig {
  const data = config.data!;
  const training = { ...config.training, ...(options.epochs ? { epochs: options.epochs } : {}), ...(options.loss === 'ccc' ? { loss: 'ccc' as const } : {}) };
  return {
    ...config,
    data: {
      ...data,
      options: {
        ...data.options,
        root: path.resolve(options.root),
        ...(options.labelDelay === undefined ? {} : { labelDelay: options.labelDelay }),
        ...(options.test ? { splits: { ...(data.options as { splits: object }).splits, test: options.test } } : {}),
      },
    },
    training,
  };
}

const ccc = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(3));

/** The table as Markdown, with notes. */
export function formatRecolaTable(result: RecolaTableResult, notes: readonly string[]): string {
  const test = result.rows.some((r) => r.test);
  const header = ['Model', 'Dev CCC', 'Dev CCC, post-processed', 'Steps kept'];
  if (test) header.push('Test CCC', 'Test CCC, post-processed');
  header.push('Best epoch', 'Training', 'Thesis (dev, post-processed)');
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((h, i) => (i === 0 || h === 'Steps kept' ? '---' : '---:')).join(' | ')} |`];
  for (const r of result.rows) {
    const kept = r.postProcessing.trace.filter((s, i) => i > 0 && s.kept).map((s) => s.step).join(', ') || 'none';
    const cells = [r.title, ccc(r.development.raw), ccc(r.development.processed), kept];
    if (test) cells.push(ccc(r.test?.raw), ccc(r.test?.processed));
    cells.push(`${r.bestEpoch}/${r.epochs}`, `${r.trainingSeconds.toFixed(0)} s`, r.thesis.toFixed(3));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}
