import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { trainOrReuse, type PipelineConfig, type RunEvent, type RunMetrics } from '@affectfusion/core';


/** The rows of the thesis's Table 3.1 with its GAP (%) on YouTube-8M v2. */
export const YT8M_ROWS = [
  { key: 'audio-only', title: 'Audio only', thesis: 40.1 },
  { key: 'video-only', title: 'Video only', thesis: 71.1 },
  { key: 'early', title: 'Early fusion', thesis: 83.8 },
  { key: 'late', title: 'Late fusion', thesis: 83.2 },
  { key: 'ensemble', title: 'Ensemble', thesis: 84.0 },
  { key: 'centralnet', title: 'CentralNet', thesis: 83.9 },
  { key: 'augmented-ensemble', title: 'Augmented ensemble', thesis: 85.1 },
] as const;

export interface Yt8mTableOptions {
  /** The folder of the seven pipeline files. */
  readonly pipelinesDir: string;
  /** Training shards (absolute paths or globs). */
  readonly train: readonly string[];
  /** Validation shards: metrics and early stopping. */
  readonly validation: readonly string[];
  /** Where the runs go, one folder per row. */
  readonly out: string;
  /** Only these rows (keys). */
  readonly only?: readonly string[];
  /** Train again even where a finished run of the same configuration exists. */
  readonly force?: boolean;
  /** Overrides the pipelines' epochs (10). */
  readonly epochs?: number;
  /** Overrides the label vocabulary (3862) and the task's outputs: a generated set has fewer classes. */
  readonly numClasses?: number;
  readonly onEvent?: (row: string) => (event: RunEvent) => void;
  readonly log?: (line: string) => void;
}

export interface Yt8mRowResult {
  readonly key: string;
  readonly title: string;
  /** The thesis's GAP, %. */
  readonly thesis: number;
  /** The run folder. */
  readonly run: string;
  readonly metrics: RunMetrics;
  readonly reused: boolean;
}

export interface Yt8mTableResult {
  readonly rows: readonly Yt8mRowResult[];
  /** Wall-clock seconds of the whole table. */
  readonly seconds: number;
}

/**
 * Trains the Table 3.1 pipelines (or the rows in `only`) on the given shards, each into
 * `<out>/<row>/`, reusing finished runs of the same configuration.
 */
export async function runYt8mTable(options: Yt8mTableOptions): Promise<Yt8mTableResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  await mkdir(options.out, { recursive: true });
  const rows: Yt8mRowResult[] = [];
  for (const row of YT8M_ROWS.filter((r) => !options.only || options.only.includes(r.key))) {
    const file = path.join(options.pipelinesDir, `${row.key}.json`);
    const config = configureYt8mPipeline(JSON.parse(readFileSync(file, 'utf8')) as PipelineConfig, options);
    const out = path.join(options.out, row.key);
    const { metrics, reused } = await trainOrReuse(config, { source: file, baseDir: options.pipelinesDir, out, force: options.force, onEvent: options.onEvent?.(row.key) });
    if (reused) log(`${row.key}: reusing the finished run in ${out}`);
    rows.push({ key: row.key, title: row.title, thesis: row.thesis, run: out, metrics, reused });
  }
  return { rows, seconds: (performance.now() - started) / 1000 };
}

/** A Table 3.1 pipeline pointed at the given shards, with the run's overrides. */
export function configureYt8mPipeline(config: PipelineConfig, options: Pick<Yt8mTableOptions, 'train' | 'validation' | 'epochs' | 'numClasses'>): PipelineConfig {
  const data = config.data!;
  return {
    ...config,
    ...(options.numClasses ? { task: { ...config.task, outputs: options.numClasses } } : {}),
    data: {
      ...data,
      options: {
        ...data.options,
        splits: { train: [...options.train], validation: [...options.validation] },
        ...(options.numClasses ? { numClasses: options.numClasses } : {}),
      },
    },
    training: options.epochs ? { ...config.training, epochs: options.epochs } : config.training,
  };
}

const percent = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : (100 * v).toFixed(1));

/** The table as Markdown (what `run-table.mjs` prints), with notes. */
export function formatYt8mTable(result: Yt8mTableResult, notes: readonly string[]): string {
  const lines = [
    '| Model | GAP % (this run) | Hit@1 % | PERR % | mAP % | best epoch | training time | GAP % (thesis) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.rows.map(
      ({ title, thesis, metrics: m }) =>
        `| ${title} | ${percent(m.validation?.gap)} | ${percent(m.validation?.['hit@1'])} | ${percent(m.validation?.perr)} | ${percent(m.validation?.map)} | ${m.bestEpoch}/${m.epochs} | ${m.trainingSeconds.toFixed(0)} s | ${thesis.toFixed(1)} |`,
    ),
  ];
  return `${lines.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}
