import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FIGURES_DIR, renderReportFigures } from './render-report-figures.js';
import { renderReportHtml } from './render-report-html.js';
import { renderReportMarkdown } from './render-report-markdown.js';
import type { Report } from './report-model.js';

/** Where `writeReport` put the report. */
export interface WrittenReport {
  /** Absolute path of report.html (self-contained). */
  readonly html: string;
  /** Absolute path of report.md. */
  readonly markdown: string;
  /** Absolute path of the report-figures folder that report.md links. */
  readonly figuresDir: string;
  /** Absolute paths of the figure files, in the report's order. */
  readonly figures: readonly string[];
}

/** Temporary folders are named with this prefix inside the output folder. */
const TEMP_PREFIX = '.report-tmp-';
/** A temporary folder older than this was left by a crashed writer and is removed by the next one. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Writes report.html, report.md and report-figures/ into `outDir` (created if needed), replacing an
 * earlier report there. Everything is drawn first, then written into a temporary folder inside
 * `outDir`, then renamed into place (figures first, then report.md, then report.html; a rename within one
 * file system is atomic), so a crash never leaves a half-written file: at worst the previous report
 * stays, beside a hidden `.report-tmp-*` folder that the next call removes.
 *
 * @returns The absolute paths written.
 * @throws ReportModelError when the report cannot be drawn; nothing is written then.
 */
export async function writeReport(report: Report, outDir: string): Promise<WrittenReport> {
  const out = resolve(outDir);
  // Draw everything before touching the disk: a bad model must not disturb an earlier report.
  const figures = await renderReportFigures(report);
  const html = await renderReportHtml(report, figures);
  const { markdown, files } = await renderReportMarkdown(report, figures);

  await mkdir(out, { recursive: true });
  await removeStaleTemps(out);
  const temp = await mkdtemp(join(out, TEMP_PREFIX));
  try {
    await mkdir(join(temp, FIGURES_DIR));
    for (const file of files) {
      await mkdir(dirname(join(temp, file.path)), { recursive: true });
      await writeFile(join(temp, file.path), file.contents);
    }
    await writeFile(join(temp, 'report.md'), markdown, 'utf8');
    await writeFile(join(temp, 'report.html'), html, 'utf8');

    // A folder cannot be renamed over a non-empty one: move the old figures aside first.
    const figuresDir = join(out, FIGURES_DIR);
    if (await exists(figuresDir)) await rename(figuresDir, join(temp, `${FIGURES_DIR}.old`));
    await rename(join(temp, FIGURES_DIR), figuresDir);
    await rename(join(temp, 'report.md'), join(out, 'report.md'));
    await rename(join(temp, 'report.html'), join(out, 'report.html'));
    return {
      html: join(out, 'report.html'),
      markdown: join(out, 'report.md'),
      figuresDir,
      figures: files.map((f) => join(out, f.path)),
    };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes temporary folders that an earlier, crashed `writeReport` left behind (older than an hour). */
async function removeStaleTemps(out: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(out, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(TEMP_PREFIX)) continue;
    const path = join(out, entry.name);
    const { mtimeMs } = await stat(path);
    if (now - mtimeMs > STALE_TEMP_MS) await rm(path, { recursive: true, force: true });
  }
}
