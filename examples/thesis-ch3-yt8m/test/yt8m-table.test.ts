import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeExample, readTFRecords } from '@affectfusion/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticYt8m } from '../src/synthetic-yt8m.js';
import { yt8mShardSplit } from '../src/yt8m-shard-split.js';
import { runYt8mTable } from '../src/yt8m-table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'yt8m-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the YouTube-8M shard split', () => {
  it('trains on train* and validates on validate* when both are there, else holds out the last sixth', () => {
    const both = path.join(dir, 'both');
    mkdirSync(both);
    for (const n of ['train0001', 'train0000', 'validate0000', 'validate0001', 'validate0002']) writeFileSync(path.join(both, `${n}.tfrecord`), '');
    const s = yt8mShardSplit(both, { validationShards: 2 });
    expect(s.train.map((f) => path.basename(f))).toEqual(['train0000.tfrecord', 'train0001.tfrecord']);
    expect(s.validation.map((f) => path.basename(f))).toEqual(['validate0000.tfrecord', 'validate0001.tfrecord']);

    const one = path.join(dir, 'one');
    mkdirSync(one);
    for (let i = 0; i < 60; i++) writeFileSync(path.join(one, `validate${String(i).padStart(4, '0')}.tfrecord`), '');
    const p = yt8mShardSplit(one);
    expect(p.train.length).toBe(50);
    expect(path.basename(p.validation[0])).toBe('validate0050.tfrecord');
    expect(p.validation.length).toBe(10);
    const limited = yt8mShardSplit(one, { trainShards: 20, validationShards: 5 });
    expect(limited.train.map((f) => path.basename(f)).at(-1)).toBe('validate0019.tfrecord');
    expect(limited.validation.map((f) => path.basename(f))).toEqual([50, 51, 52, 53, 54].map((i) => `validate00${i}.tfrecord`));
    expect(limited.rule).toMatch(/first 20 and 5/);
    expect(() => yt8mShardSplit(path.join(dir, 'absent'))).toThrow(/cannot read/);
  });
});

describe('the Table 3.1 runner on a synthetic set', () => {
  it('writes YouTube-8M-shaped records, trains rows into run folders and reuses only the same configuration', async () => {
    const data = path.join(dir, 'synthetic');
    const made = await writeSyntheticYt8m(data, { shards: 3, videosPerShard: 40, classes: 12 });
    expect(made.videos).toBe(120);
    const records: Uint8Array[] = [];
    for await (const r of readTFRecords(path.join(data, 'validate0000.tfrecord'))) records.push(r.data.slice());
    expect(records.length).toBe(40);
    const first = decodeExample(records[0]);
    expect(first.get('mean_rgb')).toMatchObject({ kind: 'float' });
    expect((first.get('mean_rgb') as { value: Float32Array }).value.length).toBe(1024);
    expect((first.get('mean_audio') as { value: Float32Array }).value.length).toBe(128);
    const labels = (first.get('labels') as { value: number[] }).value;
    expect(labels.length).toBeGreaterThanOrEqual(1);
    expect(labels.every((k) => k >= 0 && k < 12)).toBe(true);

    const split = yt8mShardSplit(data);
    const out = path.join(dir, 'runs');
    const run = (epochs: number) =>
      runYt8mTable({ pipelinesDir: path.join(here, '../pipelines'), train: split.train, validation: split.validation, out, only: ['early'], epochs, numClasses: 12 });
    const a = await run(1);
    expect(a.rows[0].reused).toBe(false);
    expect(a.rows[0].metrics.trainSize).toBe(80);
    expect(a.rows[0].metrics.validationSize).toBe(40);
    const onDisk = JSON.parse(readFileSync(path.join(out, 'early', 'metrics.json'), 'utf8'));
    expect(onDisk.validation.gap).toBe(a.rows[0].metrics.validation!.gap);
    expect((await run(1)).rows[0].reused).toBe(true);
    const c = await run(2);
    expect(c.rows[0].reused).toBe(false);
    expect(c.rows[0].metrics.history.length).toBeLessThanOrEqual(2);
  });
});
