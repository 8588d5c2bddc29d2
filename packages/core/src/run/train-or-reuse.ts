import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { validatePipeline } from '../pipeline/load-pipeline.js';
import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import { RUN_FILES, type RunManifest, type RunMetrics } from './run-files.js';
import { trainPipeline, type RunEvent } from './train-pipeline.js';

/** Options of {@link trainOrReuse}. */
export interface TrainOrReuseOptions {
  /** The pipeline file the config came from (errors name it). */
  readonly source: string;
  /** Where relative paths and plugins resolve from: the pipeline file's folder. */
  readonly baseDir: string;
  /** The run folder. */
  readonly out: string;
  /** Train again even where a finished run of the same configuration exists. */
  readonly force?: boolean;
  readonly onEvent?: (event: RunEvent) => void;
}

/**
 * Trains a pipeline into a run folder unless that folder already holds a finished run of the same
 * validated configuration, which is reused. A folder holding a run of another configuration (other
 * epochs, other shards) is emptied first, so that no checkpoint of it is resumed; an unfinished run
 * of the same configuration is resumed from its last checkpoint.
 */
export async function trainOrReuse(config: PipelineConfig, options: TrainOrReuseOptions): Promise<{ metrics: RunMetrics; reused: boolean }> {
  const validated = await validatePipeline(config, { source: options.source, baseDir: options.baseDir });
  const runFile = path.join(options.out, RUN_FILES.run);
  const metricsFile = path.join(options.out, RUN_FILES.metrics);
  const same = existsSync(runFile) && sameConfig(runFile, validated.config);
  if (same && !options.force && existsSync(metricsFile)) {
    return { metrics: JSON.parse(readFileSync(metricsFile, 'utf8')) as RunMetrics, reused: true };
  }
  if (options.force || (existsSync(options.out) && !same)) await rm(options.out, { recursive: true, force: true });
  const metrics = await trainPipeline(validated, { out: options.out, onEvent: options.onEvent });
  return { metrics, reused: false };
}

function sameConfig(runFile: string, config: PipelineConfig): boolean {
  try {
    const manifest = JSON.parse(readFileSync(runFile, 'utf8')) as RunManifest;
    return JSON.stringify(manifest.config) === JSON.stringify(config);
  } catch {
    return false; // an unreadable run.json is not a run to reuse
  }
}
