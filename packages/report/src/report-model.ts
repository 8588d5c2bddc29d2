/**
 * What a report says, independent of how it is drawn: the run's tables beside the thesis's numbers,
 * its training curves and its figures. `renderReportHtml` and `renderReportMarkdown` draw the same
 * model, so the two files never disagree; every number in them comes from the run's metrics files.
 */

/** Where an experiment's data came from, so the reader knows what the numbers are worth. */
export interface DataProvenance {
  /** The experiment, e.g. "ch3-yt8m". */
  readonly experiment: string;
  /** The user's real dataset, the data this machine has, or data the project generated. */
  readonly kind: 'user' | 'machine' | 'generated';
  /** One sentence: what the data is and how much of it was used. */
  readonly description: string;
  /** The folder or files read, where there are some. */
  readonly path?: string;
}

/** A cell: numbers are formatted by the column's `digits`; null prints as an em dash. */
export type ReportCell = string | number | null;

export interface ReportTableColumn {
  readonly key: string;
  readonly label: string;
  /** Fraction digits for numeric cells (default 1). */
  readonly digits?: number;
  readonly align?: 'left' | 'right';
}

export interface ReportTable {
  readonly kind: 'table';
  readonly caption: string;
  readonly columns: readonly ReportTableColumn[];
  readonly rows: readonly Readonly<Record<string, ReportCell>>[];
  /** A note printed under the table (units, splits, what differs from the thesis). */
  readonly note?: string;
}

/** Line charts: one line per series, e.g. validation GAP per epoch for each model. */
export interface ReportCurves {
  readonly kind: 'curves';
  readonly caption: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly { readonly name: string; readonly points: readonly { readonly x: number; readonly y: number }[] }[];
  /** Title of the legend that names the series, e.g. "Model" (default: no legend title). */
  readonly seriesLabel?: string;
  /** Fixed y range, e.g. [0, 1] for a probability (default: fitted to the data). */
  readonly yDomain?: readonly [number, number];
}

/** A heatmap: `values[row][column]`, e.g. Figure 3.5's mean gate activation per class and feature. */
export interface ReportHeatmap {
  readonly kind: 'heatmap';
  readonly caption: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Row labels (y), one per row of `values`. */
  readonly rows: readonly string[];
  /** Column labels (x); when absent, columns are numbered from 0. */
  readonly columns?: readonly string[];
  readonly values: readonly (readonly number[])[];
  readonly colorLabel: string;
  /** Fixed colour range, e.g. [0, 1] for gate activations (default: the data's minimum to maximum). */
  readonly colorDomain?: readonly [number, number];
}

/** Bars, optionally grouped: e.g. the attention unit's probability of s₁₂ per class, or p(f|S) per frame. */
export interface ReportBars {
  readonly kind: 'bars';
  readonly caption: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly bars: readonly { readonly label: string; readonly value: number; readonly group?: string }[];
  /** Title of the legend that names the groups, e.g. "Modality" (default: no legend title). */
  readonly groupLabel?: string;
  /** Fixed y range, e.g. [0, 1] for a probability (default: from zero to the data). */
  readonly yDomain?: readonly [number, number];
}

/** A picture the run drew itself (PNG bytes), e.g. the Figure 2.3 strip from `affectfusion explain`. */
export interface ReportImage {
  readonly kind: 'image';
  readonly caption: string;
  readonly alt: string;
  readonly png: Uint8Array;
}

/** A paragraph of plain text (no markup). */
export interface ReportText {
  readonly kind: 'text';
  readonly text: string;
}

export type ReportBlock = ReportTable | ReportCurves | ReportHeatmap | ReportBars | ReportImage | ReportText;

export interface ReportSection {
  /** A stable anchor id, e.g. "ch3-yt8m". */
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

export interface Report {
  readonly title: string;
  /** ISO time the report was made. */
  readonly createdAt: string;
  /** The machine and backends the numbers were measured on, e.g. "2-core AMD EPYC, Node 20.20.2, tfjs wasm". */
  readonly machine: string;
  readonly data: readonly DataProvenance[];
  readonly sections: readonly ReportSection[];
}
