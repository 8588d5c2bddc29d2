import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AV_MNIST_ROWS, formatAvMnistTable, runAvMnistTable } from '../src/av-mnist-table.js';
import { fsddFolderSpeakers, speakerHeldOutSplits } from '../src/fsdd-speaker-splits.js';
import { writeSyntheticSpokenDigits } from '../src/synthetic-spoken-digits.js';
import { writeTinyAvMnist } from './fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'av-mnist-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { fsdd, mnist } = writeTinyAvMnist(path.join(dir, 'data'), ['ann', 'bob', 'cy']);
const { fsdd: other } = writeTinyAvMnist(path.join(dir, 'other'), ['dee']);

describe('the AV-MNIST table', () => {
  it('holds out the last speaker for validation and refuses a test folder with known speakers', () => {
    const s = speakerHeldOutSplits(fsdd, { testDir: other });
    expect(s.trainSpeakers).toEqual(['ann', 'bob']);
    expect(s.validationSpeaker).toBe('cy');
    expect(s.testSpeakers).toEqual(['dee']);
    expect(s.splits.validation[0]).toMatch(/\/\*_cy_\*\.wav$/);
    expect(() => speakerHeldOutSplits(fsdd, { testDir: fsdd })).toThrow(/also in/);
    expect(() => speakerHeldOutSplits(fsdd, { validationSpeaker: 'zed' })).toThrow(/"zed" has no recordings[\s\S]*ann, bob, cy/);
  });

  it('trains the seven pipelines and reports accuracy with each modality removed', async () => {
    const out = path.join(dir, 'runs');
    const table = await runAvMnistTable({
      pipelinesDir: path.join(here, '../pipelines'),
      fsddDir: fsdd,
      testDir: other,
      out,
      epochs: 2,
      data: { mnistDir: mnist, pairsPerRecording: { train: 1 }, trainSpeeds: [1] },
    });
    expect(table.rows.map((r) => r.key)).toEqual(AV_MNIST_ROWS.map((r) => r.key));
    expect(table.sizes).toEqual({ train: 40, validation: 20, test: 20 });
    const row = (key: string) => table.rows.find((r) => r.key === key)!;
    expect(row('audio-only').validation.without).toEqual({ image: row('audio-only').validation.full, audio: null });
    expect(row('image-only').validation.without).toEqual({ image: null, audio: row('image-only').validation.full });
    expect(row('early').missingModality).toBe('zero-fill');
    for (const key of ['late', 'ensemble', 'centralnet', 'augmented-ensemble']) expect(row(key).missingModality).toBe('unimodal-head');
    for (const r of table.rows) {
      for (const v of [r.validation.full, r.test!.full, ...Object.values(r.validation.without)]) {
        if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
      }
      expect(r.metrics.epochs).toBeLessThanOrEqual(2);
    }
    // Each run folder holds the evaluation beside metrics.json; with every modality it is the trainer's best accuracy.
    for (const r of table.rows) {
      const evaluation = JSON.parse(readFileSync(path.join(out, r.key, 'evaluation.json'), 'utf8'));
      const metrics = JSON.parse(readFileSync(path.join(out, r.key, 'metrics.json'), 'utf8'));
      expect(evaluation.validation).toEqual(JSON.parse(JSON.stringify(r.validation)));
      expect(evaluation.validation.full).toBeCloseTo(metrics.validation.accuracy, 12);
      expect(r.run).toBe(path.join(out, r.key));
    }
    const text = formatAvMnistTable(table, 'test machine');
    expect(text.split('\n').filter((l) => l.startsWith('| ')).length).toBe(2 + 7);
    expect(text).toMatch(/\| Audio only \| [\d.]+ \| [\d.]+ \| — \|/);
    // A second call reuses the finished runs.
    const again = await runAvMnistTable({ pipelinesDir: path.join(here, '../pipelines'), fsddDir: fsdd, out, epochs: 2, only: ['late'], data: { mnistDir: mnist, pairsPerRecording: { train: 1 }, trainSpeeds: [1] } });
    expect(again.rows[0].reused).toBe(true);
    expect(again.rows[0].validation.full).toBe(row('late').validation.full);
  });
});

describe('the synthetic spoken digits', () => {
  it('writes 8 kHz 16-bit mono WAVs in FSDD naming, the same bytes for the same options', async () => {
    const synth = path.join(dir, 'synthetic');
    const made = await writeSyntheticSpokenDigits(synth, { speakers: ['ann', 'bob'], takes: 2 });
    expect(made.recordings).toBe(40);
    expect([...fsddFolderSpeakers(synth)]).toEqual([['ann', 20], ['bob', 20]]);
    const wav = readFileSync(path.join(synth, '7_bob_1.wav'));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(1); // mono
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    const again = path.join(dir, 'synthetic-again');
    await writeSyntheticSpokenDigits(again, { speakers: ['ann', 'bob'], takes: 2 });
    expect(readFileSync(path.join(again, '7_bob_1.wav')).equals(wav)).toBe(true);
    expect(readdirSync(synth).filter((f) => f.endsWith('.wav')).length).toBe(40);
  });
});
