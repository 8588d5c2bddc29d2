import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { resolveThesisPackage, thesisCommand } from './thesis-command.js';

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'thesis-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A core file outside any repository, as in an npm install. */
const installedCore = path.join(dir, 'node_modules/@affectfusion/core/dist/cli.js');

describe('affectfusion thesis', () => {
  it('finds the thesis runner of the repository that holds the working directory, or this core', () => {
    const found = fileURLToPath(resolveThesisPackage(path.join(REPOSITORY, 'packages/datasets'), installedCore));
    // Tests resolve workspace packages to their sources (the "@affectfusion/source" condition).
    expect(found).toBe(path.join(REPOSITORY, 'examples/thesis/src/index.ts'));
    expect(fileURLToPath(resolveThesisPackage(dir))).toBe(found);
  });

  it('says that the runner ships with the repository, and how to get it, when there is none', () => {
    expect(() => resolveThesisPackage(dir, installedCore)).toThrow(/ships with the AffectFusion repository[\s\S]*clone the AffectFusion repository, then in it: pnpm install && pnpm thesis/);
  });

  it('asks for a build when the checkout has the runner but it was never built', () => {
    const checkout = path.join(dir, 'checkout');
    mkdirSync(path.join(checkout, 'examples/thesis'), { recursive: true });
    writeFileSync(path.join(checkout, 'examples/thesis/package.json'), JSON.stringify({ name: '@affectfusion/thesis', type: 'module', exports: { '.': { import: './dist/index.js' } } }));
    expect(() => resolveThesisPackage(path.join(checkout, 'examples'), installedCore)).toThrow(/at .*checkout\/examples\/thesis is not built[\s\S]*pnpm build/);
  });

  it('passes every word, --help included, to the runner', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let printed = '';
    try {
      expect(await thesisCommand(['--help'])).toBe(0);
      printed = write.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      write.mockRestore();
    }
    expect(printed).toMatch(/^Usage: affectfusion thesis \[experiment\.\.\.\] \[options\]/);
  });
});
