import type { TopLevelSpec } from 'vega-lite';
import type { ReportBars } from '../report-model.js';
import { renderVegaLiteSvg } from './render-vega-lite-svg.js';
import { discreteAxisLabels } from './discrete-axis-labels.js';
import { estimateTextWidth } from './text-width.js';

/** Bars are labelled with their value when there are at most this many. */
const MAX_VALUE_LABELS = 40;
const MAX_WIDTH = 720;

/**
 * The Vega-Lite spec of a bars block: one bar per entry in the model's order, both axes titled; with
 * `group` set, the bars of one label stand side by side, coloured by group with a legend. Up to 40 bars
 * carry their value (3 significant digits) at their end.
 */
export function barsChartSpec(block: ReportBars): TopLevelSpec {
  const grouped = block.bars[0].group !== undefined;
  const labels = unique(block.bars.map((b) => b.label));
  const groups = grouped ? unique(block.bars.map((b) => b.group as string)) : [];
  const values = block.bars.map((b) => ({ label: b.label, group: b.group ?? '', value: b.value }));
  const widest = labels.reduce((m, l) => Math.max(m, estimateTextWidth(l, 12)), 0);
  const perLabel = grouped ? Math.max(12, Math.min(28, 120 / groups.length)) * groups.length + 10 : 48;
  // Widen the bands to fit their labels upright where the chart stays within MAX_WIDTH.
  const width = Math.round(Math.max(200, Math.min(MAX_WIDTH, labels.length * Math.max(perLabel, widest + 12))));
  const step = width / labels.length;
  const axisLabels = discreteAxisLabels(labels, step, 'x');
  const x = {
    field: 'label',
    type: 'nominal' as const,
    title: block.xLabel,
    // Order by an explicit domain, not `sort: [...]` (see heatmap-chart.ts: that overflows with many labels).
    sort: null,
    axis: {
      values: axisLabels.values,
      labelAngle: axisLabels.angle,
      labelOverlap: false,
      labelLimit: 160,
    },
    scale: { domain: labels, paddingInner: grouped ? 0.2 : 0.25 },
  };
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: block.yLabel,
    scale: block.yDomain ? { domain: [...block.yDomain] } : { zero: true },
  };
  const grouping = grouped
    ? {
        xOffset: { field: 'group', type: 'nominal' as const, sort: null, scale: { domain: groups } },
        color: {
          field: 'group',
          type: 'nominal' as const,
          title: block.groupLabel ?? null,
          scale: { domain: groups, scheme: 'tableau10' },
          legend: { orient: 'right' as const },
        },
      }
    : {};
  const bar = { mark: { type: 'bar' as const, color: grouped ? undefined : '#4c78a8' }, encoding: { x, y, ...grouping } };
  const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width, height: 280, data: { values } };
  if (block.bars.length > MAX_VALUE_LABELS) return { ...spec, ...bar } as TopLevelSpec;
  const valueText = (positive: boolean) => ({
    transform: [{ filter: positive ? 'datum.value >= 0' : 'datum.value < 0' }],
    mark: { type: 'text' as const, fontSize: 11, aria: false, baseline: positive ? ('bottom' as const) : ('top' as const), dy: positive ? -3 : 3, color: '#333333' },
    encoding: {
      x,
      y,
      ...(grouped ? { xOffset: grouping.xOffset } : {}),
      text: { field: 'value', type: 'quantitative' as const, format: '.3~r' },
    },
  });
  // A text layer whose filter keeps no bar would warn about an empty extent, so only the needed ones.
  const texts = [
    ...(block.bars.some((b) => b.value >= 0) ? [valueText(true)] : []),
    ...(block.bars.some((b) => b.value < 0) ? [valueText(false)] : []),
  ];
  return { ...spec, layer: [bar, ...texts] } as TopLevelSpec;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** Draws a bars block as a standalone SVG string (see `barsChartSpec`). */
export function renderBarsSvg(block: ReportBars, idPrefix = 'bars'): Promise<string> {
  return renderVegaLiteSvg(barsChartSpec(block), idPrefix);
}
