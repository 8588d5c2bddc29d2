import type { RunMetrics } from '@affectfusion/core';
import type { ReportCurves } from '@affectfusion/report';

/** A model's run, named as the table names it. */
export interface NamedRun {
  readonly title: string;
  readonly metrics: RunMetrics;
}

/**
 * The training curves of a table's models, from their metrics.json histories: the validation metric
 * per epoch (times `scale`, e.g. 100 for %) and the mean training loss per epoch. A model without
 * a validation value for an epoch leaves that point out.
 */
export function trainingCurves(runs: readonly NamedRun[], metric: { readonly key: string; readonly label: string; readonly scale?: number }, what: string): ReportCurves[] {
  const scale = metric.scale ?? 1;
  const validation = runs
    .map((r) => ({
      name: r.title,
      points: r.metrics.history.filter((h) => Number.isFinite(h.metrics?.[metric.key])).map((h) => ({ x: h.epoch, y: scale * h.metrics![metric.key] })),
    }))
    .filter((s) => s.points.length > 0);
  const loss = runs
    .map((r) => ({ name: r.title, points: r.metrics.history.filter((h) => Number.isFinite(h.trainLoss)).map((h) => ({ x: h.epoch, y: h.trainLoss })) }))
    .filter((s) => s.points.length > 0);
  const curves: ReportCurves[] = [];
  if (validation.length > 0) {
    curves.push({ kind: 'curves', caption: `Validation ${metric.label} per epoch — ${what} (this run)`, xLabel: 'Epoch', yLabel: metric.label, seriesLabel: 'Model', series: validation });
  }
  if (loss.length > 0) {
    curves.push({ kind: 'curves', caption: `Training loss per epoch (mean over the epoch's batches) — ${what} (this run)`, xLabel: 'Epoch', yLabel: 'Training loss', seriesLabel: 'Model', series: loss });
  }
  return curves;
}
