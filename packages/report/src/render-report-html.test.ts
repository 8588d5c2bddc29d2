import { describe, expect, it, vi } from 'vitest';
import { formatCell } from './format-cell.js';
import { htmlTables } from './html-table.fixture.js';
import { renderReportHtml } from './render-report-html.js';
import type { Report, ReportTable } from './report-model.js';
import { sampleReport, testPatternPng, THESIS_TABLE_3_1 } from './sample-report.fixture.js';

const report = sampleReport();
const warn = vi.spyOn(console, 'warn');
const html = await renderReportHtml(report);
const vegaWarnings = warn.mock.calls.map((args) => args.join(' '));
warn.mockRestore();

describe('renderReportHtml', () => {
  it('draws the sample report without a warning from Vega', () => {
    expect(vegaWarnings).toEqual([]);
  });

  it('prints every table number with its column digits, null as an em dash, numbers right-aligned', () => {
    const [table] = htmlTables(html);
    expect(table.caption).toBe('Table 3.1 — GAP of each fusion model: this run beside the thesis');
    expect(table.head).toEqual(['Model', 'Thesis GAP (%)', 'This run GAP (%)', 'Δ (points)']);
    expect(table.rightAligned).toEqual([false, true, true, true]);
    // Expected strings from the source numbers, formatted independently of formatCell.
    const fixed = (v: number | null, d: number) => (v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }));
    expect(table.rows).toEqual(
      THESIS_TABLE_3_1.map((r) => [r.model, fixed(r.thesis, 1), fixed(r.run, 2), fixed(r.run === null ? null : r.run - r.thesis, 2)]),
    );
    expect(table.rows[4]).toEqual(['Ensemble', '84.0', '—', '—']);
    expect(table.rows[6]).toEqual(['Augmented ensemble (ours)', '85.1', '83.35', '-1.75']);
    expect(html).toMatch(/<td class="num">85\.1<\/td>/);
    expect(html).toMatch(/<td class="num empty">—<\/td>/);
  });

  it('agrees with formatCell on every cell of every table', () => {
    const tables = report.sections.flatMap((s) => s.blocks).filter((b): b is ReportTable => b.kind === 'table');
    const parsed = htmlTables(html);
    expect(parsed).toHaveLength(tables.length);
    tables.forEach((t, i) => expect(parsed[i].rows).toEqual(t.rows.map((row) => t.columns.map((c) => formatCell(row[c.key], c)))));
  });

  it('escapes all text from the model', () => {
    const evil: Report = {
      ...report,
      title: 'Run <script>alert(1)</script>',
      machine: 'x" onload="alert(2)',
      sections: [
        {
          id: 's1',
          title: '<img src=x onerror=alert(3)>',
          blocks: [
            { kind: 'text', text: 'a < b & c > d' },
            {
              kind: 'table',
              caption: '<b>caption</b>',
              columns: [{ key: 'k', label: '<th>' }],
              rows: [{ k: '</td><script>alert(4)</script>' }],
              note: '<i>note</i>',
            },
            { kind: 'bars', caption: '<svg onload=alert(5)>', xLabel: '<x>', yLabel: '<y>', bars: [{ label: '<script>', value: 1 }] },
          ],
        },
      ],
    };
    return renderReportHtml(evil).then((page) => {
      expect(page).not.toMatch(/<script|<img src=x|<b>caption|<i>note|<th>&|<svg onload|onload="alert/);
      expect(page).toContain('<title>Run &lt;script&gt;alert(1)&lt;/script&gt;</title>');
      expect(page).toContain('<p>a &lt; b &amp; c &gt; d</p>');
      expect(page).toContain('&lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
      expect(htmlTables(page)[0].rows).toEqual([['</td><script>alert(4)</script>']]);
    });
  });

  it('is self-contained: no scripts, no external URLs, the PNG inlined byte for byte', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/(?:src|href)="(?!data:|#)/);
    const dataUri = /<img src="data:image\/png;base64,([^"]+)" alt="A colour test pattern">/.exec(html);
    expect(dataUri).not.toBeNull();
    expect(new Uint8Array(Buffer.from(dataUri![1], 'base64'))).toEqual(new Uint8Array(testPatternPng(96, 48)));
  });

  it('has a header with title, date, machine and provenance, generated data flagged, and a table of contents', () => {
    expect(html).toContain('<h1>AffectFusion thesis run &lt;sample&gt; &amp; checks</h1>');
    expect(html).toContain('<time datetime="2026-11-24T10:15:30Z">2026-11-24 10:15 UTC</time>');
    expect(html).toContain('2-core x86 VM, Node 20.20.2, tfjs wasm');
    expect(html).toMatch(/<li class="data-generated"><strong>ch3-yt8m<\/strong><span class="badge badge-generated">generated data — function, not accuracy<\/span>/);
    expect(html).toMatch(/<li class="data-machine"><strong>ch3-recola<\/strong><span class="badge badge-machine">data on this machine<\/span>/);
    expect(html).toContain('<code>../shared/data/recola</code>');
    expect(html).toContain('<li><a href="#ch3-yt8m">Chapter 3: fusion on YouTube-8M</a></li>');
    const sections = [...html.matchAll(/<section class="report-section" id="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(['ch3-yt8m', 'ch2-afew']);
  });

  it('inlines one captioned SVG per chart, with page-unique ids', () => {
    const charts = [...html.matchAll(/<figure class="report-figure report-(curves|heatmap|bars)">\n<div class="chart">(<svg[\s\S]*?<\/svg>)<\/div>\n<figcaption>([^<]*)<\/figcaption>/g)];
    expect(charts.map((c) => c[1])).toEqual(['curves', 'heatmap', 'bars', 'bars', 'heatmap']);
    expect(charts[1][3]).toBe('Figure 3.5 (redrawn) — mean context-gating activation per class and feature, audio network');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1]);
  });

  it('renders an empty report: header only, no contents', async () => {
    const page = await renderReportHtml({ title: 'Empty', createdAt: '2026-01-02T03:04:05.678Z', machine: 'm', data: [], sections: [] });
    expect(page).toContain('<h1>Empty</h1>');
    expect(page).toContain('2026-01-02 03:04 UTC');
    expect(page).toContain('No experiment data is recorded for this report.');
    expect(page).not.toContain('report-contents');
    expect(page).not.toContain('class="warning"');
  });
});
