// Charting: Vega-Lite compiles a small declarative spec to Vega, and Vega renders its scenegraph to an
// SVG string in Node with renderer 'none' + toSVG(): no browser, no DOM, no network (all data is
// inline) and no native canvas package (vega-canvas only *tries* to import `canvas`; without it text
// widths are estimated, see text-width.ts, which is all axis and legend layout needs). Both are
// BSD-3-Clause, kept by the UW Interactive Data Lab, and install as plain JavaScript (about 26 MB with
// their d3 dependencies).
// vega-lite 6.4.3 is pinned because 6.5 requires Node 22.
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { withTextWidths } from './text-width.js';

/** The font stack of the charts; the HTML page uses the same one, so figures and text match. */
export const REPORT_FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif';

/** Chart styling shared by every figure: legible type (12–13 px), quiet grid, white background. */
export const CHART_CONFIG = {
  font: REPORT_FONT,
  background: 'white',
  padding: 8,
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 600,
    labelColor: '#333333',
    titleColor: '#1f2328',
    gridColor: '#e8e8e8',
    domainColor: '#8a8a8a',
    tickColor: '#8a8a8a',
    titlePadding: 8,
  },
  legend: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 600,
    labelColor: '#333333',
    titleColor: '#1f2328',
    labelLimit: 280,
    titleLimit: 280,
  },
  view: { stroke: '#d0d0d0' },
} as const;

/**
 * Renders a Vega-Lite spec to a standalone SVG string. `idPrefix` is put in front of every id in the SVG
 * (clip paths, gradients) and every reference to one, so that several charts inlined in one HTML page
 * never share an id (the second heatmap would otherwise draw its legend with the first one's gradient).
 * Vega's own warnings are forwarded to `console.warn`.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const logger = forwardingLogger();
  const compiled = vegaLite.compile({ config: CHART_CONFIG, ...spec } as TopLevelSpec, { logger: logger as never });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger: logger as never });
  try {
    const svg = await withTextWidths(() => view.toSVG());
    return prefixSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

/** Prefixes every `id="…"` in an SVG string, and every `url(#…)` and `href="#…"` that refers to one. */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(match[1]);
  if (ids.size === 0) return svg;
  const rename = (id: string) => (ids.has(id) ? `${prefix}-${id}` : id);
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_m, a: string, id: string, b: string) => `${a}${rename(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${rename(id)})`)
    .replace(/((?:xlink:)?href=")#([^"]+)(")/g, (_m, a: string, id: string, b: string) => `${a}#${rename(id)}${b}`);
}

type LogFn = (...args: unknown[]) => void;

/** A Vega logger (the vega-util `logger` interface) that sends warnings and errors to the console. */
function forwardingLogger(): { level: (l?: number) => unknown; error: LogFn; warn: LogFn; info: LogFn; debug: LogFn } {
  let level = 1; // vega.Warn
  const self = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return self;
    },
    error(...args: unknown[]) {
      console.error('@affectfusion/report (vega):', ...args);
      return self;
    },
    warn(...args: unknown[]) {
      if (level >= 1) console.warn('@affectfusion/report (vega):', ...args);
      return self;
    },
    info() {
      return self;
    },
    debug() {
      return self;
    },
  };
  return self;
}
