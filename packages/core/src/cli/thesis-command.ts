import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { moduleResolve } from 'import-meta-resolve';
import { AffectFusionError } from '../errors.js';

/** The package that runs the thesis's experiments; it ships with the repository, not with core. */
export const THESIS_PACKAGE = '@affectfusion/thesis';

/** Where the thesis runner lives in a checkout of the repository. */
const IN_REPOSITORY = path.join('examples', 'thesis', 'package.json');

/** The part of @affectfusion/thesis's API this command calls. */
interface ThesisPackage {
  thesisMain(argv: readonly string[]): Promise<number>;
}

function resolveConditions(): Set<string> {
  const extra = (process.env.AFFECTFUSION_RESOLVE_CONDITIONS ?? '').split(',').filter(Boolean);
  return new Set(['node', 'import', ...extra]);
}

/** The folder and its parents, nearest first. */
function withParents(dir: string): string[] {
  const out: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    out.push(d);
    if (path.dirname(d) === d) return out;
  }
}

/**
 * Finds @affectfusion/thesis: installed where the working directory (or a parent) resolves packages,
 * or as `examples/thesis` of a repository checkout that holds the working directory — or that holds
 * this @affectfusion/core (`packages/core` of the same checkout).
 *
 * @throws AffectFusionError saying that the thesis runner ships with the repository, and how to get it.
 */
export function resolveThesisPackage(cwd: string = process.cwd(), coreFile: string = fileURLToPath(import.meta.url)): URL {
  const conditions = resolveConditions();
  const bases = [
    ...withParents(cwd).flatMap((d) => [path.join(d, 'package.json'), path.join(d, IN_REPOSITORY)]),
    ...withParents(path.dirname(coreFile)).map((d) => path.join(d, IN_REPOSITORY)),
  ];
  let unbuilt: string | undefined;
  for (const base of bases) {
    if (base.endsWith(IN_REPOSITORY) && !existsSync(base)) continue;
    try {
      return moduleResolve(THESIS_PACKAGE, pathToFileURL(base), conditions);
    } catch (error) {
      // The package is there but its entry is not (a checkout that was never built).
      if (base.endsWith(IN_REPOSITORY) && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') unbuilt ??= path.dirname(base);
    }
  }
  if (unbuilt) {
    throw new AffectFusionError(
      `the thesis runner ${THESIS_PACKAGE} at ${unbuilt} is not built`,
      'build the repository first: pnpm build (or run pnpm thesis from the repository root, which builds and runs it)',
    );
  }
  throw new AffectFusionError(
    `'affectfusion thesis' needs ${THESIS_PACKAGE}, the thesis runner, which ships with the AffectFusion repository (examples/thesis), ` +
      `not with @affectfusion/core on npm; none was found from ${cwd} or beside this @affectfusion/core`,
    'clone the AffectFusion repository, then in it: pnpm install && pnpm thesis (or affectfusion thesis from inside the clone)',
  );
}

/**
 * `affectfusion thesis [experiment…] [options]`: runs the thesis's experiments and writes a report.
 * Every word after `thesis` (including --help) goes to @affectfusion/thesis, which parses it.
 * @returns the runner's exit status.
 */
export async function thesisCommand(args: readonly string[]): Promise<number> {
  const url = resolveThesisPackage();
  let thesis: Partial<ThesisPackage>;
  try {
    thesis = (await import(url.href)) as Partial<ThesisPackage>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AffectFusionError(`${THESIS_PACKAGE} failed to load from ${fileURLToPath(url)}: ${reason}`, 'rebuild the repository: pnpm build', { cause: error });
  }
  if (typeof thesis.thesisMain !== 'function') {
    throw new AffectFusionError(`${THESIS_PACKAGE} at ${fileURLToPath(url)} has no thesisMain export`, 'update the repository checkout and rebuild it: pnpm build');
  }
  return thesis.thesisMain(args);
}
