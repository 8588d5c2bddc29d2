import type { TopLevelSpec } from 'vega-lite';
import type { ReportCurves } from '../report-model.js';
import { renderVegaLiteSvg } from './render-vega-lite-svg.js';

/** Plot area of a curves figure, in CSS pixels. */
const WIDTH = 560;
const HEIGHT = 300;

/**
 * The Vega-Lite spec of a curves block: one line per series with a point on every data point, series
 * coloured in the model's order with a legend, both axes titled. Vega-Lite joins each line's points in x
 * order. x ticks are whole numbers when every
 * x is (epochs). y is fitted to the data unless `yDomain` fixes it.
 */
export function curvesChartSpec(block: ReportCurves): TopLevelSpec {
  const values = block.series.flatMap((s) => s.points.map((p) => ({ series: s.name, x: p.x, y: p.y })));
  const integerX = values.every((v) => Number.isInteger(v.x));
  // Many points: smaller markers so the lines stay readable.
  const pointSize = values.length > 400 ? 6 : values.length > 120 ? 14 : 30;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, point: { size: pointSize, filled: true } },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: block.xLabel,
        scale: { zero: false, nice: false },
        axis: integerX ? { format: 'd', tickMinStep: 1 } : {},
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: block.yLabel,
        scale: block.yDomain ? { domain: [...block.yDomain] } : { zero: false },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: block.seriesLabel ?? null,
        scale: { domain: block.series.map((s) => s.name), scheme: 'tableau10' },
        legend: { orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 3 },
      },
    },
  };
}

/** Draws a curves block as a standalone SVG string (see `curvesChartSpec`). */
export function renderCurvesSvg(block: ReportCurves, idPrefix = 'curves'): Promise<string> {
  return renderVegaLiteSvg(curvesChartSpec(block), idPrefix);
}
