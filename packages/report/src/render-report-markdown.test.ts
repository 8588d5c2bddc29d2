import { describe, expect, it } from 'vitest';
import { htmlTables, markdownTables } from './html-table.fixture.js';
import { renderReportFigures } from './render-report-figures.js';
import { renderReportHtml } from './render-report-html.js';
import { renderReportMarkdown } from './render-report-markdown.js';
import { sampleReport, THESIS_TABLE_3_1 } from './sample-report.fixture.js';

const report = sampleReport();
const { markdown, files } = await renderReportMarkdown(report);

describe('renderReportMarkdown', () => {
  it('prints the same table as the HTML page, numbers right-aligned', async () => {
    const [md] = markdownTables(markdown);
    const [html] = htmlTables(await renderReportHtml(report));
    expect(md.head).toEqual(html.head);
    expect(md.rows).toEqual(html.rows);
    expect(md.align).toEqual([':---', '---:', '---:', '---:']);
    expect(md.rows.map((r) => r[1])).toEqual(THESIS_TABLE_3_1.map((r) => r.thesis.toFixed(1)));
    expect(markdown).toContain('| Ensemble | 84.0 | — | — |');
    expect(markdown).toContain('**Table 3.1 — GAP of each fusion model: this run beside the thesis**');
    expect(markdown).toContain('*Ensemble was not run: "—" marks a value this run does not have. Splits \\<train\\|validate\\> as in the starter code.*');
  });

  it('links one file per figure under report-figures/ and returns those files', () => {
    const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(files.map((f) => f.path));
    expect(links).toEqual([
      'report-figures/s01-ch3-yt8m-b03-curves.svg',
      'report-figures/s01-ch3-yt8m-b04-heatmap.svg',
      'report-figures/s01-ch3-yt8m-b05-bars.svg',
      'report-figures/s02-ch2-afew-b01-bars.svg',
      'report-figures/s02-ch2-afew-b02-heatmap.svg',
      'report-figures/s02-ch2-afew-b03-image.png',
    ]);
    for (const f of files.slice(0, 5)) expect(f.contents as string).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(files[5].contents).toBe(report.sections[1].blocks[2].kind === 'image' ? report.sections[1].blocks[2].png : null);
  });

  it('has the header, the flagged provenance, contents with working anchors, and escaped text', () => {
    expect(markdown.startsWith('# AffectFusion thesis run \\<sample\\> \\& checks\n')).toBe(true);
    expect(markdown).toContain('- **Made:** 2026-11-24 10:15 UTC');
    expect(markdown).toContain('- **ch3-yt8m** (generated data — function, not accuracy): 2,000 synthetic');
    expect(markdown).toContain('Read from `../shared/data/recola`.');
    for (const section of report.sections) {
      expect(markdown).toContain(`](#${section.id})`);
      expect(markdown).toContain(`<a id="${section.id}"></a>`);
    }
    expect(markdown).toContain('## Chapter 3: fusion on YouTube-8M (generated data — function, not accuracy)');
    expect(markdown).toContain('*Figure 3.5 (redrawn) — attention unit: probability of the late-fusion features s₁₂ per class*');
  });

  it('uses the figures it is given, so HTML and Markdown share one drawing', async () => {
    const figures = await renderReportFigures(report);
    const again = await renderReportMarkdown(report, figures);
    expect(again.files.map((f) => f.contents)).toEqual(figures.map((f) => f.contents));
    await expect(renderReportMarkdown(sampleReport(), figures)).rejects.toThrow(/pass the figures that renderReportFigures drew for this same report/);
  });
});
