import { escapeHtml } from './escape-html.js';
import { columnAlign, formatCell } from './format-cell.js';
import { formatReportDate } from './format-report-date.js';
import { GENERATED_DATA_WARNING, provenanceLabel } from './provenance-label.js';
import { figureFor, renderReportFigures, type ReportFigure } from './render-report-figures.js';
import type { DataProvenance, Report, ReportSection, ReportTable, ReportText } from './report-model.js';
import { REPORT_CSS } from './report-styles.js';
import { validateReport } from './validate-report.js';

/**
 * Renders a report as one self-contained HTML page: inline CSS, charts as inline SVG, pictures as
 * `data:` URIs, no scripts and no external requests, so the file can be mailed or archived alone.
 * The header gives the title, date, machine and where each experiment's data came from (generated data
 * is flagged "generated data — function, not accuracy"), then a table of contents and the sections in
 * order. Every string from the model is HTML-escaped.
 *
 * Asynchronous because Vega renders SVG through a Promise (`View.toSVG`).
 *
 * @param figures The report's figures when already drawn by `renderReportFigures` (so the Markdown and
 *   the HTML share one drawing); drawn here when absent.
 * @throws ReportModelError naming the section and block when the report cannot be drawn.
 */
export async function renderReportHtml(report: Report, figures?: readonly ReportFigure[]): Promise<string> {
  validateReport(report);
  const drawn = figures ?? (await renderReportFigures(report));
  const kindOf = new Map(report.data.map((d) => [d.experiment, d.kind] as const));
  const body = [
    '<header>',
    `<h1>${escapeHtml(report.title)}</h1>`,
    '<dl class="meta">',
    `<dt>Made</dt><dd><time datetime="${escapeHtml(report.createdAt)}">${escapeHtml(formatReportDate(report.createdAt))}</time></dd>`,
    `<dt>Machine</dt><dd>${escapeHtml(report.machine)}</dd>`,
    '</dl>',
    report.data.some((d) => d.kind === 'generated') ? `<p class="warning" role="note">${escapeHtml(GENERATED_DATA_WARNING)}</p>` : '',
    provenanceHtml(report.data),
    tocHtml(report.sections),
    '</header>',
    '<main>',
    ...report.sections.map((section, s) => sectionHtml(section, s, drawn, kindOf.get(section.id))),
    '</main>',
    '<footer>Made by @affectfusion/report. Numbers in tables are printed with each column\'s stated digits; "—" marks a value the run does not have.</footer>',
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="@affectfusion/report">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    ...body.filter((line) => line !== ''),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function badgeHtml(kind: DataProvenance['kind']): string {
  return `<span class="badge badge-${kind}">${escapeHtml(provenanceLabel(kind))}</span>`;
}

function provenanceHtml(data: readonly DataProvenance[]): string {
  const items = data.map(
    (d) =>
      `<li class="data-${d.kind}"><strong>${escapeHtml(d.experiment)}</strong>${badgeHtml(d.kind)}` +
      `<span class="what">${escapeHtml(d.description)}</span>` +
      (d.path ? `<span class="path">Read from <code>${escapeHtml(d.path)}</code></span>` : '') +
      '</li>',
  );
  return [
    '<section class="provenance" aria-labelledby="report-data">',
    '<h2 class="minor" id="report-data">Data</h2>',
    items.length > 0 ? `<ul>\n${items.join('\n')}\n</ul>` : '<p>No experiment data is recorded for this report.</p>',
    '</section>',
  ].join('\n');
}

function tocHtml(sections: readonly ReportSection[]): string {
  if (sections.length === 0) return '';
  const items = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`);
  return ['<nav class="toc" aria-labelledby="report-contents">', '<h2 class="minor" id="report-contents">Contents</h2>', '<ol>', ...items, '</ol>', '</nav>'].join('\n');
}

function sectionHtml(
  section: ReportSection,
  sectionIndex: number,
  figures: readonly ReportFigure[],
  dataKind: DataProvenance['kind'] | undefined,
): string {
  const blocks = section.blocks.map((block, blockIndex) => {
    switch (block.kind) {
      case 'table':
        return tableHtml(block);
      case 'text':
        return textHtml(block);
      case 'image':
      case 'curves':
      case 'heatmap':
      case 'bars':
        return figureHtml(figureFor(figures, sectionIndex, blockIndex, block));
    }
  });
  const badge = dataKind ? badgeHtml(dataKind) : '';
  return [`<section class="report-section" id="${escapeHtml(section.id)}">`, `<h2>${escapeHtml(section.title)}${badge}</h2>`, ...blocks, '</section>'].join('\n');
}

/** A table: caption above, numbers right-aligned and printed with the column's digits, null as "—". */
function tableHtml(table: ReportTable): string {
  const aligns = table.columns.map((c) => columnAlign(c, table.rows));
  const cls = (c: number, extra = '') => {
    const names = [aligns[c] === 'right' ? 'num' : '', extra].filter(Boolean).join(' ');
    return names ? ` class="${names}"` : '';
  };
  const head = table.columns.map((column, c) => `<th scope="col"${cls(c)}>${escapeHtml(column.label)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((column, c) => {
      const cell = row[column.key];
      return `<td${cls(c, cell === null ? 'empty' : '')}>${escapeHtml(formatCell(cell, column))}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return [
    '<figure class="report-table">',
    '<div class="scroll">',
    '<table>',
    `<caption>${escapeHtml(table.caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</div>',
    table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : '',
    '</figure>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function textHtml(block: ReportText): string {
  return block.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

function figureHtml(figure: ReportFigure): string {
  const block = figure.block;
  const picture =
    block.kind === 'image'
      ? `<img src="data:image/png;base64,${Buffer.from(block.png).toString('base64')}" alt="${escapeHtml(block.alt)}">`
      : // Vega escapes every text it writes into the SVG; the SVG is inlined as is.
        stripXmlProlog(figure.contents as string);
  return [
    `<figure class="report-figure report-${block.kind}">`,
    `<div class="chart">${picture}</div>`,
    `<figcaption>${escapeHtml(block.caption)}</figcaption>`,
    '</figure>',
  ].join('\n');
}

function stripXmlProlog(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}
