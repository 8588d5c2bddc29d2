import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineConfig } from '@affectfusion/core';
import { describe, expect, it } from 'vitest';
import { AFEW_ROWS, EXPLAINED_ROW, TABLE_2_2_ROWS, configureAfewPipeline } from '../src/afew-tables.js';

const pipelines = path.join(path.dirname(fileURLToPath(import.meta.url)), '../pipelines');
const load = (key: string) => JSON.parse(readFileSync(path.join(pipelines, `${key}.json`), 'utf8')) as PipelineConfig;
type Editable = { data: { options: Record<string, unknown> }; modalities: { video: { extractor: { options: Record<string, unknown> } } }; training: Record<string, unknown> & { optimizer: Record<string, unknown> } };

describe('the chapter 2 rows', () => {
  it('has one pipeline file per row, and Table 2.2 and the explained row among them', () => {
    const files = readdirSync(pipelines).map((f) => f.replace(/\.json$/, '')).sort();
    expect(AFEW_ROWS.map((r) => r.key).sort()).toEqual(files);
    for (const r of [...TABLE_2_2_ROWS.map((x) => x.key), EXPLAINED_ROW]) expect(files).toContain(r);
  });

  it('points a pipeline at the data and backbone, caches features in the runs folder, and applies the synthetic settings', () => {
    const original = load('tp-sa2-reg1');
    const synthetic = configureAfewPipeline(original, { dataDir: '/clips', out: '/runs/ch2', backbone: 'face-expression', synthetic: true }) as unknown as Editable;
    expect(synthetic.data.options.root).toBe('/clips');
    const extractor = synthetic.modalities.video.extractor.options;
    expect(extractor).toMatchObject({ backbone: 'face-expression', sampling: { mode: 'uniform', count: 8 }, maxSize: 320, cache: '/runs/ch2/cache' });
    expect(extractor.model).toBeUndefined();
    expect(synthetic.training).toMatchObject({ epochs: 12, batchSize: 8, optimizer: { learningRate: 0.01, warmRestarts: { period: 4, multiplier: 2 } } });
    // The pipeline file's own object is left as it was.
    expect((original as unknown as Editable).modalities.video.extractor.options.model).toBe('../weights/vgg_face_conv5_3.onnx');

    const real = configureAfewPipeline(original, { dataDir: '/afew', out: '/runs/afew', backbone: 'vgg-face', model: 'w/vgg.onnx', frames: 4, epochs: 3, learningRate: 0.05 }) as unknown as Editable;
    expect(real.modalities.video.extractor.options).toMatchObject({ model: path.resolve('w/vgg.onnx'), sampling: { mode: 'uniform', count: 4 }, cropSize: 256 });
    expect(real.training).toMatchObject({ epochs: 3, batchSize: 32, optimizer: { learningRate: 0.05, momentum: 0.9 } });
    expect(() => configureAfewPipeline(original, { dataDir: '/afew', out: '/r', backbone: 'vgg-face' })).toThrow(/VGG-Face ONNX/);
  });
});
