import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AffectFusionError, RUN_FILES, type RunMetrics } from '@affectfusion/core';

/** A JSON file of a run folder, read with an error that names it. */
export function readRunJson<T>(runDir: string, file: string): T {
  const full = path.join(runDir, file);
  try {
    return JSON.parse(readFileSync(full, 'utf8')) as T;
  } catch (error) {
    throw new AffectFusionError(`cannot read ${full}: ${(error as Error).message.split('\n')[0]}`, 'train the run again (--force)', { cause: error });
  }
}

/** A run's metrics.json: the source of every number the report prints for it. */
export function readRunMetrics(runDir: string): RunMetrics {
  return readRunJson<RunMetrics>(runDir, RUN_FILES.metrics);
}

/** A value of a run's `validation` metrics (its best epoch); null when the run has none. */
export function validationValue(metrics: RunMetrics, key: string): number | null {
  const v = metrics.validation?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
