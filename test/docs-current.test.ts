import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PipelineValidationError, validatePipeline } from '@affectfusion/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ROOT } from './cli-helpers.js';

// docs/reference/ is generated from the built packages by scripts/generate-docs.mjs; the guides
// beside it are hand-written. Every pipeline in them must pass the real validator.
const REFERENCE = path.join(ROOT, 'docs/reference');
const GUIDES = ['pipeline-format.md', 'backends.md', 'datasets-and-weights.md'].map((f) => path.join(ROOT, 'docs', f));
const OUT_OF_DATE = 'docs/reference is out of date: run `pnpm run docs`';
// Plugins in the snippets resolve as a user's install would; test/ depends on every package.
const BASE_DIR = path.join(ROOT, 'test');

interface CodeBlock {
  readonly file: string;
  readonly line: number;
  readonly info: string;
  readonly text: string;
}

/** The fenced code blocks of a Markdown file, with the line each starts on. */
function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    blocks.push({ file: path.relative(ROOT, file), line: start + 1, info: `${open[1]}${open[2]}`.trim(), text: body.join('\n') });
  }
  return blocks;
}

/** The blocks written as whole pipelines: ```json blocks of an object with "plugins". */
function pipelineBlocks(files: readonly string[]): (CodeBlock & { pipeline: Record<string, unknown> })[] {
  return files.flatMap((file) =>
    codeBlocks(file).flatMap((b) => {
      if (b.info.split(/\s+/)[0] !== 'json') return [];
      let value: unknown;
      try {
        value = JSON.parse(b.text);
      } catch (error) {
        throw new Error(`${b.file}:${b.line}: a json block that is not JSON (${(error as Error).message}); write fragments as jsonc`);
      }
      return value && typeof value === 'object' && 'plugins' in value ? [{ ...b, pipeline: value as Record<string, unknown> }] : [];
    }),
  );
}

const referenceFiles = () => readdirSync(REFERENCE).filter((f) => f.endsWith('.md')).sort();

describe('docs/reference', () => {
  let fresh: string;

  beforeAll(() => {
    assertBuilt('packages/fusion-strategies', 'packages/datasets', 'packages/modality-audio', 'packages/modality-video');
    fresh = mkdtempSync(path.join(tmpdir(), 'affectfusion-docs-'));
    const env = { ...process.env };
    delete env.AFFECTFUSION_RESOLVE_CONDITIONS;
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/generate-docs.mjs'), '--out', fresh], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`scripts/generate-docs.mjs failed (${run.status}):\n${run.stderr}`);
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('matches a fresh run of scripts/generate-docs.mjs', () => {
    const generated = readdirSync(fresh).sort();
    expect(referenceFiles(), OUT_OF_DATE).toEqual(generated);
    for (const name of generated) {
      const committed = readFileSync(path.join(REFERENCE, name), 'utf8').split('\n');
      const now = readFileSync(path.join(fresh, name), 'utf8').split('\n');
      const at = committed.findIndex((line, i) => line !== now[i]);
      const line = at >= 0 ? at : committed.length === now.length ? -1 : Math.min(committed.length, now.length);
      expect(line, `${OUT_OF_DATE} (docs/reference/${name} differs from line ${line + 1}: "${now[line] ?? '<end>'}")`).toBe(-1);
    }
  });

  it('gives one validating pipeline per documented type', async () => {
    for (const page of ['fusion-strategies.md', 'extractors.md', 'poolers.md', 'datasets.md', 'metrics.md']) {
      const file = path.join(REFERENCE, page);
      const types = readFileSync(file, 'utf8').match(/^## \S+$/gm) ?? [];
      const pipelines = pipelineBlocks([file]);
      expect(types.length, page).toBeGreaterThan(0);
      expect(pipelines.length, `${page}: one pipeline per type`).toBe(types.length);
      for (const [i, b] of pipelines.entries()) {
        const type = types[i].slice(3);
        // The snippet must name the type it documents, in some { "type" } node or metric string.
        expect(JSON.stringify(b.pipeline), `${b.file}:${b.line}`).toContain(`"${type}"`);
        await expect(validatePipeline(b.pipeline, { source: `${b.file}:${b.line}`, baseDir: BASE_DIR })).resolves.toBeDefined();
      }
    }
  });
});

describe('hand-written guides', () => {
  it('hold only pipelines that validate, except those marked invalid, which fail as the next block says', async () => {
    const blocks = pipelineBlocks(GUIDES);
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      const source = `${b.file}:${b.line}`;
      if (!/\binvalid\b/.test(b.info)) {
        await expect(validatePipeline(b.pipeline, { source, baseDir: BASE_DIR })).resolves.toBeDefined();
        continue;
      }
      // An invalid example is followed by the `affectfusion validate pipeline.json` output it gives.
      const all = codeBlocks(path.join(ROOT, b.file));
      const output = all[all.findIndex((c) => c.line === b.line) + 1];
      expect(output?.info, `${source}: the block after an invalid example shows its output`).toBe('text');
      const error = await validatePipeline(b.pipeline, { source: 'pipeline.json', baseDir: BASE_DIR }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, source).toBeInstanceOf(PipelineValidationError);
      expect(output.text, `${source}: the output shown`).toContain(`affectfusion: ${(error as Error).message}`);
    }
  });
});
