import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { trainOrReuse, type PipelineConfig, type RunEvent, type RunMetrics } from '@affectfusion/core';
import { explainClip, type ExplainClipResult } from '@affectfusion/modality-video';


/** The nine pipelines: the rows of Table 2.1 (and Table 2.2's LSTM and AVG), with the thesis's accuracy (%). */
export const AFEW_ROWS = [
  { key: 'tp', table: '2.1', title: 'VGG16 + TP', units: '-', reg: '-', thesis: 46.4 },
  { key: 'tp-shift2', table: '2.1', title: 'VGG16 + TP + SHIFT', units: '2', reg: '-', thesis: 45.0 },
  { key: 'tp-sa1-reg0', table: '2.1', title: 'VGG16 + TP + SA', units: '1', reg: '0', thesis: 47.6 },
  { key: 'tp-sa2-reg0.1', table: '2.1', title: 'VGG16 + TP + SA', units: '2', reg: '0.1', thesis: 48.9 },
  { key: 'tp-sa2-reg1', table: '2.1', title: 'VGG16 + TP + SA', units: '2', reg: '1', thesis: 49.0 },
  { key: 'tp-sa4-reg0.1', table: '2.1', title: 'VGG16 + TP + SA', units: '4', reg: '0.1', thesis: 48.3 },
  { key: 'tp-sa4-reg1', table: '2.1', title: 'VGG16 + TP + SA', units: '4', reg: '1', thesis: 48.6 },
  { key: 'lstm', table: '2.2', title: 'VGG16 + LSTM', units: '', reg: '', thesis: 46.2 },
  { key: 'avg', table: '2.2', title: 'VGG16 + AVG', units: '', reg: '', thesis: 46.0 },
] as const;

/** Table 2.2 (temporal pooling): its rows are runs of {@link AFEW_ROWS}. */
export const TABLE_2_2_ROWS = [
  { key: 'lstm', title: 'VGG16 + LSTM (Liu et al. 2018)', thesis: 46.2 },
  { key: 'avg', title: 'VGG16 + AVG', thesis: 46.0 },
  { key: 'tp', title: 'VGG16 + TP', thesis: 46.4 },
  { key: 'tp-sa2-reg1', title: 'VGG16 + TP + SA', thesis: 49.0 },
] as const;

/** The run that explains a clip (Figure 2.3): the thesis's best, 2 heads with regularisation 1. */
export const EXPLAINED_ROW = 'tp-sa2-reg1';

export interface AfewTablesOptions {
  /** The folder of the nine pipeline files. */
  readonly pipelinesDir: string;
  /** AFEW's folder: Train/ and Val/, one folder per emotion. */
  readonly dataDir: string;
  /** Where the runs go, one folder per row (and `cache/` for the features, `explain/` for Figure 2.3). */
  readonly out: string;
  /** VGG-Face conv5_3 from an ONNX file (the thesis's), or face-api's bundled expression CNN. */
  readonly backbone: 'vgg-face' | 'face-expression';
  /** The VGG-Face ONNX file (backbone `vgg-face`). */
  readonly model?: string;
  /**
   * The synthetic clip set's settings: 8 frames of at most 320² per clip, 12 epochs, batch 8, learning
   * rate 0.01, warm restarts every 4 epochs (×2), features cached under `<out>/cache`.
   */
  readonly synthetic?: boolean;
  readonly only?: readonly string[];
  /** Overrides of the pipelines' (or the synthetic settings') epochs, head learning rate and frames per clip. */
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly frames?: number;
  /** Train again even where a finished run of the same configuration exists. */
  readonly force?: boolean;
  /** A validation clip to explain with {@link EXPLAINED_ROW} (or the first row run): Figure 2.3. */
  readonly explain?: string;
  readonly onEvent?: (row: string) => (event: RunEvent) => void;
  readonly log?: (line: string) => void;
}

export interface AfewRowResult {
  readonly key: string;
  readonly table: '2.1' | '2.2';
  readonly title: string;
  readonly units: string;
  readonly reg: string;
  /** The thesis's accuracy, %. */
  readonly thesis: number;
  /** The run folder. */
  readonly run: string;
  readonly metrics: RunMetrics;
  readonly reused: boolean;
}

export interface AfewTablesResult {
  readonly rows: readonly AfewRowResult[];
  /** The explained clip (PNG, HTML, JSON and the numbers), with the row whose model explained it. */
  readonly explanation?: ExplainClipResult & { readonly row: string };
  readonly seconds: number;
}

/**
 * Trains the Table 2.1/2.2 pipelines (or the rows in `only`) on an AFEW-layout folder, each into
 * `<out>/<row>/` (finished runs of the same configuration are reused), then explains one clip with
 * the best attention model: the picture and numbers of Figure 2.3, under `<out>/explain/`.
 */
export async function runAfewTables(options: AfewTablesOptions): Promise<AfewTablesResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  await mkdir(options.out, { recursive: true });
  const rows: AfewRowResult[] = [];
  for (const row of AFEW_ROWS.filter((r) => !options.only || options.only.includes(r.key))) {
    const file = path.join(options.pipelinesDir, `${row.key}.json`);
    const config = configureAfewPipeline(JSON.parse(readFileSync(file, 'utf8')) as PipelineConfig, options);
    const out = path.join(options.out, row.key);
    const { metrics, reused } = await trainOrReuse(config, { source: file, baseDir: options.pipelinesDir, out, force: options.force, onEvent: options.onEvent?.(row.key) });
    if (reused) log(`${row.key}: reusing the finished run in ${out}`);
    rows.push({ ...row, run: out, metrics, reused });
  }
  let explanation: AfewTablesResult['explanation'];
  if (options.explain && rows.length > 0) {
    const row = rows.find((r) => r.key === EXPLAINED_ROW) ?? rows[0];
    const result = await explainClip({ run: row.run, video: options.explain, out: path.join(options.out, 'explain') });
    log(`explained ${path.basename(options.explain)} with ${row.key}: ${result.png}`);
    explanation = { ...result, row: row.key };
  }
  return { rows, explanation, seconds: (performance.now() - started) / 1000 };
}

/** A Table 2.1/2.2 pipeline pointed at the data and backbone, with the run's settings. */
export function configureAfewPipeline(config: PipelineConfig, options: Omit<AfewTablesOptions, 'pipelinesDir' | 'only' | 'force' | 'explain' | 'onEvent' | 'log'>): PipelineConfig {
  // A mutable deep copy: the pipeline file's JSON, edited in place.
  const c = structuredClone(config) as unknown as {
    data: { options: Record<string, unknown> };
    modalities: { video: { extractor: { options: Record<string, unknown> } } };
    training: Record<string, unknown> & { optimizer: Record<string, unknown> };
  };
  c.data.options.root = path.resolve(options.dataDir);
  const extractor = c.modalities.video.extractor.options;
  if (options.backbone === 'face-expression') {
    delete extractor.model;
    extractor.backbone = 'face-expression';
  } else {
    if (!options.model) throw new Error('backbone vgg-face needs the VGG-Face ONNX file (model)');
    extractor.model = path.resolve(options.model);
  }
  // Features are cached once per clip and backbone, in the runs folder: only the first pipeline extracts them.
  extractor.cache = path.join(path.resolve(options.out), 'cache');
  if (options.synthetic) {
    // Small and quick on 2 cores: 8 frames of 320² per clip, short training.
    Object.assign(extractor, { sampling: { mode: 'uniform', count: 8 }, maxSize: 320 });
    Object.assign(c.training, { epochs: 12, batchSize: 8 });
    c.training.optimizer.warmRestarts = { period: 4, multiplier: 2 };
    // The expression CNN's maps are large (rms ≈ 8, peaks ≈ 250): at the thesis's 0.1 the attention
    // models' loss swings by tens on 30 clips; 0.01 trains them steadily.
    c.training.optimizer.learningRate = 0.01;
  }
  if (options.frames) extractor.sampling = { mode: 'uniform', count: options.frames };
  if (options.epochs) c.training.epochs = options.epochs;
  if (options.learningRate) c.training.optimizer.learningRate = options.learningRate;
  return c as unknown as PipelineConfig;
}

const percent = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : (100 * v).toFixed(1));

/** Tables 2.1 and 2.2 as Markdown (what `run-tables.mjs` prints), with notes. */
export function formatAfewTables(result: AfewTablesResult, notes: readonly string[]): string {
  const byKey = new Map(result.rows.map((r) => [r.key, r]));
  const table21 = [
    '| Model | # Att. | Reg. | ACC % (this run) | UAR % | best epoch | training time | ACC % (thesis) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.rows
      .filter((r) => r.table === '2.1')
      .map((r) => `| ${r.title} | ${r.units} | ${r.reg} | ${percent(r.metrics.validation?.accuracy)} | ${percent(r.metrics.validation?.uar)} | ${r.metrics.bestEpoch}/${r.metrics.epochs} | ${r.metrics.trainingSeconds.toFixed(0)} s | ${r.thesis.toFixed(1)} |`),
  ];
  const table22 = [
    '| Model | ACC % (this run) | UAR % | ACC % (thesis) |',
    '| --- | ---: | ---: | ---: |',
    ...TABLE_2_2_ROWS.filter((r) => byKey.has(r.key)).map((r) => {
      const m = byKey.get(r.key)!.metrics;
      return `| ${r.title} | ${percent(m.validation?.accuracy)} | ${percent(m.validation?.uar)} | ${r.thesis.toFixed(1)} |`;
    }),
  ];
  return `## Table 2.1 — spatial attention\n\n${table21.join('\n')}\n\n## Table 2.2 — temporal pooling\n\n${table22.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}
