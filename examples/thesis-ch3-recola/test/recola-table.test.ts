import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecolaDataset, readArff } from '@affectfusion/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECOLA_ROWS, formatRecolaTable, runRecolaTable } from '../src/recola-table.js';
import { AVEC2016_LAYOUT, writeSyntheticRecola } from '../src/synthetic-recola.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'recola-example-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await writeSyntheticRecola(root, { recordings: 1, frames: 200, droppedVideoFrames: 0.05 });
});

describe('the synthetic RECOLA-layout set', () => {
  it('has the AVEC 2016 folders and widths: eGeMAPS 88, appearance 84, geometric 316, gold standard', async () => {
    expect(readdirSync(path.join(root, AVEC2016_LAYOUT.gold)).sort()).toEqual(['dev_1.arff', 'test_1.arff', 'train_1.arff']);
    const audio = await readArff(path.join(root, AVEC2016_LAYOUT.audio, 'train_1.arff'));
    expect(audio.names.slice(0, 3)).toEqual(['Instance_name', 'frameTime', 'F0semitoneFrom27.5Hz_sma3nz_amean']);
    expect(audio.names.length).toBe(2 + 88);
    expect((await readArff(path.join(root, AVEC2016_LAYOUT.appearance, 'dev_1.arff'))).names.length).toBe(2 + 84);
    expect((await readArff(path.join(root, AVEC2016_LAYOUT.geometric, 'dev_1.arff'))).names.length).toBe(2 + 316);
    const gold = await readArff(path.join(root, AVEC2016_LAYOUT.gold, 'test_1.arff'));
    expect(gold.names).toEqual(['Instance_name', 'frameTime', 'GoldStandard']);
    expect(Array.from((gold.columns[1] as Float64Array).subarray(0, 3))).toEqual([0, 0.04, 0.08]);
    // Dropped video frames are "?" in both video files, and the dataset marks them absent.
    const ds = await RecolaDataset.open(
      {
        root,
        modalities: { video: { dirs: [AVEC2016_LAYOUT.appearance, AVEC2016_LAYOUT.geometric] } },
        labels: { dir: AVEC2016_LAYOUT.gold },
        splits: { train: ['train_*.arff'] },
      },
      '/',
    );
    const train = await ds.loadInMemory('train');
    expect(train.modalities.video.dim).toBe(400);
    expect(train.absentFrames.video).toBeGreaterThan(0);
    expect(train.absentFrames.video).toBeLessThan(30);
  });
});

describe('the Table 3.2 runner', () => {
  it('trains the seven pipelines, post-processes on dev, applies it to test, and prints the table', async () => {
    const out = path.join(root, 'runs');
    const result = await runRecolaTable({ pipelinesDir: path.join(here, '../pipelines'), root, out, epochs: 2, test: ['test_*'], loss: 'ccc' });
    expect(result.rows.map((r) => r.key)).toEqual(RECOLA_ROWS.map((r) => r.key));
    expect(result.sizes).toEqual({ train: 200, validation: 200, test: 200 });
    for (const r of result.rows) {
      expect(r.development.raw).toBeGreaterThan(-1);
      expect(r.development.processed).toBeGreaterThanOrEqual(r.development.raw);
      expect(Number.isFinite(r.test!.processed)).toBe(true);
      expect(r.postProcessing.trace[0].step).toBe('none');
      // The run folder: the trainer's metrics (CCC of the best epoch = the raw development CCC) and the evaluation.
      const metrics = JSON.parse(readFileSync(path.join(out, r.key, 'metrics.json'), 'utf8'));
      const evaluation = JSON.parse(readFileSync(path.join(out, r.key, 'evaluation.json'), 'utf8'));
      expect(metrics.validation.ccc).toBeCloseTo(r.development.raw, 5);
      expect(evaluation.development).toEqual(r.development);
      expect(evaluation.test).toEqual(r.test);
      expect(JSON.parse(readFileSync(path.join(out, r.key, 'run.json'), 'utf8')).config.training.loss).toBe('ccc');
    }
    // A second call reuses the finished runs and gives the same numbers.
    const again = await runRecolaTable({ pipelinesDir: path.join(here, '../pipelines'), root, out, epochs: 2, test: ['test_*'], loss: 'ccc', only: ['late'] });
    expect(again.rows[0].reused).toBe(true);
    expect(again.rows[0].development).toEqual(result.rows.find((r) => r.key === 'late')!.development);
    const text = formatRecolaTable(result, ['synthetic']);
    expect(text.split('\n').filter((l) => l.startsWith('| ')).length).toBe(2 + 7);
    expect(text).toMatch(/\| Audio only \| -?[\d.]+ \| -?[\d.]+ \| .* \| 0\.772 \|/);
  });
});
