import { REPORT_FONT } from './charts/render-vega-lite-svg.js';

/**
 * The report page's stylesheet, inlined into report.html: a centred readable column, tables with
 * tabular figures and right-aligned numbers, framed figures that scale down on narrow screens, and
 * colour-coded data-provenance badges (generated data in orange). No web fonts: nothing is fetched.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --faint: #eef0f2; --link: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #eef0f3; color: var(--ink); font: 16px/1.55 ${REPORT_FONT}; }
.page { max-width: 1100px; margin: 0 auto; padding: 36px 48px 56px; background: #fff; min-height: 100vh; box-shadow: 0 0 0 1px #e3e6ea; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.75rem; letter-spacing: -0.01em; }
h2 { font-size: 1.4rem; line-height: 1.3; margin: 2.6rem 0 1rem; padding-bottom: 0.35rem; border-bottom: 1px solid var(--rule); }
h2.minor { font-size: 1.1rem; margin-top: 1.6rem; border-bottom: 0; padding-bottom: 0; }
p { margin: 0.75rem 0; max-width: 75ch; }
code { font: 0.86em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f5f7; padding: 0.1em 0.35em; border-radius: 4px; overflow-wrap: anywhere; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 1rem; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; color: var(--muted); }
.warning { border-left: 4px solid #d4731c; background: #fff4e8; padding: 0.7rem 1rem; border-radius: 4px; margin: 1rem 0; max-width: none; }
.provenance ul { list-style: none; padding: 0; margin: 0; }
.provenance li { padding: 0.55rem 0; border-bottom: 1px solid var(--faint); }
.provenance li:last-child { border-bottom: 0; }
.provenance .what { display: block; margin-top: 0.15rem; }
.provenance .path { display: block; margin-top: 0.15rem; color: var(--muted); font-size: 0.9rem; }
.badge { display: inline-block; font-size: 0.78rem; font-weight: 600; line-height: 1.5; padding: 0 0.55rem; border: 1px solid; border-radius: 999px; white-space: nowrap; vertical-align: 0.12em; margin-left: 0.4rem; }
.badge-user { color: #1a7f37; background: #dafbe1; border-color: #6fdd8b; }
.badge-machine { color: #0550ae; background: #ddf4ff; border-color: #80ccff; }
.badge-generated { color: #9a3a07; background: #fff1e5; border-color: #f5a35c; }
.toc ol { margin: 0; padding-left: 1.6rem; }
.toc li { margin: 0.15rem 0; }
figure { margin: 1.5rem 0 2.2rem; }
.report-table .scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.95rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 0.55rem; }
th, td { padding: 0.42rem 0.8rem; border-bottom: 1px solid #e4e7eb; vertical-align: top; text-align: left; }
thead th { background: #f4f6f8; border-bottom: 2px solid #aab1ba; font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; }
tbody tr:hover { background: #f1f6fd; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.empty { color: #8b949e; }
.note { color: var(--muted); font-size: 0.9rem; margin: 0.55rem 0 0; }
.report-figure { border: 1px solid #e4e7eb; border-radius: 6px; padding: 14px 16px 12px; }
.report-figure .chart { overflow-x: auto; }
.report-figure svg, .report-figure img { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 0.7rem; font-size: 0.95rem; }
figcaption .kind { font-weight: 600; }
footer { margin-top: 3rem; padding-top: 0.8rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; }
@media (max-width: 700px) { .page { padding: 20px 16px 40px; } h1 { font-size: 1.6rem; } }
@media print { body { background: #fff; } .page { box-shadow: none; max-width: none; padding: 0; } figure, table { break-inside: avoid; } }
`;
