import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root: this file is `examples/thesis/src/repository-paths.ts`, or bundled into
 * `examples/thesis/dist/index.js` — three folders down either way. The thesis runner ships with the
 * repository, never alone, so its examples' pipelines are always there.
 */
export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** An example's folder (its pipelines are in `pipelines/`). */
export function exampleDir(name: 'thesis-ch2-afew' | 'thesis-ch3-yt8m' | 'thesis-ch3-recola' | 'av-mnist'): string {
  return path.join(REPOSITORY_ROOT, 'examples', name);
}

/** The machine's data folder the project is developed with: `../shared` beside the repository. */
export const DEFAULT_SHARED_DIR = path.resolve(REPOSITORY_ROOT, '../shared');
