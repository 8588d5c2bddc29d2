import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import { RUN_FILES } from './run-files.js';
import { trainOrReuse } from './train-or-reuse.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const pipeline = (epochs: number) =>
  ({
    name: 'reuse-toy',
    plugins: ['./sequence-plugin.ts'],
    seed: 3,
    backend: { tfjs: 'cpu' },
    task: { kind: 'classification', outputs: 3 },
    data: { type: 'toy/sequences' },
    modalities: { seq: { pooler: { type: 'toy/attention' } } },
    fusion: { type: 'toy/linear' },
    training: { epochs, batchSize: 32, optimizer: { type: 'sgd', learningRate: 0.1 } },
    metrics: ['affectfusion/accuracy'],
  }) as unknown as PipelineConfig;

describe('trainOrReuse', () => {
  it('trains once, reuses a finished run of the same configuration, and retrains when the configuration changes', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'af-reuse-')), 'run');
    dirs.push(path.dirname(out));
    const options = { source: 'reuse-toy.json', baseDir: fixtures, out };
    const first = await trainOrReuse(pipeline(2), options);
    expect(first.reused).toBe(false);
    const metricsFile = path.join(out, RUN_FILES.metrics);
    const written = statSync(metricsFile).mtimeMs;

    const again = await trainOrReuse(pipeline(2), options);
    expect(again.reused).toBe(true);
    expect(again.metrics).toEqual(JSON.parse(readFileSync(metricsFile, 'utf8')));
    expect(statSync(metricsFile).mtimeMs).toBe(written);

    // Another configuration: the old run is cleared (no checkpoint of it resumed) and trained anew.
    writeFileSync(path.join(out, 'stale-marker'), 'x');
    const changed = await trainOrReuse(pipeline(3), options);
    expect(changed.reused).toBe(false);
    expect(changed.metrics.epochs).toBe(3);
    expect(() => statSync(path.join(out, 'stale-marker'))).toThrow();

    const forced = await trainOrReuse(pipeline(3), { ...options, force: true });
    expect(forced.reused).toBe(false);
  });
});
