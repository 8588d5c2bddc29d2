import type { ReportCell, ReportTableColumn } from './report-model.js';

/** What a null cell prints as: an em dash. */
export const EMPTY_CELL = '—';

/** Fraction digits when a column does not say (the model's default). */
export const DEFAULT_DIGITS = 1;

/**
 * Formats a table cell as the report prints it: a number with the column's `digits` fraction digits
 * (default 1; negative zero prints as zero), a string as given, null as an em dash.
 */
export function formatCell(cell: ReportCell, column: ReportTableColumn): string {
  if (cell === null) return EMPTY_CELL;
  if (typeof cell === 'string') return cell;
  const text = cell.toFixed(column.digits ?? DEFAULT_DIGITS);
  // -0.04 rounds to "-0.0": print the zero without a sign, as a table of results would.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * The alignment of a column: its `align` when given, otherwise right when any of its cells is a number
 * (so digits line up), left when it holds only text.
 */
export function columnAlign(column: ReportTableColumn, rows: readonly Readonly<Record<string, ReportCell>>[]): 'left' | 'right' {
  if (column.align) return column.align;
  return rows.some((row) => typeof row[column.key] === 'number') ? 'right' : 'left';
}
