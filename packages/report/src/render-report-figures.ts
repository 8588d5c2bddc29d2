import { renderBarsSvg } from './charts/bars-chart.js';
import { renderCurvesSvg } from './charts/curves-chart.js';
import { renderHeatmapSvg } from './charts/heatmap-chart.js';
import type { Report, ReportBars, ReportCurves, ReportHeatmap, ReportImage } from './report-model.js';
import { validateReport } from './validate-report.js';

/** The folder, relative to report.md, that holds the figure files the Markdown links. */
export const FIGURES_DIR = 'report-figures';

/** One drawn figure of a report: a chart as SVG, or a picture the run drew itself as PNG. */
export interface ReportFigure {
  readonly sectionIndex: number;
  readonly blockIndex: number;
  readonly block: ReportCurves | ReportHeatmap | ReportBars | ReportImage;
  /** Where the Markdown links it, relative to report.md, e.g. "report-figures/s01-ch3-yt8m-b02-heatmap.svg". */
  readonly path: string;
  /** The file's contents: SVG text for charts, PNG bytes for images. */
  readonly contents: string | Uint8Array;
  readonly mediaType: 'image/svg+xml' | 'image/png';
}

/**
 * Draws every figure block of a report once (charts to SVG with Vega-Lite, images passed through), so
 * that the HTML and the Markdown show the very same drawings. Validates the report first.
 *
 * @throws ReportModelError when the report cannot be drawn (see `validateReport`).
 */
export async function renderReportFigures(report: Report): Promise<ReportFigure[]> {
  validateReport(report);
  const figures: ReportFigure[] = [];
  for (const [sectionIndex, section] of report.sections.entries()) {
    for (const [blockIndex, block] of section.blocks.entries()) {
      if (block.kind === 'table' || block.kind === 'text') continue;
      const base = `${FIGURES_DIR}/s${pad(sectionIndex + 1)}-${slug(section.id)}-b${pad(blockIndex + 1)}-${block.kind}`;
      // Ids inside an SVG are unique per page with this prefix (several charts are inlined in one page).
      const idPrefix = `fig-s${sectionIndex + 1}-b${blockIndex + 1}`;
      const common = { sectionIndex, blockIndex, block };
      switch (block.kind) {
        case 'curves':
          figures.push({ ...common, path: `${base}.svg`, contents: await renderCurvesSvg(block, idPrefix), mediaType: 'image/svg+xml' });
          break;
        case 'heatmap':
          figures.push({ ...common, path: `${base}.svg`, contents: await renderHeatmapSvg(block, idPrefix), mediaType: 'image/svg+xml' });
          break;
        case 'bars':
          figures.push({ ...common, path: `${base}.svg`, contents: await renderBarsSvg(block, idPrefix), mediaType: 'image/svg+xml' });
          break;
        case 'image':
          figures.push({ ...common, path: `${base}.png`, contents: block.png, mediaType: 'image/png' });
          break;
      }
    }
  }
  return figures;
}

/** The figure drawn for a block, or an error saying the figures belong to another report. */
export function figureFor(
  figures: readonly ReportFigure[],
  sectionIndex: number,
  blockIndex: number,
  block: ReportFigure['block'],
): ReportFigure {
  const figure = figures.find((f) => f.sectionIndex === sectionIndex && f.blockIndex === blockIndex);
  if (!figure || figure.block !== block) {
    throw new Error(
      `no figure was drawn for section #${sectionIndex}, block #${blockIndex}; pass the figures that renderReportFigures drew for this same report`,
    );
  }
  return figure;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A file-name-safe form of a section id. */
function slug(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section';
}
