import type { TopLevelSpec } from 'vega-lite';
import type { ReportHeatmap } from '../report-model.js';
import { renderVegaLiteSvg } from './render-vega-lite-svg.js';
import { discreteAxisLabels } from './discrete-axis-labels.js';

/** Widest plot area of a heatmap, in CSS pixels; cells shrink to fit it. */
const MAX_WIDTH = 600;
/** Cells are printed with their value when there are at most this many and they are this wide. */
const MAX_ANNOTATED_CELLS = 160;
const MIN_ANNOTATED_CELL_WIDTH = 40;

/**
 * The Vega-Lite spec of a heatmap block: one rect per cell (`values[row][column]`), rows top to bottom
 * and columns left to right in the model's order, coloured by the perceptually uniform viridis scheme
 * with a gradient legend titled `colorLabel`, both axes titled. Small heatmaps print each cell's value.
 */
export function heatmapChartSpec(block: ReportHeatmap): TopLevelSpec {
  const columnCount = block.values[0].length;
  const columns = block.columns ?? Array.from({ length: columnCount }, (_, c) => String(c));
  const values = block.values.flatMap((row, r) =>
    row.map((value, c) => ({ row: block.rows[r], column: columns[c], value })),
  );
  // Wide heatmaps (Figure 3.5 has one column per feature, up to 1152) get sub-pixel cells: still one
  // rect per cell, and the page shows the pattern rather than scrolling.
  const cellWidth = Math.min(56, MAX_WIDTH / columnCount);
  const cellHeight = Math.max(6, Math.min(32, 360 / block.rows.length));
  const width = Math.round(cellWidth * columnCount);
  const height = Math.round(cellHeight * block.rows.length);
  const columnLabels = discreteAxisLabels(columns, cellWidth, 'x');
  const annotate = values.length <= MAX_ANNOTATED_CELLS && cellWidth >= MIN_ANNOTATED_CELL_WIDTH && cellHeight >= 18;
  const [low, high] = block.colorDomain ?? colourDomain(block.values);
  const color = {
    field: 'value',
    type: 'quantitative' as const,
    title: block.colorLabel,
    scale: { scheme: 'viridis', domain: [low, high] },
    legend: { orient: 'right' as const, gradientLength: Math.max(120, Math.min(height, 260)), format: '.3~r' },
  };
  const x = {
    field: 'column',
    type: 'ordinal' as const,
    title: block.xLabel,
    // Order by an explicit scale domain, not `sort: [...]`: Vega-Lite compiles a sort array into one
    // expression naming every label, which overflows the stack at about a thousand labels.
    sort: null,
    scale: { domain: columns },
    axis: { values: columnLabels.values, labelAngle: columnLabels.angle },
  };
  const y = {
    field: 'row',
    type: 'ordinal' as const,
    title: block.yLabel,
    sort: null,
    scale: { domain: [...block.rows] },
    axis: { values: discreteAxisLabels(block.rows, cellHeight, 'y').values },
  };
  const rect = { mark: { type: 'rect' as const }, encoding: { x, y, color } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height,
    data: { values },
  };
  if (!annotate) return { ...spec, ...rect } as TopLevelSpec;
  // Light text on the dark (low) end of viridis, dark text on the light (high) end.
  const middle = (low + high) / 2;
  return {
    ...spec,
    layer: [
      rect,
      {
        mark: { type: 'text', fontSize: 11, aria: false },
        encoding: {
          x,
          y,
          text: { field: 'value', type: 'quantitative', format: '.3~r' },
          color: { condition: { test: `datum.value < ${middle}`, value: 'white' }, value: '#111111' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** The values' [min, max] (a loop: spreading a million values into Math.min overflows the stack); a
 * constant heatmap gets a range around its value so the colour scale stays defined. */
function colourDomain(values: readonly (readonly number[])[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const row of values) {
    for (const v of row) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  if (low < high) return [low, high];
  const spread = low !== 0 ? Math.abs(low) / 2 : 1;
  return [low - spread, low + spread];
}

/** Draws a heatmap block as a standalone SVG string (see `heatmapChartSpec`). */
export function renderHeatmapSvg(block: ReportHeatmap, idPrefix = 'heatmap'): Promise<string> {
  return renderVegaLiteSvg(heatmapChartSpec(block), idPrefix);
}
