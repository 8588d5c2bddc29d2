import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RUN_FILES, loadRun, loadSplitInMemory } from '@affectfusion/core';
import { augmentedEnsembleActivations, mostFrequentClasses } from '@affectfusion/fusion-strategies';
import type { ReportBlock } from '@affectfusion/report';

/** The file a run folder gets with its Figure 3.5 statistics. */
export const FIGURE_3_5_FILE = 'figure-3-5.json';

/** Figure 3.5's statistics of one augmented-ensemble run, for the classes shown. */
export interface Figure35Data {
  /** The split the model ran over. */
  readonly split: string;
  readonly samples: number;
  /** The classes shown, most frequent first: index, label and samples. */
  readonly classes: readonly { readonly index: number; readonly label: string; readonly count: number }[];
  /** Mean gate activation per shown class (rows) and feature (columns), per modality and layer. */
  readonly contextGates: readonly { readonly modality: string; readonly layer: number; readonly width: number; readonly means: readonly (readonly number[])[] }[];
  /** Mean probability of taking s₁₂ over v_e per shown class, per layer. */
  readonly attention: readonly { readonly layer: number; readonly takeS12: readonly number[] }[];
}

export interface Figure35Options {
  /** Classes shown: the most frequent in the split (all when there are fewer). */
  readonly topClasses?: number;
  /** A class's label by index (default `class <index>`): its name where known (YouTube-8M's vocabulary.csv, digits). */
  readonly classLabel?: (index: number) => string;
  readonly split?: string;
}

/**
 * Figure 3.5 from a trained augmented-ensemble run: loads its model and its validation split, runs
 * the model over it in inference mode, and keeps, for the most frequent classes, each context
 * gating's mean activation per feature and each attention unit's mean probability of taking s₁₂.
 * Written to the run's {@link FIGURE_3_5_FILE} and reused while it is newer than the model.
 */
export async function figure35FromRun(runDir: string, options: Figure35Options = {}): Promise<Figure35Data> {
  const file = path.join(runDir, FIGURE_3_5_FILE);
  const model = path.join(runDir, RUN_FILES.model);
  const topClasses = options.topClasses ?? 20;
  const split = options.split ?? 'validation';
  const label = options.classLabel ?? ((k: number) => `class ${k}`);
  if (existsSync(file) && statSync(file).mtimeMs >= statSync(model).mtimeMs) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as Figure35Data & { topClasses?: number };
    if (cached.topClasses === topClasses && cached.split === split && cached.classes.every((c) => c.label === label(c.index))) return cached;
  }
  const run = await loadRun(runDir);
  try {
    const dataset = run.pipeline.dataset;
    if (!dataset) throw new Error(`${runDir}: the run's pipeline has no data to compute Figure 3.5 on`);
    const data = await loadSplitInMemory(dataset, split, run.model.spec.modalities.map((m) => m.name));
    const activations = augmentedEnsembleActivations(run.model, data);
    const shown = mostFrequentClasses(activations.classCounts, topClasses);
    const round = (v: number) => Math.round(v * 1e6) / 1e6; // six digits: plenty for a colour, and a small file
    const result: Figure35Data & { topClasses: number } = {
      split,
      samples: data.size,
      topClasses,
      classes: shown.map((k) => ({ index: k, label: label(k), count: activations.classCounts[k] })),
      contextGates: activations.contextGates.map((g) => ({ modality: g.modality, layer: g.layer, width: g.width, means: shown.map((k) => Array.from(g.means[k], round)) })),
      attention: activations.attention.map((a) => ({ layer: a.layer, takeS12: shown.map((k) => round(a.takeS12[k])) })),
    };
    await writeFile(file, `${JSON.stringify(result)}\n`);
    return result;
  } finally {
    run.model.dispose();
  }
}

/**
 * Figure 3.5 redrawn: a heatmap of the mean context-gating activation per feature (x) and class (y)
 * for each modality and layer, and bars of the attention unit's mean probability of taking the
 * unimodal features s₁₂ per class, one bar per layer.
 */
export function figure35Blocks(data: Figure35Data, where: string): ReportBlock[] {
  const rows = data.classes.map((c) => `${c.label} (${c.count})`);
  const blocks: ReportBlock[] = [
    {
      kind: 'text',
      text:
        `Figure 3.5 redrawn from this run's augmented-ensemble model on ${where}: the model ran over the ${data.samples} samples of the ${data.split} split ` +
        `in inference mode; each row is one of the ${data.classes.length} most frequent classes (samples in brackets), averaged over the samples that carry it. ` +
        'The thesis drew 50 samples of each of four hand-picked YouTube-8M classes (game, string instrument, racing, concert). ' +
        `The numbers are in ${FIGURE_3_5_FILE} in the run folder.`,
    },
  ];
  for (const g of data.contextGates) {
    blocks.push({
      kind: 'heatmap',
      caption: `Figure 3.5 (redrawn) — mean context-gating activation σ(W₂·ReLU(W₁·x)) (eq. 3.8) of the ${g.modality} network, layer ${g.layer} (${g.width} features), per class`,
      xLabel: `Feature of the ${g.modality} network's layer ${g.layer}`,
      yLabel: 'Class (samples)',
      rows,
      values: g.means,
      colorLabel: 'Mean gate activation',
      colorDomain: [0, 1],
    });
  }
  if (data.attention.length > 0) {
    const all = data.attention.flatMap((a) => a.takeS12);
    // Say so when the unit is saturated: bars all at 0 or 1 would otherwise look like a drawing error.
    if (all.every((v) => v < 0.01) || all.every((v) => v > 0.99)) {
      blocks.push({
        kind: 'text',
        text:
          `The attention unit of this model is saturated: for every class shown and every layer, the mean probability of taking s₁₂ is within 0.01 of ${all[0] < 0.5 ? 0 : 1} ` +
          `(the unit ${all[0] < 0.5 ? "keeps the early stream's own features v_e" : 'replaces the early stream\'s features by the unimodal ones s₁₂'} whatever the input), so the bars below are flat.`,
      });
    }
    blocks.push({
      kind: 'bars',
      caption:
        "Figure 3.5 (redrawn) — attention unit of the early-fusion stream (eq. 3.6): mean probability of taking the unimodal features s₁₂ rather than the early stream's own v_e, per class and layer (to 0.001)",
      xLabel: 'Class (samples)',
      yLabel: 'p(s₁₂)',
      groupLabel: 'Layer',
      yDomain: [0, 1],
      // Three decimals are what a bar can show; figure-3-5.json keeps six.
      bars: data.classes.flatMap((_, i) => data.attention.map((a) => ({ label: rows[i], group: `layer ${a.layer}`, value: Math.round(a.takeS12[i] * 1000) / 1000 }))),
    });
  }
  return blocks;
}
