import type {
  Report,
  ReportBars,
  ReportBlock,
  ReportCurves,
  ReportHeatmap,
  ReportImage,
  ReportSection,
  ReportTable,
} from './report-model.js';
import { ReportModelError, type ReportModelLocation } from './report-model-error.js';

/** The eight bytes every PNG file starts with (PNG spec, section 5.2). */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Section ids become HTML ids and URL fragments, so they are kept to characters that need no escaping. */
const SECTION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

const BLOCK_KINDS = new Set(['table', 'curves', 'heatmap', 'bars', 'image', 'text']);

/**
 * Checks that a `Report` can be drawn as it says: every section and block well formed, every number
 * finite, every figure non-empty and its labels matching its values. Both renderers call it first, so
 * a bad model fails with one clear message instead of a wrong or blank figure.
 *
 * @throws ReportModelError naming the section (id and index) and block (index, kind, caption), what is
 *   wrong and how to fix it.
 */
export function validateReport(report: Report): void {
  const fail = (message: string): never => {
    throw new ReportModelError(`report: ${message}`);
  };
  if (report === null || typeof report !== 'object') fail('expected a Report object');
  if (!isNonEmptyString(report.title)) fail('`title` must be a non-empty string');
  if (typeof report.createdAt !== 'string' || Number.isNaN(Date.parse(report.createdAt))) {
    fail(`\`createdAt\` must be an ISO date-time string such as "2026-11-24T10:00:00Z", got ${describe(report.createdAt)}`);
  }
  if (!isNonEmptyString(report.machine)) fail('`machine` must say what the numbers were measured on, e.g. "2-core x86 VM, Node 20.20.2, tfjs wasm"');
  if (!Array.isArray(report.data)) fail('`data` must be an array of DataProvenance (it may be empty)');
  report.data.forEach((d, i) => {
    const where = `data[${i}]`;
    if (d === null || typeof d !== 'object') fail(`${where} must be a DataProvenance object`);
    if (!isNonEmptyString(d.experiment)) fail(`${where}.experiment must be a non-empty string`);
    if (d.kind !== 'user' && d.kind !== 'machine' && d.kind !== 'generated') {
      fail(`${where} ("${d.experiment}"): kind must be "user", "machine" or "generated", got ${describe(d.kind)}`);
    }
    if (!isNonEmptyString(d.description)) fail(`${where} ("${d.experiment}"): description must be a non-empty sentence`);
    if (d.path !== undefined && typeof d.path !== 'string') fail(`${where} ("${d.experiment}"): path must be a string when given`);
  });
  if (!Array.isArray(report.sections)) fail('`sections` must be an array of ReportSection');
  const ids = new Map<string, number>();
  report.sections.forEach((section, sectionIndex) => {
    validateSection(section, sectionIndex);
    const previous = ids.get(section.id);
    if (previous !== undefined) {
      throw new ReportModelError(
        `section "${section.id}" (#${sectionIndex}): the id is already used by section #${previous}; section ids must be unique because they are the page's anchors`,
        { sectionId: section.id, sectionIndex },
      );
    }
    ids.set(section.id, sectionIndex);
  });
}

function validateSection(section: ReportSection, sectionIndex: number): void {
  const location: ReportModelLocation = { sectionIndex, sectionId: section?.id };
  const fail = (message: string): never => {
    throw new ReportModelError(`section ${typeof section?.id === 'string' ? `"${section.id}" ` : ''}(#${sectionIndex}): ${message}`, location);
  };
  if (section === null || typeof section !== 'object') fail('expected a ReportSection object');
  if (typeof section.id !== 'string' || !SECTION_ID.test(section.id)) {
    fail(`id ${describe(section.id)} is not a usable anchor; use letters, digits, "-", "_", "." or ":" starting with a letter or digit, e.g. "ch3-yt8m"`);
  }
  if (!isNonEmptyString(section.title)) fail('title must be a non-empty string');
  if (!Array.isArray(section.blocks)) fail('blocks must be an array of ReportBlock');
  section.blocks.forEach((block, blockIndex) => validateBlock(block, section, sectionIndex, blockIndex));
}

function validateBlock(block: ReportBlock, section: ReportSection, sectionIndex: number, blockIndex: number): void {
  const kind = block !== null && typeof block === 'object' ? (block as { kind?: unknown }).kind : undefined;
  const caption = block !== null && typeof block === 'object' && 'caption' in block ? block.caption : undefined;
  const location: ReportModelLocation = {
    sectionId: section.id,
    sectionIndex,
    blockIndex,
    blockKind: typeof kind === 'string' ? kind : undefined,
  };
  const label = `${typeof kind === 'string' ? kind : 'block'}${typeof caption === 'string' ? ` "${shorten(caption)}"` : ''}`;
  const fail = (message: string): never => {
    throw new ReportModelError(`section "${section.id}" (#${sectionIndex}), block #${blockIndex} (${label}): ${message}`, location);
  };
  if (block === null || typeof block !== 'object') fail('expected a ReportBlock object');
  if (typeof kind !== 'string' || !BLOCK_KINDS.has(kind)) {
    fail(`kind ${describe(kind)} is not one of ${[...BLOCK_KINDS].map((k) => `"${k}"`).join(', ')}`);
  }
  if (block.kind === 'text') {
    if (typeof block.text !== 'string') fail('text must be a string');
    return;
  }
  if (!isNonEmptyString(block.caption)) fail('caption must be a non-empty string: every table and figure is captioned');
  switch (block.kind) {
    case 'table':
      return validateTable(block, fail);
    case 'curves':
      return validateCurves(block, fail);
    case 'heatmap':
      return validateHeatmap(block, fail);
    case 'bars':
      return validateBars(block, fail);
    case 'image':
      return validateImage(block, fail);
  }
}

type Fail = (message: string) => never;

function validateTable(table: ReportTable, fail: Fail): void {
  if (!Array.isArray(table.columns) || table.columns.length === 0) fail('columns must be a non-empty array');
  const keys = new Set<string>();
  table.columns.forEach((column, c) => {
    if (!isNonEmptyString(column?.key)) fail(`columns[${c}].key must be a non-empty string`);
    if (keys.has(column.key)) fail(`columns[${c}]: key "${column.key}" is used by two columns; keys must be unique`);
    keys.add(column.key);
    if (typeof column.label !== 'string') fail(`columns[${c}] ("${column.key}"): label must be a string`);
    if (column.digits !== undefined && !(Number.isInteger(column.digits) && column.digits >= 0 && column.digits <= 20)) {
      fail(`columns[${c}] ("${column.key}"): digits must be an integer from 0 to 20, got ${describe(column.digits)}`);
    }
    if (column.align !== undefined && column.align !== 'left' && column.align !== 'right') {
      fail(`columns[${c}] ("${column.key}"): align must be "left" or "right", got ${describe(column.align)}`);
    }
  });
  if (!Array.isArray(table.rows)) fail('rows must be an array');
  table.rows.forEach((row, r) => {
    if (row === null || typeof row !== 'object') fail(`rows[${r}] must be an object keyed by column key`);
    for (const column of table.columns) {
      const cell = row[column.key];
      if (cell === undefined) fail(`rows[${r}] has no value for column "${column.key}"; use null for an empty cell`);
      if (cell !== null && typeof cell !== 'string' && typeof cell !== 'number') {
        fail(`rows[${r}], column "${column.key}": a cell must be a string, a number or null, got ${describe(cell)}`);
      }
      if (typeof cell === 'number' && !Number.isFinite(cell)) {
        fail(`rows[${r}], column "${column.key}": ${cell} is not a finite number; use null for a missing value or a string such as "diverged"`);
      }
    }
  });
  if (table.note !== undefined && typeof table.note !== 'string') fail('note must be a string when given');
}

function validateAxes(block: { xLabel: string; yLabel: string }, fail: Fail): void {
  if (!isNonEmptyString(block.xLabel)) fail('xLabel must be a non-empty string: every axis is titled');
  if (!isNonEmptyString(block.yLabel)) fail('yLabel must be a non-empty string: every axis is titled');
}

function validateDomain(domain: readonly [number, number] | undefined, name: string, fail: Fail): void {
  if (domain === undefined) return;
  if (!Array.isArray(domain) || domain.length !== 2 || !domain.every(Number.isFinite) || !(domain[0] < domain[1])) {
    fail(`${name} must be two finite numbers [low, high] with low < high, got ${describe(domain)}`);
  }
}

function validateCurves(curves: ReportCurves, fail: Fail): void {
  validateAxes(curves, fail);
  if (!Array.isArray(curves.series) || curves.series.length === 0) fail('series is empty; a curves figure needs at least one series');
  const names = new Set<string>();
  curves.series.forEach((series, s) => {
    if (!isNonEmptyString(series?.name)) fail(`series[${s}].name must be a non-empty string: it names the line in the legend`);
    if (names.has(series.name)) fail(`series[${s}]: name "${series.name}" is used by two series; names must be unique`);
    names.add(series.name);
    if (!Array.isArray(series.points) || series.points.length === 0) {
      fail(`series[${s}] ("${series.name}") has no points; drop the series or give it at least one point`);
    }
    series.points.forEach((p: { x: number; y: number }, i: number) => {
      if (!Number.isFinite(p?.x) || !Number.isFinite(p?.y)) {
        fail(`series[${s}] ("${series.name}"), points[${i}] = ${describe(p)}: x and y must be finite numbers`);
      }
    });
  });
  if (curves.seriesLabel !== undefined && typeof curves.seriesLabel !== 'string') fail('seriesLabel must be a string when given');
  validateDomain(curves.yDomain, 'yDomain', fail);
}

function validateHeatmap(heatmap: ReportHeatmap, fail: Fail): void {
  validateAxes(heatmap, fail);
  if (!isNonEmptyString(heatmap.colorLabel)) fail('colorLabel must be a non-empty string: it titles the colour legend');
  if (!Array.isArray(heatmap.rows) || !Array.isArray(heatmap.values)) fail('rows and values must be arrays');
  if (heatmap.values.length === 0) fail('values is empty; a heatmap needs at least one row of values');
  if (heatmap.rows.length !== heatmap.values.length) {
    fail(`${heatmap.rows.length} row labels but ${heatmap.values.length} rows of values; give one label per row of values`);
  }
  uniqueLabels(heatmap.rows, 'rows', fail);
  const width = heatmap.values[0]?.length ?? 0;
  if (width === 0) fail('values[0] is empty; every row needs at least one value');
  heatmap.values.forEach((row, r) => {
    if (!Array.isArray(row)) fail(`values[${r}] must be an array of numbers`);
    if (row.length !== width) fail(`values[${r}] has ${row.length} values but values[0] has ${width}; every row needs the same number of columns`);
    row.forEach((v, c) => {
      if (!Number.isFinite(v)) fail(`values[${r}][${c}] (row "${heatmap.rows[r]}") is ${describe(v)}; every value must be a finite number`);
    });
  });
  if (heatmap.columns !== undefined) {
    if (!Array.isArray(heatmap.columns)) fail('columns must be an array of labels when given');
    if (heatmap.columns.length !== width) {
      fail(`${heatmap.columns.length} column labels but each row has ${width} values; give one label per column or leave columns out`);
    }
    uniqueLabels(heatmap.columns, 'columns', fail);
  }
  validateDomain(heatmap.colorDomain, 'colorDomain', fail);
}

function validateBars(bars: ReportBars, fail: Fail): void {
  validateAxes(bars, fail);
  if (!Array.isArray(bars.bars) || bars.bars.length === 0) fail('bars is empty; a bar chart needs at least one bar');
  const grouped = bars.bars[0]?.group !== undefined;
  const seen = new Set<string>();
  bars.bars.forEach((bar, i) => {
    if (typeof bar?.label !== 'string') fail(`bars[${i}].label must be a string`);
    if (!Number.isFinite(bar.value)) fail(`bars[${i}] ("${bar.label}"): value ${describe(bar.value)} must be a finite number`);
    if ((bar.group !== undefined) !== grouped) {
      fail(`bars[${i}] ("${bar.label}") ${grouped ? 'has no group' : 'has a group'} but bars[0] ${grouped ? 'has one' : 'has none'}; give every bar a group or none`);
    }
    if (grouped && typeof bar.group !== 'string') fail(`bars[${i}] ("${bar.label}"): group must be a string`);
    const key = JSON.stringify([bar.label, bar.group ?? null]);
    if (seen.has(key)) {
      fail(`bars[${i}]: label "${bar.label}"${grouped ? ` in group "${bar.group}"` : ''} appears twice; each bar needs its own label${grouped ? ' within its group' : ''}`);
    }
    seen.add(key);
  });
  if (bars.groupLabel !== undefined && typeof bars.groupLabel !== 'string') fail('groupLabel must be a string when given');
  validateDomain(bars.yDomain, 'yDomain', fail);
}

function validateImage(image: ReportImage, fail: Fail): void {
  if (!isNonEmptyString(image.alt)) fail('alt must be a non-empty description of the picture');
  if (!(image.png instanceof Uint8Array)) fail('png must be a Uint8Array of PNG bytes');
  if (image.png.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => image.png[i] !== b)) {
    fail('png does not start with the PNG signature (89 50 4E 47 0D 0A 1A 0A); pass the bytes of a PNG file');
  }
}

function uniqueLabels(labels: readonly string[], name: string, fail: Fail): void {
  const seen = new Set<string>();
  labels.forEach((l, i) => {
    if (typeof l !== 'string') fail(`${name}[${i}] must be a string, got ${describe(l)}`);
    if (seen.has(l)) fail(`${name}[${i}]: label "${l}" appears twice; labels must be unique`);
    seen.add(l);
  });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  try {
    const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    return json.length > 80 ? `${json.slice(0, 77)}…` : json;
  } catch {
    return String(value);
  }
}
