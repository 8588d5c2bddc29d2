import { escapeMarkdown, escapeMarkdownCell, escapeMarkdownInline } from './escape-markdown.js';
import { columnAlign, formatCell } from './format-cell.js';
import { formatReportDate } from './format-report-date.js';
import { GENERATED_DATA_WARNING, provenanceLabel } from './provenance-label.js';
import { figureFor, renderReportFigures, type ReportFigure } from './render-report-figures.js';
import type { Report, ReportTable } from './report-model.js';
import { validateReport } from './validate-report.js';

/** A figure file that report.md links: `path` is relative to report.md (under `report-figures/`). */
export interface ReportFile {
  readonly path: string;
  readonly contents: string | Uint8Array;
}

/** The Markdown of a report and the figure files it links. */
export interface RenderedMarkdown {
  readonly markdown: string;
  readonly files: readonly ReportFile[];
}

/**
 * Renders a report as Markdown (GitHub-flavoured tables): the same header, provenance, contents and
 * sections as the HTML page, tables with numbers right-aligned and printed with the column's digits,
 * figures as links to SVG/PNG files under `report-figures/`, which are returned beside the text. All
 * text from the model is escaped so it prints as written.
 *
 * @param figures The report's figures when already drawn by `renderReportFigures`; drawn here when absent.
 * @throws ReportModelError naming the section and block when the report cannot be drawn.
 */
export async function renderReportMarkdown(report: Report, figures?: readonly ReportFigure[]): Promise<RenderedMarkdown> {
  validateReport(report);
  const drawn = figures ?? (await renderReportFigures(report));
  const out: string[] = [];
  const kindOf = new Map(report.data.map((d) => [d.experiment, d.kind] as const));
  out.push(`# ${headingText(report.title)}`, '');
  out.push(`- **Made:** ${escapeMarkdownInline(formatReportDate(report.createdAt))}`);
  out.push(`- **Machine:** ${escapeMarkdownInline(report.machine)}`, '');
  if (report.data.some((d) => d.kind === 'generated')) out.push(`> **Note:** ${escapeMarkdownInline(GENERATED_DATA_WARNING)}`, '');
  out.push('## Data', '');
  if (report.data.length === 0) out.push('No experiment data is recorded for this report.');
  for (const d of report.data) {
    const path = d.path ? ` Read from ${inlineCode(d.path)}.` : '';
    out.push(`- **${escapeMarkdownInline(d.experiment)}** (${provenanceLabel(d.kind)}): ${escapeMarkdownInline(d.description)}${path}`);
  }
  out.push('');
  if (report.sections.length > 0) {
    out.push('## Contents', '');
    report.sections.forEach((s, i) => out.push(`${i + 1}. [${escapeMarkdownInline(s.title)}](#${s.id})`));
    out.push('');
  }
  const files: ReportFile[] = [];
  report.sections.forEach((section, sectionIndex) => {
    const kind = kindOf.get(section.id);
    // An explicit anchor: Markdown renderers make their own heading slugs, which differ from the ids.
    out.push(`<a id="${section.id}"></a>`, '');
    out.push(`## ${headingText(section.title)}${kind ? ` (${provenanceLabel(kind)})` : ''}`, '');
    section.blocks.forEach((block, blockIndex) => {
      switch (block.kind) {
        case 'text':
          for (const paragraph of block.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
            out.push(escapeMarkdown(paragraph), '');
          }
          break;
        case 'table':
          out.push(...tableMarkdown(block), '');
          break;
        default: {
          const figure = figureFor(drawn, sectionIndex, blockIndex, block);
          files.push({ path: figure.path, contents: figure.contents });
          const alt = block.kind === 'image' ? block.alt : block.caption;
          out.push(`![${escapeMarkdownInline(alt)}](${figure.path})`, '', `*${escapeMarkdownInline(block.caption.trim())}*`, '');
        }
      }
    });
  });
  return { markdown: `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`, files };
}

/**
 * A GitHub-flavoured Markdown table: caption in bold above, `---:` under right-aligned columns, cells
 * formatted by `formatCell` and escaped (pipes included), the note in italics below.
 */
export function tableMarkdown(table: ReportTable): string[] {
  const aligns = table.columns.map((c) => columnAlign(c, table.rows));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `**${escapeMarkdownInline(table.caption.trim())}**`,
    '',
    line(table.columns.map((c) => escapeMarkdownCell(c.label))),
    line(aligns.map((a) => (a === 'right' ? '---:' : ':---'))),
    ...table.rows.map((row) => line(table.columns.map((c) => escapeMarkdownCell(formatCell(row[c.key], c))))),
    ...(table.note ? ['', `*${escapeMarkdownInline(table.note.trim())}*`] : []),
  ];
}

/** Heading text: inline escapes, and "#" escaped so a trailing one is not read as a closing sequence. */
function headingText(text: string): string {
  return escapeMarkdownInline(text.trim()).replace(/#/g, '\\#');
}

/** Inline code that survives backticks inside the text (CommonMark: a longer fence). */
function inlineCode(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
